"""Forced alignment: words an editor typed, placed on the audio by the Whisper model.

The mechanism is Whisper's own word timing, which both engines use for their word timestamps:
the decoder is run on the known text over the audio, the cross-attention of its alignment
heads is median-filtered and aligned to the audio frames by dynamic time warping, and each
word starts where its first token's row jumps to a new frame. For faster-whisper that is
CTranslate2's ``Whisper.align``, called as faster-whisper's ``find_alignment`` calls it (the
same tokenizer, start sequence and median filter width 7); for openai-whisper it is
``whisper.timing.find_alignment``. The model is loaded once per correction and reused for
every stretch of words.

Input: 16 kHz mono float32 audio of one window (at most 30 s, Whisper's window) and the words
in order; output: (start, end, probability) per word, seconds from the start of that audio.
"""

from __future__ import annotations

import os
from typing import Protocol

import numpy as np

from ..config import Config
from ..errors import RRError
from ..media import SAMPLE_RATE, VadSettings, speech_regions
from ..text import SENTENCE_END

WINDOW_S = 30.0  # Whisper sees 30 s at once
MAX_TOKENS = 440  # the decoder's 448 positions, less the start sequence
Timing = tuple[float, float, float]
PAUSES = VadSettings(threshold=0.5, min_speech_ms=0, min_silence_ms=150, pad_ms=40)  # a pause between words
MIN_WORD_S = 0.05


class Aligner(Protocol):
    engine: str
    model: str

    def align(self, audio: np.ndarray, words: list[str]) -> list[Timing]:
        """(start, end, probability) of each of ``words`` in ``audio``."""


def load_aligner(engine: str, model: str | None, language: str = "nl", threads: int = 0,
                 config: Config | None = None) -> Aligner:
    """The aligner of ``engine`` with ``model`` (None or ``base``: the embedded model)."""
    threads = threads or os.cpu_count() or 1
    if engine == "faster-whisper":
        return CT2Aligner(model, language, threads, config)
    if engine == "openai-whisper":
        return TorchAligner(model, language, threads, config)
    raise RRError(f"no forced alignment for engine {engine!r}; use faster-whisper or openai-whisper")


def _word_tokens(encode, words: list[str]) -> list[list[int]]:
    """Each word's tokens as Whisper writes it, with its leading space: together they are the
    text's tokens (Whisper's tokenizer splits before every space), and each word's are known."""
    tokens = [encode(" " + w.strip()) for w in words]
    if sum(len(t) for t in tokens) > MAX_TOKENS:
        raise RRError(f"{len(words)} words are too many to align at once (over {MAX_TOKENS} tokens); "
                      "split the cue or correct it in smaller parts")
    return tokens


def _check_audio(audio: np.ndarray) -> np.ndarray:
    audio = np.ascontiguousarray(audio, dtype=np.float32).reshape(-1)
    if len(audio) > WINDOW_S * SAMPLE_RATE:
        raise RRError(f"cannot align {len(audio) / SAMPLE_RATE:.1f} s at once (Whisper's window is {WINDOW_S:.0f} s)")
    return audio


class CT2Aligner:
    """faster-whisper's word timing on CTranslate2: ``Whisper.align`` on the encoded window."""

    engine = "faster-whisper"

    def __init__(self, model: str | None, language: str, threads: int, config: Config | None = None):
        from faster_whisper import WhisperModel
        from faster_whisper.tokenizer import Tokenizer

        from .model import resolve_ct2_model

        path, self.model = resolve_ct2_model(model, config)
        try:
            self._whisper = WhisperModel(path, device="cpu", compute_type="int8", cpu_threads=threads)
        except (RuntimeError, ValueError, OSError) as exc:
            raise RRError(f"cannot load model {self.model!r}: {str(exc).splitlines()[0]}") from exc
        self._tokenizer = Tokenizer(self._whisper.hf_tokenizer, self._whisper.model.is_multilingual,
                                    task="transcribe", language=language)

    def align(self, audio: np.ndarray, words: list[str]) -> list[Timing]:
        from faster_whisper.audio import pad_or_trim

        if not words:
            return []
        audio = _check_audio(audio)
        tokens = _word_tokens(self._tokenizer.encode, words)
        whisper = self._whisper
        features = whisper.feature_extractor(audio)
        num_frames = min(features.shape[-1] - 1, whisper.feature_extractor.nb_max_frames)
        encoded = whisper.encode(pad_or_trim(features[:, :num_frames]))
        result = whisper.model.align(encoded, self._tokenizer.sot_sequence, [[t for w in tokens for t in w]],
                                     num_frames, median_filter_width=7)[0]
        timings = word_times(result.alignments, result.text_token_probs, [len(t) for t in tokens],
                             whisper.tokens_per_second, num_frames / whisper.frames_per_second)
        return trim_to_speech(sentence_ends(words, timings), audio)


def word_times(alignments, token_probs, lengths: list[int], tokens_per_second: float, duration: float) -> list[Timing]:
    """Word timings from a token-to-frame alignment, as faster-whisper's ``find_alignment`` makes them:
    a word starts where its first token's row jumps to a new frame and ends where the next
    word's does (the end-of-text row after the last word)."""
    text_indices = np.array([pair[0] for pair in alignments])
    time_indices = np.array([pair[1] for pair in alignments])
    boundaries = np.pad(np.cumsum(lengths), (1, 0))
    if len(text_indices) == 0:
        return spread(len(lengths), 0.0, duration)
    jumps = np.pad(np.diff(text_indices), (1, 0), constant_values=1).astype(bool)
    jump_times = time_indices[jumps] / tokens_per_second
    if len(jump_times) <= boundaries[-1]:  # fewer rows than tokens: no alignment to trust
        return spread(len(lengths), 0.0, duration)
    probs = np.asarray(token_probs, dtype=float)
    return [(float(jump_times[i]), float(jump_times[j]), float(np.mean(probs[i:j])) if j > i else 0.0)
            for i, j in zip(boundaries[:-1], boundaries[1:])]


def sentence_ends(words: list[str], timings: list[Timing]) -> list[Timing]:
    """Both engines' hack for words at sentence boundaries: the alignment gives the pause after a
    sentence to its last word or the pause before the next to its first; neither may last more
    than twice the median word (at most 0.7 s), as in faster-whisper's ``add_word_timestamps``."""
    durations = [end - start for start, end, _ in timings if end > start]
    if not durations:
        return timings
    longest = 2 * min(0.7, float(np.median(durations)))
    out = list(timings)
    for i in range(1, len(out)):
        start, end, probability = out[i]
        if end - start > longest:
            if SENTENCE_END.search(words[i].strip()):
                out[i] = (start, start + longest, probability)
            elif SENTENCE_END.search(words[i - 1].strip()):
                out[i] = (end - longest, end, probability)
    return out


def trim_to_speech(timings: list[Timing], audio: np.ndarray) -> list[Timing]:
    """No word reaches into a pause: the alignment gives the silence after a word (a comma's
    pause, say) to that word, or the silence before one to the word after it. Each word is cut
    to the speech Silero VAD hears in it, when some is left (:data:`MIN_WORD_S`)."""
    regions = [(a / SAMPLE_RATE, b / SAMPLE_RATE) for a, b in speech_regions(audio, PAUSES)]
    out = []
    for start, end, probability in timings:  # speech of the word, not the edge of a neighbour's
        inside = [(a, b) for a, b in regions if min(b, end) - max(a, start) >= MIN_WORD_S]
        if inside and min(end, inside[-1][1]) - max(start, inside[0][0]) >= MIN_WORD_S:
            start, end = max(start, inside[0][0]), min(end, inside[-1][1])
        out.append((start, end, probability))
    return out


def spread(n: int, lo: float, hi: float) -> list[Timing]:
    """``n`` words over ``lo``–``hi`` evenly, probability 0: where there is no audio to align to."""
    step = max(hi - lo, 0.0) / n if n else 0.0
    return [(lo + k * step, lo + (k + 1) * step, 0.0) for k in range(n)]


class TorchAligner:
    """openai-whisper's own word timing: ``whisper.timing.find_alignment``."""

    engine = "openai-whisper"

    def __init__(self, model: str | None, language: str, threads: int, config: Config | None = None):
        from .openai_whisper_engine import load_checkpoint

        self._whisper, self._torch, self._model, self.model = load_checkpoint(model, config)
        self._torch.set_num_threads(threads)
        self._tokenizer = self._whisper.tokenizer.get_tokenizer(
            self._model.is_multilingual, num_languages=self._model.num_languages, language=language, task="transcribe")

    def align(self, audio: np.ndarray, words: list[str]) -> list[Timing]:
        from whisper.audio import N_FRAMES, log_mel_spectrogram, pad_or_trim
        from whisper.timing import find_alignment

        if not words:
            return []
        audio = _check_audio(audio)
        tokens = _word_tokens(self._tokenizer.encode, words)
        with self._torch.inference_mode():
            mel = log_mel_spectrogram(self._torch.from_numpy(audio.copy()), self._model.dims.n_mels)
            num_frames = min(mel.shape[-1], N_FRAMES)
            timings = find_alignment(self._model, self._tokenizer, [t for w in tokens for t in w],
                                     pad_or_trim(mel[:, :num_frames], N_FRAMES), num_frames)
        return trim_to_speech(sentence_ends(words, _merge(timings, [len(t) for t in tokens], num_frames / 100)), audio)


def _merge(timings, lengths: list[int], duration: float) -> list[Timing]:
    """openai-whisper's timings (it splits punctuation off as words of its own) back onto our words."""
    out: list[Timing] = []
    k = 0
    for length in lengths:
        parts, count = [], 0
        while k < len(timings) and count < length:
            parts.append(timings[k])
            count += len(timings[k].tokens)
            k += 1
        if not parts:
            return spread(len(lengths), 0.0, duration)
        weight = sum(len(p.tokens) for p in parts) or 1
        out.append((float(parts[0].start), float(parts[-1].end),
                    float(sum(p.probability * len(p.tokens) for p in parts) / weight)))
    return out
