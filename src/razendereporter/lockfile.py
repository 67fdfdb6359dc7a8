"""File locks that say who holds them: one line on stderr while a command waits.

The catalogue's lock and an episode's lock can be held for minutes (an ingest). A command
that has to wait says so once, with the process that holds the lock when that is known,
instead of hanging silently until it times out. The holder writes its pid and command line
into a side file (``<lock>.holder``) after taking the lock and removes it before letting
go; a side file left by a killed process names a dead pid and is not believed.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Iterator

from filelock import BaseFileLock, Timeout

from .atomic import process_alive
from .errors import RRError
from .text import one_line


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
def holding(lock: BaseFileLock, what: str, timeout: float, timed_out: str | None = None) -> Iterator[None]:
    """Hold ``lock``; if another process has it, print once ``waiting for WHAT held by …``
    and wait up to ``timeout`` seconds. Then RRError(``timed_out``), or without it filelock's
    Timeout for the caller to word."""
    try:
        lock.acquire(timeout=0)
    except Timeout:
        print(f"waiting for {what} held by {describe_holder(lock)}", file=sys.stderr, flush=True)
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            if timed_out is None:
                raise
            raise RRError(timed_out) from None
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
