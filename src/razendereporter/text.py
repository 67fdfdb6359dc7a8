"""Dutch text helpers shared by every stage: sentences and name folding, defined once."""

from __future__ import annotations

import re

UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿ"

# A sentence ends at . ! ? or … followed by a space and a capital or digit (optionally
# behind an opening quote or bracket), so "o.a. woningcorporatie" stays one sentence.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+(?=[\"“‘'(]?[" + UPPER + r"0-9])")


# The last word of a sentence: ends in . ? ! or …, maybe behind a closing quote or bracket.
SENTENCE_END = re.compile(r"[.?!…]['\")\]]*$")


def sentences(text: str) -> list[str]:
    """Split Dutch text into sentences, whitespace collapsed."""
    flat = " ".join(text.split())
    return [s for s in _SENTENCE_BREAK.split(flat) if s]


def fold_name(name: str) -> str:
    """A person's name as compared: lower case, punctuation gone, spaces collapsed."""
    return " ".join(re.sub(r"[^\w\s'-]", " ", name.lower()).split())


def clock(seconds: float, pad_minutes: bool = False) -> str:
    """A moment in a video as people write it: 83.4 -> "1:23" ("01:23" with ``pad_minutes``),
    3725 -> "1:02:05"."""
    hours, rest = divmod(int(seconds or 0), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}" if pad_minutes else f"{minutes}:{secs:02d}"
