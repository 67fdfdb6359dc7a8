"""A cue's ``<v Name>`` as a speaker label: an existing speaker of that name, or a new one."""

from __future__ import annotations

import re
from typing import Any

from ..transcript import Transcript

CONFIDENCE = 1.0  # the editor said so


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def resolve_voices(transcript: Transcript, cues: list[dict[str, Any]]) -> tuple[list[str | None], dict[str, dict]]:
    """The speaker label each cue's voice names (None: no voice given), and the speakers to add.

    A voice is the name a speaker has (``transcript.speakers``) or a label (``S2``); any other
    name becomes a new label ``S<n>`` with that name, method ``editor``, like ``rr speakers --set``.
    """
    known: dict[str, str] = {}
    for label in sorted(set(transcript.speakers) | {w.speaker for w in transcript.words if w.speaker}, key=_order):
        known.setdefault(_fold(label), label)
    for label, info in sorted(transcript.speakers.items(), key=lambda item: _order(item[0])):
        if info.get("name"):
            known.setdefault(_fold(info["name"]), label)
    added: dict[str, dict] = {}
    labels: list[str | None] = []
    for cue in cues:
        voice = cue.get("voice")
        if not voice:
            labels.append(None)
            continue
        if _fold(voice) not in known:
            label = f"S{max([_order(x)[0] for x in known.values()] + [0]) + 1}"
            known[_fold(voice)] = label
            added[label] = {"name": voice, "role": None, "method": "editor", "confidence": CONFIDENCE}
        labels.append(known[_fold(voice)])
    return labels, added


def _order(label: str) -> tuple[int, str]:
    m = re.fullmatch(r"S(\d+)", label)
    return (int(m.group(1)), label) if m else (0, label)
