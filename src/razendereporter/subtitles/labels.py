"""Honest labels: which cues are the machine's words and which an editor corrected, by whom, when.

A cue is *corrected* when an editor's record (pipeline/correct.py) changed words in it: put words
in that lie in the cue, or took words out from inside it (transcript.corrections_in). A cue an
editor read and left as it was stays *automatic*: nothing records that it was read. The episode
is ``automatic`` (no cue corrected), ``partly corrected`` or ``corrected`` (every cue).

In WebVTT the labels are ``NOTE`` blocks, which players do not show and every reader skips
(webvtt-py, Subtitle Edit, ``rr correct``): one after the header for the episode, one before each
corrected cue. SRT has no comments, so an SRT carries no labels; the JSON export carries them as
the sidecar does (``labels``).
"""

from __future__ import annotations

from typing import Any

from ..text import one_line
from ..transcript import Transcript, correction_label, corrections_in
from .cues import Cue

AUTOMATIC, PARTLY, CORRECTED = "automatic", "partly corrected", "corrected"
NOTE_PREFIX = "NOTE gecorrigeerd door "


def cue_labels(transcript: Transcript, cues: list[Cue]) -> list[dict[str, Any] | None]:
    """Per cue: ``{"by", "when"}`` of the corrections in it, or None (the machine's words)."""
    out = []
    for cue in cues:
        start, end = (cue.words[0].start, cue.words[-1].end) if cue.words else (cue.start, cue.end)
        out.append(correction_label(corrections_in(transcript.corrections, start, end)))
    return out


def episode_label(transcript: Transcript, cues: list[Cue], labels: list[dict[str, Any] | None]) -> dict[str, Any]:
    """``{"status", "cues", "corrected_cues", "by", "when"}`` for the whole episode."""
    done = sum(label is not None for label in labels)
    status = AUTOMATIC if not done else CORRECTED if done == len(cues) else PARTLY
    overall = correction_label(transcript.corrections) if done else None
    return {"status": status, "cues": len(cues), "corrected_cues": done,
            "by": overall["by"] if overall else [], "when": overall["when"] if overall else None}


def labels_of(transcript: Transcript, cues: list[Cue], per_cue: list[dict[str, Any] | None] | None = None
              ) -> dict[str, Any]:
    """What the sidecar's ``labels`` holds: the episode's label and the corrected cues
    (``per_cue``: :func:`cue_labels` of these cues, when the caller has them already)."""
    per_cue = cue_labels(transcript, cues) if per_cue is None else per_cue
    return {"episode": episode_label(transcript, cues, per_cue),
            "cues": [{"start": cue.start, "end": cue.end, **label} for cue, label in zip(cues, per_cue) if label]}


def _names(by: list[str]) -> str:
    names = [one_line(n).replace("-->", "->").strip() or "?" for n in by]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


def _day(when: str | None) -> str:
    return (when or "")[:10]


def episode_text(label: dict[str, Any]) -> str:
    """The episode's label in Dutch, as the site's footer and the VTT's first NOTE say it."""
    if label.get("status", AUTOMATIC) == AUTOMATIC:
        return "Ondertiteling automatisch gemaakt"
    who = f"door {_names(label.get('by') or [])} op {_day(label.get('when'))}"
    if label["status"] == CORRECTED:
        return f"Ondertiteling automatisch gemaakt, gecorrigeerd {who}"
    return (f"Ondertiteling automatisch gemaakt, deels gecorrigeerd ({label['corrected_cues']} van "
            f"{label['cues']} ondertitels) {who}")


def cue_note(label: dict[str, Any]) -> str:
    return f"{NOTE_PREFIX}{_names(label['by'])} op {_day(label['when'])}"


def with_notes(vtt: str, episode: dict[str, Any], per_cue: list[dict[str, Any] | None]) -> str:
    """``vtt`` (as vtt.write gives it: a header block, then one block per cue) with the NOTE blocks."""
    blocks = vtt.rstrip("\n").split("\n\n")
    out = [blocks[0], f"NOTE {episode_text(episode)}"]
    for block, label in zip(blocks[1:], per_cue):
        if label is not None:
            out.append(cue_note(label))
        out.append(block)
    return "\n\n".join(out) + "\n"


def corrected_cues(vtt: str) -> dict[int, str]:
    """The line numbers of the cue timing lines that follow a correction NOTE, with the note's text
    ("gecorrigeerd door …"): how a reader of the published VTT (the site) tells the cues apart."""
    out, pending = {}, None
    for number, line in enumerate(vtt.splitlines(), 1):
        if line.startswith(NOTE_PREFIX):
            pending = line[len("NOTE "):]
        elif "-->" in line and pending is not None:
            out[number], pending = pending, None
        elif "-->" in line:
            pending = None
    return out
