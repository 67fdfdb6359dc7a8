"""Plain text: a readable transcript, one paragraph per speaker turn."""

from __future__ import annotations

from ..text import one_line
from .cues import Cue


def plain_text(cues: list[Cue], names: dict[str, str] | None = None) -> str:
    names = names or {}
    paragraphs: list[tuple[str | None, list[str]]] = []
    for cue in cues:
        if paragraphs and paragraphs[-1][0] == cue.speaker:
            paragraphs[-1][1].append(cue.text)
        else:
            paragraphs.append((cue.speaker, [cue.text]))
    out = []
    for speaker, texts in paragraphs:
        name = names.get(speaker) if speaker else None
        out.append(one_line((f"{name}: " if name else "") + " ".join(texts)))
    return "\n\n".join(out) + ("\n" if out else "")
