"""Long recordings in windows: memory stays flat however long the video is."""

from __future__ import annotations

import ctypes

import numpy as np

from ..media import SAMPLE_RATE
from ..media.vad import SpeechMap
from ..transcript import Transcript
from .engine import DutchSettings, Engine, Progress

# Long recordings are transcribed in windows of about this many seconds, cut at the
# quietest moment near each boundary, so memory stays flat however long the video is
# (the batched pipeline otherwise holds every speech chunk and its features at once).
WINDOW_S = 600.0
_SEARCH_S = 30.0  # how far back from a window's end to look for a quiet cut
_FRAME = SAMPLE_RATE // 10


def window_bounds(pcm: np.ndarray, window_s: float = WINDOW_S) -> list[tuple[int, int]]:
    """Sample ranges covering ``pcm``, each at most ``window_s`` long, cut in quiet frames."""
    size = int(window_s * SAMPLE_RATE)
    search = max(_FRAME, min(int(_SEARCH_S * SAMPLE_RATE), size // 4))
    bounds, start = [], 0
    while len(pcm) - start > size:
        lo = start + size - search
        frames = pcm[lo : start + size].astype(np.float32)
        energy = np.square(frames[: len(frames) // _FRAME * _FRAME].reshape(-1, _FRAME)).mean(axis=1)
        quietest = len(energy) - 1 - int(np.argmin(energy[::-1]))  # the latest, keeping windows long
        cut = lo + quietest * _FRAME + _FRAME // 2
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(pcm)))
    return bounds


def speech_maps(pcm: np.ndarray, window_s: float | None = None) -> list[tuple[int, SpeechMap]]:
    """The VAD of ``pcm`` (16-bit, or float), once, window by window as :func:`transcribe_pcm` reads
    it: (first sample, speech map) per window, for the decoder, the gap pass and the diarizer to share."""
    return [(lo, SpeechMap(as_float(pcm[lo:hi]))) for lo, hi in window_bounds(pcm, window_s or WINDOW_S)]


def as_float(samples: np.ndarray) -> np.ndarray:
    """float32 in [-1, 1] from int16 or float samples (a copy: a memory map stays read-only)."""
    if samples.dtype == np.int16:
        audio = samples.astype(np.float32)
        audio /= 32768.0  # in place: a long window is not held twice
        return audio
    return np.array(samples, dtype=np.float32)


def transcribe_pcm(engine: Engine, pcm: np.ndarray, settings: DutchSettings, progress: Progress | None = None,
                   window_s: float | None = None, speech: list[tuple[int, SpeechMap]] | None = None) -> Transcript:
    """Transcribe 16-bit ``pcm`` (e.g. a memory-mapped WAV) window by window; ``speech`` is
    :func:`speech_maps` of it (same ``window_s``), when already computed."""
    result: Transcript | None = None
    maps = dict(speech or [])
    for lo, hi in window_bounds(pcm, window_s or WINDOW_S):
        audio = as_float(pcm[lo:hi])
        offset = lo / SAMPLE_RATE
        step = (lambda done, offset=offset: progress(offset + done)) if progress else None
        found = {"speech": maps[lo]} if lo in maps else {}  # an engine given none runs its own VAD
        part = engine.transcribe(audio, settings, step, **found).shifted(offset)
        del audio
        release_free_memory()
        if result is None:
            result = part
        else:
            result.segments.extend(part.segments)
    assert result is not None
    result.duration = round(len(pcm) / SAMPLE_RATE, 3)
    return result


def release_free_memory() -> None:
    """Hand freed heap back to the system (glibc keeps it otherwise: ~0.5 GB after a window)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


