"""Voice features: power spectrograms and the embedders that turn windows into vectors.

``VoiceEncoder`` is resemblyzer's GE2E voice encoder exported to ONNX
(``models/voice_encoder.onnx``, Apache-2.0, see ``models/NOTICE``), run on onnxruntime;
``MfccStats`` is a plain MFCC-statistics baseline.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import numpy as np

from .. import limits
from ..errors import RRError
from ..media import SAMPLE_RATE as SR

HOP = 160  # 10 ms STFT hop
N_FFT = 400  # 25 ms window
MODEL_PATH = Path(__file__).resolve().parent / "models" / "voice_encoder.onnx"


def power_spectrogram(wav: np.ndarray) -> np.ndarray:
    """|STFT|² with a periodic 25 ms Hann window, 10 ms hop, centred: (frames, 201) float32.

    The same frames as librosa's ``melspectrogram(n_fft=400, hop_length=160)`` before its
    mel filterbank, which the voice-encoder graph applies itself.
    """
    wav = np.asarray(wav, dtype=np.float32)
    padded = np.pad(wav, (N_FFT // 2, N_FFT // 2))
    n_frames = 1 + len(wav) // HOP
    need = (n_frames - 1) * HOP + N_FFT
    if len(padded) < need:
        padded = np.pad(padded, (0, need - len(padded)))
    frames = np.lib.stride_tricks.sliding_window_view(padded, N_FFT)[::HOP][:n_frames]
    window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float32)
    spec = np.fft.rfft(frames * window, axis=1)
    return (spec.real ** 2 + spec.imag ** 2).astype(np.float32)


@functools.lru_cache(maxsize=1)
def _mel_filterbank(n_mels: int = 40) -> np.ndarray:
    """Slaney-style mel filterbank (201 bins → n_mels), as librosa builds it by default."""
    def hz_to_mel(f):
        f = np.asarray(f, dtype=np.float64)
        mel = f / (200.0 / 3)
        log_t = f >= 1000.0
        return np.where(log_t, 15.0 + np.log(np.maximum(f, 1e-9) / 1000.0) / (np.log(6.4) / 27.0), mel)

    def mel_to_hz(m):
        m = np.asarray(m, dtype=np.float64)
        f = m * (200.0 / 3)
        log_t = m >= 15.0
        return np.where(log_t, 1000.0 * np.exp((np.log(6.4) / 27.0) * (m - 15.0)), f)

    fft_freqs = np.linspace(0, SR / 2, N_FFT // 2 + 1)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0), hz_to_mel(SR / 2), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    weights = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_f[2: n_mels + 2] - mel_f[:n_mels]))[:, None]
    return weights.T.astype(np.float32)  # (201, n_mels)


class VoiceEncoder:
    """resemblyzer's GE2E voice encoder on onnxruntime: power windows → unit 256-d vectors."""

    name = "ge2e"

    def __init__(self, model_path: Path = MODEL_PATH, threads: int | None = None):
        try:
            import onnxruntime as ort
        except ImportError as exc:  # pragma: no cover - onnxruntime comes with faster-whisper
            raise RRError("onnxruntime is missing; reinstall razendereporter") from exc
        if not Path(model_path).exists():
            raise RRError(f"voice encoder model {model_path} is missing; run bench/export_voice_encoder.py")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or limits.threads_from_env() or min(2, os.cpu_count() or 1)
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(model_path), opts, providers=["CPUExecutionProvider"])

    def __call__(self, windows: list[np.ndarray], batch: int = 64) -> np.ndarray:
        """``windows`` are power spectrograms (frames, 201); equal lengths are batched."""
        out = np.zeros((len(windows), 256), np.float32)
        by_len: dict[int, list[int]] = {}
        for i, w in enumerate(windows):
            by_len.setdefault(len(w), []).append(i)
        for idx in by_len.values():
            for b in range(0, len(idx), batch):
                part = idx[b: b + batch]
                x = np.stack([windows[i] for i in part]).astype(np.float32)
                out[part] = self.session.run(None, {"power": x})[0]
        return out


class MfccStats:
    """Baseline embedder: mean and standard deviation of 20 MFCCs over the window."""

    name = "mfcc"

    def __call__(self, windows: list[np.ndarray]) -> np.ndarray:
        fb = _mel_filterbank(40)
        n = 40
        dct = np.cos(np.pi / n * (np.arange(n)[None, :] + 0.5) * np.arange(20)[:, None])  # (20, 40)
        feats = []
        for w in windows:
            logmel = np.log(w @ fb + 1e-8)
            mfcc = logmel @ dct.T
            feats.append(np.concatenate([mfcc.mean(0), mfcc.std(0)]))
        x = np.asarray(feats, np.float64)
        x = (x - x.mean(0)) / (x.std(0) + 1e-8) if len(x) > 1 else x
        return (x / (np.linalg.norm(x, axis=1, keepdims=True) + 1e-12)).astype(np.float32)
