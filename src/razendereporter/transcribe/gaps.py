"""Speech the decoder skipped: find it with the VAD, decode it again on its own, merge it in.

Whisper sometimes skips speech inside a long decoding window: a 2.5 s answer after a short
pause, gone from the subtitles and the quotes, while the same audio decoded on its own comes
out fine. After transcription (and the hallucination filter) every stretch the VAD marks as
speech, cut at short pauses, must carry words. A stretch that does not is decoded again on
its own, with a little audio either side as context, through the same engine (no VAD: the
stretch is speech already; all the stretches in one batched call when the engine has
``transcribe_clips``, each still its own clip); only the words inside the stretch are kept,
so the context does not repeat words, and they go through the same hallucination filter. A
stretch that still yields nothing becomes a warning with its times, for an editor to look at.

The VAD is the ingest's shared pass when it is given (``speech``: the speech map of each
window, see windows.py), so ordinary speech costs nothing more; only the gaps are decoded.
The audio may be a memory map of int16 samples (a long video): it is read in windows, and
only what is decoded is converted.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace

import numpy as np

from ..media import SAMPLE_RATE, VadSettings
from ..media.vad import SpeechMap
from ..transcript import Segment, Transcript, Word, join_words
from .engine import DutchSettings, Engine
from .hallucinations import NO_SPEECH_WARNING, clean, is_hallucination
from .windows import WINDOW_S, as_float, speech_maps


@dataclass(frozen=True)
class GapSettings:
    # Cut at short pauses, so a sentence that follows the same speaker is a stretch of its own.
    vad: VadSettings = field(default_factory=lambda: VadSettings(
        threshold=0.5, min_speech_ms=250, min_silence_ms=250, pad_ms=100))
    min_speech_s: float = 0.8  # shorter stretches are not checked
    # A stretch carries words when it holds at least this many per second (speech has 2-3),
    # counting words with their middle inside and no longer than ``max_word_s``: next to
    # skipped speech Whisper stretches a word over the hole (" plant" from 5.0 to 9.3 s).
    words_per_s: float = 1.0
    max_word_s: float = 1.5
    context_s: float = 0.75  # audio decoded on either side of a stretch
    join_s: float = 1.0  # uncovered stretches closer than this are decoded together


GAPS = GapSettings()
EDGE_S = 0.15  # how far a word's middle may lie outside the stretch and still belong to it
MAX_CLIP_S = 30.0  # one decoding window: a longer stretch (with its context) is decoded sequentially
Windows = list[tuple[int, SpeechMap]]  # (first sample, speech map) of each window of the audio


def fill_gaps(transcript: Transcript, audio: np.ndarray, engine: Engine, settings: DutchSettings,
              gaps: GapSettings = GAPS, offset: float = 0.0,
              speech: Windows | None = None) -> tuple[Transcript, list[str]]:
    """``transcript`` with the words of skipped speech merged in, and a warning per stretch of
    speech that still has none. ``audio`` is the 16 kHz audio the transcript's times count
    from (float32, or int16 as a memory map); ``offset`` is added to the times in warnings
    (the audio's start on the video's clock); ``speech``: its VAD, already computed."""
    stretches = join_close(uncovered(speech_stretches(audio, gaps, speech=speech), transcript.words, gaps), gaps.join_s)
    warnings = []
    added = False
    for (start, end), found in zip(stretches, decode_stretches(audio, stretches, engine, settings, gaps.context_s)):
        if found:
            merge(transcript, start, end, found)
            added = True
        else:
            warnings.append(f"no words in speech at {start + offset:.1f}–{end + offset:.1f} s")
    if added and NO_SPEECH_WARNING in transcript.warnings:
        transcript.warnings.remove(NO_SPEECH_WARNING)
    return transcript, warnings


def speech_stretches(audio: np.ndarray, gaps: GapSettings = GAPS, window_s: float = WINDOW_S,
                     speech: Windows | None = None) -> list[tuple[float, float]]:
    """Speech as (start, end) seconds, cut at short pauses, at least ``gaps.min_speech_s`` long;
    the VAD reads the audio a window at a time (cut in quiet moments, as for decoding), unless
    ``speech`` has it already."""
    if speech is None:
        speech = speech_maps(audio, window_s)
    out = []
    for lo, found in speech:
        for a, b in found.regions(gaps.vad):
            if (b - a) / SAMPLE_RATE >= gaps.min_speech_s:
                out.append(((lo + a) / SAMPLE_RATE, (lo + b) / SAMPLE_RATE))
    return out


def uncovered(stretches: list[tuple[float, float]], words: list[Word],
              gaps: GapSettings = GAPS) -> list[tuple[float, float]]:
    """The stretches with fewer than ``gaps.words_per_s`` plausible words per second in them,
    or whose words only repeat the phrase just before them (a decoder loop in place of speech)."""
    plausible = sorted((w.start + w.end) / 2 for w in words if w.end - w.start <= gaps.max_word_s)
    ordered = sorted(words, key=lambda w: w.start + w.end)
    middles = [(w.start + w.end) / 2 for w in ordered]
    out = []
    for start, end in stretches:
        inside = bisect.bisect_right(plausible, end) - bisect.bisect_left(plausible, start)
        lo, hi = bisect.bisect_left(middles, start), bisect.bisect_right(middles, end)
        if inside < gaps.words_per_s * (end - start) or _loop(ordered[lo:hi], ordered[:lo]):
            out.append((start, end))
    return out


def _loop(inside: list[Word], before: list[Word], shortest: int = 3, lookback: int = 40, share: float = 0.75) -> bool:
    """``inside`` is a decoder loop in place of speech: one phrase of at least ``shortest`` words,
    once or more, that also ends ``before``; or words of which ``share`` of the runs of
    ``shortest`` were already said in the ``lookback`` words before (a loop over several answers:
    "Misschien moet hij gewoon betalen voor het apparaat" twenty times over the rest of a vox pop,
    each stretch holding a piece of it, with a new run where the sentence starts again)."""
    said = [_norm(w.text) for w in inside]
    for size in range(shortest, len(said) + 1):
        phrase = said[:size]
        if len(said) % size == 0 and said == phrase * (len(said) // size):
            if [_norm(w.text) for w in before[-size:]] == phrase:
                return True
            break  # the shortest phrase it repeats does not end ``before``
    if len(said) < shortest:
        return False
    earlier = [_norm(w.text) for w in before[-lookback:]]
    seen = {tuple(earlier[i:i + shortest]) for i in range(len(earlier) - shortest + 1)}
    runs = [tuple(said[i:i + shortest]) for i in range(len(said) - shortest + 1)]
    return sum(run in seen for run in runs) >= share * len(runs)


def join_close(stretches: list[tuple[float, float]], join_s: float) -> list[tuple[float, float]]:
    """Stretches closer than ``join_s`` seconds become one."""
    out: list[tuple[float, float]] = []
    for start, end in stretches:
        if out and start - out[-1][1] < join_s:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def decode_stretch(audio: np.ndarray, start: float, end: float, engine: Engine, settings: DutchSettings,
                   context_s: float = GAPS.context_s) -> list[Segment]:
    """The stretch ``start``–``end`` (seconds) decoded on its own with ``context_s`` either side:
    segments holding only the words inside the stretch, that pass the hallucination filter."""
    return decode_stretches(audio, [(start, end)], engine, settings, context_s)[0]


def decode_stretches(audio: np.ndarray, stretches: list[tuple[float, float]], engine: Engine,
                     settings: DutchSettings, context_s: float = GAPS.context_s) -> list[list[Segment]]:
    """:func:`decode_stretch` for each stretch; with an engine that has ``transcribe_clips``, in
    one batched call, each stretch still a clip of its own (only their audio is converted)."""
    bounds = [(max(0, int((a - context_s) * SAMPLE_RATE)), min(len(audio), int((b + context_s) * SAMPLE_RATE)))
              for a, b in stretches]
    parts: list[Transcript | None] = [None] * len(stretches)
    batched = [i for i, (lo, hi) in enumerate(bounds) if SAMPLE_RATE // 10 <= hi - lo <= MAX_CLIP_S * SAMPLE_RATE]
    if batched and hasattr(engine, "transcribe_clips"):
        joined = np.concatenate([as_float(audio[bounds[i][0]:bounds[i][1]]) for i in batched])
        at = np.cumsum([0] + [bounds[i][1] - bounds[i][0] for i in batched])
        clips = [(int(at[k]), int(at[k + 1])) for k in range(len(batched))]
        for k, clip, part in zip(batched, clips, engine.transcribe_clips(joined, clips, settings)):
            parts[k] = part.shifted((bounds[k][0] - clip[0]) / SAMPLE_RATE)  # back onto the audio's clock
    redo = replace(settings, vad=False, batch_size=1)
    out = []
    for (start, end), (lo, hi), part in zip(stretches, bounds, parts):
        if part is None and hi - lo >= SAMPLE_RATE // 10:
            part = engine.transcribe(as_float(audio[lo:hi]), redo).shifted(lo / SAMPLE_RATE)
        out.append(_inside(clean(part), start, end) if part is not None else [])
    return out


def _inside(part: Transcript, start: float, end: float) -> list[Segment]:
    """The segments of ``part`` cut to the words inside ``start``–``end`` that pass the filter."""
    out = []
    for seg in part.segments:
        # Whisper starts a first word early, into the silence before it: a little leeway.
        words = [w for w in seg.words if start - EDGE_S <= (w.start + w.end) / 2 <= end + EDGE_S]
        if not words:
            continue
        kept = Segment(words[0].start, words[-1].end, _text(words), words, seg.avg_logprob, seg.no_speech_prob)
        if not is_hallucination(kept):  # the filter again: the context may have hidden a credit line
            out.append(kept)
    return out


def merge(transcript: Transcript, start: float, end: float, found: list[Segment], edge: float = EDGE_S) -> None:
    """Put the words ``found`` in the stretch ``start``–``end`` into ``transcript``, in time order.

    The stretch's own decoding is what was said there: the transcript's words inside it give
    way, and a word that reaches into it from either side (Whisper stretches words over the
    speech it skipped) is cut back to the stretch's edge. A found word that repeats the same
    word just outside the stretch is dropped. A segment holding words on both sides is split.
    """
    for seg in transcript.segments:
        kept = []
        for w in seg.words:
            if w.end <= start or w.start >= end:
                kept.append(w)
            elif w.start < start - edge and w.end <= end + edge:
                kept.append(replace(w, end=start))
            elif w.end > end + edge and w.start >= start - edge:
                kept.append(replace(w, start=end))
            elif w.start < start - edge:  # over the whole stretch: the side it mostly lies on
                kept.append(replace(w, end=start) if start - w.start >= w.end - end else replace(w, start=end))
        if kept != seg.words:  # the segment's text says what its words say, not what gave way
            seg.words, seg.text = kept, _text(kept) if kept else ""
    transcript.segments = [s for s in transcript.segments if s.words or s.end <= start or s.start >= end]
    beside = [w for w in transcript.words if start - 2.0 < w.end and w.start < end + 2.0]
    for seg in found:
        seg.words = [w for w in seg.words if not _repeats(w, beside)]
        if not seg.words:
            continue
        seg.start, seg.end, seg.text = seg.words[0].start, seg.words[-1].end, _text(seg.words)
        transcript.segments = _split_at(transcript.segments, seg.start)
        transcript.segments.append(seg)
    transcript.segments.sort(key=lambda s: s.words[0].start if s.words else s.start)


def _text(words: list[Word]) -> str:
    return " " + join_words(words)  # a segment's text starts with a space, as Whisper writes it


def _norm(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _repeats(word: Word, beside: list[Word]) -> bool:
    """``word`` is the same word as one left beside the stretch that it overlaps."""
    return any(_norm(w.text) == _norm(word.text) and w.start < word.end and word.start < w.end for w in beside)


def _split_at(segments: list[Segment], t: float) -> list[Segment]:
    """``segments`` with any segment that has words both before and from ``t`` cut in two."""
    out = []
    for seg in segments:
        before = [w for w in seg.words if w.start < t]
        after = [w for w in seg.words if w.start >= t]
        if not before or not after:
            out.append(seg)
            continue
        out.append(Segment(seg.start, before[-1].end, _text(before), before, seg.avg_logprob, seg.no_speech_prob))
        out.append(Segment(after[0].start, seg.end, _text(after), after, seg.avg_logprob, seg.no_speech_prob))
    return out
