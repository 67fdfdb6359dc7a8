"""Scratch space of one ingest: the extracted audio, removed when the ingest ends."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

WORK_DIR = ".rr-work"


def work_dir(root: Path, sha: str) -> Path:
    """Scratch space of this process: two editors ingesting the same video never share it."""
    remove_orphaned_work(root / WORK_DIR)
    return root / WORK_DIR / f"{sha[:16]}-{os.getpid()}"


def remove_orphaned_work(folder: Path) -> None:
    """Delete the scratch space of ingests that were killed (their process is gone)."""
    for work in folder.glob("*-*"):
        pid = work.name.rsplit("-", 1)[1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(work, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True
