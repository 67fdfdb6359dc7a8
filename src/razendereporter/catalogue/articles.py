"""Articles and wijken in the catalogue: store what was read, list and show them.

Storing is all-or-nothing and idempotent: every file is read and checked first (by the
pipeline, before anything is written), then all articles are merged into catalog.json in
one transaction. Merging never loses what an editor wrote: a record from an editor's
front-matter file keeps its values when the same article is imported again from extracted
text; extracted text only fills what the editor left empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..paths import portable_path
from .catalogue import upsert
from .episodes import pick

if TYPE_CHECKING:
    from .catalogue import Catalogue

ARTICLE_FIELDS = ("slug", "title", "date", "kind", "url", "wijk", "gemeente", "summary", "people", "slots",
                  "source", "source_file")
WIJK_FIELDS = ("name", "gemeente", "province", "place")


@dataclass
class ArticleRecords:
    """What the catalogue stores of one article read from a file."""

    record: dict[str, Any]  # the articles row
    wijk: dict[str, Any] | None  # the wijken row it implies
    origin: str  # "file:line", for the import report


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def merge(existing: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """One article record from the stored one and a newly read one.

    The newer record wins, except that extracted text never overrides an editor's record;
    either way the losing record still fills fields the winner leaves empty.
    """
    if existing is None:
        return dict(new)
    editor_kept = existing.get("source") == "editor" and new.get("source") != "editor"
    winner, loser = (existing, new) if editor_kept else (new, existing)
    result = {key: winner.get(key) for key in ARTICLE_FIELDS}
    for key in ARTICLE_FIELDS:
        if _empty(result[key]) and not _empty(loser.get(key)):
            result[key] = loser[key]
    if "editor" in (existing.get("source"), new.get("source")):
        result["source"] = "editor"
    return result


def store_articles(catalogue: "Catalogue", found: list[ArticleRecords]) -> list[dict[str, Any]]:
    """Merge read articles into the catalogue in one transaction; one result per article."""
    results: dict[str, dict[str, Any]] = {}
    with catalogue.transaction() as db:
        table = db.table("articles")
        for article in found:
            new = dict(article.record)
            new["source_file"] = portable_path(new["source_file"], catalogue.root)
            stored = next((dict(r) for r in table.all() if r.get("slug") == new["slug"]), None)
            merged = merge(stored, new)
            if stored is None:
                status = "new"
            elif {k: stored.get(k) for k in ARTICLE_FIELDS} == merged:
                status = "kept editor's" if stored.get("source") == "editor" and new["source"] != "editor" else "unchanged"
            else:
                status = "updated"
            upsert(db, "articles", merged, slug=new["slug"])
            _store_wijk(db, article.wijk, new["source"])
            # a page can appear twice in one file: report its first, most telling status
            previous = results.get(new["slug"])
            if previous is None or previous["status"] in ("unchanged", "kept editor's"):
                results[new["slug"]] = {
                    "slug": new["slug"], "title": merged["title"], "date": merged["date"], "kind": merged["kind"],
                    "wijk": merged["wijk"], "people": len(merged["people"]), "slots": len(merged["slots"]),
                    "source": merged["source"], "file": article.origin,
                    "status": status if previous is None or status != "unchanged" else previous["status"],
                }
    return list(results.values())


def _store_wijk(db, new: dict[str, Any] | None, source: str) -> None:
    if new is None:
        return
    table = db.table("wijken")
    stored = next((dict(r) for r in table.all() if r.get("slug") == new["slug"]), None)
    if stored is None:
        record = {**new, "source": source}
    else:
        record = dict(stored)
        overrides = source == "editor" or stored.get("source") != "editor"
        for key in WIJK_FIELDS:
            if not _empty(new[key]) and (overrides or _empty(stored.get(key))):
                record[key] = new[key]
        if source == "editor":
            record["source"] = "editor"
        else:
            record.setdefault("source", "extracted")
            if record["source"] is None:
                record["source"] = "extracted"
    upsert(db, "wijken", record, slug=new["slug"])


# ---------------------------------------------------------------------------------------
# Finding things


def get_article(catalogue: "Catalogue", slug: str) -> dict[str, Any]:
    return pick(catalogue.snapshot.table("articles"), "slug", slug, "article", "see `rr articles list`")


def list_articles(catalogue: "Catalogue", kind: str | None = None, wijk: str | None = None) -> list[dict[str, Any]]:
    rows = catalogue.snapshot.table("articles")
    if kind:
        rows = [r for r in rows if r.get("kind") == kind]
    if wijk:
        rows = [r for r in rows if r.get("wijk") == wijk]
    return sorted(rows, key=lambda r: (r.get("date") or "", r["slug"]))


def show_article(catalogue: "Catalogue", slug: str) -> dict[str, Any]:
    """The article with, per video slot, the episodes linked to it."""
    snapshot = catalogue.snapshot
    article = pick(snapshot.table("articles"), "slug", slug, "article", "see `rr articles list`")
    linked = sorted((e for e in snapshot.table("episodes") if e.get("article") == article["slug"]),
                    key=lambda e: (e.get("slot") or 0, e["id"]))
    article["episodes"] = [{"id": e["id"], "slot": e.get("slot")} for e in linked]
    for slot in article.get("slots", []):
        slot["episodes"] = [e["id"] for e in linked if e.get("slot") == slot["index"]]
    return article


def list_wijken(catalogue: "Catalogue") -> list[dict[str, Any]]:
    """Every wijk with gemeente, province, its articles and its episodes."""
    snapshot = catalogue.snapshot
    wijken = {w["slug"]: w for w in snapshot.table("wijken") if w.get("slug")}
    arts = sorted(snapshot.table("articles"), key=lambda a: (a.get("date") or "", a["slug"]))
    episodes = sorted(snapshot.table("episodes"), key=lambda e: e["id"])
    for slug in {a["wijk"] for a in arts if a.get("wijk")} | {e["wijk"] for e in episodes if e.get("wijk")}:
        wijken.setdefault(slug, {"slug": slug, "name": slug, "gemeente": None, "province": None})
    out = []
    for slug, wijk in sorted(wijken.items()):
        out.append({
            "slug": slug, "name": wijk.get("name") or slug, "gemeente": wijk.get("gemeente"),
            "province": wijk.get("province"), "place": wijk.get("place"),
            "articles": [a["slug"] for a in arts if a.get("wijk") == slug],
            "episodes": [e["id"] for e in episodes if e.get("wijk") == slug],
        })
    return out


