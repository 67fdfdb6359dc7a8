"""Scratch space of one ingest: the extracted audio, removed when the ingest ends."""

from __future__ import annotations

import os
import re
from pathlib import Path

from .. import atomic

WORK_DIR = ".rr-work"
# The staged copy of a video in media/<wijk>/ (claim.py) and atomic_open's temporary for it.
_INCOMING_PID = re.compile(r"^\.{1,2}incoming-[0-9a-f]+-(\d+)")


def work_dir(root: Path, sha: str) -> Path:
    """Scratch space of this process: two editors ingesting the same video never share it."""
    remove_orphaned_work(root / WORK_DIR)
    remove_orphaned_copies(root / "media")
    return root / WORK_DIR / f"{sha[:16]}-{os.getpid()}"


def remove_orphaned_work(folder: Path) -> None:
    """Delete the scratch space of ingests that were killed (their process is gone)."""
    atomic.remove_orphans(folder, "*-*")


def remove_orphaned_copies(media: Path) -> None:
    """Delete half-copied or staged videos of ingests killed during the copy (in every wijk)."""
    for wijk in (p for p in media.glob("*") if p.is_dir()):
        atomic.remove_orphans(wijk, ".*incoming-*", _INCOMING_PID)
