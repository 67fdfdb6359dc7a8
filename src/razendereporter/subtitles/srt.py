"""SRT: no voice tags, so the speaker's name leads the cue as ``Name: …``."""

from __future__ import annotations

import webvtt

from ..text import one_line
from .cues import Cue
from .vtt import timestamp, write


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
