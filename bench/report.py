"""Where every benchmark writes its results: one '## ' section of docs/benchmarks.md each."""

from __future__ import annotations

import sys
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
