"""SRT: no voice tags, so the speaker's name leads the cue as ``Name: …``."""

from __future__ import annotations

import io
import re

import webvtt
import webvtt.errors

from ..text import one_line
from .cues import Cue
from .cuetext import blocks, clean_lines, empty_file_error, fail, plain, voice_prefix
from .vtt import seconds, timestamp, write

_STAMP = r"\d{1,3}:[0-5]\d:[0-5]\d[,.]\d{1,3}"
_TIMING = re.compile(rf"({_STAMP})[ \t]*-->[ \t]*({_STAMP})(?:[ \t]+.*)?$")


def srt_text(cues: list[Cue], names: dict[str, str] | None = None) -> str:
    names = names or {}
    vtt = webvtt.WebVTT()
    for cue in cues:
        lines = [one_line(line) for line in cue.lines]
        name = names.get(cue.speaker) if cue.speaker else None
        if name:
            lines[0] = f"{name}: {lines[0]}"
        vtt.captions.append(webvtt.Caption(timestamp(cue.start), timestamp(cue.end), "\n".join(lines)))
    return write(vtt, "srt")


def read_srt(text: str, names: tuple[str, ...] = (), source: str = "the SRT file") -> list[dict]:
    """Cues of an SRT text, as :func:`~razendereporter.subtitles.vtt.read_vtt` gives them.

    A leading ``Name: `` is the cue's voice when ``Name`` is one of ``names`` (the episode's
    speakers); italics, font tags and ASS overrides (``{\\an8}``) are dropped.
    """
    lines = clean_lines(text)
    if not any(lines):
        raise empty_file_error(source)
    numbers = [_checked_cue(source, number, block) for number, block in blocks(lines)]
    try:
        captions = webvtt.from_buffer(io.StringIO("\n".join(lines) + "\n"), format="srt").captions
    except (webvtt.errors.MalformedFileError, webvtt.errors.MalformedCaptionError, ValueError) as exc:
        raise fail(source, 1, f"not an SRT file webvtt-py can read ({exc})") from None
    if len(captions) != len(numbers):
        raise fail(source, 1, f"{len(numbers)} cues found but webvtt-py reads {len(captions)}")
    out = []
    for caption, number in zip(captions, numbers):
        voice, words = voice_prefix(plain(caption.raw_text), names)
        out.append({"start": seconds(caption.start), "end": seconds(caption.end), "voice": voice, "text": words,
                    "line": number})
    return out


def _checked_cue(source: str, number: int, block: list[str]) -> int:
    """The line number of an SRT block's timing line: a cue number, the timings, the text."""
    if not block[0].strip().isdigit() or len(block) < 2:
        raise fail(source, number, f"expected a cue number, got {block[0].strip()[:60]!r} "
                                   "(a blank line inside a cue's text?)")
    m = _TIMING.match(block[1].strip())
    if not m:
        raise fail(source, number + 1, f"cue timings {block[1].strip()[:60]!r} do not parse; "
                                       "write them as 00:01:02,500 --> 00:01:04,000")
    if seconds(m.group(2)) < seconds(m.group(1)):
        raise fail(source, number + 1, f"the cue ends ({m.group(2)}) before it starts ({m.group(1)})")
    return number + 1
