"""The Dutch analyzer: the one place where text becomes index terms.

Index and query go through the same functions here:

1. split into words (letters and digits; an apostrophe inside a word stays: auto's, m'n);
2. fold: lower case, diacritics removed (geïsoleerd = geisoleerd, coöperatie = cooperatie),
   the apostrophe dropped;
3. stem: the override table (stem_overrides.tsv) first, else the classic Snowball Dutch
   stemmer (PyStemmer ``dutch_porter``, the algorithm of Lucene/OpenSearch's ``dutch``).

The newer Snowball ``dutch`` (PyStemmer 3's default) strips ge- and merges gemeente,
gemeen, mening and menen into ``meen``; the classic one is conservative and the override
table fixes what it leaves apart (subsidies/subsidie, isolatie/isoleren/geïsoleerd …).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import Stemmer

STEMMER = "dutch_porter"
OVERRIDES_PATH = Path(__file__).with_name("stem_overrides.tsv")
# tantivy's whitespace tokenizer drops tokens longer than 40 bytes; drop them here so
# index and query agree on it by construction.
MAX_TOKEN_BYTES = 40

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class Token:
    text: str      # as written (NFC)
    start: int     # character offsets into the NFC text
    end: int
    folded: str    # lower case, no diacritics
    stem: str      # the index term


def load_overrides(path: Path = OVERRIDES_PATH) -> dict[str, str]:
    """The override table: folded word -> final stem. Comment lines start with #."""
    table: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("\t") if p.strip()]
        if len(parts) != 2 or fold(parts[0]) != parts[0] or " " in parts[0]:
            raise ValueError(f"{path}:{number}: expected 'folded-word<TAB>stem<TAB># why'")
        table[parts[0]] = parts[1]
    return table




def analyzer_version() -> str:
    """Changes when the analyzer would produce other terms: a built index is then stale."""
    digest = hashlib.sha256(OVERRIDES_PATH.read_bytes())
    digest.update(f"{STEMMER} {getattr(Stemmer, '__version__', '')} v1".encode())
    return digest.hexdigest()[:16]


def fold(word: str) -> str:
    """Lower case, diacritics and apostrophes removed: ``Geïsoleerd`` -> ``geisoleerd``."""
    if word.isascii():
        return word.lower().replace("'", "")
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c not in "'’")


# ASCII letters and digits stay, every other ASCII byte becomes a space: for ASCII text
# without an apostrophe, splitting on it gives exactly the words _WORD finds, 3x faster.
_ASCII_SPLIT = bytes(c if chr(c).isalnum() else 32 for c in range(128)) + bytes(range(128, 256))
CACHE_MAX = 500_000


class Analyzer:
    """Words to index terms, with the stemmer, the override table and the caches that make
    indexing several times faster (words repeat a lot). One per search index
    (:class:`~razendereporter.search.index.QuoteIndex` owns it); a rebuild's worker
    processes make their own."""

    def __init__(self, overrides: Path = OVERRIDES_PATH):
        self.overrides = load_overrides(overrides)
        self.stemmer = Stemmer.Stemmer(STEMMER)
        # Word as written -> (folded, stem), or None when the word is dropped. folded/stemmed
        # hold the same as strings ("" for a dropped word: the whitespace tokenizer skips it,
        # as tokens() does); stem_of maps a folded word to its stem (the ASCII path).
        self.cache: dict[str, tuple[str, str] | None] = {}
        self.folded: dict[str, str] = {}
        self.stemmed: dict[str, str] = {}
        self.stem_of: dict[str, str] = {}

    def stem(self, folded: str) -> str:
        """The index term of a folded word."""
        override = self.overrides.get(folded)
        if override is not None:
            return override
        return self.stemmer.stemWord(folded)

    def terms(self, word: str) -> tuple[str, str] | None:
        hit = self.cache.get(word, False)
        if hit is not False:
            return hit
        folded = fold(word)
        value = (folded, self.stem(folded)) if folded and len(folded.encode("utf-8")) <= MAX_TOKEN_BYTES else None
        if len(self.cache) >= CACHE_MAX:
            for table in (self.cache, self.folded, self.stemmed, self.stem_of):
                table.clear()
        self.cache[word] = value
        self.folded[word], self.stemmed[word] = value if value is not None else ("", "")
        if value is not None:
            self.stem_of[folded] = value[1]
        return value

    def tokens(self, text: str) -> list[Token]:
        """The words of ``text`` with their offsets in ``normalize(text)``."""
        text = normalize(text)
        out = []
        for match in _WORD.finditer(text):
            terms = self.terms(match.group())
            if terms is not None:
                out.append(Token(match.group(), match.start(), match.end(), terms[0], terms[1]))
        return out

    def spans(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, folded, stem) of each word in ``normalize(text)``: tokens, lighter."""
        out = []
        for match in _WORD.finditer(normalize(text)):
            terms = self.terms(match.group())
            if terms is not None:
                out.append((match.start(), match.end(), terms[0], terms[1]))
        return out

    def marks(self, text: str, stems: set | frozenset, prefixes: tuple[str, ...] = ()) -> list[tuple[int, int]]:
        """Offsets in ``normalize(text)`` of the words whose stem is in ``stems`` or whose folded
        form starts with one of ``prefixes``: what a snippet highlights.

        Runs for every hit shown. ASCII text without an apostrophe is split by the byte table
        and only the matching words are looked for (padded with spaces), not every word's
        offsets: 3-4x faster than :meth:`spans`.
        """
        text = normalize(text)
        if not text.isascii() or "'" in text:
            return [(a, b) for a, b, folded, term in self.spans(text)
                    if term in stems or (prefixes and folded.startswith(prefixes))]
        low = " " + text.lower().encode().translate(_ASCII_SPLIT).decode() + " "
        out = []
        for word in set(low.split()):
            if len(word) > MAX_TOKEN_BYTES:
                continue
            stem = self.stem_of.get(word)
            if stem is None:
                stem = self.terms(word)[1]
            if stem in stems or (prefixes and word.startswith(prefixes)):
                needle, size = f" {word} ", len(word)
                at = low.find(needle)
                while at >= 0:  # at is the word's offset in text (low has one space in front)
                    out.append((at, at + size))
                    at = low.find(needle, at + size + 1)
        out.sort()
        return out

    def index_fields(self, text: str) -> tuple[str, str]:
        """The ``body`` (stems) and ``words`` (folded) field values of ``text``, space-separated.

        The same terms in the same order as :meth:`tokens`, without building tokens: this
        runs for every quote of a rebuild, so the lookups happen in C (map over dicts), and
        ASCII text without an apostrophe (most quotes) is split by a byte table, not the regex.
        """
        if text.isascii() and "'" not in text:
            folded = text.lower().encode().translate(_ASCII_SPLIT).decode().split()
            if not folded or max(map(len, folded)) <= MAX_TOKEN_BYTES:
                try:
                    return " ".join(map(self.stem_of.__getitem__, folded)), " ".join(folded)
                except KeyError:  # a word not seen yet: the general path caches it
                    pass
        words = _WORD.findall(normalize(text))
        try:
            return " ".join(map(self.stemmed.__getitem__, words)), " ".join(map(self.folded.__getitem__, words))
        except KeyError:
            pairs = [p for p in map(self.terms, words) if p is not None]
            return " ".join(p[1] for p in pairs), " ".join(p[0] for p in pairs)

    def analyze(self, text: str) -> list[str]:
        """Index terms of ``text`` in order (what the ``body`` field holds)."""
        return [t.stem for t in self.tokens(text)]

    def fold_words(self, text: str) -> list[str]:
        """Folded, unstemmed words of ``text`` in order (the ``words`` field, for prefixes)."""
        return [t.folded for t in self.tokens(text)]


def normalize(text: str | None) -> str:
    text = text or ""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text or "")


def fold_value(value: str | None) -> str:
    """A filter value (role, wijk, person …) as indexed: folded, spaces collapsed."""
    return " ".join(fold(value or "").split())


def slug(value: str | None) -> str:
    """``Ermelo-West`` or ``ermelo west`` -> ``ermelo-west``, as wijk and article slugs are made."""
    return re.sub(r"[^a-z0-9]+", "-", fold(value or "")).strip("-")
