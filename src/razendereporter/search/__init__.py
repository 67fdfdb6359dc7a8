"""Quote search: ranked, Dutch-aware search over the catalogue's quotes.

Public functions, each taking the :class:`~razendereporter.catalogue.Catalogue` first::

    search(catalogue, "isolatie", Filters(role=("ambtenaar",)), limit=20, context=1) -> SearchResult
    iter_quotes(catalogue, "isolatie", Filters(...))                -> every matching Hit
    export_quotes(catalogue, out, fmt="csv", text=None, filters=None) -> number of quotes written
    update_episode(catalogue, episode_id)   after the catalogue changed (or dropped) one episode
    rebuild(catalogue)                      the whole index anew (`rr index rebuild`)
    status(catalogue)                       fresh or stale, and why

The index (ROOT/.rr-index/) is derived from the catalogue and brought in step with it
before every search; see index.py for staleness and concurrency.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Iterator

import tantivy

from ..catalogue import Catalogue
from ..errors import InvalidInput
from ..limits import MAX_CONTEXT, MAX_LIMIT, whole_number
from ..text import clock
from ..vocabulary import ROLES
from . import analyzer, documents, facets as facets_mod, query as query_mod
from .facets import Facets
from .index import SCHEMA, QuoteIndex

__all__ = ["Hit", "Facets", "SearchResult", "Filters", "QuoteIndex", "search", "iter_quotes", "export_quotes",
           "update_episode", "rebuild", "status"]

SNIPPET_CHARS = 200


@dataclass
class Filters:
    role: tuple[str, ...] = ()
    wijk: tuple[str, ...] = ()
    gemeente: str | None = None
    speaker: str | None = None
    article: str | None = None
    episode: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    corrected: bool = False  # only quotes an editor corrected


@dataclass
class Hit:
    episode: str
    seq: int
    start: float
    end: float
    time: str
    speaker: str | None
    person: str | None
    role: str | None
    text: str
    corrected: dict[str, Any] | None = None  # {"by": [editors], "when"}: an editor changed words of it
    episode_title: str | None = None
    wijk: str | None = None
    wijk_name: str | None = None
    gemeente: str | None = None
    province: str | None = None
    article: str | None = None
    article_title: str | None = None
    date: str | None = None
    url: str | None = None
    video: str | None = None
    link: str | None = None
    score: float | None = None
    snippet: str = ""
    highlights: list[tuple[int, int]] = field(default_factory=list)
    before: list["Hit"] = field(default_factory=list)
    after: list["Hit"] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["highlights"] = [list(h) for h in self.highlights]
        return data

    @property
    def corrected_by(self) -> str | None:
        """The editors who corrected words of this quote, for a spreadsheet cell; None: the machine's words."""
        return ", ".join(self.corrected.get("by") or []) if self.corrected else None

    @property
    def corrected_on(self) -> str | None:
        return (self.corrected.get("when") or "")[:10] or None if self.corrected else None


@dataclass
class SearchResult:
    query: str | None
    total: int
    hits: list[Hit]
    facets: Facets

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "facets": self.facets.to_dict(),
                "hits": [h.to_dict() for h in self.hits]}


# --------------------------------------------------------------------------------------
# Keeping the index in step (called by the pipeline after it wrote the catalogue)


def update_episode(catalogue: Catalogue, episode_id: str) -> None:
    """Re-index one episode as the catalogue has it now (dropped if the catalogue dropped it).

    Call after an ingest, re-ingest, relink or speaker rename has written catalog.json.
    """
    QuoteIndex.of(catalogue).update_episodes([episode_id])


def rebuild(catalogue: Catalogue) -> dict[str, Any]:
    """The whole index anew from the catalogue (`rr index rebuild`)."""
    return QuoteIndex.of(catalogue).rebuild()


def status(catalogue: Catalogue) -> dict[str, Any]:
    """Whether the index is fresh, and if not why."""
    return QuoteIndex.of(catalogue).status()


# --------------------------------------------------------------------------------------
# Searching


def search(catalogue: Catalogue, text: str | None, filters: Filters | None = None, *,
           limit: int = 20, context: int = 0) -> SearchResult:
    """Ranked (BM25) quotes matching ``text`` and ``filters``, with facet counts."""
    whole_number(limit, "limit", 1, MAX_LIMIT)
    whole_number(context, "context", 0, MAX_CONTEXT)
    quote_index = QuoteIndex.of(catalogue)
    words = quote_index.analyzer
    ast = query_mod.parse(text, words) if text is not None else None
    tq = build_query(ast, filters or Filters(), words)
    searcher, current = quote_index.open_searcher()
    found = searcher.search(tq, limit=limit, count=True)
    metas = quote_index.metas_for(current)
    stems, prefixes = query_mod.highlight_terms(ast) if ast is not None else (set(), set())
    hits = []
    for score, address in found.hits:
        hit = _hit(searcher, address, metas, score)
        hit.snippet, hit.highlights = snippet(hit.text, stems, prefixes, words)
        if context:
            hit.before, hit.after = _context(searcher, hit, context, metas)
        hits.append(hit)
    return SearchResult(text, found.count, hits, facets_mod.count(searcher, tq))


def iter_quotes(catalogue: Catalogue, text: str | None = None,
                filters: Filters | None = None) -> Iterator[Hit]:
    """Every quote matching: best first with a query, else episode by episode in time order.

    Without a query this streams one episode at a time, so exporting a 1M-quote catalogue
    does not hold all of it in memory.
    """
    quote_index = QuoteIndex.of(catalogue)
    ast = query_mod.parse(text, quote_index.analyzer) if text else None
    tq = build_query(ast, filters or Filters(), quote_index.analyzer)
    searcher, current = quote_index.open_searcher()
    metas = quote_index.metas_for(current)
    if ast is not None:
        total = searcher.search(tq, limit=1, count=True).count
        found = searcher.search(tq, limit=total, count=False).hits if total else []
        yield from (_hit(searcher, address, metas, score) for score, address in found)
        return
    for episode in quote_index.episode_ids(current):
        q = tantivy.Query.boolean_query([(tantivy.Occur.Must, tq), (tantivy.Occur.Must, tantivy.Query.term_query(
            SCHEMA, "episode", episode))])
        n = searcher.search(q, limit=1, count=True).count
        if n:
            found = searcher.search(q, limit=n, count=False, order_by_field="seq", order=tantivy.Order.Asc).hits
            yield from (_hit(searcher, address, metas, None) for _, address in found)


def export_quotes(catalogue: Catalogue, out, fmt: str = "csv", text: str | None = None,
                  filters: Filters | None = None, *, excel: bool = False, mapping_out=None) -> int:
    """Write the matching quotes to ``out`` (a text file); see export.py for the formats."""
    from . import export

    return export.write(iter_quotes(catalogue, text, filters), out, fmt, excel=excel, mapping_out=mapping_out)


def build_query(ast, filters: Filters, words: analyzer.Analyzer) -> tantivy.Query:
    clauses = [(tantivy.Occur.Must, query_mod.to_tantivy(ast) if ast is not None else query_mod.quote_only())]
    clauses += [(tantivy.Occur.Must, q) for q in filter_queries(filters, words)]
    return tantivy.Query.boolean_query(clauses)


def filter_queries(f: Filters, words: analyzer.Analyzer) -> list[tantivy.Query]:
    out = []

    def any_of(name: str, values: Iterable[str]) -> None:
        values = sorted({v for v in values if v})
        if values:
            out.append(tantivy.Query.term_set_query(SCHEMA, name, values))

    roles = [documents.role_key(r) for r in f.role]
    bad = [r for r in roles if r not in ROLES + (documents.UNKNOWN_ROLE,)]
    if bad:
        raise InvalidInput("role", f"{bad[0]!r} is unknown; roles are {', '.join(ROLES + (documents.UNKNOWN_ROLE,))}",
                           bad[0])
    any_of("role", roles)
    any_of("wijk", [analyzer.slug(w) for w in f.wijk])
    if f.gemeente:
        any_of("gemeente", [analyzer.fold_value(f.gemeente)])
    if f.article:
        any_of("article", [analyzer.slug(f.article)])
    if f.episode:
        any_of("episode", [f.episode])
    if f.speaker:
        names = words.fold_words(f.speaker)
        if not names:
            raise InvalidInput("speaker", f"{f.speaker!r} has no letters in it", f.speaker)
        out += [tantivy.Query.term_query(SCHEMA, "person_words", w) for w in names]
    if f.corrected:
        out.append(tantivy.Query.term_query(SCHEMA, "corrected", 1))
    if f.date_from or f.date_to:
        lo, hi = parse_date(f.date_from, "date_from", end=False), parse_date(f.date_to, "date_to", end=True)
        if lo > hi:
            raise InvalidInput("date_from", f"{f.date_from} is after the end date {f.date_to}", f.date_from)
        out.append(tantivy.Query.range_query(SCHEMA, "date", tantivy.FieldType.Integer, lo, hi))
    return out


def parse_date(value: str | None, param: str, end: bool) -> int:
    """2023, 2023-04 or 2023-04-13 -> yyyymmdd (the start or end of that period)."""
    if not value:
        return 99991231 if end else 0
    parts = value.strip().split("-")
    try:
        nums = [int(p) for p in parts]
        if not (1 <= len(nums) <= 3 and len(parts[0]) == 4 and all(p.isdigit() for p in parts)):
            raise ValueError
        year, month = nums[0], nums[1] if len(nums) > 1 else (12 if end else 1)
        last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0  # 0: no such month
        day = nums[2] if len(nums) == 3 else (last if end else 1)
        if not (1 <= month <= 12 and 1 <= day <= last):
            raise ValueError  # 2023-02-30 is no date
    except ValueError:
        raise InvalidInput(param, f"{value!r} is not a date; use 2023-04-13, 2023-04 or 2023", value) from None
    return year * 10000 + month * 100 + day


def _episode_meta(searcher: tantivy.Searcher, episode: str, metas: dict) -> dict:
    if episode not in metas:
        q = tantivy.Query.boolean_query([
            (tantivy.Occur.Must, tantivy.Query.term_query(SCHEMA, "kind", "episode")),
            (tantivy.Occur.Must, tantivy.Query.term_query(SCHEMA, "episode", episode))])
        found = searcher.search(q, limit=1, count=False).hits
        metas[episode] = json.loads(searcher.doc(found[0][1])["payload"][0]) if found else {}
    return metas[episode]


def _hit(searcher: tantivy.Searcher, address, metas: dict, score: float | None) -> Hit:
    doc = searcher.doc(address)
    quote = documents.decode_payload(doc.get_first("payload"))
    episode = quote["episode"]
    meta = _episode_meta(searcher, episode, metas)
    start = quote["start"]
    video = meta.get("video")
    return Hit(episode=episode, seq=quote["seq"], start=start, end=quote["end"], time=clock(start, pad_minutes=True),
               speaker=quote.get("speaker"), person=quote.get("person"), role=quote.get("role"),
               text=quote["text"], corrected=quote.get("corrected"), episode_title=meta.get("episode_title"), wijk=meta.get("wijk"),
               wijk_name=meta.get("wijk_name"), gemeente=meta.get("gemeente"), province=meta.get("province"),
               article=meta.get("article"), article_title=meta.get("article_title"), date=meta.get("date"),
               url=meta.get("url"), video=video, link=f"{video}#t={round(start, 1):g}" if video else None,
               score=round(score, 4) if score is not None else None, snippet=quote["text"])


def _context(searcher: tantivy.Searcher, hit: Hit, n: int, metas: dict) -> tuple[list[Hit], list[Hit]]:
    q = tantivy.Query.boolean_query([
        (tantivy.Occur.Must, query_mod.quote_only()),
        (tantivy.Occur.Must, tantivy.Query.term_query(SCHEMA, "episode", hit.episode)),
        (tantivy.Occur.Must, tantivy.Query.range_query(SCHEMA, "seq", tantivy.FieldType.Integer,
                                                       max(0, hit.seq - n), hit.seq + n))])
    found = searcher.search(q, limit=2 * n + 1, count=False).hits
    around = sorted((_hit(searcher, a, metas, None) for _, a in found), key=lambda h: h.seq)
    return [h for h in around if h.seq < hit.seq], [h for h in around if h.seq > hit.seq]


def snippet(text: str, stems: set, prefixes: set, words: analyzer.Analyzer,
            width: int = SNIPPET_CHARS) -> tuple[str, list[tuple[int, int]]]:
    """Keyword in context: ``text`` cut to ``width`` around the first match, and the match offsets."""
    marks = words.marks(text, stems, tuple(prefixes))
    text = analyzer.normalize(text)
    if len(text) <= width:
        return text, marks
    first = marks[0][0] if marks else 0
    start = max(0, min(first - width // 3, len(text) - width))
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + width)
    if end < len(text):
        end = max(text.rfind(" ", start, end), first + 1)
    cut = text[start:end]
    prefix, suffix = ("…" if start else ""), ("…" if end < len(text) else "")
    shift = len(prefix) - start
    inside = [(a + shift, b + shift) for a, b in marks if a >= start and b <= end]
    return prefix + cut + suffix, inside
