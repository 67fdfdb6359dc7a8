"""What the readers share: a subtitle file's blocks with their line numbers, and cue text as plain words.

An editor's file comes back from Subtitle Edit, Aegisub or a text editor with a byte-order
mark, Windows line ends, trailing blanks, formatting tags (``<i>``, ``<font …>``, ASS
overrides such as ``{\\an8}``) and entities (``&amp;``). The readers turn every cue into plain
data, ``{"start", "end", "voice", "text", "line"}`` (times in seconds or None, the voice's
name or None, the words on one line, the file's line number of the cue), which is what
:func:`razendereporter.pipeline.correct` takes.
"""

from __future__ import annotations

import html
import re

from ..errors import RRError

_TAG = re.compile(r"<[^>]*>")
_ASS_OVERRIDE = re.compile(r"\{\\[^}]*\}")


def clean_lines(text: str) -> list[str]:
    """The file's lines without a byte-order mark, line-end characters or trailing blanks."""
    return [line.rstrip() for line in text.lstrip("\ufeff").splitlines()]


def blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Blocks of consecutive non-blank lines, each with the (1-based) number of its first line."""
    out: list[tuple[int, list[str]]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if out and out[-1][0] + len(out[-1][1]) == number:
            out[-1][1].append(line)
        else:
            out.append((number, [line]))
    return out


def plain(text: str) -> str:
    """Cue text without tags and entities, its lines joined by single spaces."""
    text = _ASS_OVERRIDE.sub("", text).replace("\\N", " ").replace("\\n", " ")
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def voice_prefix(text: str, names: tuple[str, ...] | list[str]) -> tuple[str | None, str]:
    """``"Anna de Vries: Goedemorgen"`` -> ("Anna de Vries", "Goedemorgen") when the name is one of
    ``names`` (compared without case); formats without voice spans (SRT, plain text) write a speaker
    so. Any other ``Word:`` stays text: a sentence may well start with ``Let op:``."""
    head, sep, rest = text.partition(":")
    if sep:
        wanted = " ".join(head.split()).casefold()
        for name in names:
            if name and " ".join(name.split()).casefold() == wanted:
                return name, rest.strip()
    return None, text


def empty_file_error(source: str) -> RRError:
    return RRError(f"{source} is empty: there are no cues to correct the transcript with")


def fail(source: str, line: int, message: str) -> RRError:
    return RRError(f"{source}, line {line}: {message}")
