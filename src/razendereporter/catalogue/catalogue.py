"""The :class:`Catalogue`: one object per command that owns everything under a root.

Like sqlite-utils' ``Database`` or datasette's ``Datasette``: the CLI opens it once and every
library call takes it as its first argument. It owns the root folder and its paths, the
snapshot read once per command, the transaction (lock + atomic write), the signature of
catalog.json, the configuration, and whatever the higher layers keep per catalogue (the
search index's handles and caches, see :meth:`Catalogue.owned`).

Every change goes through :meth:`Catalogue.transaction`, which holds a file lock for the
whole read-modify-write and writes the new state atomically (temp file, fsync, rename)
only when the block finishes without error. So two ``rr`` processes at once, Ctrl-C or
kill -9 leave either the old catalogue or the new one, never a mix or a torn file.
"""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from filelock import FileLock
from tinydb import TinyDB
from tinydb.storages import Storage

from ..config import Config
from ..errors import RRError
from ..lockfile import holding
from . import quotes as quote_files
from . import store
from .records import Article, Episode, EpisodeView, Wijk
from .store import CATALOG_NAME, Snapshot

log = logging.getLogger("razendereporter")
T = TypeVar("T")


@dataclass(frozen=True)
class EpisodePaths:
    """Where an episode's files live under the root (``media/<wijk>/<id><ext>`` …)."""

    video: Path
    vtt: Path
    sidecar: Path
    quotes: Path

    @property
    def lock(self) -> Path:
        """The episode's lock: an ingest and an editor's change wait for each other."""
        return self.sidecar.with_name(self.sidecar.name + ".lock")


class Catalogue:
    """The catalogue under ``root``: ``root/catalog.json`` and the folders beside it."""

    def __init__(self, root: str | os.PathLike, config: Config | None = None):
        self.root = Path(root)
        self.path = self.root / CATALOG_NAME
        self.config = config or Config.from_env()
        self.reads = 0  # how often catalog.json was read: a command should need it once
        self._snapshot: Snapshot | None = None
        self._owned: dict[str, Any] = {}
        # One lock object: filelock is re-entrant per object, so an upgrade or a refresh inside
        # a transaction does not wait for the lock its own process holds.
        self._lock = FileLock(str(self.path) + ".lock")

    def __repr__(self) -> str:
        return f"Catalogue({str(self.root)!r})"

    # Reading -----------------------------------------------------------------------------

    @property
    def snapshot(self) -> Snapshot:
        """The catalogue as read once for this command (read on first use)."""
        if self._snapshot is None:
            self._snapshot = self._read()
        return self._snapshot

    def refresh(self) -> Snapshot:
        """The snapshot, read again only if another process replaced catalog.json since."""
        if self._snapshot is None or self._snapshot.signature != self.signature():
            self._snapshot = self._read()
        return self._snapshot

    def signature(self) -> store.Signature | None:
        """Changes whenever catalog.json is replaced (None: there is none): cheap staleness checks."""
        return store.signature(self.path)

    def exists(self) -> bool:
        return self.path.exists()

    def create(self) -> None:
        """Write an empty catalog.json if there is none: before the first video goes into
        media/, so that a reader never finds media beside a missing catalogue."""
        with self.transaction() as db:
            if not self.exists():
                db.storage.write(db.storage.read())  # nothing changed, but written

    def _read(self) -> Snapshot:
        from .upgrade import upgrade_if_needed

        for _ in range(5):  # a writer may replace the file while it is read: read until it holds still
            before = self.signature()
            data = self._load()
            if store.format_of(data) < store.FORMAT and data:
                upgrade_if_needed(self)
                continue
            if self.signature() == before:
                return Snapshot(data, before)
        return Snapshot(data, self.signature())

    def _load(self) -> dict[str, Any]:
        self.reads += 1
        return store.load(self.path, media_beside=self._holds_files)

    def _holds_files(self) -> bool:
        """Whether media/ holds an ingested video (a hidden staged copy is not one yet)."""
        return any(not p.name.startswith(".") for p in (self.root / "media").glob("*/*"))

    # Rows and records ----------------------------------------------------------------------

    def get(self, table: str, **match: Any) -> dict[str, Any] | None:
        """The first row of ``table`` whose fields equal ``match`` (as it is now)."""
        return next(iter(self.find(table, **match)), None)

    def find(self, table: str, **match: Any) -> list[dict[str, Any]]:
        """Rows of ``table`` whose fields equal ``match``, read fresh; ``quotes`` come from their files."""
        snapshot = self.refresh()
        if table == "quotes":
            ids = [match["episode"]] if "episode" in match else [e["id"] for e in snapshot.rows("episodes")]
            return [q for i in ids for q in self.quotes(i) if all(q.get(k) == v for k, v in match.items())]
        return snapshot.find(table, **match)

    def episode(self, wanted: str) -> dict[str, Any]:
        """An episode's row by id, or by a unique prefix of its id or of its video's SHA-256."""
        from .episodes import match_episode

        return match_episode(list(self.snapshot.rows("episodes")), wanted, str(self.path))

    def article(self, slug: str | None) -> dict[str, Any] | None:
        return self.snapshot.get("articles", slug=slug) if slug else None

    def linked_article(self, episode: dict[str, Any]) -> dict[str, Any] | None:
        """The article an episode is linked to, if any."""
        return self.article(episode.get("article"))

    def views(self, episodes: list[dict[str, Any]] | None = None) -> list[EpisodeView]:
        """Each episode (all, by default) joined with its wijk and its linked article."""
        snapshot = self.snapshot
        wijken = {w["slug"]: w for w in snapshot.rows("wijken")}
        articles = {a["slug"]: a for a in snapshot.rows("articles")}
        out = []
        for row in snapshot.rows("episodes") if episodes is None else episodes:
            episode = Episode.from_row(row)
            article = articles.get(episode.article) if episode.article else None
            wijk_slug = episode.wijk or (article or {}).get("wijk")
            wijk = wijken.get(wijk_slug)
            out.append(EpisodeView(episode, Wijk.from_row(wijk) if wijk else None,
                                   Article.from_row(article) if article else None))
        return out

    # Files ----------------------------------------------------------------------------------

    def paths(self, episode: dict[str, Any] | Episode) -> EpisodePaths:
        """Where ``episode``'s files are (or will be) under the root."""
        row = episode.to_row() if isinstance(episode, Episode) else episode
        wijk, episode_id = row["wijk"] or "_", row["id"]
        return EpisodePaths(
            video=self.root / "media" / wijk / f"{episode_id}{row.get('suffix') or ''}",
            vtt=self.root / "transcripts" / wijk / f"{episode_id}.nl.vtt",
            sidecar=self.root / "transcripts" / wijk / f"{episode_id}.nl.json",
            quotes=quote_files.quotes_path(self.root, episode_id),
        )

    def relative(self, path: Path) -> str:
        """``path`` as the catalogue stores it: relative to the root, with forward slashes."""
        return path.relative_to(self.root).as_posix()

    def quotes(self, episode_id: str) -> list[dict[str, Any]]:
        """The quotes of one episode, from its quotes file."""
        return quote_files.read_quotes(quote_files.quotes_path(self.root, episode_id))

    def write_quotes(self, episode_id: str, quotes: list[dict[str, Any]]) -> str:
        """Store an episode's quotes (atomically); the digest to record on its row."""
        from .. import atomic

        text, digest = quote_files.encode(quotes)
        atomic.write_text(quote_files.quotes_path(self.root, episode_id), text)
        return digest

    # Writing ---------------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[TinyDB]:
        """Lock, load (only if catalog.json changed since the snapshot), let the caller change
        the database, then write it atomically; the snapshot holds the new state afterwards.

        If the block fails, nothing is written and the snapshot is read again when next needed.
        """
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RRError(f"cannot create the catalogue folder {self.root}: {exc.strerror or exc}") from exc
        with self.lock():
            snapshot = self.refresh()
            storage = _MemoryStorage(snapshot.data)
            try:
                yield TinyDB(storage=lambda: storage)
            except BaseException:
                self._snapshot = None
                raise
            if storage.dirty:
                data = {store.FORMAT_TABLE: {"1": {"format": store.FORMAT}}, **storage.data}
                store.write(self.path, data)
                self._snapshot = Snapshot(data, self.signature())

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold catalog.json's lock (taken inside an episode's lock, never around one)."""
        with holding(self._lock, self.config.lock_timeout,
                  f"the catalogue {self.path}", "another rr process is changing it"):
            yield

    # What higher layers keep per catalogue -------------------------------------------------

    def owned(self, key: str, make: Callable[[], T]) -> T:
        """The object ``make`` builds, once per catalogue: the search index's handles and
        caches live here rather than in module globals, so each catalogue has its own."""
        if key not in self._owned:
            self._owned[key] = make()
        return self._owned[key]


class _MemoryStorage(Storage):
    """Holds the whole catalogue in memory for one transaction; the transaction writes it.

    TinyDB calls ``write`` after every change; keeping those in memory and writing once
    at the end is what makes a multi-table update all-or-nothing.
    """

    def __init__(self, data: dict[str, Any]):
        # Tables are copied on write by TinyDB itself (it replaces the table dict it changes);
        # rows it hands out are copies. A failed transaction leaves ``data`` as it was.
        self.data = {name: dict(rows) for name, rows in data.items() if name != store.FORMAT_TABLE}
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True

    def close(self) -> None:
        pass


def upsert(db: TinyDB, table: str, record: dict[str, Any], **key: Any) -> None:
    """Insert ``record`` or update the row whose fields equal ``key``."""
    ids = _matching_ids(db, table, key)
    if ids:
        db.table(table).update(record, doc_ids=ids)
    else:
        db.table(table).insert(record)


def remove(db: TinyDB, table: str, **key: Any) -> None:
    ids = _matching_ids(db, table, key)
    if ids:
        db.table(table).remove(doc_ids=ids)


def _matching_ids(db: TinyDB, table: str, key: dict[str, Any]) -> list[int]:
    # Straight from the stored rows: ``Table.all()`` would wrap each of an archive's 20 000
    # episodes in a Document first, a tenth of a second per change.
    rows = db.storage.read().get(table) or {}
    return [int(doc_id) for doc_id, row in rows.items() if all(row.get(k) == v for k, v in key.items())]
