"""Corrections as records in the sidecar: made from two word lists, applied, taken back, laid over
a new transcription.

A record is one stretch of words an editor changed: ``{"save", "editor", "when", "start",
"end", "before", "after"}``, ``before`` and ``after`` the words as the sidecar stores them
(start, end, text, probability, speaker), ``start``/``end`` the span both cover on the video's
clock. ``save`` numbers the editor's saves (one ``rr correct``, one save in the browser), which
is what ``--undo`` takes back. The record holds everything needed to restore the words before
it exactly, and to put the corrected words back over the machine's words of a re-transcription,
by time.
"""

from __future__ import annotations

import bisect
from difflib import SequenceMatcher
from typing import Any

from ..errors import RRError
from ..transcript import Segment, Transcript, Word, join_words

EPS = 1e-3
# A machine word of a re-transcription that reaches this far into a correction's span (with its
# middle outside it) means the two do not line up: the correction is reported, not forced in.
STRADDLE_S = 0.25


def word_dict(w: Word) -> dict[str, Any]:
    """A word as the sidecar stores it (transcript.to_dict rounds the same way)."""
    return {"start": round(w.start, 3), "end": round(w.end, 3), "text": w.text,
            "probability": round(w.probability, 4), "speaker": w.speaker}


def word_of(d: dict[str, Any]) -> Word:
    return Word(d["start"], d["end"], d["text"], d.get("probability", 1.0), d.get("speaker"))


def _key(w: Word) -> tuple:
    return (round(w.start, 3), round(w.end, 3), w.text, round(w.probability, 4), w.speaker)


def edits(old: list[Word], new: list[Word]) -> list[tuple[int, int, list[Word]]]:
    """Where ``new`` differs from ``old``: (i, j, words) replacing ``old[i:j]``, in order."""
    matcher = SequenceMatcher(None, [_key(w) for w in old], [_key(w) for w in new], autojunk=False)
    return [(i1, i2, new[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]


def make_records(old: list[Word], changes: list[tuple[int, int, list[Word]]], save: int, editor: str,
                 when: str) -> list[dict[str, Any]]:
    records = []
    for i, j, after in changes:
        both = old[i:j] + after
        records.append({"save": save, "editor": editor, "when": when,
                        "start": round(min(w.start for w in both), 3), "end": round(max(w.end for w in both), 3),
                        "before": [word_dict(w) for w in old[i:j]], "after": [word_dict(w) for w in after]})
    return records


def next_save(transcript: Transcript) -> int:
    return max((r.get("save", 0) for r in transcript.corrections), default=0) + 1


def splice(transcript: Transcript, i: int, j: int, new: list[Word]) -> None:
    """Replace the transcript's words ``[i:j]`` (flat, across segments) by ``new``."""
    apply(transcript, [(i, j, new)])


def apply(transcript: Transcript, changes: list[tuple[int, int, list[Word]]]) -> None:
    """Apply :func:`edits` (ranges of the current words and their new words) to the transcript.

    New words join the segment of the first word they replace (or of the word before, or
    after, them); the segments touched get their text from their words again (the words' texts
    one after the other, as Whisper writes it) and reach as far as their words; one left without
    words goes.
    Every other segment stays as it was.
    """
    if not transcript.segments:
        first = next((new[0].start for _, _, new in changes if new), 0.0)
        transcript.segments.append(Segment(first, first, "", []))
    tagged = [(s, w) for s, seg in enumerate(transcript.segments) for w in seg.words]
    touched: set[int] = set()
    # From the end, so the indices before stay right; of two insertions at one place the later first.
    for i, j, new in sorted(changes, key=lambda c: (c[0], c[2][0].start if c[2] else 0.0), reverse=True):
        home = tagged[i][0] if i < j else _home(transcript.segments, tagged, i, new)
        touched |= {home} | {s for s, _ in tagged[i:j]}
        tagged[i:j] = [(home, w) for w in new]
    words: dict[int, list[Word]] = {s: [] for s in touched}
    for owner, w in tagged:
        if owner in words:
            words[owner].append(w)
    for s in sorted(touched, reverse=True):
        seg = transcript.segments[s]
        seg.words = words[s]
        if not seg.words:
            del transcript.segments[s]
        else:
            seg.start, seg.end = min(seg.start, seg.words[0].start), max(seg.end, seg.words[-1].end)
            seg.text = "".join(w.text for w in seg.words)


def _home(segments: list[Segment], tagged: list[tuple[int, Word]], i: int, new: list[Word]) -> int:
    """The segment words inserted before flat index ``i`` join: the one before, unless only the
    next one's time covers them (words put back at the start of their old segment)."""
    before = tagged[i - 1][0] if i > 0 else None
    after = tagged[i][0] if i < len(tagged) else None
    if after is None or (before is not None and not new):
        return before if before is not None else 0
    if before is None or (segments[after].start <= new[0].start + EPS and new[0].start > segments[before].end - EPS):
        return after
    return before


def undo(transcript: Transcript, records: list[dict[str, Any]]) -> None:
    """Take ``records`` back, the last first: their corrected words become the words before again.

    Raises RRError, before changing anything a caller keeps, when a record's words are no longer
    in the transcript as it left them.
    """
    for record in reversed(records):
        after = [word_of(d) for d in record["after"]]
        words = transcript.words
        at = _find(words, after, record)
        if at is None:
            raise RRError(f"correction of {record['start']:.2f}-{record['end']:.2f} s by {record.get('editor')} "
                          "cannot be taken back: its words have changed since; nothing was undone")
        splice(transcript, at, at + len(after), [word_of(d) for d in record["before"]])


def _find(words: list[Word], after: list[Word], record: dict[str, Any]) -> int | None:
    starts = [w.start for w in words]
    if not after:  # a deletion: its words go back where they were
        return bisect.bisect_left(starts, record["before"][0]["start"] - EPS) if record["before"] else None
    keys = [_key(w) for w in after]
    for at in range(bisect.bisect_left(starts, after[0].start - EPS), len(words) - len(after) + 1):
        if words[at].start > after[0].start + EPS:
            break
        if [_key(w) for w in words[at:at + len(after)]] == keys:
            return at
    return None


def lay_over(transcript: Transcript, records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Put the editors' corrected words over a new transcription, in the order they were made.

    The machine's new words whose middle lies in a record's span give way to the record's
    corrected words, and become its ``before`` (so an undo restores them). A record whose span
    lies past the audio, or that a new word straddles, is not placed: (placed, not placed).
    Records whose spans do not meet are placed together, so an hour's corrections take one pass.
    """
    placed, lost = [], []
    batch: list[tuple[int, int, list[Word]]] = []
    spans: list[tuple[float, float]] = []
    words, middles = transcript.words, [(w.start + w.end) / 2 for w in transcript.words]
    for record in records:
        start, end = record["start"], record["end"]
        if any(start <= b + EPS and a <= end + EPS for a, b in spans):  # meets one waiting: that one goes in first
            apply(transcript, batch)
            batch, spans = [], []
            words, middles = transcript.words, [(w.start + w.end) / 2 for w in transcript.words]
        i, j = bisect.bisect_left(middles, start - EPS), bisect.bisect_right(middles, end + EPS)
        straddled = any(0 <= k < len(words) and min(end, words[k].end) - max(start, words[k].start) > STRADDLE_S
                        for k in (i - 1, j))
        if (transcript.duration and start > transcript.duration + EPS) or straddled:
            lost.append(record)
            continue
        placed.append({**record, "before": [word_dict(w) for w in words[i:j]]})
        batch.append((i, j, [word_of(d) for d in record["after"]]))
        spans.append((start, end))
    apply(transcript, batch)
    return placed, lost


def describe(record: dict[str, Any]) -> str:
    """``"deze dialog voren" -> "deze dialoog voeren"``."""
    def text(words: list[dict[str, Any]]) -> str:
        return join_words([word_of(d) for d in words]) or "(nothing)"

    return f'"{text(record["before"])}" -> "{text(record["after"])}"'
