"""Who speaks when: voice activity, speaker embeddings, clustering — offline, no torch.

The default diarizer:

1. **Voice activity**: Silero VAD (the ONNX model inside faster-whisper) finds speech regions
   (in an ingest, the one pass the decoder and the gap pass share, cut with these settings).
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

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from ..config import Config
from ..errors import RRError
from ..media import SAMPLE_RATE as SR
from ..media import speech_regions
from ..media.vad import DIARIZATION, SpeechMap, windowed_regions
from ..vocabulary import check_speakers
from . import registry
from .clustering import SpectralGraph, centroids, refine, estimate_speakers, spectral_labels
from .features import HOP, MfccStats, VoiceEncoder, power_spectrogram

WINDOW_FRAMES = 160  # 1.6 s per embedding window, as the voice encoder was trained
STEP_FRAMES = 80  # a window every 0.8 s
MIN_REGION_S = 0.4  # shorter speech bits get no embedding of their own
MAX_GRAPH = 1200  # windows in the clustering graph (16 minutes of speech)


@dataclass
class Turn:
    start: float
    end: float
    label: str


class Diarizer(Protocol):
    """``audio``: 16 kHz mono float32; turns in seconds from its start, labels S1, S2, … in order
    of first appearance. ``num_speakers`` fixes the count (``rr … --speakers N``);
    ``expected_speakers`` is a prior (``razendereporter.speakers.speaker_prior``), not a constraint.
    ``speech``: the VAD of ``audio`` already computed (the ingest's shared pass), for a diarizer
    that uses one; the others find speech their own way."""

    def __call__(self, audio: np.ndarray, *, num_speakers: int | None = None, min_speakers: int = 1,
                 max_speakers: int = 6, expected_speakers: int | None = None,
                 speech: list[tuple[int, SpeechMap]] | None = None) -> list[Turn]: ...

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

    def embed(self, audio: np.ndarray, speech: list[tuple[int, SpeechMap]] | None = None
              ) -> tuple[list[_Window], np.ndarray, list[tuple[int, int]]]:
        """``speech``: the VAD of ``audio`` already computed, window by window (the ingest's shared pass)."""
        audio = _check_audio(audio)
        regions = windowed_regions(speech, DIARIZATION) if speech is not None else speech_regions(audio, DIARIZATION)
        windows = _windows(audio, regions)
        emb = self.embedder([w.power for w in windows]) if windows else np.zeros((0, 1), np.float32)
        return windows, emb, regions

    def __call__(self, audio: np.ndarray, *, num_speakers: int | None = None, min_speakers: int = 1,
                 max_speakers: int = 6, expected_speakers: int | None = None,
                 speech: list[tuple[int, SpeechMap]] | None = None) -> list[Turn]:
        _check_counts(num_speakers, min_speakers, max_speakers)
        windows, emb, regions = self.embed(audio, speech)
        if not windows:
            return [Turn(round(s / SR, 3), round(e / SR, 3), "S1") for s, e in regions]
        # The graph is n × n and its eigen-decomposition O(n³): long videos are clustered on
        # evenly spaced windows, then every window goes to its nearest cluster centroid.
        fit = np.linspace(0, len(emb) - 1, MAX_GRAPH).astype(int) if len(emb) > MAX_GRAPH else np.arange(len(emb))
        sub = emb[fit]
        if num_speakers is not None:
            k = min(num_speakers, len(sub))
            labels = np.zeros(len(sub), int) if k == 1 else refine(sub, spectral_labels(sub, k, k)[0])
        elif self.same_voice is None:
            graph = SpectralGraph(sub, max_speakers)
            k = max(min_speakers, min(max_speakers, expected_speakers or graph.eigengap_k, len(sub)))
            labels = refine(sub, graph.labels(k)) if k > 1 else np.zeros(len(sub), int)
        else:
            labels = estimate_speakers(sub, min_speakers=min_speakers, max_speakers=max_speakers,
                                       expected=expected_speakers, same_voice=self.same_voice)
        if len(fit) < len(emb):
            cents = centroids(sub, labels)
            keys = np.asarray(list(cents))
            labels = refine(emb, keys[(emb @ np.stack([cents[k] for k in keys]).T).argmax(1)])
        return _turns_from_windows(windows, labels, regions)


def _check_audio(audio: np.ndarray) -> np.ndarray:
    audio = np.asarray(audio)
    if audio.ndim != 1:
        raise RRError(f"diarization needs mono audio, got an array of shape {audio.shape}")
    return audio.astype(np.float32, copy=False)


def _check_counts(num: int | None, lo: int, hi: int) -> None:
    check_speakers(num, "num_speakers")
    if lo < 1 or hi < lo:
        raise RRError(f"speaker range {lo}–{hi} is empty; need 1 ≤ min ≤ max")


class PyannoteDiarizer:
    """pyannote.audio's pipeline, for users who have it and its model files on disk.

    ``model_path`` (``RR_PYANNOTE_MODEL``, :attr:`Config.pyannote_model`) is the folder or
    config.yaml of a downloaded ``pyannote/speaker-diarization-3.1`` (or later) pipeline.
    """

    def __init__(self, model_path: str | None = None):
        try:
            from pyannote.audio import Pipeline
        except ImportError as exc:
            raise RRError("diarizer 'pyannote' needs pyannote.audio: pip install pyannote.audio") from exc
        path = model_path
        if not path or not Path(path).exists():
            raise RRError("diarizer 'pyannote' needs RR_PYANNOTE_MODEL set to a local pipeline folder or config.yaml")
        self.pipeline = Pipeline.from_pretrained(path)

    def __call__(self, audio: np.ndarray, *, num_speakers: int | None = None, min_speakers: int = 1,
                 max_speakers: int = 6, expected_speakers: int | None = None,
                 speech: list[tuple[int, SpeechMap]] | None = None) -> list[Turn]:
        import torch  # ``speech`` unused: pyannote's own segmentation finds the speech

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

_REGISTRY: dict[str, Callable[..., Diarizer]] = {}


def register(name: str, factory: Callable[..., Diarizer]) -> None:
    """Make ``factory`` available as ``get_diarizer(name)``; it is called with ``threads=N``
    (the CPU threads the user allowed, 0 for the default) and ``config`` (a :class:`Config`),
    and may ignore them."""
    _REGISTRY[name] = factory
    registry.add(name)


register("ge2e", lambda threads=0, config=None: EmbeddingDiarizer(VoiceEncoder(threads=threads or None),
                                                                  same_voice=GE2E_SAME_VOICE))
register("mfcc", lambda threads=0, config=None: EmbeddingDiarizer(MfccStats(), same_voice=MFCC_SAME_VOICE))
register("pyannote", lambda threads=0, config=None: PyannoteDiarizer((config or Config.from_env()).pyannote_model))
register("default", lambda threads=0, config=None: get_diarizer("ge2e", threads, config))


def get_diarizer(name: str = "default", threads: int = 0, config: Config | None = None) -> Diarizer:
    """A new diarizer called ``name`` (``default``, ``ge2e``, ``mfcc``, ``pyannote``, or
    registered); the caller keeps it for as long as it needs it (an ingest: one episode)."""
    return _REGISTRY[registry.check_diarizer(name)](threads=threads, config=config)
