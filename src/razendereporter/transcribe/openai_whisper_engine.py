"""The optional engine: openai-whisper (PyTorch, float32 on CPU).

Same Dutch settings as the default engine. openai-whisper has no VAD of its own, so
faster-whisper's bundled Silero VAD (ONNX) finds the speech and only those regions are
decoded (openai-whisper's ``clip_timestamps``): nothing is written over silence.

Models: ``None``/``base`` is the embedded CTranslate2 model converted once, offline, to an
openai-whisper checkpoint (:mod:`razendereporter.transcribe.ct2_convert`), cached next to the assembled
model. A CTranslate2 model folder is converted the same way; a ``.pt`` checkpoint or an
openai-whisper model name (``small``, ``large-v3``, ``turbo``, …) goes to
``whisper.load_model``, which needs that model in ``~/.cache/whisper`` or internet.
"""

from __future__ import annotations

import importlib.util
import os
import pickle
import threading
import types
from pathlib import Path

import numpy as np

from . import ct2_convert
from ..config import Config
from .model import EMBEDDED_NAME, cache_dir, embedded_model_dir
from ..errors import RRError
from ..transcript import Segment, Transcript, Word
from ..media import SAMPLE_RATE
from ..media.vad import SpeechMap
from .engine import DutchSettings, Progress
from .hints import decoder_text

INSTALL_HINT = "pip install torch==2.13.0 && pip install 'razendereporter[openai]'"

FRAMES_PER_SECOND = 100  # openai-whisper's mel frames (hop 160 at 16 kHz)
# openai-whisper's usual fallback: retry a window at higher temperatures when its text is
# too repetitive (compression ratio) or too unlikely (average log-probability).
TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
BEST_OF = 5  # samples per temperature > 0, as faster-whisper does

_transcribe_lock = threading.Lock()  # the progress hook patches a module global


def check() -> None:
    """Fail fast, before any work, when the optional extra is not installed."""
    for name in ("torch", "whisper"):
        if importlib.util.find_spec(name) is None:
            raise RRError(f"the openai-whisper engine is not installed ({name} is missing); install it with: {INSTALL_HINT}")


def _import_whisper():
    try:
        import torch
        import whisper
    except ImportError as exc:
        raise RRError(f"the openai-whisper engine is not installed ({exc.name or exc} is missing); install it with: {INSTALL_HINT}") from None
    return whisper, torch


class OpenAIWhisperEngine:
    name = "openai-whisper"

    def __init__(self, model: str | None, settings: DutchSettings):
        self._whisper, self._torch = _import_whisper()
        self._threads = settings.threads or os.cpu_count() or 1
        self._torch.set_num_threads(self._threads)
        self._model, self.model = _load_model(self._whisper, self._torch, model, settings.config)

    def _prompt(self, settings: DutchSettings) -> dict:
        """The episode's vocabulary as openai-whisper's ``initial_prompt``: with hotwords asked for, carried
        into every window (``carry_initial_prompt``), which is what faster-whisper does with hotwords."""
        if not settings.vocabulary:
            return {}
        tokenizer = self._whisper.tokenizer.get_tokenizer(self._model.is_multilingual,
                                                          num_languages=self._model.num_languages,
                                                          language=settings.language, task="transcribe")
        hotwords, prompt = decoder_text(settings.vocabulary, settings.vocabulary_use, tokenizer.encode)
        text = hotwords or prompt
        return {"initial_prompt": text, "carry_initial_prompt": hotwords is not None} if text else {}

    def transcribe(self, audio: np.ndarray, settings: DutchSettings, progress: Progress | None = None,
                   speech: SpeechMap | None = None) -> Transcript:
        """``speech``: the VAD of ``audio`` already computed (the ingest's shared pass)."""
        self._torch.set_num_threads(settings.threads or self._threads)
        audio = np.ascontiguousarray(audio, dtype=np.float32).reshape(-1)
        duration = len(audio) / SAMPLE_RATE
        result = Transcript(language=settings.language or "", duration=round(duration, 3), engine=self.name, model=self.model)

        clips: list[float] | str = "0"
        if settings.vad:
            clips = speech_clips(audio, speech)
            if not clips:  # no speech at all: nothing to decode, nothing to invent
                if progress:
                    progress(duration)
                return result

        options = dict(
            language=settings.language,
            task="transcribe",
            beam_size=settings.beam_size,
            best_of=BEST_OF,
            temperature=TEMPERATURES,
            compression_ratio_threshold=2.4,
            logprob_threshold=-1.0,
            no_speech_threshold=0.6,
            condition_on_previous_text=settings.condition_on_previous_text,
            word_timestamps=settings.word_timestamps,
            clip_timestamps=clips,
            fp16=False,  # CPU: float32
            verbose=None,  # no printing, no progress bar of its own
            **self._prompt(settings),
        )
        with _transcribe_lock, _progress_hook(progress, duration, clips if isinstance(clips, list) else []):
            with self._torch.inference_mode():
                out = self._whisper.transcribe(self._model, audio, **options)

        result.language = out.get("language") or result.language
        for seg in out["segments"]:
            if not seg["text"].strip():
                continue  # openai-whisper keeps cleared (empty or instantaneous) segments
            words = [Word(float(w["start"]), float(w["end"]), w["word"], float(w["probability"])) for w in seg.get("words", [])]
            result.segments.append(
                Segment(
                    float(seg["start"]),
                    float(seg["end"]),
                    seg["text"],
                    words,
                    float(seg["avg_logprob"]),
                    float(seg["no_speech_prob"]),
                )
            )
        if progress:
            progress(duration)
        return result


def speech_clips(audio: np.ndarray, speech: SpeechMap | None = None) -> list[float]:
    """Speech regions found by Silero VAD as ``[start, end, start, end, …]`` seconds.

    faster-whisper's own defaults (``VadOptions()``: threshold 0.5, pauses under 2 s kept
    inside a region, 400 ms padding), so both engines decode the same stretches of audio.
    The times are whole mel frames and never pass the last frame openai-whisper computes:
    a clip ending beyond it would make openai-whisper decode an empty window forever.
    """
    last_frame = len(audio) * FRAMES_PER_SECOND // SAMPLE_RATE  # openai-whisper's content_frames
    clips: list[float] = []
    for lo, hi in (speech or SpeechMap(audio)).regions():
        start = lo * FRAMES_PER_SECOND // SAMPLE_RATE
        end = min(-(-hi * FRAMES_PER_SECOND // SAMPLE_RATE), last_frame)
        if end > start:
            clips += [start / FRAMES_PER_SECOND, end / FRAMES_PER_SECOND]
    return clips


class _ProgressBar:
    """Stands in for the tqdm bar inside ``whisper.transcribe``.

    openai-whisper counts the mel frames it has decoded, not the silence it skips between
    clips, so the count is mapped back onto the audio's clock through the clip list.
    """

    def __init__(self, callback: Progress, duration: float, clips: list[float]):
        self._callback, self._duration, self._clips = callback, duration, clips
        self._seconds = 0.0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, frames: int) -> None:
        self._seconds += frames / FRAMES_PER_SECOND
        self._callback(min(_position(self._seconds, self._clips), self._duration))


def _position(decoded: float, clips: list[float]) -> float:
    """Where in the audio ``decoded`` seconds of clip content end."""
    if not clips:
        return decoded
    left = decoded
    for start, end in zip(clips[::2], clips[1::2]):
        if left <= end - start:
            return start + left
        left -= end - start
    return clips[-1] + left


class _progress_hook:
    """Report progress as openai-whisper finishes each window (it offers only a tqdm bar)."""

    def __init__(self, progress: Progress | None, duration: float, clips: list[float]):
        self._progress, self._duration, self._clips = progress, duration, clips
        self._module = None

    def __enter__(self):
        if self._progress is None:
            return self
        module = importlib.import_module("whisper.transcribe")
        if isinstance(getattr(module, "tqdm", None), types.ModuleType):
            bar = _ProgressBar(self._progress, self._duration, self._clips)
            self._module, self._saved = module, module.tqdm
            module.tqdm = types.SimpleNamespace(tqdm=lambda *args, **kwargs: bar)
        return self

    def __exit__(self, *exc):
        if self._module is not None:
            self._module.tqdm = self._saved
        return False


def _load_model(whisper, torch, name: str | None, config: Config):
    """Load what ``--model`` names; return (the model, the name recorded in the catalogue)."""
    if name in (None, "", EMBEDDED_NAME):
        checkpoint, label = ct2_convert.cached_checkpoint(embedded_model_dir(config)), EMBEDDED_NAME
    else:
        path = Path(name).expanduser()
        if path.is_dir():
            if not (path / "model.bin").is_file():
                raise RRError(f"model folder {path} has no model.bin (expected a CTranslate2 Whisper model)")
            key = ct2_convert.source_key(path)
            cache = cache_dir(config) / "openai-whisper" / f"{path.resolve().name}-{key}.pt"
            checkpoint, label = ct2_convert.cached_checkpoint(path, cache), str(path.resolve())
        elif path.is_file():
            checkpoint, label = path, str(path.resolve())
        elif name in whisper.available_models():
            return _load_named(whisper, name), name
        else:
            raise RRError(
                f"unknown model {name!r}: use 'base' (embedded), a .pt checkpoint, a CTranslate2 model folder "
                f"or one of: {', '.join(whisper.available_models())}"
            )
    try:
        model = whisper.load_model(str(checkpoint), device="cpu")
    except (RuntimeError, KeyError, TypeError, ValueError, OSError, EOFError, pickle.UnpicklingError) as exc:
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise RRError(f"cannot load openai-whisper checkpoint {checkpoint}: {first}") from exc
    heads = _checkpoint_alignment_heads(torch, checkpoint)
    if heads:
        model.set_alignment_heads(heads)
    return model, label


def load_checkpoint(name: str | None, config: Config | None = None):
    """(whisper, torch, the model ``--model`` names, its recorded name): for forced alignment (align.py)."""
    whisper, torch = _import_whisper()
    model, label = _load_model(whisper, torch, name, config or Config.from_env())
    return whisper, torch, model, label


def _load_named(whisper, name: str):
    try:
        return whisper.load_model(name, device="cpu")
    except (OSError, RuntimeError, ValueError) as exc:  # URLError is an OSError
        reason = getattr(exc, "reason", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
        raise RRError(
            f"openai-whisper model {name!r} is not in ~/.cache/whisper and cannot be downloaded ({reason}); "
            f"use the embedded 'base', a .pt checkpoint, or run once with internet: "
            f"python -c \"import whisper; whisper.load_model('{name}')\""
        ) from exc


def _checkpoint_alignment_heads(torch, checkpoint: Path) -> bytes | None:
    """The ``alignment_heads`` a converted checkpoint carries (memory-mapped peek, cheap)."""
    try:
        data = torch.load(str(checkpoint), map_location="cpu", weights_only=True, mmap=True)
    except (RuntimeError, OSError, ValueError, pickle.UnpicklingError):
        return None  # not a zip-format checkpoint: load_model already read it, use its defaults
    heads = data.get("alignment_heads") if isinstance(data, dict) else None
    return heads.encode() if isinstance(heads, str) else heads


def check_model(name: str | None, config: Config | None = None) -> None:
    """``--model`` names something this engine can load: checked before any file is written."""
    if name in (None, "", EMBEDDED_NAME):
        return
    path = Path(name).expanduser()
    if path.is_dir() and not (path / "model.bin").is_file():
        raise RRError(f"model folder {path} has no model.bin (expected a CTranslate2 Whisper model)")
    if path.exists():
        return
    whisper, _ = _import_whisper()
    if name not in whisper.available_models():
        raise RRError(f"unknown model {name!r}: use 'base' (embedded), a .pt checkpoint, a CTranslate2 model folder "
                      f"or one of: {', '.join(whisper.available_models())}")


def load(model: str | None, settings: DutchSettings) -> OpenAIWhisperEngine:
    return OpenAIWhisperEngine(model, settings)
