"""Facet counts: how many hits per role and per wijk, for the whole result, not one page.

Counted by tantivy's terms aggregation over the role and wijk fast fields (columnar
values), in the same pass that matches the query: measured in bench/bench_search.py
against collecting the doc ids and counting stored values in Python, which is orders of
magnitude slower for common words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import tantivy

FACET_FIELDS = ("role", "wijk")
MAX_BUCKETS = 10_000


@dataclass
class Facets:
    role: dict[str, int] = field(default_factory=dict)
    wijk: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, dict[str, int]]:
        return {"role": dict(self.role), "wijk": dict(self.wijk)}


def count(searcher: tantivy.Searcher, query: tantivy.Query) -> Facets:
    """Hits per role and per wijk for ``query``, most hits first."""
    aggs = {name: {"terms": {"field": name, "size": MAX_BUCKETS}} for name in FACET_FIELDS}
    result = searcher.aggregate(query, aggs)
    out = Facets()
    for name in FACET_FIELDS:
        buckets = (result.get(name) or {}).get("buckets") or []
        counts = {str(b["key"]): int(b["doc_count"]) for b in buckets}
        setattr(out, name, dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))))
    return out


def count_by_collecting(searcher: tantivy.Searcher, query: tantivy.Query) -> Facets:
    """The slow way, kept for the benchmark: collect every hit and read its stored role.

    (Roles only: what is measured is the cost of visiting every hit.)
    """
    from .documents import decode_payload

    total = searcher.search(query, limit=1, count=True).count
    hits = searcher.search(query, limit=max(1, total), count=False).hits if total else []
    out = Facets()
    for _, address in hits:
        doc = searcher.doc(address)
        payload = decode_payload(doc.get_first("payload"))
        role = payload.get("role") or "onbekend"
        out.role[role] = out.role.get(role, 0) + 1
    return out
