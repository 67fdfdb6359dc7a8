"""Helpers for comparing the two engines: a Dutch fixture with known speech and silence, and
faster-whisper run directly with the Dutch settings (the word error rate is in synth)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import synth

# Lines spoken by espeak-ng's Dutch voice (slowly: Whisper base hears it poorly at 150 wpm).
ESPEAK_LINES = [
    "De gemeente gaat de straat open maken voor het warmtenet.",
    "Wij willen graag weten wat het gaat kosten.",
]
ESPEAK_SPEED = 115
# Content words of the fixture's lines (espeak lines first, then the real clips in name order).
CONTENT_WORDS = [
    ["gemeente", "straat", "warmtenet"],
    ["willen", "weten", "kosten"],
    ["plant", "aardappel", "giftig"],
    ["straat", "gibraltar", "zee", "uiteinde", "middellandse"],
    ["betrekkelijk", "weinig", "geld"],
    ["geloof", "dialoog", "voeren"],
    ["uitkomsten", "werkterreinen", "afwachten"],
]


@dataclass
class Fixture:
    audio: np.ndarray
    texts: list[str]  # what was said, in order
    speech: list[tuple[float, float]]  # (start, end) seconds of each utterance
    silence: tuple[float, float]  # a long pause in the middle, with nothing said


def dutch_fixture(real_clips: int = 3, pause: float = 1.2, long_silence: float = 5.0) -> Fixture:
    """espeak-ng Dutch lines, then (after a long silence) real Dutch read speech (CC0)."""
    items = [(synth.trim(synth.espeak(line, speed=ESPEAK_SPEED)), line) for line in ESPEAK_LINES]
    real = synth.real_dutch()[:real_clips]
    parts, texts, speech = [synth.silence(0.8)], [], []
    t = 0.8
    silence_span = (0.0, 0.0)
    for index, (audio, text) in enumerate(items + real):
        if index == len(items):  # the long pause between the synthetic and the real speech
            parts.append(synth.silence(long_silence))
            silence_span = (t, t + long_silence)
            t += long_silence
        parts += [audio, synth.silence(pause)]
        texts.append(text)
        speech.append((t, t + len(audio) / synth.RATE))
        t += len(audio) / synth.RATE + pause
    return Fixture(np.concatenate(parts).astype(np.float32), texts, speech, silence_span)


def faster_whisper_words(model_dir: str, audio: np.ndarray, threads: int = 0) -> list[tuple[float, float, str]]:
    """faster-whisper (int8) on ``model_dir`` with the Dutch settings, sequential + VAD: its words."""
    import os

    from faster_whisper import WhisperModel

    from razendereporter.transcribe import DutchSettings

    settings = DutchSettings()
    model = WhisperModel(model_dir, device="cpu", compute_type="int8", cpu_threads=threads or os.cpu_count() or 1)
    segments, _ = model.transcribe(
        audio,
        language=settings.language,
        beam_size=settings.beam_size,
        word_timestamps=settings.word_timestamps,
        vad_filter=settings.vad,
        condition_on_previous_text=settings.condition_on_previous_text,
    )
    return [(float(w.start), float(w.end), w.word) for segment in segments for w in segment.words]


def text_between(words: list[tuple[float, float, str]], start: float, end: float) -> str:
    """The words whose middle lies in [start, end)."""
    return "".join(text for s, e, text in words if start <= (s + e) / 2 < end)
