"""Articles and wijken in the catalogue: import, link episodes, list and show.

Import is all-or-nothing and idempotent: every file is read and checked first (a broken
file stops the import with its name and line before anything is written), then all
articles are merged into catalog.json in one transaction. Merging never loses what an
editor wrote: a record from an editor's front-matter file keeps its values when the same
article is imported again from extracted text; extracted text only fills what the editor
left empty.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from . import articles as articles_mod
from . import catalog
from .articles import Article
from .catalog import Catalog
from .errors import NotFound, RRError
from .root import portable_path

ARTICLE_FIELDS = ("slug", "title", "date", "kind", "url", "wijk", "gemeente", "summary", "people", "slots",
                  "source", "source_file")
WIJK_FIELDS = ("name", "gemeente", "province", "place")


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def article_files(paths: list[str | os.PathLike]) -> list[Path]:
    """The files to import: each file as given, each folder's article files (recursively, sorted)."""
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in articles_mod.SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                raise RRError(f"{path}: no article files ({', '.join(articles_mod.SUFFIXES)}) in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise NotFound(f"{path}: no such file or folder")
    return files


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


def read_articles(paths: list[str | os.PathLike]) -> list[Article]:
    """Read every file first, so a broken one stops the import before anything is written."""
    found: list[Article] = []
    for path in article_files(paths):
        found.extend(articles_mod.read_file(path))
    return found


def import_articles(root: str | os.PathLike, paths: list[str | os.PathLike]) -> list[dict[str, Any]]:
    """Import article files into the catalogue; one result per article: slug, status, ..."""
    found = read_articles(paths)
    results: dict[str, dict[str, Any]] = {}
    with Catalog(root).transaction() as db:
        table = db.table("articles")
        for article in found:
            new = article.record()
            new["source_file"] = portable_path(article.source_file, root)
            stored = next((dict(r) for r in table.all() if r.get("slug") == new["slug"]), None)
            merged = merge(stored, new)
            if stored is None:
                status = "new"
            elif {k: stored.get(k) for k in ARTICLE_FIELDS} == merged:
                status = "kept editor's" if stored.get("source") == "editor" and new["source"] != "editor" else "unchanged"
            else:
                status = "updated"
            catalog.upsert(db, "articles", merged, slug=new["slug"])
            _store_wijk(db, article)
            # a page can appear twice in one file: report its first, most telling status
            previous = results.get(new["slug"])
            if previous is None or previous["status"] in ("unchanged", "kept editor's"):
                results[new["slug"]] = {
                    "slug": new["slug"], "title": merged["title"], "date": merged["date"], "kind": merged["kind"],
                    "wijk": merged["wijk"], "people": len(merged["people"]), "slots": len(merged["slots"]),
                    "source": merged["source"], "file": f"{article.source_file}:{article.line}",
                    "status": status if previous is None or status != "unchanged" else previous["status"],
                }
    return list(results.values())


def _store_wijk(db, article: Article) -> None:
    new = article.wijk_record()
    if new is None:
        return
    table = db.table("wijken")
    stored = next((dict(r) for r in table.all() if r.get("slug") == new["slug"]), None)
    if stored is None:
        record = {**new, "source": article.source}
    else:
        record = dict(stored)
        overrides = article.source == "editor" or stored.get("source") != "editor"
        for key in WIJK_FIELDS:
            if not _empty(new[key]) and (overrides or _empty(stored.get(key))):
                record[key] = new[key]
        if article.source == "editor":
            record["source"] = "editor"
        else:
            record.setdefault("source", "extracted")
            if record["source"] is None:
                record["source"] = "extracted"
    catalog.upsert(db, "wijken", record, slug=new["slug"])


# ---------------------------------------------------------------------------------------
# Finding things


def _pick(rows: list[dict[str, Any]], key: str, wanted: str, what: str, hint: str) -> dict[str, Any]:
    exact = [r for r in rows if r.get(key) == wanted]
    if exact:
        return exact[0]
    matches = [r for r in rows if str(r.get(key, "")).startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise RRError(f"{what} {wanted!r} is ambiguous: {', '.join(sorted(r[key] for r in matches))}")
    raise NotFound(f"no {what} {wanted!r} in the catalogue; {hint}")


def get_article(root: str | os.PathLike, slug: str) -> dict[str, Any]:
    rows = Catalog(root).find("articles")
    return _pick(rows, "slug", slug, "article", "see `rr articles list`")


def list_articles(root: str | os.PathLike, kind: str | None = None, wijk: str | None = None) -> list[dict[str, Any]]:
    rows = Catalog(root).find("articles")
    if kind:
        rows = [r for r in rows if r.get("kind") == kind]
    if wijk:
        rows = [r for r in rows if r.get("wijk") == wijk]
    return sorted(rows, key=lambda r: (r.get("date") or "", r["slug"]))


def show_article(root: str | os.PathLike, slug: str) -> dict[str, Any]:
    """The article with, per video slot, the episodes linked to it."""
    snapshot = Catalog(root).snapshot()
    article = _pick([dict(r) for r in snapshot.table("articles").all()], "slug", slug, "article",
                    "see `rr articles list`")
    linked = sorted((dict(e) for e in snapshot.table("episodes").all() if e.get("article") == article["slug"]),
                    key=lambda e: (e.get("slot") or 0, e["id"]))
    article["episodes"] = [{"id": e["id"], "slot": e.get("slot")} for e in linked]
    for slot in article.get("slots", []):
        slot["episodes"] = [e["id"] for e in linked if e.get("slot") == slot["index"]]
    return article


def list_wijken(root: str | os.PathLike) -> list[dict[str, Any]]:
    """Every wijk with gemeente, province, its articles and its episodes."""
    snapshot = Catalog(root).snapshot()
    wijken = {w["slug"]: dict(w) for w in snapshot.table("wijken").all() if w.get("slug")}
    arts = sorted(snapshot.table("articles").all(), key=lambda a: (a.get("date") or "", a["slug"]))
    episodes = sorted(snapshot.table("episodes").all(), key=lambda e: e["id"])
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


# ---------------------------------------------------------------------------------------
# Linking an episode to its article


def link(root: str | os.PathLike, episode_id: str, article_slug: str, slot: int | None = None) -> dict[str, Any]:
    """Record that ``episode_id`` is video ``slot`` (1-based, or None) of ``article_slug``.

    Returns ``{"episode": record, "warnings": [...]}``. Unknown episode, article or slot
    is an RRError; a different wijk or a slot already taken only warns, since an editor
    may be fixing exactly that.
    """
    if slot is not None and (not isinstance(slot, int) or isinstance(slot, bool)):
        raise RRError(f"slot must be a whole number, not {slot!r}")
    warnings: list[str] = []
    with Catalog(root).transaction() as db:
        article = _pick([dict(r) for r in db.table("articles").all()], "slug", article_slug, "article",
                        "import it first with `rr articles import`")
        episodes = [dict(e) for e in db.table("episodes").all()]
        episode = _pick(episodes, "id", episode_id, "episode", "see `rr episodes`")
        slots = article.get("slots") or []
        if slot is not None and not any(s["index"] == slot for s in slots):
            have = f"videos 1 to {len(slots)}" if slots else "no video slots"
            raise RRError(f"article {article['slug']!r} has {have}; there is no slot {slot}")
        if article.get("wijk") and episode.get("wijk") and article["wijk"] != episode["wijk"]:
            warnings.append(f"episode {episode['id']!r} is in wijk {episode['wijk']!r}, "
                            f"article {article['slug']!r} in {article['wijk']!r}")
        if slot is not None:
            taken = [e["id"] for e in episodes
                     if e["id"] != episode["id"] and e.get("article") == article["slug"] and e.get("slot") == slot]
            if taken:
                warnings.append(f"slot {slot} of {article['slug']!r} is also linked to episode {taken[0]!r}")
        episode["article"], episode["slot"] = article["slug"], slot
        catalog.upsert(db, "episodes", episode, id=episode["id"])
    if "speakers" in episode.get("steps", []):
        # The article names the people: name the episode's speakers again from it.
        from .pipeline import rename_speakers

        episode = rename_speakers(root, episode["id"])
    return {"episode": episode, "warnings": warnings}
