"""WebVTT: cues as a web player shows them, each speaker's cue in a ``<v Name>`` voice span."""

from __future__ import annotations

import html
import io
import re

import webvtt
import webvtt.errors

from ..text import one_line
from .cues import Cue
from .cuetext import blocks, clean_lines, empty_file_error, fail, plain


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


def read_vtt(text: str, source: str = "the WebVTT file") -> list[dict]:
    """Cues of a WebVTT text: start, end, voice (a name or None), plain text and line number.

    webvtt-py reads the cues (``<v Name>`` and ``<v.loud Name>`` voices, cue settings, NOTE and
    STYLE blocks); the file is checked first so a malformed one is refused with its line, and
    not half read: a timing line that does not parse, a cue ending before it starts, text
    outside any cue (a blank line typed inside a cue's text).
    """
    lines = clean_lines(text)
    if not any(lines):
        raise empty_file_error(source)
    if not _HEADER.match(lines[0]):
        raise fail(source, 1, "a WebVTT file starts with the line WEBVTT")
    numbers = [_checked_cue(source, number, block) for number, block in blocks(lines)[1:]
               if not _NOT_A_CUE.match(block[0])]
    try:
        captions = webvtt.from_string("\n".join(lines)).captions
    except (webvtt.errors.MalformedFileError, webvtt.errors.MalformedCaptionError, ValueError) as exc:
        raise fail(source, 1, f"not a WebVTT file webvtt-py can read ({exc})") from None
    if len(captions) != len(numbers):  # the checks above and webvtt-py disagree: say so, read nothing
        raise fail(source, 1, f"{len(numbers)} cues found but webvtt-py reads {len(captions)}")
    return [{"start": seconds(c.start), "end": seconds(c.end), "line": number,
             "voice": " ".join(html.unescape(c.voice).split()) if c.voice else None,
             "text": plain(c.raw_text)} for c, number in zip(captions, numbers)]


_HEADER = re.compile(r"WEBVTT(?:[ \t].*)?$")
_NOT_A_CUE = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t].*)?$")
_STAMP = r"(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}"
_TIMING = re.compile(rf"({_STAMP})[ \t]*-->[ \t]*({_STAMP})(?:[ \t]+.*)?$")


def _checked_cue(source: str, number: int, block: list[str]) -> int:
    """The line number of a cue block's timing line, after checking the block is a cue."""
    at = 0 if "-->" in block[0] else 1 if len(block) > 1 and "-->" in block[1] else None
    if at is None:
        raise fail(source, number, f"text outside any cue: {block[0][:60]!r} (a blank line inside a cue's text?)")
    m = _TIMING.match(block[at].strip())
    if not m:
        raise fail(source, number + at, f"cue timings {block[at].strip()[:60]!r} do not parse; "
                                        "write them as 00:01:02.500 --> 00:01:04.000")
    if seconds(m.group(2)) < seconds(m.group(1)):
        raise fail(source, number + at, f"the cue ends ({m.group(2)}) before it starts ({m.group(1)})")
    stray = next((k for k, line in enumerate(block[at + 1:], at + 1) if "-->" in line), None)
    if stray is not None:
        raise fail(source, number + stray, "cue timings inside a cue's text: put a blank line before them")
    return number + at


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
