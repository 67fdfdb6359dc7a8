"""The engine interface: audio in, a :class:`~razendereporter.transcript.Transcript` out.

Every engine gets the same Dutch settings and returns the same plain objects (segments,
words with timestamps and probabilities), so every later step is engine-agnostic.
Times returned are seconds from the start of the audio passed in.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable, Protocol

import numpy as np

from ..errors import RRError
from ..transcript import Transcript

SAMPLE_RATE = 16_000
Progress = Callable[[float], None]  # called with seconds of audio done


@dataclass(frozen=True)
class DutchSettings:
    language: str = "nl"
    beam_size: int = 5
    word_timestamps: bool = True
    vad: bool = True
    # Conditioning on previous text is the main cause of Whisper's repetition loops.
    condition_on_previous_text: bool = False
    batch_size: int = 8  # faster-whisper's batched pipeline; 1 = sequential
    threads: int = 0  # 0 = all cores


class Engine(Protocol):
    name: str
    model: str  # what was loaded: a model name or a path

    def transcribe(self, audio: np.ndarray, settings: DutchSettings, progress: Progress | None = None) -> Transcript:
        """Transcribe 16 kHz mono float32 ``audio``."""


# name -> "module:factory"; factories take (model_name_or_path, settings) and return an Engine.
ENGINES = {
    "faster-whisper": "razendereporter.engines.faster_whisper_engine:load",
    "openai-whisper": "razendereporter.engines.openai_whisper_engine:load",
}


def create_engine(name: str, model: str | None, settings: DutchSettings) -> Engine:
    try:
        target = ENGINES[name]
    except KeyError:
        raise RRError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}") from None
    module_name, factory = target.split(":")
    module = importlib.import_module(module_name)
    return getattr(module, factory)(model, settings)
