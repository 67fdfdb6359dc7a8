"""Voice activity: where in the audio someone speaks, from Silero VAD.

The one wrapper around the Silero model that faster-whisper ships (no download): the
batched decoder, the diarizer, the openai-whisper engine and the check for lost speech all
ask it, each with the settings that suit it. The model is the expensive part (about 1 % of
the audio's length in CPU time); what the settings change is only how its speech
probabilities are cut into regions. So :class:`SpeechMap` runs the model once over some
audio and cuts the same probabilities into regions for any settings: an ingest pays for
one pass, not one per stage.

The cutting is faster-whisper's own ``get_speech_timestamps`` (faster_whisper/vad.py,
MIT), written out here because that function runs the model on every call and has no way
to take probabilities already computed; tests/media/test_vad.py checks that both give the
same regions.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .audio import SAMPLE_RATE

FRAME = 512  # samples per Silero probability (32 ms)


@dataclass(frozen=True)
class VadSettings:
    """Silero VAD options; the defaults are faster-whisper's own (``VadOptions()``)."""

    threshold: float = 0.5
    min_speech_ms: int = 0
    min_silence_ms: int = 2000  # pauses shorter than this stay inside a region
    pad_ms: int = 400
    max_speech_s: float = float("inf")  # longer regions are cut at a pause (or hard, if none)


# Fine-grained regions for the speaker step: short pauses split regions, little padding.
DIARIZATION = VadSettings(threshold=0.5, min_speech_ms=200, min_silence_ms=300, pad_ms=60)
# What faster-whisper's BatchedInferencePipeline asks for its speech chunks (chunks of 30 s).
BATCHED = VadSettings(min_silence_ms=160, max_speech_s=30.0)


@functools.lru_cache(maxsize=1)
def _model():
    from faster_whisper.vad import get_vad_model

    return get_vad_model()


class SpeechMap:
    """Silero's speech probability for every 32 ms of ``audio`` (16 kHz mono float32), computed once."""

    def __init__(self, audio: np.ndarray):
        audio = np.asarray(audio, dtype=np.float32)
        self.samples = len(audio)
        if self.samples < SAMPLE_RATE // 10:
            self.probs = np.zeros(0, np.float32)
            return
        padded = np.pad(audio, (0, FRAME - len(audio) % FRAME))
        self.probs = np.asarray(_model()(padded), dtype=np.float32).reshape(-1)

    def regions(self, settings: VadSettings = VadSettings()) -> list[tuple[int, int]]:
        """Speech as (start, end) sample indices, cut with ``settings``."""
        if not len(self.probs):
            return []
        return _pad(_speeches(self.probs, settings, self.samples), settings.pad_ms * SAMPLE_RATE / 1000,
                    self.samples)


def windowed_regions(maps: list[tuple[int, SpeechMap]], settings: VadSettings = VadSettings()) -> list[tuple[int, int]]:
    """The regions of audio read in windows: (first sample, speech map) of each window, cut with
    ``settings``; as sample indices of the whole audio."""
    return [(lo + a, lo + b) for lo, found in maps for a, b in found.regions(settings)]


def speech_regions(audio: np.ndarray, settings: VadSettings = VadSettings()) -> list[tuple[int, int]]:
    """Speech as (start, end) sample indices of 16 kHz ``audio`` (one model pass: for more than
    one set of settings on the same audio, make a :class:`SpeechMap` once)."""
    return SpeechMap(audio).regions(settings)


def _speeches(probs: np.ndarray, s: VadSettings, samples: int) -> list[list[int]]:
    """The regions before padding: faster-whisper's state machine over the probabilities."""
    rate = SAMPLE_RATE
    min_speech = rate * s.min_speech_ms / 1000
    max_speech = rate * s.max_speech_s - FRAME - 2 * (rate * s.pad_ms / 1000)
    min_silence = rate * s.min_silence_ms / 1000
    min_silence_at_max = rate * 98 / 1000
    neg = max(s.threshold - 0.15, 0.01)
    triggered, speeches, current = False, [], {}
    temp_end = prev_end = next_start = 0
    for i, p in enumerate(probs.tolist()):
        here = FRAME * i
        if p >= s.threshold and temp_end:
            temp_end = 0
            if next_start < prev_end:
                next_start = here
        if p >= s.threshold and not triggered:
            triggered, current["start"] = True, here
            continue
        if triggered and here - current["start"] > max_speech:
            if prev_end:
                current["end"] = prev_end
                speeches.append(current)
                current = {}
                if next_start < prev_end:  # silence reached before, and still no speech
                    triggered = False
                else:
                    current["start"] = next_start
                prev_end = next_start = temp_end = 0
            else:
                current["end"] = here
                speeches.append(current)
                current, triggered = {}, False
                prev_end = next_start = temp_end = 0
                continue
        if p < neg and triggered:
            if not temp_end:
                temp_end = here
            if here - temp_end > min_silence_at_max:
                prev_end = temp_end
            if here - temp_end < min_silence:
                continue
            current["end"] = temp_end
            if current["end"] - current["start"] > min_speech:
                speeches.append(current)
            current, triggered = {}, False
            prev_end = next_start = temp_end = 0
    if current and samples - current["start"] > min_speech:
        current["end"] = samples
        speeches.append(current)
    return [[c["start"], c["end"]] for c in speeches]


def _pad(speeches: list[list[int]], pad: float, samples: int) -> list[tuple[int, int]]:
    """Each region widened by ``pad`` samples, or by half the pause where two come closer."""
    for i, speech in enumerate(speeches):
        if i == 0:
            speech[0] = int(max(0, speech[0] - pad))
        if i != len(speeches) - 1:
            silence = speeches[i + 1][0] - speech[1]
            if silence < 2 * pad:
                speech[1] += int(silence // 2)
                speeches[i + 1][0] = int(max(0, speeches[i + 1][0] - silence // 2))
            else:
                speech[1] = int(min(samples, speech[1] + pad))
                speeches[i + 1][0] = int(max(0, speeches[i + 1][0] - pad))
        else:
            speech[1] = int(min(samples, speech[1] + pad))
    return [(int(a), int(b)) for a, b in speeches]
