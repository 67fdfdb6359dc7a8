"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Write to a temporary file in the same folder, fsync it, then rename over the target
(rename is atomic on POSIX). Ctrl-C or kill -9 at any point leaves at most a stray
temporary file, which is named so it is recognisable and ignored.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
from pathlib import Path
from typing import IO, Iterator

from .errors import RRError


def _create_temporary(path: Path) -> tuple[int, str]:
    """A new file beside ``path``, made like ``open(path, "w")`` would make it (mode 0666
    less the umask), unlike mkstemp's private 0600, so the finished file needs no chmod."""
    for _ in range(100):
        tmp = str(path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary sibling of ``path``; on clean exit it replaces ``path``."""
    path = Path(path)
    binary = "b" in mode
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _create_temporary(path)
    except OSError as exc:
        raise RRError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, mode, encoding=None if binary else encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        _remove_quietly(tmp)
        if exc.errno == errno.ENOSPC:
            raise RRError(f"disk full while writing {path}; nothing was changed") from exc
        raise RRError(f"cannot write {path}: {exc.strerror or exc}; nothing was changed") from exc
    except BaseException:
        _remove_quietly(tmp)
        raise


def write_text(path: str | os.PathLike, text: str) -> None:
    with atomic_open(path, "w") as handle:
        handle.write(text)


def fsync_dir(folder: Path) -> None:
    # Make the rename itself durable; not every filesystem allows opening a folder.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


# ---------------------------------------------------------------------------------------
# What killed processes leave behind

PID = re.compile(r"-(\d+)(?=$|[.-])")  # "<name>-<pid>", "<name>-<pid>.mp4.x1y2.tmp", "rr-site-<pid>-x1y2"


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (someone else's counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    except (OverflowError, ValueError):
        return False
    return True


def remove_orphans(folder: Path, pattern: str, pid: re.Pattern = PID) -> list[Path]:
    """Delete what matches ``pattern`` in ``folder`` and names a process that is gone.

    Scratch folders, staged copies and temporary builds carry their process's pid in their
    name (``pid`` finds it, the first match); kill -9 leaves them behind, and the next run
    removes them. A name without a pid, or with the pid of a running process, is left alone.
    """
    removed = []
    for path in folder.glob(pattern):
        found = pid.search(path.name)
        if found is None or int(found.group(1)) == os.getpid() or process_alive(int(found.group(1))):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                path.unlink()
        removed.append(path)
    return removed
