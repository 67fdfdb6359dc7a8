"""Words → turns: every word gets the speaker whose turn covers it."""

from __future__ import annotations

from typing import Any, Iterable

from ..transcript import Transcript, Word, speaker_runs


def _turn_tuple(t: Any) -> tuple[float, float, str]:
    if isinstance(t, dict):
        return float(t["start"]), float(t["end"]), str(t["label"])
    return float(t.start), float(t.end), str(t.label)


def assign_words(transcript: Transcript, turns: Iterable[Any]) -> None:
    """Give every word the speaker whose turn covers most of it; set word-aligned turns.

    ``turns`` are :class:`~razendereporter.speakers.diarize.Turn` objects or ``{"label","start","end"}``
    dicts, in the transcript's time base. A word outside every turn takes the nearest turn.
    A lone word that only grazes its turn, between two words of one other speaker with
    no pause, goes with its neighbours (a boundary that fell inside a sentence).
    ``transcript.turns`` becomes the runs of consecutive words of one speaker, so a turn
    always starts and ends on a word.
    """
    spans = sorted(_turn_tuple(t) for t in turns)
    words = transcript.words
    if not words:
        transcript.turns = []
        return
    if not spans:
        for w in words:
            w.speaker = "S1"
    else:
        share = []
        for w in words:
            best, best_overlap = None, 0.0
            for s, e, lab in spans:
                if s > w.end:
                    break
                ov = min(e, w.end) - max(s, w.start)
                if ov > best_overlap:
                    best, best_overlap = lab, ov
            if best is None:
                mid = (w.start + w.end) / 2
                best = min(spans, key=lambda t: 0.0 if t[0] <= mid <= t[1] else min(abs(t[0] - mid), abs(t[1] - mid)))[2]
            w.speaker = best
            share.append(best_overlap / max(w.end - w.start, 1e-3))
        for i in range(1, len(words) - 1):
            prev, cur, nxt = words[i - 1], words[i], words[i + 1]
            if (prev.speaker == nxt.speaker != cur.speaker and share[i] < 0.6
                    and cur.start - prev.end < 0.15 and nxt.start - cur.end < 0.15):
                cur.speaker = prev.speaker
    transcript.turns = word_turns(words)


def word_turns(words: list[Word]) -> list[dict[str, Any]]:
    """The runs of consecutive words of one speaker as ``{"label", "start", "end"}``."""
    return [{"label": run[0].speaker, "start": round(run[0].start, 3), "end": round(run[-1].end, 3)}
            for run in speaker_runs(words)]
