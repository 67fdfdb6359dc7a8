"""An editor's cues checked before anything is changed: one-line errors and a warning per cue.

The same checks whether the cues come from a file (``rr correct``) or from the browser: a cue
past the end of the video (a file for another episode), cues with no words at all, a cue too
long for a subtitle, cues that overlap.
"""

from __future__ import annotations

import math
from typing import Any

from ..errors import RRError
from ..limits import MAX_NAME
from ..text import clock, one_line

MAX_CUE_CHARS = 2 * 42  # what one subtitle shows: two lines of subtitles.cues.MAX_LINE characters
PAST_END_S = 0.5  # a cue may end this much after the last sample (rounding, the reading-time hold)


def check_cues(cues: list[Any], duration: float, source: str = "the corrected file") -> tuple[list[dict], list[str]]:
    """The cues, checked and in time order (when they have times), and the warnings about them."""
    checked = [_checked(cue, k, source) for k, cue in enumerate(cues)]
    if not any(c["text"].strip() for c in checked):
        raise RRError(f"{source} has no words: there is nothing to correct the transcript with")
    timed = [c for c in checked if c["start"] is not None]
    if timed and len(timed) != len(checked):
        untimed = next(c for c in checked if c["start"] is None)
        raise RRError(f"{source}, line {untimed['line']}: this cue has no times and others do; give every cue "
                      "times, or none")
    timed.sort(key=lambda c: (c["start"], c["end"]))
    warnings = []
    latest: dict | None = None
    for cue in timed:
        where = f"{source}, line {cue['line']}"
        if duration and cue["end"] > duration + PAST_END_S:
            raise RRError(f"{where}: the cue ends at {clock(cue['end'])}, after the end of the video "
                          f"({clock(duration)}): is the file for another episode? Nothing was changed")
        if len(cue["text"]) > MAX_CUE_CHARS:
            warnings.append(f"{where}: the cue has {len(cue['text'])} characters, more than a subtitle shows "
                            f"({MAX_CUE_CHARS}); the subtitle rules cut it into several cues")
        if latest is not None and cue["start"] < latest["end"] - 1e-3:
            warnings.append(f"{where}: the cue overlaps the one at line {latest['line']} by "
                            f"{latest['end'] - cue['start']:.2f} s; its words are placed after that cue's")
        if latest is None or cue["end"] > latest["end"]:
            latest = cue
    return timed or checked, warnings


def _checked(cue: Any, k: int, source: str) -> dict[str, Any]:
    """One cue as plain data: ``text``, ``start``/``end`` (seconds, both or neither), ``voice``, ``line``."""
    line = cue.get("line") if isinstance(cue, dict) else None
    line = line if isinstance(line, int) and not isinstance(line, bool) else k + 1
    where = f"{source}, cue {k + 1}" if not isinstance(cue, dict) or "line" not in cue else f"{source}, line {line}"
    if not isinstance(cue, dict) or not isinstance(cue.get("text"), str):
        raise RRError(f"{where}: a cue is an object with a text")
    start, end, voice = cue.get("start"), cue.get("end"), cue.get("voice")
    if (start is None) != (end is None):
        raise RRError(f"{where}: a cue has both a start and an end time, or neither")
    if start is not None:
        if not all(isinstance(t, (int, float)) and not isinstance(t, bool) and math.isfinite(t) and t >= 0
                   for t in (start, end)):
            raise RRError(f"{where}: cue times are seconds from the start of the video, got {start!r} and {end!r}")
        if end < start:
            raise RRError(f"{where}: the cue ends ({end}) before it starts ({start})")
    if voice is not None and not isinstance(voice, str):
        raise RRError(f"{where}: a cue's voice is a speaker's name")
    voice = " ".join(one_line(voice).split()) if voice else None
    if voice and len(voice) > MAX_NAME:  # a speaker's name, as `rr speakers --set` takes it
        raise RRError(f"{where}: the speaker's name in <v …> has {len(voice)} characters, more than a name "
                      f"may have ({MAX_NAME}); nothing was changed")
    return {"start": None if start is None else float(start), "end": None if end is None else float(end),
            "voice": voice or None, "text": " ".join(cue["text"].split()), "line": line}
