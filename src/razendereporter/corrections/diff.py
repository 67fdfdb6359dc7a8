"""The corrected text against the stored words: which words stay, which are new, where to align them.

The editor's cues (plain data from a reader, or from the browser) are cut into words and
matched with the stored words on normalised tokens (matching.py: difflib.SequenceMatcher, with
the fewest edits between its anchors; case, accents and punctuation do not count, so "Ekobie,"
against "ecologie" is a change but "gemeente," against "Gemeente" is not); the editor's spelling
and punctuation are what is kept. A kept word keeps its time. The words that are new (changed or inserted) come in
stretches, each with the window of audio it must lie in: between the kept words around it,
within its cue when the file has times. A cue whose times the editor changed on purpose (they
differ from every stored cue's by more than :data:`TIME_TOLERANCE_S`) keeps them: all its words
are aligned inside it. A stored word the corrected text does not have is deleted.

This is a stage of its own, beside subtitles and transcribe and importing neither: it works on
the plain data both produce (cue dicts, cue spans, word timings), and the pipeline
(pipeline/correct.py) hands it the stored cues, runs the alignment and applies the result.
"""

from __future__ import annotations

import bisect
import math
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..errors import RRError
from ..transcript import Word, join_words
from .matching import match

TIME_TOLERANCE_S = 0.05  # cue times further than this from every stored cue's were set by the editor
MIN_KEPT = 0.3  # a text keeping fewer of the stored words is taken for another episode's
MIN_WORDS_TO_JUDGE = 10  # a shorter transcript may be rewritten whole
OLD_SPAN_MARGIN_S = 1.0  # without cue times, new words lie near the words they replace
MIN_WORD_S = 0.1  # a new word needs at least this much audio to be aligned in


def normalise(text: str) -> str:
    """The form words are matched by: case, accents and punctuation folded away."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in folded if ch.isalnum())


@dataclass
class Token:
    """A word of the corrected text."""

    text: str  # the editor's spelling, punctuation attached
    norm: str
    cue: int


@dataclass
class Group:
    """A stored word as a reader sees it: Whisper's pieces (" plan" + "nen") and lone punctuation joined."""

    words: list[Word]
    norm: str

    @property
    def text(self) -> str:
        return join_words(self.words)


@dataclass
class Job:
    """New words to align, the window they must lie in (video clock) and the cue's line."""

    texts: list[str]
    lo: float
    hi: float
    line: int
    tokens: list[int] = field(default_factory=list, repr=False)


@dataclass
class Chunk:
    """Jobs near each other, aligned in one pass over one window of audio (``lo``–``hi``): their
    words, the kept words between them, and a kept word either side as context."""

    lo: float
    hi: float
    tokens: list[int]  # consecutive token indices, kept ones included
    jobs: list[int]


@dataclass
class Plan:
    tokens: list[Token]
    groups: list[Group]
    kept: dict[int, int]  # token index -> group index, for words that keep their time
    jobs: list[Job]
    speakers: list[str | None]  # per token: the speaker label its word gets
    kept_share: float

    def chunks(self, max_s: float, max_words: int, min_s: float = 0.0) -> list[Chunk]:
        """The jobs with a window of at least ``min_s``, grouped: one pass of the model costs the same
        for 1 s as for 30 s of audio, and the kept words around a changed one help to place it
        (the alignment then knows where the words before and after it are spoken)."""
        out: list[Chunk] = []
        for k, job in enumerate(self.jobs):
            if job.hi - job.lo < min_s:
                continue
            last = out[-1] if out else None
            if (last and job.lo >= last.lo and max(job.hi, last.hi) - last.lo <= max_s
                    and job.tokens[-1] - last.tokens[0] < max_words):
                last.tokens.extend(range(last.tokens[-1] + 1, job.tokens[-1] + 1))
                last.hi, last.jobs = max(last.hi, job.hi), last.jobs + [k]
            else:
                out.append(Chunk(job.lo, job.hi, list(job.tokens), [k]))
        for chunk in out:
            before, after = chunk.tokens[0] - 1, chunk.tokens[-1] + 1
            if before in self.kept and chunk.hi - self.groups[self.kept[before]].words[0].start <= max_s:
                chunk.lo = min(chunk.lo, self.groups[self.kept[before]].words[0].start)
                chunk.tokens.insert(0, before)
            if after in self.kept and self.groups[self.kept[after]].words[-1].end - chunk.lo <= max_s:
                chunk.hi = max(chunk.hi, self.groups[self.kept[after]].words[-1].end)
                chunk.tokens.append(after)
        return out

    def words(self, timings: list[list[tuple[float, float, float]]]) -> list[Word]:
        """The corrected word list, given (start, end, probability) for every job's words."""
        timed: dict[int, tuple[float, float, float]] = {}
        for job, times in zip(self.jobs, timings):
            timed.update(zip(job.tokens, times))
        out: list[Word] = []
        for t, token in enumerate(self.tokens):
            if t in self.kept:
                out.extend(_kept_words(self.groups[self.kept[t]], token.text, self.speakers[t]))
            else:
                start, end, probability = timed[t]
                out.append(Word(round(start, 3), round(end, 3), " " + token.text, round(probability, 4),
                                self.speakers[t]))
        return out


def tokens_of(cues: list[dict[str, Any]]) -> list[Token]:
    """The corrected text's words; a token of punctuation only (a dash, an ellipsis) joins its neighbour."""
    out: list[Token] = []
    for c, cue in enumerate(cues):
        first = len(out)
        for piece in cue["text"].split():
            norm = normalise(piece)
            if not norm and len(out) > first:
                out[-1].text += " " + piece
            elif len(out) > first and not out[-1].norm:
                out[-1] = Token(out[-1].text + " " + piece, norm, c)
            else:
                out.append(Token(piece, norm, c))
    return out


def groups_of(words: list[Word]) -> list[Group]:
    """The stored words as the subtitles show them, so they pair with the editor's tokens."""
    out: list[Group] = []
    for w in words:
        attaches = out and (not w.text[:1].isspace() or not normalise(w.text)) and w.speaker == out[-1].words[-1].speaker
        if attaches:
            out[-1].words.append(w)
            out[-1].norm += normalise(w.text)
        else:
            out.append(Group([w], normalise(w.text)))
    return out


def _kept_words(group: Group, text: str, speaker: str | None) -> list[Word]:
    """A kept word, with the editor's spelling and speaker; untouched when they are the same."""
    if group.text == text and all(w.speaker == speaker for w in group.words):
        return group.words
    if group.text == text:
        return [Word(w.start, w.end, w.text, w.probability, speaker) for w in group.words]
    first, last = group.words[0], group.words[-1]
    lead = first.text[: len(first.text) - len(first.text.lstrip())] or " "
    return [Word(first.start, last.end, lead + text, min(w.probability for w in group.words), speaker)]


def plan(words: list[Word], stored_cues: list[tuple[float, float]], cues: list[dict[str, Any]],
         cue_speakers: list[str | None], duration: float) -> Plan:
    """Match the corrected ``cues`` (with the speaker label each cue's voice names, or None) with
    the stored ``words``; ``stored_cues`` are the (start, end) of the cues the stored words make."""
    tokens, groups = tokens_of(cues), groups_of(words)
    matched = match([g.norm for g in groups], [t.norm for t in tokens])
    share = len(matched) / len(groups) if groups else 1.0
    if len(groups) >= MIN_WORDS_TO_JUDGE and share < MIN_KEPT:
        raise RRError(f"the corrected text keeps only {share:.0%} of the episode's {len(groups)} words: "
                      f"is it the transcript of another episode? Nothing was changed")
    stored_cues = sorted(stored_cues)
    fixed = [_editor_timed(cue, stored_cues) for cue in cues]
    kept = {t: g for t, g in matched.items() if not fixed[tokens[t].cue]}  # the rest is aligned in its cue
    jobs = _roomy_jobs(tokens, groups, kept, cues, fixed, duration)
    speakers = _speakers(tokens, groups, matched, _Neighbours(tokens, matched), cue_speakers)
    return Plan(tokens, groups, kept, jobs, speakers, share)


def _roomy_jobs(tokens: list[Token], groups: list[Group], kept: dict[int, int], cues: list[dict[str, Any]],
                fixed: list[bool], duration: float) -> list[Job]:
    """The jobs, each with room for its words: a word Whisper missed between two words that touch
    hides in their times, so those neighbours (in the same cue) are aligned again with it."""
    timed = any(c.get("start") is not None for c in cues)
    for _ in range(3):
        near = _Neighbours(tokens, kept)
        jobs = _jobs(tokens, groups, kept, near, cues, fixed, duration)
        cramped = [job for job in jobs if job.hi - job.lo < MIN_WORD_S * len(job.texts)]
        widened = False
        for job in cramped:
            for k in (near.before[job.tokens[0]], near.after[job.tokens[-1]]):
                if k is not None and not (timed and tokens[k].cue != tokens[job.tokens[0]].cue):
                    widened = kept.pop(k, None) is not None or widened
        if not widened:
            break
    return jobs


def _editor_timed(cue: dict[str, Any], stored: list[tuple[float, float]]) -> bool:
    """Whether the cue's times are the editor's: no stored cue starts and ends (almost) with it."""
    if cue.get("start") is None:
        return False
    k = bisect.bisect_left(stored, (cue["start"] - TIME_TOLERANCE_S, -math.inf))
    while k < len(stored) and stored[k][0] <= cue["start"] + TIME_TOLERANCE_S:
        if abs(stored[k][1] - cue["end"]) <= TIME_TOLERANCE_S:
            return False
        k += 1
    return True


class _Neighbours:
    """The kept tokens before and after every token."""

    def __init__(self, tokens: list[Token], kept: dict[int, int]):
        self.before: list[int | None] = []
        last = None
        for t in range(len(tokens)):
            self.before.append(last)
            last = t if t in kept else last
        self.after: list[int | None] = [None] * len(tokens)
        last = None
        for t in range(len(tokens) - 1, -1, -1):
            self.after[t] = last
            last = t if t in kept else last


def _runs(tokens: list[Token], kept: dict[int, int], timed: bool) -> list[list[int]]:
    """Consecutive new tokens; with cue times, a run never crosses a cue."""
    runs: list[list[int]] = []
    for t, token in enumerate(tokens):
        if t in kept:
            continue
        if runs and runs[-1][-1] == t - 1 and not (timed and tokens[t - 1].cue != token.cue):
            runs[-1].append(t)
        else:
            runs.append([t])
    return runs


def _jobs(tokens: list[Token], groups: list[Group], kept: dict[int, int], near: _Neighbours,
          cues: list[dict[str, Any]], fixed: list[bool], duration: float) -> list[Job]:
    """A job per run of new words, with the window of audio its words must lie in."""
    timed = any(c.get("start") is not None for c in cues)
    jobs = []
    for run in _runs(tokens, kept, timed):
        before, after = near.before[run[0]], near.after[run[-1]]
        lo = groups[kept[before]].words[-1].end if before is not None else 0.0
        hi = groups[kept[after]].words[0].start if after is not None else duration
        cue = cues[tokens[run[0]].cue]
        old = _between(groups, kept, before, after)
        if fixed[tokens[run[0]].cue]:  # the editor's times, as far as the kept words around allow
            lo = lo if cue["start"] < lo < cue["end"] else cue["start"]
            hi = hi if cue["start"] < hi < cue["end"] else cue["end"]
        elif cue.get("start") is not None:
            lo, hi = max(lo, cue["start"]), min(hi, cue["end"])
        elif old:
            lo, hi = max(lo, old[0].start - OLD_SPAN_MARGIN_S), min(hi, old[-1].end + OLD_SPAN_MARGIN_S)
        jobs.append(Job([tokens[t].text for t in run], lo, max(lo, hi), cue.get("line", 0), run))
    return jobs


def _between(groups: list[Group], matched: dict[int, int], before: int | None, after: int | None) -> list[Word]:
    """The stored words between two matched tokens: those the tokens between them replace."""
    return [w for g in groups[matched[before] + 1 if before is not None else 0:
                              matched[after] if after is not None else len(groups)] for w in g.words]


def _speakers(tokens: list[Token], groups: list[Group], matched: dict[int, int], near: _Neighbours,
              cue_speakers: list[str | None]) -> list[str | None]:
    """The cue's voice decides. Else a matched word keeps its speaker, and a new one takes that of
    a matched word of its cue, else of the words it replaces, else of its neighbours."""
    out: list[str | None] = []
    for t, token in enumerate(tokens):
        label = cue_speakers[token.cue]
        if label is None and t in matched:
            label = groups[matched[t]].words[0].speaker
        if label is None:
            around = [k for k in (near.before[t], near.after[t]) if k is not None]
            sources = [groups[matched[k]].words[0] for k in around if tokens[k].cue == token.cue]
            sources += _between(groups, matched, near.before[t], near.after[t])[:1]
            sources += [groups[matched[k]].words[0] for k in around]
            label = next((w.speaker for w in sources if w.speaker), None)
        out.append(label)
    return out
