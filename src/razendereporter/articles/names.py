"""Names first: every person an article names, found by the shape of a Dutch person's name.

A candidate is a run of capitalised words with Dutch particles between them ("Ad de Kort",
"Frank van 't Hof", "Yara de Bruijn-van Leeuwen", "Mustafa El Idrissi"). Its person is the
part from the first known first name on: the given names, then one surname with its
particle. What stands before it in the run is a title or a portfolio ("Wethouder
Duurzaamheid Frank van 't Hof"); what follows it is someone else's ("Marco Jansen van
Enexis"). A run without a known first name is a person only when the text introduces it
as one (:data:`.rules.INTRODUCTIONS`, or a title word before it): :mod:`.people` decides.

The first names are the list of Dutch first names that the de-identification tool
`deduce` ships (``deduce/data/lookup/src/names/lst_first_name``, some 15,000 names), read
as plain text from the installed package: deduce itself is never imported, nothing is
fetched. Its lists of Dutch places and common words tell a first name from a town ("Ede")
or from a word opening a sentence ("Door", "Dan").

Never a person, however name-like: the article's wijk and gemeente and other places,
streets ("Willem de Zwijgerlaan"), institutions ("Johan de Witt College"), organisations
("netbeheerder Liander", "Woonstichting De Marken") and the programme ("Razende
Reporter", "Wijk van de Toekomst").
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import RRError
from .rules import (
    _LOW, _UP, ARTICLES, INSTITUTION_WORDS, NOT_A_NAME, NOUN_ROLES, NOUNS_BEFORE_NON_NAMES, PARTICLES,
    BUILDING_SUFFIXES, PLACE_PREPOSITIONS, PROGRAMME_NAMES, PROGRAMME_WORDS, STREET_SUFFIXES,
)

# ---------------------------------------------------------------------------------------
# The lists


@dataclass(frozen=True)
class Lexicon:
    first_names: frozenset[str]
    surnames: frozenset[str]
    places: frozenset[str]  # towns, gemeenten, provinces, regions
    common: frozenset[str]  # common Dutch words, lower case
    particles: frozenset[str]  # "van der", "de la", "op den", ... (interfixes)


_LISTS = {
    "first_names": ("names/lst_first_name",),
    "surnames": ("names/lst_surname",),
    "places": ("locations/lst_placename/lst_residence", "locations/lst_placename/lst_municipality",
               "locations/lst_placename/lst_province", "locations/lst_placename/lst_region"),
    "common": ("whitelist/lst_common_word", "whitelist/lst_stop_word"),
    "particles": ("names/lst_interfix",),
}
# Interfixes written as words: not "v.d.", "vd" or "d'" (which is written against the name).
_SPELLED_OUT = re.compile(r"^(?:[a-z]*[aeiou][a-z]*|'t)(?: (?:[a-z]*[aeiou][a-z]*|'t))*$")
# ... and not the rare surnames that are far more often a place after a name: "Jan uit de Vogelwijk".
_PLACES_AFTER = {"aan de", "bij de", "uit de"}


def _lists_folder() -> Path:
    """deduce's lookup lists, found without importing deduce (which would load all its machinery)."""
    spec = importlib.util.find_spec("deduce")
    if spec is None or not spec.submodule_search_locations:
        raise RRError("the Dutch first names come from the 'deduce' package, which is not installed; "
                      "run: pip install deduce")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "lookup" / "src"


@cache
def lexicon() -> Lexicon:
    """The name, place and word lists, read once (about 30,000 lines, a few milliseconds)."""
    folder = _lists_folder()
    sets = {}
    for key, parts in _LISTS.items():
        words: set[str] = set()
        for part in parts:
            path = folder / part / "items.txt"
            try:
                words.update(w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip())
            except OSError as exc:
                raise RRError(f"cannot read deduce's word list {path}: {exc.strerror or exc}") from exc
        sets[key] = frozenset(w.lower() for w in words) if key == "common" else frozenset(words)
    sets["particles"] = frozenset(p for p in sets["particles"] if _SPELLED_OUT.match(p) and p not in _PLACES_AFTER) | {
        p for p in PARTICLES if p == p.lower()}
    return Lexicon(**sets)


# ---------------------------------------------------------------------------------------
# Runs of capitalised words

# Capitalised particles: "Mustafa El Idrissi", Flemish "Jan De Smet".
CAPITAL_PARTICLES = {p for p in PARTICLES if p != p.lower()} | {"De", "Van", "Ter", "Ten", "Den", "Te", "Le", "La"}
# One name word, hyphenated parts and all: "Gert-Jan", "Verhoef-Smit", "Bruijn-van Leeuwen".
# An elided particle is written against the surname: "d'Hondt", "D'Ancona", "O'Brien".
_WORD = (f"(?:[dDO]['’])?[{_UP}][{_LOW}]+(?:-(?:(?:van|de|der|den|ter|ten)(?: der| den| de)? )?[{_UP}][{_LOW}]+)*"
         "(?![\\w'’-])")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A run of name words with particles between them, and its tokens (built with the particle list)."""
    part = "|".join(re.escape(p) for p in sorted(lexicon().particles, key=len, reverse=True))
    return (re.compile(f"(?<![\\w'’-]){_WORD}(?:(?: (?:{part}))? {_WORD})*"),
            re.compile(f"(?P<word>{_WORD})|(?P<particle>{part})(?= )"))

# A known first name followed by another in an enumeration is a person, even after "uit": "bestaat uit Koen, Laura ...".
_ENUMERATED = re.compile(f"(?:,| en| &) [{_UP}][{_LOW}]+")
_PREVIOUS = re.compile(r"([\w'’-]+)(,?)\s*$")
_NEXT = re.compile(r"\s*([\w.'’-]+)")
_OPENERS = " \"'“‘(["  # what may stand before a sentence's first word


@dataclass
class Token:
    text: str
    start: int
    end: int
    particle: bool


@dataclass
class Candidate:
    """A person's name in a sentence, as its shape and the lists tell it."""

    name: str
    start: int
    end: int
    known: bool  # the name starts with a known first name
    title: str | None = None  # a title word right before it ("wethouder"), lower case
    mention: int = 0  # where the mention starts: the title's start, else the name's
    surname: bool = False  # it has two words or more and ends in a known surname ("Djoera Eerland")
    listed: bool = False  # a word of it is a known first name or surname

    @property
    def lone(self) -> bool:
        return " " not in self.name


def _tokens(run: re.Match[str]) -> list[Token]:
    return [Token(m.group(), run.start() + m.start(), run.start() + m.end(), m.lastgroup == "particle")
            for m in _patterns()[1].finditer(run.group())]


_ROLE_TITLES = sorted((k for k, v in NOUN_ROLES.items() if v), key=len, reverse=True)


def title_word(word: str) -> str | None:
    """The title of :data:`.rules.NOUN_ROLES` a word is, itself or as the end of a compound
    ("Wijkwethouder" -> "wethouder", "warmtepompmonteur" -> "monteur")."""
    low = word.lower()
    if low in NOUN_ROLES:
        return low
    return next((k for k in _ROLE_TITLES if low.endswith(k) and len(low) > len(k) + 2), None)


def _is_particle(token: Token) -> bool:
    return token.particle or token.text in CAPITAL_PARTICLES


def _first_word(tokens: list[Token], lex: Lexicon, at_start: bool) -> tuple[int, bool] | None:
    """Where the person's name starts in a run, and whether at a known first name.

    A first name that is also a common word opening the sentence ("Aan de ...", "Door
    ...") is the word, not the name.
    """
    for k, t in enumerate(tokens):
        if t.particle or t.text not in lex.first_names or t.text.lower() in NOT_A_NAME:
            continue
        if not (k == 0 and at_start and t.text.lower() in lex.common):
            return k, True
    for k, t in enumerate(tokens):
        low = t.text.lower()
        if not _is_particle(t) and low not in NOT_A_NAME and low not in NOUN_ROLES and low not in lex.common:
            return k, False
    return None


def _is_surname_next(tokens: list[Token], j: int, lex: Lexicon) -> bool:
    """Token ``j`` is a listed surname and no first name ("Donker"); with a particle ("Vos van Stedin")
    the word before it is the surname."""
    return not _is_particle(tokens[j]) and tokens[j].text in lex.surnames and tokens[j].text not in lex.first_names


def _name_end(tokens: list[Token], i: int, lex: Lexicon) -> int:
    """Past the given names ("Jan Willem") and one surname ("Bos", "van der Veen-Dekker")."""
    j, n = i + 1, len(tokens)
    # a second given name that is also a surname ("Piet Hein Donker") is a given name when a surname follows it
    while j + 1 < n and not _is_particle(tokens[j]) and tokens[j].text in lex.first_names \
            and (tokens[j].text not in lex.surnames or _is_surname_next(tokens, j + 1, lex)):
        j += 1
    if j + 1 < n and _is_particle(tokens[j]) and not tokens[j + 1].particle:
        return j + 2
    if j < n and not _is_particle(tokens[j]):
        return j + 1
    return j


def _title_before(sentence: str, tokens: list[Token], i: int) -> tuple[str | None, int]:
    """The title word before the name ("wethouder", "Verslaggever", "reporter, ...") and where it starts."""
    if i > 0 and (title := title_word(tokens[0].text)):
        return title, tokens[0].start
    m = _PREVIOUS.search(sentence[:tokens[0].start])
    if m and (title := title_word(m.group(1))):
        return title, m.start(1)
    return None, tokens[i].start


def _compound_with(word: str, suffixes: tuple[str, ...]) -> bool:
    low = word.lower()
    return any(low.endswith(s) and len(low) > len(s) + 2 for s in suffixes)


def _not_a_person(c: Candidate, sentence: str, before: str | None, lex: Lexicon, places: frozenset[str],
                  named_organisation: bool = False) -> bool:
    """A place, street, institution, organisation or programme, or a word that only looks like a name.

    ``named_organisation``: the word before is the last of an organisation's own name ("het
    Regionaal Energieloket Ad van den Broek"), so a full name with a known first name after it is a person.
    """
    low = c.name.lower()
    words = low.split()
    if low in NOT_A_NAME or words[0] in NOT_A_NAME or any(w in PROGRAMME_WORDS for w in words):
        return True
    if c.name in places or c.name in lex.places:
        return True
    first = c.name.split()[0]
    if not c.known and not c.lone and _compound_with(first, BUILDING_SUFFIXES) and first not in lex.surnames:
        return True
    last = c.name.split()[-1]
    if _compound_with(last.split("-")[-1], STREET_SUFFIXES) and last not in lex.surnames:
        return True
    after = _NEXT.match(sentence[c.end:])
    if after and after.group(1).lower().rstrip(".") in INSTITUTION_WORDS and after.group(1)[0].isupper():
        return True
    if c.title is None and before is not None:
        if before.lower() in ARTICLES:
            return True
        if before.lower() in NOUNS_BEFORE_NON_NAMES and not (named_organisation and c.known and not c.lone):
            return True
        if c.lone and before.lower() in PLACE_PREPOSITIONS and not (c.known and _ENUMERATED.match(sentence[c.end:])):
            return True
    return c.lone and low in lex.common


def _word_before(sentence: str, tokens: list[Token], i: int) -> str | None:
    """The word right before the name: a particle of the run ("aan de Willem ...") or the text's."""
    if i > 0:
        return tokens[i - 1].text
    m = _PREVIOUS.search(sentence[:tokens[0].start])
    return m.group(1) if m and not m.group(2) else None


@cache
def _places_folded() -> frozenset[str]:
    """The places of more than one word, in lower case: deduce writes "Alphen Aan Den Rijn"."""
    return frozenset(p.lower() for p in lexicon().places if " " in p)


_WORDS_BEFORE = re.compile(r"(?:[\w'’-]+ ){1,4}$")
_WORDS_AFTER = re.compile(r"^(?: [\w'’-]+){1,4}")


def _in_place_name(sentence: str, tokens: list[Token], i: int, end: int, lex: Lexicon) -> bool:
    """The name is part of a place's name with words between ("Alphen aan den Rijn", "Berkel en Rodenrijs")."""
    start = tokens[i].start
    before, after = _WORDS_BEFORE.search(sentence[:start]), _WORDS_AFTER.match(sentence[end:])
    pre = before.group().split() if before else []
    post = after.group().split() if after else []
    name = sentence[start:end]
    return any(" ".join(pre[k:] + [name] + post[:n]).lower() in _places_folded()
               for k in range(len(pre) + 1) for n in range(len(post) + 1) if k < len(pre) or n)


def _outside_programme(tokens: list[Token], programme: list[tuple[int, int]]) -> list[Token]:
    """The run's tokens before the programme's name in it ("Noor en Bram van de Razende Reporter"),
    or, with none before, after it ("Razende Reporter Ties"); no particles left dangling."""
    inside = [k for k, t in enumerate(tokens) if any(a <= t.start < b for a, b in programme)]
    if not inside:
        return tokens
    kept = tokens[:inside[0]]
    while kept and kept[-1].particle:
        kept.pop()
    if not kept:
        kept = tokens[inside[-1] + 1:]
        while kept and kept[0].particle:
            kept.pop(0)
    return kept


def candidates(sentence: str, places: frozenset[str] = frozenset()) -> list[Candidate]:
    """Every person-shaped name in ``sentence``, in order; ``places`` are the article's wijk and gemeente."""
    lex = lexicon()
    found = []
    programme = [m.span() for m in PROGRAMME_NAMES.finditer(sentence)]
    for run in _patterns()[0].finditer(sentence):
        # "Noor en Bram van de Razende Reporter": the programme's name is not part of Bram's
        tokens = _outside_programme(_tokens(run), programme)
        if not tokens:
            continue
        first = _first_word(tokens, lex, not sentence[:tokens[0].start].strip(_OPENERS))
        if first is None:
            continue
        i, known = first
        j = _name_end(tokens, i, lex)
        title, mention = _title_before(sentence, tokens, i)
        words = [t.text for t in tokens[i:j] if not t.particle]
        c = Candidate(sentence[tokens[i].start:tokens[j - 1].end], tokens[i].start, tokens[j - 1].end, known,
                      title, mention, len(words) > 1 and words[-1] in lex.surnames,
                      any(w in lex.first_names or w in lex.surnames for w in words))
        if any(a < c.end and c.start < b for a, b in programme) or _in_place_name(sentence, tokens, i, c.end, lex):
            continue
        if not _not_a_person(c, sentence, _word_before(sentence, tokens, i), lex, places,
                             i >= 2 and not _is_particle(tokens[i - 2])):
            found.append(c)
    return found
