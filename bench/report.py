"""Where every benchmark writes its results: one '## ' section of docs/benchmarks.md each."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "docs" / "benchmarks.md"
sys.path.insert(0, str(ROOT / "src"))


def write_section(path: Path, heading: str, section: str) -> None:
    """Replace the section that starts with ``heading`` (in place), or append it; the other
    sections stay as they are. Written atomically: a benchmark killed half-way leaves the file whole."""
    from razendereporter import atomic

    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    start = text.find(heading)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    else:
        end = text.find("\n## ", start + len(heading))
        text = text[:start] + section.rstrip("\n") + "\n" + ("\n" + text[end + 1:] if end != -1 else "")
    atomic.write_text(path, text.rstrip("\n") + "\n")


def measure_process(cmd: list[str], env: dict[str, str] | None = None, what: str | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, with the children it waited for) and peak RSS (MB)
    of the process ``cmd``, from wait4; a failed process ends the benchmark with its last stderr."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a chatty child never blocks
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise SystemExit(f"{what or ' '.join(cmd[:6])} failed: {errors.read().decode()[-800:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
