"""Upgrading a catalogue written by an earlier release, atomically, with a backup kept.

Format 1 (every release before the quotes moved out) kept the quotes as a table inside
catalog.json. The upgrade, under the catalogue's lock:

1. writes each episode's quotes to ``quotes/<id>.json`` (atomically, one file each);
2. copies catalog.json to ``catalog.json.v1.bak`` (kept: the way back to the old release);
3. replaces catalog.json by the format-2 file (the quotes table gone, the format recorded,
   each episode's quote count and digest on its row).

catalog.json is replaced in the last step only, so kill -9 at any moment leaves the old
file or the new one, never a mix; quote files written before a kill are simply written
again by the next attempt.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections import defaultdict
from typing import Any

from .. import atomic
from ..errors import CorruptCatalogue, RRError
from . import quotes as quote_files
from . import store

log = logging.getLogger("razendereporter")


def backup_path(catalogue, version: int):
    return catalogue.path.with_name(f"{store.CATALOG_NAME}.v{version}.bak")


def upgrade_if_needed(catalogue) -> bool:
    """Bring catalog.json to the current format; True if it was upgraded now."""
    if not os.access(catalogue.root, os.W_OK) or _read_only(catalogue.root):
        raise RRError(f"catalogue {catalogue.path} was written by an earlier release (format 1) and is upgraded "
                      f"once on first use, which needs write access; run any rr command where it is writable")
    with catalogue.lock():
        data = catalogue._load()
        version = store.format_of(data)
        if version >= store.FORMAT or not data:
            return False
        upgraded = upgrade_v1(catalogue, data)
        backup = backup_path(catalogue, version)
        try:
            with atomic.atomic_open(backup, "wb") as out, open(catalogue.path, "rb") as old:
                shutil.copyfileobj(old, out)
        except OSError as exc:
            raise RRError(f"cannot back up {catalogue.path} before upgrading it: {exc.strerror or exc}") from exc
        store.write(catalogue.path, upgraded)
    log.warning("upgraded %s to format %d (the quotes now live in %s/); the old file is kept as %s",
                catalogue.path, store.FORMAT, quote_files.QUOTES_DIR, backup.name)
    return True


def upgrade_v1(catalogue, data: dict[str, Any]) -> dict[str, Any]:
    """Format-1 data as format 2, writing the quote files on the way."""
    by_episode: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in (data.get("quotes") or {}).values():
        if not isinstance(row.get("episode"), str) or not row["episode"]:
            raise CorruptCatalogue(f"catalogue {catalogue.path}: a quote has no episode ({row!r:.80})")
        by_episode[row["episode"]].append(row)
    episodes = data.get("episodes") or {}
    known = {row["id"] for row in episodes.values()}
    orphans = sorted(set(by_episode) - known)
    if orphans:  # kept in their files, not dropped: nothing is lost, though no episode shows them
        log.warning("%d quotes belong to no catalogued episode (%s); kept in their own quote files",
                    sum(len(by_episode[o]) for o in orphans), ", ".join(orphans[:3]))
    digests = {}
    for episode_id, rows in by_episode.items():
        quote_files.check_name(episode_id)
        rows.sort(key=lambda q: (_number(q.get("start")), _number(q.get("end"))))
        digests[episode_id] = catalogue.write_quotes(episode_id, rows)
    new_episodes = {}
    for key, row in episodes.items():
        row = dict(row)
        row["quotes"] = len(by_episode.get(row["id"], []))
        row["quotes_digest"] = digests.get(row["id"])
        new_episodes[key] = row
    tables = {name: rows for name, rows in data.items() if name not in ("quotes", store.FORMAT_TABLE)}
    tables["episodes"] = new_episodes
    return {store.FORMAT_TABLE: {"1": {"format": store.FORMAT}}, **tables}


def _read_only(folder) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _number(value: Any) -> float:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0
