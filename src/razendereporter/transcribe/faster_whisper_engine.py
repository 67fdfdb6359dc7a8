"""The default engine: faster-whisper (CTranslate2, int8 on CPU).

With ``batch_size > 1`` it uses faster-whisper's ``BatchedInferencePipeline``: VAD cuts the
audio into speech chunks of up to 30 s and decodes several at once, which is much faster
than sequential decoding on a CPU (docs/benchmarks.md), and computes features per chunk.
"""

from __future__ import annotations

import os

import numpy as np

from ..config import Config
from ..errors import RRError
from .model import resolve_ct2_model
from ..transcript import Segment, Transcript, Word
from ..media import SAMPLE_RATE
from .engine import DutchSettings, Progress
from .hints import decoder_text


class FasterWhisperEngine:
    name = "faster-whisper"

    def __init__(self, model: str | None, settings: DutchSettings):
        from faster_whisper import BatchedInferencePipeline, WhisperModel

        path, self.model = resolve_ct2_model(model, settings.config)
        threads = settings.threads or os.cpu_count() or 1
        try:
            self._model = WhisperModel(path, device="cpu", compute_type="int8", cpu_threads=threads)
        except (RuntimeError, ValueError, OSError) as exc:
            raise RRError(f"cannot load model {self.model!r}: {str(exc).splitlines()[0]}") from exc
        self._batched = BatchedInferencePipeline(self._model) if settings.batch_size > 1 else None

    def _hints(self, settings: DutchSettings) -> dict[str, str]:
        """The episode's vocabulary as faster-whisper's ``hotwords`` and ``initial_prompt`` (hints.py)."""
        if not settings.vocabulary:
            return {}
        encode = lambda text: self._model.hf_tokenizer.encode(text, add_special_tokens=False).ids  # noqa: E731
        hotwords, prompt = decoder_text(settings.vocabulary, settings.vocabulary_use, encode)
        out = {"hotwords": hotwords} if hotwords else {}
        if prompt:  # the batched pipeline encodes it as given, the sequential one adds the space itself
            out["initial_prompt"] = " " + prompt
        return out

    def transcribe(self, audio: np.ndarray, settings: DutchSettings, progress: Progress | None = None) -> Transcript:
        duration = len(audio) / SAMPLE_RATE
        options = dict(
            language=settings.language,
            beam_size=settings.beam_size,
            word_timestamps=settings.word_timestamps,
            vad_filter=settings.vad,
            condition_on_previous_text=settings.condition_on_previous_text,
            **self._hints(settings),
        )
        if self._batched is not None and settings.vad:
            segments, info = self._batched.transcribe(audio, batch_size=settings.batch_size, **options)
        else:
            segments, info = self._model.transcribe(audio, **options)
        result = Transcript(language=info.language, duration=round(duration, 3), engine=self.name, model=self.model)
        for seg in segments:  # a generator: decoding happens as we iterate
            words = [Word(w.start, w.end, w.word, w.probability) for w in (seg.words or [])]
            result.segments.append(
                Segment(seg.start, seg.end, seg.text, words, seg.avg_logprob, seg.no_speech_prob)
            )
            if progress:
                progress(min(seg.end, duration))
        if progress:
            progress(duration)
        return result


def check_model(model: str | None, config: Config | None = None) -> None:
    """The model exists here (the embedded one is assembled on first use)."""
    resolve_ct2_model(model, config)


def load(model: str | None, settings: DutchSettings) -> FasterWhisperEngine:
    return FasterWhisperEngine(model, settings)
