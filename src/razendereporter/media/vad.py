"""Voice activity: where in the audio someone speaks, from Silero VAD.

The one wrapper around the Silero model that faster-whisper ships (no download): the
diarizer, the openai-whisper engine and the check for lost speech all ask it, each with
the settings that suit it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .audio import SAMPLE_RATE


@dataclass(frozen=True)
class VadSettings:
    """Silero VAD options; the defaults are faster-whisper's own (``VadOptions()``)."""

    threshold: float = 0.5
    min_speech_ms: int = 0
    min_silence_ms: int = 2000  # pauses shorter than this stay inside a region
    pad_ms: int = 400


# Fine-grained regions for the speaker step: short pauses split regions, little padding.
DIARIZATION = VadSettings(threshold=0.5, min_speech_ms=200, min_silence_ms=300, pad_ms=60)


def speech_regions(audio: np.ndarray, settings: VadSettings = VadSettings()) -> list[tuple[int, int]]:
    """Speech as (start, end) sample indices of 16 kHz ``audio``."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if len(audio) < SAMPLE_RATE // 10:
        return []
    options = VadOptions(threshold=settings.threshold, min_speech_duration_ms=settings.min_speech_ms,
                         min_silence_duration_ms=settings.min_silence_ms, speech_pad_ms=settings.pad_ms)
    found = get_speech_timestamps(np.asarray(audio, dtype=np.float32), options, sampling_rate=SAMPLE_RATE)
    return [(int(s["start"]), int(s["end"])) for s in found]
