"""The quote index: a tantivy index derived from the catalogue, kept next to it.

Layout under the catalogue root::

    .rr-index/CURRENT        which generation is live and what it was built from (JSON)
    .rr-index/lock           serialises writers (rebuild, update, sync)
    .rr-index/g-<id>/        a generation: the tantivy files and episodes.json (digests)

Readers never lock: they read CURRENT (replaced atomically) and open that generation. A
full rebuild writes a fresh generation and then switches CURRENT, so a reader sees the
old index or the new one. An episode update changes the live generation with one tantivy
commit, which is atomic too. Staleness is cheap to check: CURRENT records the signature
(inode, size, mtime_ns) of the catalog.json it was built from; catalog.json is always
replaced whole, and every change to an episode's quotes changes its row, so any change
gives another signature.

One :class:`QuoteIndex` per catalogue (``QuoteIndex.of(catalogue)``) keeps the open
tantivy handles and the last CURRENT read; nothing is cached in module globals.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Iterable

import tantivy
from filelock import FileLock

from .. import atomic
from ..catalogue import Catalogue
from ..lockfile import holding
from ..errors import RRError
from . import analyzer, documents, pool
from .documents import EpisodeDocs

log = logging.getLogger("razendereporter")
INDEX_DIR = ".rr-index"
SCHEMA_VERSION = 4  # 3: episode digests from the catalogue's quote digests; 4: corrected quotes
# Above this share of changed episodes a sync rebuilds instead of updating in place.
REBUILD_SHARE = 0.2
MIN_REBUILD_EPISODES = 20
KEEP_GENERATIONS = 2
# Processes that analyse quotes during a full rebuild of a large catalogue (see pool.py).
WORKERS = min(2, os.cpu_count() or 1)
CHANGED = "catalog.json changed since the index was built"


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
    sb.add_integer_field("corrected", indexed=True)  # 1: an editor changed words of the quote
    sb.add_bytes_field("payload", stored=True)
    return sb.build()


SCHEMA = schema()


# --------------------------------------------------------------------------------------
# Writing


def add_episode(writer: tantivy.IndexWriter, docs: EpisodeDocs, words: analyzer.Analyzer) -> None:
    meta = docs.meta
    episode, wijk = docs.episode, analyzer.slug(meta.get("wijk"))
    gemeente, article = analyzer.fold_value(meta.get("gemeente")), analyzer.slug(meta.get("article"))
    date = documents.date_key(meta.get("date"))
    head = tantivy.Document(kind="episode", episode=episode)
    head.add_bytes("payload", json.dumps(meta, ensure_ascii=False).encode())
    writer.add_document(head)
    add, Document = writer.add_document, tantivy.Document
    # One add_* call per field: measured twice as fast as Document(**fields) per quote.
    for seq, payload, role, person, person_words, body, words, corrected in (
            docs.fields if docs.fields is not None else documents.analyse(docs, words)):
        doc = Document()
        doc.add_text("kind", "quote")
        doc.add_text("body", body)
        doc.add_text("words", words)
        doc.add_text("role", role)
        doc.add_text("person", person)
        doc.add_text("person_words", person_words)
        doc.add_integer("seq", seq)
        doc.add_integer("corrected", corrected)
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


def _signature(catalogue: Catalogue) -> list | None:
    sig = catalogue.signature()
    return list(sig) if sig is not None else None


class QuoteIndex:
    """The search index of one catalogue: staleness, writing, and open searchers."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.folder = catalogue.root / INDEX_DIR
        self._open: dict[str, tuple[tantivy.Index, Any]] = {}  # folder -> (index, CURRENT version reloaded for)
        self._current_seen: tuple[tuple, dict] | None = None  # (stat of CURRENT, its content)
        self.metas: dict[tuple, dict[str, dict]] = {}  # episode metadata read from one index version
        self._analyzer: analyzer.Analyzer | None = None
        self._private: tempfile.TemporaryDirectory | None = None  # a read-only catalogue's index
        self.analyzer_version = analyzer.analyzer_version()

    @property
    def analyzer(self) -> analyzer.Analyzer:
        """The analyzer of this index's text (made on first use: it loads the stemmer)."""
        if self._analyzer is None:
            self._analyzer = analyzer.Analyzer()
        return self._analyzer

    @classmethod
    def of(cls, catalogue: Catalogue) -> "QuoteIndex":
        return catalogue.owned("search.index", lambda: cls(catalogue))

    # Reading CURRENT and judging staleness ------------------------------------------------

    def read_current(self) -> dict[str, Any] | None:
        path = os.path.join(self.folder, "CURRENT")  # strings, not Paths: every search runs this
        try:
            st = os.stat(path)
            key = (st.st_size, st.st_mtime_ns, st.st_ino)
            if self._current_seen is not None and self._current_seen[0] == key:
                return dict(self._current_seen[1])
            with open(path, encoding="utf-8") as f:
                current = json.load(f)
        except (FileNotFoundError, ValueError):
            return None
        except NotADirectoryError:
            raise self._not_a_folder() from None
        except OSError as exc:
            raise RRError(f"cannot read the search index {self.folder}: {exc.strerror or exc}") from exc
        if not isinstance(current, dict):
            return None
        self._current_seen = (key, current)
        return dict(current)

    def staleness(self, current: dict | None = None) -> str | None:
        """Why the index cannot be used as it is, or None when it is fresh."""
        current = current if current is not None else self.read_current()
        if current is None or not os.path.isdir(os.path.join(self.folder, current.get("dir", "-"))):
            return "missing"
        if current.get("schema") != SCHEMA_VERSION or current.get("analyzer") != self.analyzer_version:
            return "built by another version of the analyzer or schema"
        if current.get("catalog") != _signature(self.catalogue):
            return CHANGED
        return None

    def _not_a_folder(self) -> RRError:
        return RRError(f"the search index {self.folder} is a file, not a folder; remove it and run `rr index rebuild`")

    def _locked(self):
        if self.folder.exists() and not self.folder.is_dir():
            raise self._not_a_folder()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():  # the catalogue is often a git repository; the index is derived
                ignore.write_text("# derived from catalog.json by rr; rebuilt when missing\n*\n", encoding="utf-8")
        except OSError as exc:
            raise RRError(f"cannot create the search index folder in {self.catalogue.root}: "
                          f"{exc.strerror or exc}") from exc
        return holding(FileLock(str(self.folder / "lock")), self.catalogue.config.lock_timeout, "the search index",
                       "another rr process is writing it")

    # Writing -------------------------------------------------------------------------------

    def _build_generation(self, episodes: Iterable[EpisodeDocs]) -> dict[str, Any]:
        """Write a fresh generation from ``episodes`` and make it the live one."""
        name = f"g-{time.time_ns()}-{uuid.uuid4().hex[:6]}"
        path = self.folder / name
        path.mkdir(parents=True)
        ix = tantivy.Index(SCHEMA, path=str(path), reuse=False)
        writer = _writer(ix, big=True)
        digests = {}
        for docs in episodes:
            add_episode(writer, docs, self.analyzer)
            digests[docs.episode] = docs.digest
        writer.commit()
        writer.wait_merging_threads()
        atomic.write_text(path / "episodes.json", json.dumps(digests))
        current = {"dir": name, "schema": SCHEMA_VERSION, "analyzer": self.analyzer_version,
                   "catalog": self._indexed_signature(), "built": time.time(), "quotes_from": "quotes/"}
        atomic.write_text(self.folder / "CURRENT", json.dumps(current, indent=1))
        self._remove_old_generations(keep=name)
        return current

    def _indexed_signature(self) -> list | None:
        """The signature of the catalogue as it was read for this index: a write that lands
        while the index is built leaves it stale, to be brought in step by the next search."""
        sig = self.catalogue.snapshot.signature
        return list(sig) if sig is not None else None

    def _remove_old_generations(self, keep: str) -> None:
        gens = sorted((p for p in self.folder.glob("g-*") if p.is_dir()), key=lambda p: p.name)
        old = [p for p in gens if p.name != keep]
        # The previous generation stays: a reader that read CURRENT a moment ago may open it.
        for p in old[: max(0, len(old) - (KEEP_GENERATIONS - 1))]:
            shutil.rmtree(p, ignore_errors=True)

    def _update_in_place(self, current: dict, changed: list[EpisodeDocs], removed: Iterable[str]) -> dict:
        path = self.folder / current["dir"]
        ix = tantivy.Index.open(str(path))
        writer = _writer(ix, big=False)
        digests = _digests(path)
        for ep in removed:
            writer.delete_documents_by_term("episode", ep)
            digests.pop(ep, None)
        for docs in changed:
            writer.delete_documents_by_term("episode", docs.episode)
            add_episode(writer, docs, self.analyzer)
            digests[docs.episode] = docs.digest
        writer.commit()
        writer.wait_merging_threads()
        atomic.write_text(path / "episodes.json", json.dumps(digests))
        current = dict(current, catalog=self._indexed_signature(), updated=time.time())
        atomic.write_text(self.folder / "CURRENT", json.dumps(current, indent=1))
        return current

    def rebuild(self) -> dict[str, Any]:
        """Build the whole index anew from the catalogue and switch to it (`rr index rebuild`)."""
        with self._locked():
            return self._rebuild()

    def _rebuild(self) -> dict[str, Any]:
        """A fresh generation; large catalogues' quotes analysed by worker processes."""
        self.catalogue.refresh()
        quotes = sum(int(e.get("quotes") or 0) for e in self.catalogue.snapshot.rows("episodes"))
        with pool.workers(WORKERS, quotes, documents.start_worker) as workers:
            return self._build_generation(documents.episode_documents(self.catalogue, workers=workers))

    def update_episodes(self, episode_ids: Iterable[str]) -> dict[str, Any]:
        """Bring the given episodes in step with the catalogue (just written)."""
        ids = list(episode_ids)
        with self._locked():
            current = self.read_current()
            reason = self.staleness(current)
            if reason is not None and reason != CHANGED:
                return self._rebuild()
            self.catalogue.refresh()  # the catalogue as it is now, not as this object first read it
            present = {d.episode: d for d in documents.episode_documents(self.catalogue, only=ids)}
            changed = [present[e] for e in ids if e in present]
            removed = [e for e in ids if e not in present]
            return self._update_in_place(current, changed, removed)

    def sync(self) -> dict[str, Any]:
        """Make the index match the catalogue: update the changed episodes, or rebuild."""
        with self._locked():
            current = self.read_current()
            reason = self.staleness(current)
            if reason is None:
                return current
            if reason != CHANGED:
                return self._rebuild()
            self.catalogue.refresh()
            old = _digests(self.folder / current["dir"])
            limit = max(MIN_REBUILD_EPISODES, REBUILD_SHARE * len(old))
            changed, seen = [], set()
            for docs in documents.episode_documents(self.catalogue, changed=lambda e, mark: old.get(e) != mark):
                seen.add(docs.episode)
                if not docs.unchanged:
                    changed.append(docs)
                    if len(changed) > limit:
                        return self._rebuild()
            return self._update_in_place(current, changed, [e for e in old if e not in seen])

    def ensure_fresh(self) -> dict[str, Any]:
        """The live generation, brought in step with the catalogue first when it is not."""
        if not self.catalogue.exists():
            raise RRError(f"no catalogue at {self.catalogue.path}; ingest a video first")
        current = self.read_current()
        fresh = self.staleness(current) is None
        if self._private is None and not self._writable():
            # tantivy locks even to read: a read-only catalogue is searched in a copy of its
            # index when that is fresh, else in one built for this command.
            self._use_private_folder(current if fresh else None)
            current = self.read_current()
            fresh = self.staleness(current) is None
        return current if fresh else self.sync()

    def _writable(self) -> bool:
        folder = self.folder if self.folder.exists() else self.folder.parent
        return os.access(folder, os.W_OK) and not _read_only_filesystem(folder)

    def _use_private_folder(self, fresh: dict | None) -> None:
        """A read-only catalogue (an archive on a read-only share) is searched all the same, in
        a temporary folder of this process's own: a copy of its fresh index, or one built now."""
        self._private = tempfile.TemporaryDirectory(prefix="rr-index-")
        private = Path(self._private.name)
        if fresh is not None:
            shutil.copytree(self.folder / fresh["dir"], private / fresh["dir"])
            shutil.copy2(self.folder / "CURRENT", private / "CURRENT")
        else:
            log.warning("the search index of %s is out of step and the catalogue is read-only: searching a "
                        "temporary index instead (built now, removed when this command ends)", self.catalogue.root)
        self.folder = private
        self._open.clear()
        self._current_seen = None

    # Reading -------------------------------------------------------------------------------

    def open_searcher(self, attempts: int = 5) -> tuple[tantivy.Searcher, dict[str, Any]]:
        """A searcher on the live, fresh generation (retrying if a writer just replaced it)."""
        error: Exception | None = None
        for attempt in range(attempts):
            current = self.ensure_fresh()
            path = os.path.join(self.folder, current["dir"])
            version = (current.get("dir"), current.get("updated"))
            try:
                ix, seen = self._open.get(path, (None, None))
                if ix is None:
                    self._open.clear()  # an older generation: let it go
                    ix = tantivy.Index.open(path)
                if seen != version:
                    ix.reload()
                    self._open[path] = (ix, version)
                return ix.searcher(), current
            except Exception as exc:  # tantivy raises ValueError/OSError for vanished files
                self._open.pop(path, None)
                error = exc
                time.sleep(0.05 * (attempt + 1))
        raise RRError(f"cannot open the search index in {self.folder}: {error}; run `rr index rebuild`")

    def episode_ids(self, current: dict[str, Any]) -> list[str]:
        """The episodes in a generation, sorted (from its digests file)."""
        return sorted(_digests(self.folder / current["dir"]))

    def metas_for(self, current: dict) -> dict[str, dict]:
        """Episode metadata already read from this version of the index (it changes with it)."""
        key = (current.get("dir"), current.get("updated"))
        if key not in self.metas:
            self.metas.clear()
            self.metas[key] = {}
        return self.metas[key]

    def status(self) -> dict[str, Any]:
        current = self.read_current()
        reason = self.staleness(current)
        out: dict[str, Any] = {"index": str(self.folder), "state": "fresh" if reason is None else "stale",
                               "reason": reason, "catalog": _signature(self.catalogue)}
        if current:
            out.update(generation=current.get("dir"), built_from=current.get("catalog"),
                       built=current.get("built"), updated=current.get("updated"))
        if reason is None:
            searcher, _ = self.open_searcher()
            out["documents"] = searcher.num_docs
            out["episodes"] = len(_digests(self.folder / current["dir"]))
        return out


def _read_only_filesystem(folder: Path) -> bool:
    """Root passes every permission check; a read-only mount still refuses it (statvfs says so)."""
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _digests(path: Path) -> dict[str, str]:
    try:
        return json.loads((path / "episodes.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return {}
