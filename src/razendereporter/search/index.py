"""The quote index: a tantivy index derived from the catalogue, kept next to it.

Layout under the catalogue root::

    .rr-index/CURRENT        which generation is live and what it was built from (JSON)
    .rr-index/lock           serialises writers (rebuild, update, sync)
    .rr-index/g-<id>/        a generation: the tantivy files and episodes.json (digests)

Readers never lock: they read CURRENT (replaced atomically) and open that generation. A
full rebuild writes a fresh generation and then switches CURRENT, so a reader sees the
old index or the new one. An episode update changes the live generation with one tantivy
commit, which is atomic too. Staleness is cheap to check: CURRENT records the stat
(size, mtime_ns, inode) of the catalog.json it was built from; catalog.json is always
replaced whole, so any change gives another stat.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from pathlib import Path
from typing import Any, Iterable

import tantivy
from filelock import FileLock, Timeout

from .. import atomic
from ..errors import RRError
from . import analyzer, documents, pool
from .documents import EpisodeDocs

INDEX_DIR = ".rr-index"
SCHEMA_VERSION = 2
LOCK_TIMEOUT_S = float(os.environ.get("RR_LOCK_TIMEOUT", "120"))
# Above this share of changed episodes a sync rebuilds instead of updating in place.
REBUILD_SHARE = 0.2
MIN_REBUILD_EPISODES = 20
KEEP_GENERATIONS = 2
# Processes that analyse quotes during a full rebuild of a large catalogue (see pool.py).
WORKERS = min(2, os.cpu_count() or 1)

# Open indexes by folder, with the CURRENT record they were last reloaded for; and the
# last CURRENT read per root, by its stat, so a search reads it only when it changed.
_open: dict[str, tuple[tantivy.Index, Any]] = {}
_current_seen: dict[str, tuple[tuple, dict]] = {}


def schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("kind", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("body", tokenizer_name="whitespace", index_option="position")
    sb.add_text_field("words", tokenizer_name="whitespace", index_option="basic")
    sb.add_text_field("episode", tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_integer_field("seq", indexed=True, fast=True)
    for name in ("role", "wijk", "gemeente", "article"):
        sb.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_text_field("person", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("person_words", tokenizer_name="whitespace", index_option="basic")
    sb.add_integer_field("date", indexed=True, fast=True)
    sb.add_bytes_field("payload", stored=True)
    return sb.build()


SCHEMA = schema()


def index_root(root: str | os.PathLike) -> Path:
    return Path(root) / INDEX_DIR


def read_current(root: str | os.PathLike) -> dict[str, Any] | None:
    path = os.path.join(root, INDEX_DIR, "CURRENT")  # strings, not Paths: every search runs this
    try:
        st = os.stat(path)
        key = (st.st_size, st.st_mtime_ns, st.st_ino)
        seen = _current_seen.get(path)
        if seen is not None and seen[0] == key:
            return dict(seen[1])
        with open(path, encoding="utf-8") as f:
            current = json.load(f)
    except (FileNotFoundError, ValueError):
        return None
    except NotADirectoryError:
        raise _not_a_folder(root) from None
    if not isinstance(current, dict):
        return None
    _current_seen[path] = (key, current)
    return dict(current)


def staleness(root: str | os.PathLike, current: dict | None = None) -> str | None:
    """Why the index cannot be used as it is, or None when it is fresh."""
    current = current if current is not None else read_current(root)
    if current is None or not os.path.isdir(os.path.join(root, INDEX_DIR, current.get("dir", "-"))):
        return "missing"
    if current.get("schema") != SCHEMA_VERSION or current.get("analyzer") != analyzer.analyzer_version():
        return "built by another version of the analyzer or schema"
    if current.get("catalog") != documents.catalog_stat(root):
        return "catalog.json changed since the index was built"
    return None


def _not_a_folder(root: str | os.PathLike) -> RRError:
    return RRError(f"{index_root(root)} is a file, not the search index folder; move it away "
                   "(the index is rebuilt from catalog.json)")


def _lock(root: str | os.PathLike) -> FileLock:
    folder = index_root(root)
    if folder.exists() and not folder.is_dir():
        raise _not_a_folder(root)
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():  # the catalogue is often a git repository; the index is derived
        ignore.write_text("# derived from catalog.json by rr; rebuilt when missing\n*\n", encoding="utf-8")
    return FileLock(str(folder / "lock"), timeout=LOCK_TIMEOUT_S)


class _Locked:
    """The writers' lock, as a context manager that reports a timeout as one line."""

    def __init__(self, root):
        try:
            self.lock = _lock(root)
        except OSError as exc:
            raise RRError(f"cannot create the search index folder in {root}: {exc.strerror or exc}") from exc

    def __enter__(self):
        try:
            self.lock.acquire()
        except Timeout as exc:
            raise RRError(f"the search index is locked by another rr process (waited {LOCK_TIMEOUT_S:.0f} s)") from exc

    def __exit__(self, *exc):
        self.lock.release()


# --------------------------------------------------------------------------------------
# Writing


def add_episode(writer: tantivy.IndexWriter, docs: EpisodeDocs) -> None:
    meta = docs.meta
    episode, wijk = docs.episode, analyzer.slug(meta.get("wijk"))
    gemeente, article = analyzer.fold_value(meta.get("gemeente")), analyzer.slug(meta.get("article"))
    date = documents.date_key(meta.get("date"))
    head = tantivy.Document(kind="episode", episode=episode)
    head.add_bytes("payload", json.dumps(meta, ensure_ascii=False).encode())
    writer.add_document(head)
    add, Document = writer.add_document, tantivy.Document
    # One add_* call per field: measured twice as fast as Document(**fields) per quote.
    for seq, payload, role, person, person_words, body, words in (
            docs.fields if docs.fields is not None else documents.analyse(docs)):
        doc = Document()
        doc.add_text("kind", "quote")
        doc.add_text("body", body)
        doc.add_text("words", words)
        doc.add_text("role", role)
        doc.add_text("person", person)
        doc.add_text("person_words", person_words)
        doc.add_integer("seq", seq)
        doc.add_bytes("payload", payload)
        doc.add_text("episode", episode)
        doc.add_text("wijk", wijk)
        doc.add_text("gemeente", gemeente)
        doc.add_text("article", article)
        if date is not None:
            doc.add_integer("date", date)
        add(doc)


def _writer(ix: tantivy.Index, big: bool) -> tantivy.IndexWriter:
    threads = min(2, os.cpu_count() or 1) if big else 1
    return ix.writer(heap_size=(150_000_000 if big else 30_000_000) * threads, num_threads=threads)


def _build_generation(root, episodes: Iterable[EpisodeDocs], stat) -> dict[str, Any]:
    """Write a fresh generation from ``episodes`` and make it the live one."""
    name = f"g-{time.time_ns()}-{uuid.uuid4().hex[:6]}"
    path = index_root(root) / name
    path.mkdir(parents=True)
    ix = tantivy.Index(SCHEMA, path=str(path), reuse=False)
    writer = _writer(ix, big=True)
    digests = {}
    for docs in episodes:
        add_episode(writer, docs)
        digests[docs.episode] = docs.digest
    writer.commit()
    writer.wait_merging_threads()
    atomic.write_text(path / "episodes.json", json.dumps(digests))
    current = {"dir": name, "schema": SCHEMA_VERSION, "analyzer": analyzer.analyzer_version(),
               "catalog": stat, "built": time.time(), "quotes_from": "catalog.json"}
    atomic.write_text(index_root(root) / "CURRENT", json.dumps(current, indent=1))
    _remove_old_generations(root, keep=name)
    return current


def _remove_old_generations(root, keep: str) -> None:
    gens = sorted((p for p in index_root(root).glob("g-*") if p.is_dir()), key=lambda p: p.name)
    old = [p for p in gens if p.name != keep]
    # The previous generation stays: a reader that read CURRENT a moment ago may open it.
    for p in old[: max(0, len(old) - (KEEP_GENERATIONS - 1))]:
        shutil.rmtree(p, ignore_errors=True)


def _update_in_place(root, current: dict, changed: list[EpisodeDocs], removed: Iterable[str], stat) -> dict:
    path = index_root(root) / current["dir"]
    ix = tantivy.Index.open(str(path))
    writer = _writer(ix, big=False)
    digests = _digests(path)
    for ep in removed:
        writer.delete_documents_by_term("episode", ep)
        digests.pop(ep, None)
    for docs in changed:
        writer.delete_documents_by_term("episode", docs.episode)
        add_episode(writer, docs)
        digests[docs.episode] = docs.digest
    writer.commit()
    writer.wait_merging_threads()
    atomic.write_text(path / "episodes.json", json.dumps(digests))
    current = dict(current, catalog=stat, updated=time.time())
    atomic.write_text(index_root(root) / "CURRENT", json.dumps(current, indent=1))
    return current


def _digests(path: Path) -> dict[str, str]:
    try:
        return json.loads((path / "episodes.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def rebuild(root: str | os.PathLike, tables: Any = None) -> dict[str, Any]:
    """Build the whole index anew from the catalogue (or ``tables``) and switch to it."""
    with _Locked(root):
        if tables is None:
            return _rebuild_from_catalogue(root)
        return _build_generation(root, documents.episode_documents(tables), documents.catalog_stat(root))


def _rebuild_from_catalogue(root) -> dict[str, Any]:
    """A fresh generation from catalog.json; large ones analysed by worker processes."""
    with pool.workers(WORKERS, (documents.catalog_stat(root) or {}).get("size", 0)) as workers:
        tables, stat = documents.load_catalogue(root)
        return _build_generation(root, documents.episode_documents(tables, consume=True, workers=workers), stat)


def update_episodes(root: str | os.PathLike, tables: Any, episode_ids: Iterable[str]) -> dict[str, Any]:
    """Bring the given episodes in step with ``tables`` (the catalogue just written)."""
    ids = list(episode_ids)
    with _Locked(root):
        current = read_current(root)
        reason = staleness(root, current)
        if reason is not None and reason != "catalog.json changed since the index was built":
            return _build_generation(root, documents.episode_documents(tables), documents.catalog_stat(root))
        present = {d.episode: d for d in documents.episode_documents(tables, only=ids)}
        changed = [present[e] for e in ids if e in present]
        removed = [e for e in ids if e not in present]
        return _update_in_place(root, current, changed, removed, documents.catalog_stat(root))


def sync(root: str | os.PathLike) -> dict[str, Any]:
    """Make the index match catalog.json: update the changed episodes, or rebuild."""
    with _Locked(root):
        current = read_current(root)
        reason = staleness(root, current)
        if reason is None:
            return current
        if reason != "catalog.json changed since the index was built":
            return _rebuild_from_catalogue(root)
        tables, stat = documents.load_catalogue(root)
        old = _digests(index_root(root) / current["dir"])
        changed, seen = [], set()
        limit = max(MIN_REBUILD_EPISODES, REBUILD_SHARE * len(old))
        for docs in documents.episode_documents(tables):
            seen.add(docs.episode)
            if old.get(docs.episode) != docs.digest:
                changed.append(docs)
                if len(changed) > limit:
                    break
        else:
            removed = [e for e in old if e not in seen]
            return _update_in_place(root, current, changed, removed, stat)
        del tables, changed, docs  # let this copy go before the rebuild loads it again
        return _rebuild_from_catalogue(root)


def ensure_fresh(root: str | os.PathLike) -> dict[str, Any]:
    """The live generation, brought in step with catalog.json first when it is not."""
    if documents.catalog_stat(root) is None:
        raise RRError(f"no catalogue at {Path(root) / 'catalog.json'}; ingest a video first")
    current = read_current(root)
    if staleness(root, current) is None:
        return current
    return sync(root)


# --------------------------------------------------------------------------------------
# Reading


def open_searcher(root: str | os.PathLike, attempts: int = 5) -> tuple[tantivy.Searcher, dict[str, Any]]:
    """A searcher on the live, fresh generation (retrying if a writer just replaced it)."""
    error: Exception | None = None
    for attempt in range(attempts):
        current = ensure_fresh(root)
        path = os.path.join(root, INDEX_DIR, current["dir"])
        version = (current.get("dir"), current.get("updated"))
        try:
            ix, seen = _open.get(path, (None, None))
            if ix is None:
                for other in [p for p in _open if p != path]:
                    del _open[other]  # an older generation: let it go
                ix = tantivy.Index.open(path)
            if seen != version:
                ix.reload()
                _open[path] = (ix, version)
            return ix.searcher(), current
        except Exception as exc:  # tantivy raises ValueError/OSError for vanished files
            _open.pop(path, None)
            error = exc
            time.sleep(0.05 * (attempt + 1))
    raise RRError(f"cannot open the search index in {index_root(root)}: {error}; run `rr index rebuild`")


def episode_ids(root: str | os.PathLike, current: dict[str, Any]) -> list[str]:
    """The episodes in a generation, sorted (from its digests file)."""
    return sorted(_digests(index_root(root) / current["dir"]))


def forget_open_indexes() -> None:
    """Drop cached index handles (tests, and after removing the index folder)."""
    _open.clear()
    _current_seen.clear()


def status(root: str | os.PathLike) -> dict[str, Any]:
    current = read_current(root)
    reason = staleness(root, current)
    out: dict[str, Any] = {"index": str(index_root(root)), "state": "fresh" if reason is None else "stale",
                           "reason": reason, "catalog": documents.catalog_stat(root)}
    if current:
        out.update(generation=current.get("dir"), built_from=current.get("catalog"),
                   built=current.get("built"), updated=current.get("updated"))
    if reason is None:
        searcher, _ = open_searcher(root)
        out["documents"] = searcher.num_docs
        out["episodes"] = len(_digests(index_root(root) / current["dir"]))
    return out
