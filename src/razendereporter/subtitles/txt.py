"""Plain text: a readable transcript, one paragraph per speaker turn; read back one cue a line."""

from __future__ import annotations

from ..text import one_line
from .cues import Cue
from .cuetext import clean_lines, empty_file_error, plain, voice_prefix


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


def read_txt(text: str, names: tuple[str, ...] = (), source: str = "the text file") -> list[dict]:
    """Plain text, one cue a line (blank lines are skipped): no times, so only the words count.

    A leading ``Name: `` is the line's voice when ``Name`` is one of ``names``, as
    :func:`plain_text` writes a speaker's paragraph.
    """
    out = []
    for number, line in enumerate(clean_lines(text), 1):
        if line.strip():
            voice, words = voice_prefix(plain(line), names)
            out.append({"start": None, "end": None, "voice": voice, "text": words, "line": number})
    if not out:
        raise empty_file_error(source)
    return out
