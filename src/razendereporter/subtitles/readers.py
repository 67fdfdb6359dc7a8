"""A corrected subtitle file back into cues: which format it is, and its reader.

The suffix is a hint, the text decides: Subtitle Edit saves SRT as ``.txt`` when asked, and a
WebVTT file always starts with ``WEBVTT``. One reader per format lives next to its writer.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import NotFound, RRError
from .cuetext import clean_lines
from .srt import read_srt
from .txt import read_txt
from .vtt import read_vtt

READ_FORMATS = ("vtt", "srt", "txt")
_SRT_TIMING = re.compile(r"^\s*\d{1,3}:\d\d:\d\d[,.]\d{1,3}\s*-->")


def detect_format(text: str, suffix: str = "") -> str:
    """``vtt``, ``srt`` or ``txt`` for a file's text (and its suffix, when the text leaves it open)."""
    lines = [line for line in clean_lines(text) if line.strip()]
    if lines and lines[0].startswith("WEBVTT") or suffix.lower() == ".vtt":
        return "vtt"
    if any(_SRT_TIMING.match(line) for line in lines[:20]) or suffix.lower() == ".srt":
        return "srt"
    return "txt"


def read_cues(text: str, fmt: str | None = None, names: tuple[str, ...] = (), source: str = "the file") -> list[dict]:
    """The cues of a subtitle text as plain data (see :mod:`.cuetext`); ``fmt`` None: detected."""
    fmt = fmt or detect_format(text)
    if fmt == "vtt":
        return read_vtt(text, source)
    if fmt == "srt":
        return read_srt(text, names, source)
    if fmt == "txt":
        return read_txt(text, names, source)
    raise RRError(f"cannot read {fmt!r} files; choose {', '.join(READ_FORMATS)}")


def read_file(path: str | os.PathLike, names: tuple[str, ...] = (), fmt: str | None = None) -> list[dict]:
    """The cues of a subtitle file. UTF-8 (with or without a byte-order mark), else Windows-1252,
    which older subtitle editors still write."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"{path}: no such file") from None
    except OSError as exc:
        raise RRError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return read_cues(text, fmt or detect_format(text, path.suffix), names, str(path))
