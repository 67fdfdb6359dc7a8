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


# Characters that must never reach a terminal, a subtitle or a page from a name or a title:
# C0 and C1 controls (ESC starts terminal escape sequences, BEL rings) and the bidirectional
# overrides, embeddings, isolates and marks that make text read in another order than stored.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNPRINTABLE = re.compile(f"[{_CONTROLS}]")
_UNPRINTABLE_OR_BREAK = re.compile(f"[\t\n{_CONTROLS}]")


def printable(text: str) -> str:
    """``text`` without control characters and bidi overrides; line breaks and tabs stay."""
    return _UNPRINTABLE.sub(lambda m: " " if m.group(0) == "\r" else "", text)


def one_line(text: str) -> str:
    """``text`` as one clean line: control characters and bidi overrides gone, breaks and tabs spaces."""
    return _UNPRINTABLE_OR_BREAK.sub(lambda m: " " if m.group(0) in "\t\n\r" else "", text)
