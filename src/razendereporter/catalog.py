"""catalog.json: the programme's catalogue, a TinyDB database.

Every change goes through :meth:`Catalog.transaction`, which holds a file lock for the
whole read-modify-write and writes the new state atomically (temp file, fsync, rename)
only when the block finishes without error. So two ``rr`` processes at once, Ctrl-C or
kill -9 leave either the old catalogue or the new one, never a mix or a torn file.

Tables (see docs/data-model.md): wijken, articles, episodes, speakers, quotes.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any, Iterator

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import Storage

from . import atomic
from .errors import RRError

CATALOG_NAME = "catalog.json"
TABLES = ("wijken", "articles", "episodes", "speakers", "quotes")
LOCK_TIMEOUT_S = float(os.environ.get("RR_LOCK_TIMEOUT", "120"))


class _SnapshotStorage(Storage):
    """Holds the whole catalogue in memory; :meth:`commit` writes it back atomically.

    TinyDB calls ``write`` after every change; keeping those in memory and writing once
    at the end of a transaction is what makes a multi-table update all-or-nothing.
    """

    def __init__(self, path: Path):
        self.path = path
        self.data = load_json(path)
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

    @contextlib.contextmanager
    def transaction(self) -> Iterator[TinyDB]:
        """Lock, load, let the caller change the database, then write it atomically."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RRError(f"cannot create the catalogue folder {self.root}: {exc.strerror or exc}") from exc
        try:
            with self._lock:
                storage_box: list[_SnapshotStorage] = []

                def make_storage() -> _SnapshotStorage:
                    storage_box.append(_SnapshotStorage(self.path))
                    return storage_box[0]

                db = TinyDB(storage=make_storage)
                yield db
                storage_box[0].commit()
        except Timeout as exc:
            raise RRError(
                f"catalogue {self.path} is locked by another rr process (waited {LOCK_TIMEOUT_S:.0f} s)"
            ) from exc

    def snapshot(self) -> TinyDB:
        """A read-only view of the catalogue as it is now (writes are never saved)."""
        data = load_json(self.path)
        holder = _SnapshotStorage.__new__(_SnapshotStorage)
        holder.path, holder.data, holder.dirty = self.path, data, False
        return TinyDB(storage=lambda: holder)

    # Small conveniences used across the package -------------------------------------

    def get(self, table: str, **match: Any) -> dict[str, Any] | None:
        rows = self.find(table, **match)
        return rows[0] if rows else None

    def find(self, table: str, **match: Any) -> list[dict[str, Any]]:
        rows = self.snapshot().table(table).all()
        return [dict(r) for r in rows if all(r.get(k) == v for k, v in match.items())]


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
