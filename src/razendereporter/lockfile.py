"""File locks that say who holds them, and give up in one line.

The catalogue's lock and an episode's lock can be held for minutes (an ingest). A command
that has to wait says so once (a warning on the ``razendereporter`` logger, which the CLI
prints), naming the process that holds the lock when that is known, instead of hanging
silently until it times out. The holder writes its pid and command line into a side file
(``<lock>.holder``) after taking the lock and removes it before letting go; a side file
left by a killed process names a dead pid and is not believed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path
from typing import Iterator

from filelock import BaseFileLock, Timeout

from .atomic import process_alive
from .errors import Busy, RRError
from .text import one_line

log = logging.getLogger("razendereporter")
NOTICE_AFTER_S = 1.0  # say that a command waits for a lock once it has waited this long


def holder_path(lock: BaseFileLock) -> Path:
    return Path(str(lock.lock_file) + ".holder")


def describe_holder(lock: BaseFileLock) -> str:
    """``pid 1234 (rr ingest clip.mp4 --wijk T)``, or ``another process`` when not known."""
    try:
        pid_text, _, command = holder_path(lock).read_text(encoding="utf-8").partition(" ")
        pid = int(pid_text)
    except (OSError, ValueError, UnicodeDecodeError):
        return "another process"
    if pid <= 0 or not process_alive(pid):
        return "another process"
    command = one_line(command).strip()[:160]
    return f"pid {pid}" + (f" ({command})" if command else "")


def _command_line() -> str:
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    return " ".join(["rr" if name in ("__main__.py", "rr", "razendereporter") else name, *sys.argv[1:]])


@contextlib.contextmanager
def holding(lock: BaseFileLock, timeout: float, what: str, why: str) -> Iterator[None]:
    """Hold ``lock``; when another process has it, warn once ``waiting … for WHAT, held by …``
    and wait up to ``timeout`` seconds, then :class:`Busy`. A lock file that cannot be made
    (a read-only share) is a one-line error."""
    try:
        try:
            lock.acquire(timeout=min(NOTICE_AFTER_S, timeout))
        except Timeout:
            log.warning("waiting up to %.0f s for %s, held by %s: %s", timeout, what, describe_holder(lock), why)
            try:
                lock.acquire(timeout=max(timeout - NOTICE_AFTER_S, 0))
            except Timeout:
                raise Busy(f"{what} is locked: {why}; waited {timeout:.0f} s, try again when it is done") from None
    except OSError as exc:
        raise RRError(f"cannot change {what}: {exc.strerror or exc} ({lock.lock_file}); reading works, "
                      f"writing needs write access to the catalogue folder") from None
    outermost = lock.lock_counter == 1
    if outermost:
        _write_holder(lock)
    try:
        yield
    finally:
        if outermost:
            with contextlib.suppress(OSError):
                holder_path(lock).unlink()
        lock.release()


def _write_holder(lock: BaseFileLock) -> None:
    # Only a hint for whoever waits: a failure to write it must not stop the command.
    with contextlib.suppress(OSError):
        holder_path(lock).write_text(f"{os.getpid()} {_command_line()}", encoding="utf-8")
