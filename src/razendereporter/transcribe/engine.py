"""The engine interface: audio in, a :class:`~razendereporter.transcript.Transcript` out.

Every engine gets the same Dutch settings and returns the same plain objects (segments,
words with timestamps and probabilities), so every later step is engine-agnostic.
Times returned are seconds from the start of the audio passed in.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Protocol

from .. import limits
from ..config import Config
from ..errors import InvalidInput, RRError
from ..transcript import Transcript

if TYPE_CHECKING:  # the engines import numpy; the settings do not need it
    import numpy as np

    from ..media.vad import SpeechMap

Progress = Callable[[float], None]  # called with seconds of audio done


@dataclass(frozen=True)
class DutchSettings:
    language: str = "nl"
    beam_size: int = 5
    word_timestamps: bool = True
    vad: bool = True
    # Conditioning on previous text is the main cause of Whisper's repetition loops.
    condition_on_previous_text: bool = False
    # faster-whisper's batched pipeline; 1 = sequential. 4 rather than 8: on 2 cores batch 8
    # peaked up to 1.5 GB on 10 minutes of speech against 0.83 GB (docs/benchmarks.md).
    batch_size: int = 4
    threads: int = 0  # 0 = all cores
    # Decode again on its own any stretch of speech left without words (transcribe/gaps.py).
    fill_gaps: bool = True
    # The episode's own words (its article's names, an editor's --vocabulary), given to the decoder
    # as hotwords, as an initial prompt, or both (transcribe/hints.py; the default was measured).
    vocabulary: tuple[str, ...] = ()
    vocabulary_use: str = "hotwords"
    # Where the embedded model is assembled, and how long to wait for another process doing it.
    config: Config = field(default_factory=Config.from_env)

    def __post_init__(self) -> None:
        """Bounds checked however the settings are made (the CLI, a script, a benchmark)."""
        limits.whole_number(self.beam_size, "beam_size", *limits.BEAM_SIZE)
        limits.whole_number(self.batch_size, "batch_size", *limits.BATCH_SIZE)
        limits.threads(self.threads)
        from .hints import MAX_TERMS, USES

        if self.vocabulary_use not in USES:
            raise InvalidInput("vocabulary_use", f"must be one of {', '.join(USES)}, got {self.vocabulary_use!r}",
                               self.vocabulary_use)
        if len(self.vocabulary) > MAX_TERMS * 2:
            raise InvalidInput("vocabulary", f"has {len(self.vocabulary)} terms; at most {MAX_TERMS * 2}",
                               len(self.vocabulary))


class Engine(Protocol):
    name: str
    model: str  # what was loaded: a model name or a path

    def transcribe(self, audio: np.ndarray, settings: DutchSettings, progress: Progress | None = None,
                   speech: SpeechMap | None = None) -> Transcript:
        """Transcribe 16 kHz mono float32 ``audio``; ``speech`` is its VAD when already computed
        (the ingest's shared pass), for an engine that runs one. An engine may also have
        ``transcribe_clips(audio, clips, settings)``: several clips decoded on their own in one
        call, for the gap pass (faster_whisper_engine.py)."""


# name -> "module:factory"; factories take (model_name_or_path, settings) and return an Engine.
ENGINES = {
    "faster-whisper": "razendereporter.transcribe.faster_whisper_engine:load",
    "openai-whisper": "razendereporter.transcribe.openai_whisper_engine:load",
}


def _engine_module(name: str):
    try:
        target = ENGINES[name]
    except KeyError:
        raise RRError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}") from None
    module_name, factory = target.split(":")
    return importlib.import_module(module_name), factory


def check_engine(name: str, model: str | None = None, language: str = "nl", config: Config | None = None) -> None:
    """Raise RRError now, before any file is written, if engine ``name`` cannot run here
    (an extra not installed), ``model`` is not to be had, or ``language`` is not Whisper's."""
    from faster_whisper.tokenizer import _LANGUAGE_CODES  # Whisper's language list, for both engines

    if language not in _LANGUAGE_CODES:
        raise RRError(f"unknown language {language!r}; Whisper knows codes such as nl, en, de, fr (ISO 639-1)")
    module, _ = _engine_module(name)
    if hasattr(module, "check"):
        module.check()
    if hasattr(module, "check_model"):
        module.check_model(model, config)


def create_engine(name: str, model: str | None, settings: DutchSettings) -> Engine:
    module, factory = _engine_module(name)
    return getattr(module, factory)(model, settings)
