"""catalog.json on disk: its format, reading it (validated), writing it whole and atomically.

The file is a TinyDB database: one JSON object per table, rows keyed by number. It is
committed to git, so it is written diff-friendly: one row per line, keys sorted, each row
encoded by orjson (``indent`` would force the standard library's pure-Python encoder, ten
times slower on an archive's catalogue). The quote files (quotes.py) are written the same way.

Format 2 keeps the quotes out of catalog.json, one file per episode (``quotes/<id>.json``,
see quotes.py), so a change to one episode no longer rewrites every quote of the archive.
A format-1 file (quotes inside) is upgraded on first use (upgrade.py).

Tables (see docs/data-model.md): catalogue (the format), wijken, articles, episodes, speakers.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any, Callable, Iterable

import orjson

from .. import atomic
from ..errors import CorruptCatalogue, RRError

CATALOG_NAME = "catalog.json"
FORMAT = 2
FORMAT_TABLE = "catalogue"
TABLES = ("wijken", "articles", "episodes", "speakers")
Signature = tuple  # (inode, size, mtime_ns) of catalog.json, or None when there is none


def signature(path: Path) -> Signature | None:
    """What changes whenever catalog.json is replaced: inode, size, modification time."""
    try:
        st = os.stat(path)
    except OSError:  # missing, or unreadable: reading it says why
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def dumps(data: dict[str, Any]) -> str:
    """Stable, diff-friendly JSON: tables sorted, one row per line, keys sorted."""
    tables = []
    for name in sorted(data):
        rows = data[name]
        body = b",\n".join(b"  " + _json(str(key)) + b": " + _json(row) for key, row in _by_number(rows))
        head = _json(name) + b": "
        tables.append(b" " + head + (b"{\n" + body + b"\n }" if body else b"{}"))
    return (b"{\n" + b",\n".join(tables) + b"\n}\n").decode("utf-8")


def _json(value: Any) -> bytes:
    # orjson: an archive's catalog.json (20 000 episodes, 6 MB) is written twice per ingest,
    # and the standard library's encoder takes 0.2 s for it; orjson a quarter of that.
    return orjson.dumps(value, default=_plain, option=orjson.OPT_SORT_KEYS | orjson.OPT_SERIALIZE_NUMPY)


def _plain(value: Any) -> Any:
    """What the standard library's encoder also took and orjson does not: subclasses of float."""
    if isinstance(value, float):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not a catalogue value")


def _by_number(rows: dict[str, Any]) -> Iterable[tuple[str, Any]]:
    return sorted(rows.items(), key=lambda item: (len(str(item[0])), str(item[0])))


def format_of(data: dict[str, Any]) -> int:
    """The format a catalogue's data is in: 1 before the format table existed."""
    rows = list((data.get(FORMAT_TABLE) or {}).values())
    value = rows[0].get("format") if rows and isinstance(rows[0], dict) else 1
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


def load(path: Path, *, media_beside: Callable[[], bool] = lambda: False) -> dict[str, Any]:
    """The catalogue's data as stored (any format), checked to be a catalogue.

    A missing file is a new, empty catalogue, unless ``media_beside()`` says the root holds
    ingested files (then the catalogue was lost, and starting afresh would orphan them).
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if media_beside():
            raise CorruptCatalogue(f"catalogue {path} is missing but {path.parent} holds media; "
                                   f"restore catalog.json (from git or a backup) before going on") from None
        return {}
    except OSError as exc:
        raise RRError(f"cannot read catalogue {path}: {exc.strerror or exc}") from exc
    if not raw.strip():
        raise CorruptCatalogue(f"catalogue {path} is empty ({len(raw)} bytes); restore it from git or a backup "
                               f"(catalog.json.v1.bak after an upgrade), or delete it to start a new catalogue")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise CorruptCatalogue(f"catalogue {path} is not UTF-8 text (byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise CorruptCatalogue(f"catalogue {path} is not valid JSON (line {exc.lineno}, column {exc.colno}): "
                               f"{exc.msg}") from exc
    validate(data, path)
    return data


# What a row must have to be used at all; the rest is checked where it is used.
_REQUIRED = {"episodes": ("id", "wijk"), "articles": ("slug",), "wijken": ("slug",), "speakers": ("episode", "label")}


def validate(data: Any, path: Path) -> None:
    """Refuse data that is not a catalogue, naming the first bad table or row."""
    if not isinstance(data, dict):
        raise CorruptCatalogue(f"catalogue {path} is not a TinyDB database (expected an object of tables)")
    for table, rows in data.items():
        if not isinstance(rows, dict):
            raise CorruptCatalogue(f"catalogue {path}: table {table!r} is not an object of rows")
        for key, row in rows.items():
            if not isinstance(row, dict):
                raise CorruptCatalogue(f"catalogue {path}: {table} row {key} is a {type(row).__name__}, not an object")
            for field in _REQUIRED.get(table, ()):
                if field not in row:
                    raise CorruptCatalogue(f"catalogue {path}: {table} row {key} has no {field!r}")
            if table == "episodes" and not (isinstance(row["id"], str) and row["id"]
                                             and (row["wijk"] is None or isinstance(row["wijk"], str))):
                raise CorruptCatalogue(f"catalogue {path}: episodes row {key} has a bad id or wijk "
                                       f"({row['id']!r}, {row['wijk']!r})")
    found = format_of(data)
    if found > FORMAT:
        raise RRError(f"catalogue {path} was written by a newer razendereporter (format {found}; this one reads "
                      f"up to {FORMAT}); upgrade razendereporter to use it")
    if found < 1:
        raise CorruptCatalogue(f"catalogue {path}: its {FORMAT_TABLE!r} table holds no valid format number")


def write(path: Path, data: dict[str, Any]) -> None:
    atomic.write_text(path, dumps(data))


class Snapshot:
    """The catalogue as read once, passed along the steps of one command.

    A transaction re-reads catalog.json only if another process replaced it since (checked
    under the lock), and brings the snapshot up to date when it commits: an ingest reads the
    catalogue once and writes it twice, however many steps it has.
    """

    def __init__(self, data: dict[str, Any], signature: Signature | None):
        self.data = data
        self.signature = signature

    def rows(self, name: str) -> Iterable[dict[str, Any]]:
        """The stored rows of ``name``, not copies: for reading only."""
        return self.data.get(name, {}).values()

    def table(self, name: str) -> list[dict[str, Any]]:
        """The rows of ``name`` as plain dicts (copies: changing them changes nothing)."""
        return [_copy(row) for row in self.rows(name)]

    def get(self, table: str, **match: Any) -> dict[str, Any] | None:
        return next((_copy(r) for r in self.rows(table) if all(r.get(k) == v for k, v in match.items())), None)

    def find(self, table: str, **match: Any) -> list[dict[str, Any]]:
        return [_copy(r) for r in self.rows(table) if all(r.get(k) == v for k, v in match.items())]


def _copy(row: dict[str, Any]) -> dict[str, Any]:
    # Rows are flat but for a few nested values (an article's people): copy only those deeply.
    return {k: copy.deepcopy(v) if isinstance(v, (dict, list)) else v for k, v in row.items()}
