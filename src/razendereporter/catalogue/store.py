"""catalog.json: the programme's catalogue, a TinyDB database.

Every change goes through :meth:`Catalog.transaction`, which holds a file lock for the
whole read-modify-write and writes the new state atomically (temp file, fsync, rename)
only when the block finishes without error. So two ``rr`` processes at once, Ctrl-C or
kill -9 leave either the old catalogue or the new one, never a mix or a torn file.

Tables (see docs/data-model.md): wijken, articles, episodes, speakers, quotes.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
from pathlib import Path
from typing import Any, Iterator

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import Storage

from .. import atomic
from ..errors import RRError
from ..lockfile import holding

CATALOG_NAME = "catalog.json"
TABLES = ("wijken", "articles", "episodes", "speakers", "quotes")
LOCK_TIMEOUT_S = float(os.environ.get("RR_LOCK_TIMEOUT", "120"))


def _signature(path: Path) -> tuple[int, int, int] | None:
    """What changes whenever catalog.json is replaced: inode, size, modification time."""
    try:
        st = path.stat()
    except OSError:  # missing, or unreadable: reading it says why
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class Snapshot:
    """The catalogue as read once, passed along the steps of one command.

    A transaction given a snapshot re-reads catalog.json only if another process replaced
    it since (checked under the lock), and brings the snapshot up to date when it commits:
    an ingest reads the catalogue once and writes it twice, however many steps it has.
    """

    def __init__(self, data: dict[str, Any], signature: tuple[int, int, int] | None):
        self.data = data
        self.signature = signature

    def table(self, name: str) -> list[dict[str, Any]]:
        """The rows of ``name`` as plain dicts (copies: changing them changes nothing)."""
        return [_copy(row) for row in self.data.get(name, {}).values()]

    def get(self, table: str, **match: Any) -> dict[str, Any] | None:
        return next((row for row in self.find(table, **match)), None)

    def find(self, table: str, **match: Any) -> list[dict[str, Any]]:
        rows = self.data.get(table, {}).values()
        return [_copy(r) for r in rows if all(r.get(k) == v for k, v in match.items())]


def _copy(row: dict[str, Any]) -> dict[str, Any]:
    # Quotes are flat: only nested values (an article's people) need a deep copy.
    return {k: copy.deepcopy(v) if isinstance(v, (dict, list)) else v for k, v in row.items()}


class _SnapshotStorage(Storage):
    """Holds the whole catalogue in memory; :meth:`commit` writes it back atomically.

    TinyDB calls ``write`` after every change; keeping those in memory and writing once
    at the end of a transaction is what makes a multi-table update all-or-nothing.
    """

    def __init__(self, path: Path, data: dict[str, Any]):
        self.path = path
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any] | None:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True

    def commit(self) -> None:
        if self.dirty:
            atomic.write_text(self.path, dumps(self.data))
            self.dirty = False

    def close(self) -> None:
        pass


def dumps(data: dict[str, Any]) -> str:
    """Stable, diff-friendly JSON: the catalogue is committed to git."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def load_json(path: Path) -> dict[str, Any]:
    """Read catalog.json, or an empty catalogue when there is none yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise RRError(f"cannot read catalogue {path}: {exc}") from exc
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RRError(f"catalogue {path} is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from exc
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise RRError(f"catalogue {path} is not a TinyDB database (expected an object of tables)")
    return data


class Catalog:
    """The catalogue under a root folder (``root/catalog.json``)."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self.path = self.root / CATALOG_NAME
        self._lock = FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_S)

    def read(self) -> Snapshot:
        """The catalogue as it is now, to pass along the steps of one command."""
        signature = _signature(self.path)
        return Snapshot(load_json(self.path), signature)

    def signature(self) -> tuple[int, int, int] | None:
        """Changes whenever catalog.json is replaced (None: there is none): cheap staleness checks."""
        return _signature(self.path)

    def fresh(self, snapshot: Snapshot) -> Snapshot:
        """``snapshot`` if catalog.json is unchanged since it was read, else the catalogue as it is now."""
        return snapshot if snapshot.signature == self.signature() else self.read()

    @contextlib.contextmanager
    def transaction(self, snapshot: Snapshot | None = None) -> Iterator[TinyDB]:
        """Lock, load, let the caller change the database, then write it atomically.

        With ``snapshot``, the catalogue is not read again unless it changed since, and
        ``snapshot`` holds the new state afterwards. If the block fails, nothing is written
        and ``snapshot`` is to be dropped.
        """
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RRError(f"cannot create the catalogue folder {self.root}: {exc.strerror or exc}") from exc
        try:
            with holding(self._lock, "the catalogue lock", LOCK_TIMEOUT_S):
                storage_box: list[_SnapshotStorage] = []

                current = _signature(self.path)
                fresh = snapshot is not None and snapshot.signature == current
                data = snapshot.data if fresh else load_json(self.path)

                def make_storage() -> _SnapshotStorage:
                    storage_box.append(_SnapshotStorage(self.path, data))
                    return storage_box[0]

                db = TinyDB(storage=make_storage)
                yield db
                storage_box[0].commit()
                if snapshot is not None:
                    snapshot.data, snapshot.signature = storage_box[0].data, _signature(self.path)
        except Timeout as exc:
            raise RRError(
                f"catalogue {self.path} is locked by another rr process (waited {LOCK_TIMEOUT_S:.0f} s)"
            ) from exc

    # Small conveniences: one read each -------------------------------------------------

    def get(self, table: str, **match: Any) -> dict[str, Any] | None:
        return self.read().get(table, **match)

    def find(self, table: str, **match: Any) -> list[dict[str, Any]]:
        return self.read().find(table, **match)


def upsert(db: TinyDB, table: str, record: dict[str, Any], **key: Any) -> None:
    """Insert ``record`` or update the row whose fields equal ``key``."""
    tbl = db.table(table)
    ids = [doc.doc_id for doc in tbl.all() if all(doc.get(k) == v for k, v in key.items())]
    if ids:
        tbl.update(record, doc_ids=ids)
    else:
        tbl.insert(record)


def remove(db: TinyDB, table: str, **key: Any) -> None:
    tbl = db.table(table)
    ids = [doc.doc_id for doc in tbl.all() if all(doc.get(k) == v for k, v in key.items())]
    if ids:
        tbl.remove(doc_ids=ids)
