"""Who speaks when: voice activity, speaker embeddings, clustering — offline, no torch.

The default diarizer:

1. **Voice activity**: Silero VAD (the ONNX model inside faster-whisper) finds speech regions.
2. **Embeddings**: each region is cut in windows of 1.6 s every 0.8 s; each window gets a
   256-d voice embedding from resemblyzer's GE2E voice encoder, exported to ONNX
   (``models/voice_encoder.onnx``, Apache-2.0, see ``models/NOTICE``) and run on onnxruntime.
   A plain MFCC-statistics embedder is there too (``get_diarizer("mfcc")``) as a baseline.
3. **Clustering**: spectral clustering of the cosine affinities. With ``num_speakers`` the
   count is given; otherwise it is estimated (see :func:`estimate_speakers`), with
   ``expected_speakers`` (from the article: the people of the video slot plus the reporter)
   as the prior. Clusters whose voices are as alike as one voice's own windows are merged,
   so a monologue never gets a false second speaker.
4. **Turns**: each point of speech takes the label of the nearest window centre; labels are
   numbered S1, S2, … in order of first appearance.

Other diarizers plug in through :func:`register` (``pyannote`` is registered and used when
the user has pyannote.audio and its model on disk).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from .errors import RRError

SR = 16000
HOP = 160  # 10 ms STFT hop
N_FFT = 400  # 25 ms window
WINDOW_FRAMES = 160  # 1.6 s per embedding window, as the voice encoder was trained
STEP_FRAMES = 80  # a window every 0.8 s
MIN_REGION_S = 0.4  # shorter speech bits get no embedding of their own
MAX_GRAPH = 1200  # windows in the clustering graph (16 minutes of speech)
MODEL_PATH = Path(__file__).resolve().parent / "models" / "voice_encoder.onnx"


@dataclass
class Turn:
    start: float
    end: float
    label: str


class Diarizer(Protocol):
    """``audio``: 16 kHz mono float32; turns in seconds from its start, labels S1, S2, … in order
    of first appearance. ``num_speakers`` fixes the count (``rr … --speakers N``);
    ``expected_speakers`` is a prior (``razendereporter.speakers.speaker_prior``), not a constraint."""

    def __call__(self, audio: np.ndarray, *, num_speakers: int | None = None, min_speakers: int = 1,
                 max_speakers: int = 6, expected_speakers: int | None = None) -> list[Turn]: ...


# ---------------------------------------------------------------------------- features

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
        opts.intra_op_num_threads = threads or int(os.environ.get("RR_THREADS", "0")) or min(2, os.cpu_count() or 1)
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


# ---------------------------------------------------------------------------- speech regions

def speech_regions(audio: np.ndarray) -> list[tuple[int, int]]:
    """Speech as (start, end) sample indices, from Silero VAD (inside faster-whisper)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if len(audio) < SR // 10:
        return []
    opts = VadOptions(threshold=0.5, min_speech_duration_ms=200, min_silence_duration_ms=300, speech_pad_ms=60)
    return [(int(s["start"]), int(s["end"])) for s in get_speech_timestamps(np.asarray(audio, dtype=np.float32), opts)]


@dataclass
class _Window:
    start: float  # seconds
    end: float
    power: np.ndarray


def _windows(audio: np.ndarray, regions: list[tuple[int, int]]) -> list[_Window]:
    out = []
    for s, e in regions:
        if (e - s) / SR < MIN_REGION_S:
            continue
        power = power_spectrogram(audio[s:e])
        n = len(power)
        if n <= WINDOW_FRAMES:
            starts = [0]
        else:
            starts = list(range(0, n - WINDOW_FRAMES + 1, STEP_FRAMES))
            if starts[-1] + WINDOW_FRAMES < n:
                starts.append(n - WINDOW_FRAMES)
        for f in starts:
            chunk = power[f: f + WINDOW_FRAMES]
            t0 = s / SR + f * HOP / SR
            out.append(_Window(t0, min(e / SR, t0 + len(chunk) * HOP / SR), chunk))
    return out


# ---------------------------------------------------------------------------- clustering

def _kmeans(x: np.ndarray, k: int, seed: int = 0, iters: int = 50, restarts: int = 4) -> np.ndarray:
    """k-means with k-means++ seeding; the best of a few restarts."""
    best, best_cost = None, np.inf
    rng = np.random.default_rng(seed)
    for _ in range(restarts):
        centres = [x[rng.integers(len(x))]]
        for _ in range(1, k):
            d = np.min(((x[:, None, :] - np.asarray(centres)[None]) ** 2).sum(-1), axis=1)
            p = d / d.sum() if d.sum() > 0 else None
            centres.append(x[rng.choice(len(x), p=p)])
        c = np.asarray(centres)
        labels = np.zeros(len(x), int)
        for _ in range(iters):
            d = ((x[:, None, :] - c[None]) ** 2).sum(-1)
            new = d.argmin(1)
            if np.array_equal(new, labels) and _ > 0:
                break
            labels = new
            for j in range(k):
                if np.any(labels == j):
                    c[j] = x[labels == j].mean(0)
        cost = float(((x - c[labels]) ** 2).sum())
        if cost < best_cost:
            best, best_cost = labels.copy(), cost
    return best


def _affinity(emb: np.ndarray) -> np.ndarray:
    a = np.clip(emb @ emb.T, -1.0, 1.0)
    return (a + 1.0) / 2.0  # cosine → [0, 1]


def _laplacian_eigs(binary: np.ndarray, n_vecs: int) -> tuple[np.ndarray, np.ndarray]:
    deg = binary.sum(1)
    d = 1.0 / np.sqrt(np.maximum(deg, 1e-10))
    lap = np.eye(len(binary)) - d[:, None] * binary * d[None, :]
    vals, vecs = np.linalg.eigh(lap)
    return vals, vecs[:, :n_vecs]


def _pruned(aff: np.ndarray, p: int) -> np.ndarray:
    """Keep each row's p strongest affinities, symmetrised (NME-SC, Park et al. 2019)."""
    keep = np.argsort(-aff, axis=1)[:, :p]
    b = np.zeros_like(aff)
    np.put_along_axis(b, keep, 1.0, axis=1)
    b = np.maximum(b, b.T)
    np.fill_diagonal(b, 1.0)
    return b


class SpectralGraph:
    """Spectral clustering on a pruned cosine graph of window embeddings.

    The pruning level p (each window keeps its p strongest affinities) is chosen as in
    NME-SC (Park et al., 2019): the p that minimises p / (largest eigengap), which keeps the
    graph's clusters sharp without splitting one voice. The Laplacian is decomposed once;
    :meth:`labels` then clusters for any k.
    """

    def __init__(self, emb: np.ndarray, max_k: int = 6):
        n = len(emb)
        self.n = n
        aff = _affinity(emb)
        max_k = max(1, min(max_k, n - 1))
        best = None
        for p in sorted({max(2, int(n * f)) for f in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4)}):
            if p >= n:
                continue
            vals, _ = _laplacian_eigs(_pruned(aff, p), 1)
            gaps = np.diff(vals[: max_k + 1])
            ratio = p / max(float(gaps.max()), 1e-6) if len(gaps) else np.inf
            if best is None or ratio < best[0]:
                best = (ratio, p, int(np.argmax(gaps)) + 1 if len(gaps) else 1)
        self.p = best[1] if best else max(1, n - 1)
        self.eigengap_k = best[2] if best else 1
        self.vals, self.vecs = _laplacian_eigs(_pruned(aff, self.p), min(n, max(max_k, 1) + 1))

    def labels(self, k: int) -> np.ndarray:
        if k <= 1 or self.n < 2:
            return np.zeros(self.n, int)
        v = self.vecs[:, :k]
        v = v / (np.linalg.norm(v, axis=1, keepdims=True) + 1e-12)
        return _kmeans(v, k)


def spectral_labels(emb: np.ndarray, k: int | None, max_k: int) -> tuple[np.ndarray, int]:
    """Spectral clustering into ``k`` clusters (or the eigengap count when ``k`` is None)."""
    graph = SpectralGraph(emb, max_k)
    k = k or graph.eigengap_k
    return graph.labels(k), k


def _centroids(emb: np.ndarray, labels: np.ndarray) -> dict[int, np.ndarray]:
    out = {}
    for j in np.unique(labels):
        c = emb[labels == j].mean(0)
        out[int(j)] = c / (np.linalg.norm(c) + 1e-12)
    return out


def _refine(emb: np.ndarray, labels: np.ndarray, rounds: int = 3) -> np.ndarray:
    """Reassign every window to its nearest cluster centroid (a few k-means steps on cosine)."""
    for _ in range(rounds):
        cents = _centroids(emb, labels)
        keys = list(cents)
        sims = emb @ np.stack([cents[k] for k in keys]).T
        new = np.asarray(keys)[sims.argmax(1)]
        if np.array_equal(new, labels):
            break
        labels = new
    return labels


def merge_alike(emb: np.ndarray, labels: np.ndarray, threshold: float, min_speakers: int = 1) -> np.ndarray:
    """Merge the closest pair of clusters while their centroids' cosine ≥ ``threshold``."""
    labels = labels.copy()
    while len(np.unique(labels)) > max(1, min_speakers):
        sims, pair = _closest_pair(emb, labels)
        if sims < threshold:
            break
        labels[labels == pair[1]] = pair[0]
    return labels


def _closest_pair(emb: np.ndarray, labels: np.ndarray) -> tuple[float, tuple[int, int]]:
    cents = _centroids(emb, labels)
    keys = list(cents)
    best, pair = -2.0, (keys[0], keys[0])
    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            s = float(cents[keys[i]] @ cents[keys[j]])
            if s > best:
                best, pair = s, (keys[i], keys[j])
    return best, pair


@dataclass
class Candidate:
    k: int
    labels: np.ndarray
    closest: float  # cosine of the two most alike cluster centroids (-1 for k = 1)
    smallest: int  # windows in the smallest cluster

    def valid(self, same_voice: float, min_size: int) -> bool:
        return self.k == 1 or (self.closest < same_voice and self.smallest >= min_size)


def candidates(emb: np.ndarray, max_k: int) -> list[Candidate]:
    """Clusterings for k = 1 … max_k, each refined on cosine to its centroids."""
    n = len(emb)
    out = [Candidate(1, np.zeros(n, int), -1.0, n)]
    if n < 2:
        return out
    graph = SpectralGraph(emb, max_k)
    for k in range(2, min(max_k, n) + 1):
        labels = _refine(emb, graph.labels(k))
        uniq, counts = np.unique(labels, return_counts=True)
        if len(uniq) < k:  # a cluster emptied while refining: not a real k-way split
            continue
        out.append(Candidate(k, labels, _closest_pair(emb, labels)[0], int(counts.min())))
    return out


def estimate_speakers(emb: np.ndarray, *, min_speakers: int = 1, max_speakers: int = 6,
                      expected: int | None = None, same_voice: float = 0.86,
                      prior_margin: float = 0.04, distinct_margin: float = 0.1) -> np.ndarray:
    """Cluster labels for window embeddings, the number of speakers estimated.

    A clustering into k voices is *plausible* when no two of its cluster centroids are as
    alike as one voice's own halves (cosine < ``same_voice``) and every cluster has at
    least 2 % of the windows and 5 (4 s of speech). Without a prior the largest plausible
    k wins. With ``expected`` (the article's people of the slot plus the reporter):

    - up to ``expected`` voices, the bar is lowered by ``prior_margin`` (two alike voices
      that the article announces are kept apart);
    - more voices than expected count only when clearly distinct (cosine below
      ``same_voice − distinct_margin``): an unannounced passer-by still counts, a lively
      speaker is not split in two;
    - fewer voices than expected are fine (the reporter may stay silent, a monologue stays one).
    """
    n = len(emb)
    if n < 2:
        return np.zeros(n, int)
    hi = max(1, min(max_speakers, n))
    lo = max(1, min(min_speakers, hi))
    min_size = max(5, int(np.ceil(0.02 * n)))
    cands = {c.k: c for c in candidates(emb, hi)}
    allowed = [k for k in cands if k >= lo]
    if expected is None:
        plausible = [k for k in allowed if cands[k].valid(same_voice, min_size)]
    else:
        plausible = [k for k in allowed if k <= expected and cands[k].valid(same_voice + prior_margin, min_size)]
        plausible += [k for k in allowed if k > expected and cands[k].valid(same_voice - distinct_margin, min_size)]
    k = max(plausible) if plausible else min(allowed, default=1)
    return cands[k].labels


# ---------------------------------------------------------------------------- diarizer

def _turns_from_windows(windows: list[_Window], labels: np.ndarray, regions: list[tuple[int, int]]) -> list[Turn]:
    if not windows:
        return []
    centres = np.array([(w.start + w.end) / 2 for w in windows])
    # Name clusters S1, S2, … in order of first appearance.
    order: dict[int, str] = {}
    for lab in labels:
        order.setdefault(int(lab), f"S{len(order) + 1}")
    pieces: list[Turn] = []
    step = STEP_FRAMES * HOP / SR
    for s, e in regions:
        t0, t1 = s / SR, e / SR
        inside = np.flatnonzero((centres >= t0 - step) & (centres <= t1 + step))
        if not len(inside):
            # A short region: the label of the nearest window in time.
            j = int(np.argmin(np.abs(centres - (t0 + t1) / 2)))
            pieces.append(Turn(t0, t1, order[int(labels[j])]))
            continue
        cs = centres[inside]
        # Boundaries halfway between consecutive window centres.
        cuts = [t0] + [float((cs[i] + cs[i + 1]) / 2) for i in range(len(cs) - 1)] + [t1]
        for i, j in enumerate(inside):
            a, b = max(t0, cuts[i]), min(t1, cuts[i + 1])
            if b > a:
                pieces.append(Turn(a, b, order[int(labels[j])]))
    merged: list[Turn] = []
    for p in sorted(pieces, key=lambda t: t.start):
        if merged and merged[-1].label == p.label and p.start - merged[-1].end < 0.01:
            merged[-1].end = max(merged[-1].end, p.end)
        else:
            merged.append(Turn(round(p.start, 3), round(p.end, 3), p.label))
    for t in merged:
        t.start, t.end = round(t.start, 3), round(t.end, 3)
    return merged


class EmbeddingDiarizer:
    """VAD → window embeddings → spectral clustering → turns (see the module docstring)."""

    def __init__(self, embedder: Callable[[list[np.ndarray]], np.ndarray], same_voice: float | None):
        """``same_voice``: centroid cosine above which two clusters are one voice; None for an
        embedder without an absolute scale (the count then comes from the prior or the eigengap)."""
        self.embedder = embedder
        self.same_voice = same_voice

    def embed(self, audio: np.ndarray) -> tuple[list[_Window], np.ndarray, list[tuple[int, int]]]:
        audio = _check_audio(audio)
        regions = speech_regions(audio)
        windows = _windows(audio, regions)
        emb = self.embedder([w.power for w in windows]) if windows else np.zeros((0, 1), np.float32)
        return windows, emb, regions

    def __call__(self, audio: np.ndarray, *, num_speakers: int | None = None, min_speakers: int = 1,
                 max_speakers: int = 6, expected_speakers: int | None = None) -> list[Turn]:
        _check_counts(num_speakers, min_speakers, max_speakers)
        windows, emb, regions = self.embed(audio)
        if not windows:
            return [Turn(round(s / SR, 3), round(e / SR, 3), "S1") for s, e in regions]
        # The graph is n × n and its eigen-decomposition O(n³): long videos are clustered on
        # evenly spaced windows, then every window goes to its nearest cluster centroid.
        fit = np.linspace(0, len(emb) - 1, MAX_GRAPH).astype(int) if len(emb) > MAX_GRAPH else np.arange(len(emb))
        sub = emb[fit]
        if num_speakers is not None:
            k = min(num_speakers, len(sub))
            labels = np.zeros(len(sub), int) if k == 1 else _refine(sub, spectral_labels(sub, k, k)[0])
        elif self.same_voice is None:
            graph = SpectralGraph(sub, max_speakers)
            k = max(min_speakers, min(max_speakers, expected_speakers or graph.eigengap_k, len(sub)))
            labels = _refine(sub, graph.labels(k)) if k > 1 else np.zeros(len(sub), int)
        else:
            labels = estimate_speakers(sub, min_speakers=min_speakers, max_speakers=max_speakers,
                                       expected=expected_speakers, same_voice=self.same_voice)
        if len(fit) < len(emb):
            cents = _centroids(sub, labels)
            keys = np.asarray(list(cents))
            labels = _refine(emb, keys[(emb @ np.stack([cents[k] for k in keys]).T).argmax(1)])
        return _turns_from_windows(windows, labels, regions)


def _check_audio(audio: np.ndarray) -> np.ndarray:
    audio = np.asarray(audio)
    if audio.ndim != 1:
        raise RRError(f"diarization needs mono audio, got an array of shape {audio.shape}")
    return audio.astype(np.float32, copy=False)


def _check_counts(num: int | None, lo: int, hi: int) -> None:
    if num is not None and not 1 <= num <= 20:
        raise RRError(f"--speakers must be between 1 and 20, got {num}")
    if lo < 1 or hi < lo:
        raise RRError(f"speaker range {lo}–{hi} is empty; need 1 ≤ min ≤ max")


class PyannoteDiarizer:
    """pyannote.audio's pipeline, for users who have it and its model files on disk.

    Set ``RR_PYANNOTE_MODEL`` to the folder or config.yaml of a downloaded
    ``pyannote/speaker-diarization-3.1`` (or later) pipeline.
    """

    def __init__(self):
        try:
            from pyannote.audio import Pipeline
        except ImportError as exc:
            raise RRError("diarizer 'pyannote' needs pyannote.audio: pip install pyannote.audio") from exc
        path = os.environ.get("RR_PYANNOTE_MODEL")
        if not path or not Path(path).exists():
            raise RRError("diarizer 'pyannote' needs RR_PYANNOTE_MODEL set to a local pipeline folder or config.yaml")
        self.pipeline = Pipeline.from_pretrained(path)

    def __call__(self, audio: np.ndarray, *, num_speakers: int | None = None, min_speakers: int = 1,
                 max_speakers: int = 6, expected_speakers: int | None = None) -> list[Turn]:
        import torch

        audio = _check_audio(audio)
        kw = {"num_speakers": num_speakers} if num_speakers else {"min_speakers": min_speakers, "max_speakers": max_speakers}
        result = self.pipeline({"waveform": torch.from_numpy(audio)[None], "sample_rate": SR}, **kw)
        annotation = getattr(result, "speaker_diarization", result)
        order: dict[str, str] = {}
        turns = []
        for seg, _, spk in annotation.itertracks(yield_label=True):
            order.setdefault(spk, f"S{len(order) + 1}")
            turns.append(Turn(round(seg.start, 3), round(seg.end, 3), order[spk]))
        return turns


# Centroid cosine above which two GE2E clusters are taken as one voice (tuned on the
# fixtures of tests/diarize_fixtures.py, see docs/speakers.md). The MFCC baseline's
# statistics are standardised per recording, so its cosines have no absolute scale.
GE2E_SAME_VOICE = 0.86
MFCC_SAME_VOICE = None

_REGISTRY: dict[str, Callable[[], Diarizer]] = {}


def register(name: str, factory: Callable[[], Diarizer]) -> None:
    """Make ``factory`` available as ``get_diarizer(name)``."""
    _REGISTRY[name] = factory


register("ge2e", lambda: EmbeddingDiarizer(VoiceEncoder(), same_voice=GE2E_SAME_VOICE))
register("mfcc", lambda: EmbeddingDiarizer(MfccStats(), same_voice=MFCC_SAME_VOICE))
register("pyannote", PyannoteDiarizer)
register("default", lambda: get_diarizer("ge2e"))



def available() -> list[str]:
    return sorted(_REGISTRY)


@functools.lru_cache(maxsize=8)
def get_diarizer(name: str = "default") -> Diarizer:
    """The diarizer called ``name`` (``default``, ``ge2e``, ``mfcc``, ``pyannote``, or registered)."""
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise RRError(f"unknown diarizer {name!r}; choose one of {', '.join(available())}") from None
    return factory()
