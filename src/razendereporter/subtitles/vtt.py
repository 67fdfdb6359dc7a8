"""WebVTT: cues as a web player shows them, each speaker's cue in a ``<v Name>`` voice span."""

from __future__ import annotations

import html
import io

import webvtt

from ..text import one_line
from .cues import Cue


def escape(text: str) -> str:
    """Cue text and voice names are HTML-like in WebVTT: ``<``, ``>`` and ``&`` are escaped (and
    control characters, which a player or a terminal showing the file would act on, dropped)."""
    return html.escape(one_line(text), quote=False)


def timestamp(seconds: float) -> str:
    ms = int(round(max(seconds, 0.0) * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def seconds(stamp: str) -> float:
    """``"00:01:23.400"`` or ``"01:23.400"`` -> 83.4 (webvtt-py's own seconds drop the milliseconds)."""
    *hm, sec = stamp.replace(",", ".").split(":")
    return round(sum(int(x) * 60 ** (len(hm) - i) for i, x in enumerate(hm)) + float(sec), 3)


def read_vtt(text: str) -> list[dict]:
    """Cues of a WebVTT text, by webvtt-py's reader: start, end, voice (a name or None) and plain text."""
    vtt = webvtt.from_buffer(io.StringIO(text.lstrip("\ufeff")))
    return [{"start": seconds(c.start), "end": seconds(c.end),
             "voice": html.unescape(c.voice).strip() if c.voice else None,
             "text": " ".join(html.unescape(c.text).split())} for c in vtt.captions]


def to_webvtt(cues: list[Cue], names: dict[str, str] | None = None) -> webvtt.WebVTT:
    names = names or {}
    vtt = webvtt.WebVTT()
    for cue in cues:
        body = "\n".join(escape(line) for line in cue.lines)
        name = names.get(cue.speaker) if cue.speaker else None
        if name:
            body = f"<v {escape(name)}>{body}"
        vtt.captions.append(webvtt.Caption(timestamp(cue.start), timestamp(cue.end), body))
    return vtt


def write(vtt: webvtt.WebVTT, fmt: str) -> str:
    """``vtt`` as WebVTT or SRT text, by webvtt-py's own writers."""
    buffer = io.StringIO()
    vtt.write(buffer, format=fmt)
    text = buffer.getvalue()
    if fmt == "vtt" and not vtt.captions:
        text = "WEBVTT\n"
    return text if text.endswith("\n") else text + "\n"


def vtt_text(cues: list[Cue], names: dict[str, str] | None = None) -> str:
    return write(to_webvtt(cues, names), "vtt")
