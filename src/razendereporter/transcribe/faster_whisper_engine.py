"""The default engine: faster-whisper (CTranslate2, int8 on CPU).

With ``batch_size > 1`` it uses faster-whisper's ``BatchedInferencePipeline``: VAD cuts the
audio into speech chunks of up to 30 s and decodes several at once, which is much faster
than sequential decoding on a CPU (docs/benchmarks.md), and computes features per chunk.
The VAD is the ingest's shared pass (:class:`~razendereporter.media.vad.SpeechMap`) when one
is given, cut with the pipeline's own settings and handed over as the same chunks its
``vad_filter`` would make, so the words are the same and the VAD runs once.
"""

from __future__ import annotations

import os
from dataclasses import replace

import numpy as np

from ..config import Config
from ..errors import RRError
from .model import resolve_ct2_model
from ..transcript import Segment, Transcript, Word
from ..media import SAMPLE_RATE
from ..media.vad import BATCHED, SpeechMap
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

    def transcribe(self, audio: np.ndarray, settings: DutchSettings, progress: Progress | None = None,
                   speech: SpeechMap | None = None) -> Transcript:
        """``speech``: the VAD of ``audio`` already computed (the batched decoder then runs none of its own)."""
        duration = len(audio) / SAMPLE_RATE
        options = self._options(settings)
        if self._batched is not None and settings.vad:
            segments = _batched_chunks(self._batched, audio, speech or SpeechMap(audio), settings.batch_size, options)
        else:
            segments, _ = self._model.transcribe(audio, vad_filter=settings.vad, **options)
        result = Transcript(language=settings.language, duration=round(duration, 3), engine=self.name, model=self.model)
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

    def transcribe_clips(self, audio: np.ndarray, clips: list[tuple[int, int]], settings: DutchSettings) -> list[Transcript]:
        """Each clip (start, end samples of ``audio``, at most 30 s) decoded on its own, no VAD,
        batched when the settings batch: one transcript per clip, times on ``audio``'s clock."""
        out = [Transcript(language=settings.language, duration=round((hi - lo) / SAMPLE_RATE, 3), engine=self.name,
                          model=self.model) for lo, hi in clips]
        if self._batched is None or not clips:
            alone = replace(settings, vad=False, batch_size=1)
            return [self.transcribe(audio[lo:hi], alone).shifted(lo / SAMPLE_RATE) if hi > lo else t
                    for (lo, hi), t in zip(clips, out)]
        # A quarter sample into each clip, so faster-whisper's int(seconds * rate) lands on the sample.
        stamps = [{"start": (lo + 0.25) / SAMPLE_RATE, "end": (hi + 0.25) / SAMPLE_RATE} for lo, hi in clips]
        starts = [lo for lo, _ in clips]
        # With timestamp tokens, as the sequential decoder these stretches had before: without them
        # the batched decoder heard less of three-voices' last answer (bench_real_voices.py).
        segments, _ = self._batched.transcribe(audio, batch_size=settings.batch_size, vad_filter=False,
                                               clip_timestamps=stamps, without_timestamps=False,
                                               **self._options(settings))
        for seg in segments:  # every segment carries the frame its clip starts at
            index = min(range(len(starts)), key=lambda i: abs(starts[i] / SAMPLE_RATE * 100 - seg.seek))
            words = [Word(w.start, w.end, w.word, w.probability) for w in (seg.words or [])]
            out[index].segments.append(Segment(seg.start, seg.end, seg.text, words, seg.avg_logprob, seg.no_speech_prob))
        return out

    def _options(self, settings: DutchSettings) -> dict:
        return dict(language=settings.language, beam_size=settings.beam_size, word_timestamps=settings.word_timestamps,
                    condition_on_previous_text=settings.condition_on_previous_text, **self._hints(settings))


def _batched_chunks(batched, audio: np.ndarray, speech: SpeechMap, batch_size: int, options: dict):
    """What ``BatchedInferencePipeline.transcribe(audio, vad_filter=True)`` yields, from ``speech``:
    the speech regions joined into chunks of up to 30 s (faster-whisper's ``collect_chunks``), the
    chunks decoded as clips of the joined audio, the times mapped back as faster-whisper does."""
    from faster_whisper.transcribe import restore_speech_timestamps
    from faster_whisper.vad import collect_chunks

    regions = [{"start": lo, "end": hi} for lo, hi in speech.regions(BATCHED)]
    if not regions:
        return iter(())
    pieces, _ = collect_chunks(audio, regions, max_duration=BATCHED.max_speech_s)
    stamps, at = [], 0
    for piece in pieces:
        stamps.append({"start": (at + 0.25) / SAMPLE_RATE, "end": (at + len(piece) + 0.25) / SAMPLE_RATE})
        at += len(piece)
    segments, _ = batched.transcribe(np.concatenate(pieces), batch_size=batch_size, vad_filter=False,
                                     clip_timestamps=stamps, **options)
    return restore_speech_timestamps(segments, regions, SAMPLE_RATE)


def check_model(model: str | None, config: Config | None = None) -> None:
    """The model exists here (the embedded one is assembled on first use)."""
    resolve_ct2_model(model, config)


def load(model: str | None, settings: DutchSettings) -> FasterWhisperEngine:
    return FasterWhisperEngine(model, settings)
