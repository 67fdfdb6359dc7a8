"""Scores for a transcript of an interview with known truth: WER, DER and turns kept.

WER and DER are the suite's own (:func:`synth.wer`, :func:`diarize_fixtures.der`); new here is
*turns kept*, which catches what an overall WER hides: a whole answer that vanished.

A truth turn is **kept** when at least half of its words (normalised as for WER) are among the
hypothesis words whose time span overlaps the turn's, widened by 0.5 s on each side. Each
hypothesis word counts once per turn (a multiset match), so "deze dialoog … deze dialoog" needs
both.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

import diarize_fixtures
import synth

MARGIN = 0.5
KEPT = 0.5


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class TurnScore:
    index: int  # 0-based index of the truth turn
    start: float
    end: float
    speaker: str
    text: str
    found: int  # truth words found in the hypothesis around the turn
    total: int
    heard: str  # the hypothesis words around the turn

    @property
    def fraction(self) -> float:
        return self.found / self.total if self.total else 1.0

    @property
    def kept(self) -> bool:
        return self.fraction >= KEPT


def words_of(items: Iterable) -> list[Word]:
    """Hypothesis words from (start, end, text) tuples, dicts with start/end/text (the sidecar's),
    or objects with start/end/word (faster-whisper's)."""
    out = []
    for w in items:
        if isinstance(w, Word):
            out.append(w)
        elif isinstance(w, dict):
            out.append(Word(float(w["start"]), float(w["end"]), str(w.get("text", w.get("word", "")))))
        elif hasattr(w, "word"):
            out.append(Word(float(w.start), float(w.end), str(w.word)))
        else:
            s, e, t = w
            out.append(Word(float(s), float(e), str(t)))
    return out


def turn_scores(turns, hypothesis, margin: float = MARGIN) -> list[TurnScore]:
    """One :class:`TurnScore` per truth turn; ``turns`` hold start, end, speaker, text (tuples or
    objects), ``hypothesis`` the transcribed words (anything :func:`words_of` reads)."""
    words = words_of(hypothesis)
    scores = []
    for i, turn in enumerate(turns):
        start, end, speaker, text = (turn.start, turn.end, turn.speaker, turn.text) if hasattr(turn, "text") else turn[:4]
        lo, hi = start - margin, end + margin
        near = [w for w in words if w.end > lo and w.start < hi]
        pool = Counter(tok for w in near for tok in synth.normalise(w.text))
        truth = synth.normalise(text)
        found = 0
        for tok in truth:
            if pool[tok] > 0:
                pool[tok] -= 1
                found += 1
        scores.append(TurnScore(i, start, end, speaker, text, found, len(truth),
                                " ".join(w.text.strip() for w in near)))
    return scores


def turns_kept(turns, hypothesis, margin: float = MARGIN) -> tuple[int, int, list[TurnScore]]:
    """(kept, total, the lost turns' scores)."""
    scores = turn_scores(turns, hypothesis, margin)
    return sum(s.kept for s in scores), len(scores), [s for s in scores if not s.kept]


def wer(reference: str, hypothesis: str) -> float:
    return synth.wer(reference, hypothesis)


def der(reference, hypothesis, *, collar: float = 0.0) -> float:
    """:func:`diarize_fixtures.der`; ``hypothesis`` as (start, end, label) or sidecar turns
    (dicts with label/start/end)."""
    hyp = [(h["start"], h["end"], h["label"]) if isinstance(h, dict) else h for h in hypothesis]
    return diarize_fixtures.der(list(reference), hyp, collar=collar)
