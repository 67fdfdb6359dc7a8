"""Words to subtitle cues, following professional Dutch subtitle practice.

Rules (docs/subtitles.md, after Netflix's Dutch timed-text guide):
- at most 42 characters a line and 2 lines a cue;
- a cue lasts at least 5/6 s and at most 7 s, and stays up long enough to read at
  about 17 characters a second where the gap to the next cue allows;
- break after punctuation or before a conjunction, both between cues and between lines;
- a cue never spans two speakers, and a long pause starts a new cue;
- cues never overlap and keep the audio's timing.

Where cues end is chosen by dynamic programming over word boundaries (the classic
minimum-cost line-breaking approach) rather than greedily, so a sentence end a few words
back is preferred over filling the cue to the brim. No subtitle library does this from
word timestamps, hence this module; webvtt-py writes and reads the files.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field


from ..text import SENTENCE_END, one_line
from ..transcript import MAX_PAUSE, Transcript, Word, join_words, speaker_runs

MAX_LINE = 42
MAX_LINES = 2
MIN_DURATION = 5 / 6
MAX_DURATION = 7.0
MAX_CPS = 17.0
MIN_GAP = 0.0  # cues may touch but never overlap

# Words before which a Dutch sentence breaks naturally.
CONJUNCTIONS = frozenset(
    "en maar of want dus omdat als dat die wanneer terwijl toen zodat hoewel doordat "
    "nadat voordat totdat tenzij zoals waardoor waarbij waarin welke wat wie om".split()
)
_CLAUSE_END = re.compile(r"[,;:–—]['\")\]]*$")


@dataclass
class Cue:
    start: float
    end: float
    lines: list[str]
    speaker: str | None = None  # cluster label
    words: list[Word] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        return " ".join(self.lines)


# ---------------------------------------------------------------------------------------
# Splitting words into cues


def _token(word: Word) -> str:
    return word.text.strip()


def break_lines(words: list[Word]) -> list[str] | None:
    """Lay ``words`` out in at most two lines of 42 characters, or None if they don't fit."""
    text = join_words(words)
    if len(text) <= MAX_LINE:
        return [text]
    best: tuple[float, list[str]] | None = None
    for k in range(1, len(words)):
        first, second = join_words(words[:k]), join_words(words[k:])
        if len(first) > MAX_LINE or len(second) > MAX_LINE:
            continue
        cost = _boundary_cost(words[k - 1], words[k]) + abs(len(first) - len(second)) / 8
        if len(first) > len(second):
            cost += 0.5  # a slightly longer bottom line reads more easily
        if best is None or cost < best[0]:
            best = (cost, [first, second])
    return best[1] if best else None


def _boundary_cost(before: Word, after: Word | None) -> float:
    """How bad it is to break between ``before`` and ``after`` (None: end of speech)."""
    if after is None or SENTENCE_END.search(_token(before)):
        return 0.0
    if _CLAUSE_END.search(_token(before)):
        return 1.0
    if _token(after).lower().strip("\"'(") in CONJUNCTIONS:
        return 2.5
    return 6.0


def _hard_wrap(words: list[Word]) -> list[str]:
    """Lines for a single word longer than a cue can hold (a URL, say)."""
    text = join_words(words)
    return [text[i : i + MAX_LINE] for i in range(0, len(text), MAX_LINE)][:MAX_LINES]


def _split_run(words: list[Word]) -> list[tuple[int, int, list[str]]]:
    """Minimum-cost cue boundaries for one run of words: [(i, j, lines)]."""
    n = len(words)
    best = [math.inf] * (n + 1)
    choice: list[tuple[int, list[str]] | None] = [None] * (n + 1)
    best[0] = 0.0
    for i in range(n):
        if best[i] == math.inf:
            continue
        for j in range(i + 1, n + 1):
            span = words[j - 1].end - words[i].start
            lines = break_lines(words[i:j])
            if j > i + 1 and (lines is None or span > MAX_DURATION):
                break  # longer cues only get worse
            if lines is None:
                lines = _hard_wrap(words[i:j])
            chars = sum(len(line) for line in lines)
            cost = 10.0  # every cue costs something, so cues are filled sensibly
            cost += _boundary_cost(words[j - 1], words[j] if j < n else None) * 3
            cost += max(0.0, chars / max(span, MIN_DURATION) - MAX_CPS) * 0.5
            if j - i < 3 and j < n:
                cost += 4.0  # avoid stranding one or two words
            if best[i] + cost < best[j]:
                best[j] = best[i] + cost
                choice[j] = (i, lines)
    cuts = []
    j = n
    while j > 0:
        i, lines = choice[j]  # type: ignore[misc]
        cuts.append((i, j, lines))
        j = i
    return cuts[::-1]


def whole_words(words: list[Word]) -> list[Word]:
    """Glue word pieces (text without a leading space, e.g. " plan" + "nen") into words.

    Whisper sometimes times a word in pieces; a line or cue must never break inside one.
    """
    out: list[Word] = []
    for w in words:
        if not _token(w):
            continue
        if out and not w.text[:1].isspace() and w.speaker == out[-1].speaker:
            last = out[-1]
            out[-1] = Word(last.start, max(last.end, w.end), last.text + w.text.strip(),
                           min(last.probability, w.probability), last.speaker)
        else:
            out.append(w)
    return out


def make_cues(words: list[Word], media_end: float | None = None) -> list[Cue]:
    """Cues for a list of timed words (already in video time)."""
    words = whole_words(words)
    cues: list[Cue] = []
    for run in speaker_runs(words, MAX_PAUSE):
        for i, j, lines in _split_run(run):
            chunk = run[i:j]
            cues.append(Cue(chunk[0].start, chunk[-1].end, lines, chunk[0].speaker, chunk))
    _retime(cues, media_end)
    return cues


def _retime(cues: list[Cue], media_end: float | None) -> None:
    """No overlaps; hold each cue for its minimum and reading time where the gap allows."""
    for k, cue in enumerate(cues):
        if k:
            cue.start = max(cue.start, cues[k - 1].end)
        cue.end = max(cue.end, cue.start)
        limit = cue.start + MAX_DURATION
        if k + 1 < len(cues):
            limit = min(limit, cues[k + 1].start - MIN_GAP)
        if media_end is not None:
            limit = min(limit, max(media_end, cue.end))
        wanted = max(cue.start + MIN_DURATION, cue.start + len(cue.text) / MAX_CPS)
        cue.end = min(max(cue.end, min(wanted, limit)), cue.start + MAX_DURATION)
        cue.start, cue.end = round(cue.start, 3), round(cue.end, 3)


def speaker_names(transcript: Transcript) -> dict[str, str]:
    """Cluster label → the name the subtitles show (control characters and bidi overrides
    never reach a subtitle, whatever the sidecar holds)."""
    return {label: one_line(info.get("name") or "").strip() or label for label, info in transcript.speakers.items()}
