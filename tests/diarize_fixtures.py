"""Test conversations with known speaker turns, made at test time.

Voices come from espeak-ng (Dutch, with different variants, pitch and speed) and from the
real Dutch recordings in tests/fixtures/real-dutch (one male Flemish reader, CC0). Each
conversation is 16 kHz mono float32 with the exact reference turns, so a diarizer can be
scored with :func:`der`.

Used by tests/test_diarize.py, tests/test_speakers.py and bench/bench_diarization.py.
"""

from __future__ import annotations

import functools
import itertools
import wave
from dataclasses import dataclass

import numpy as np

import synth

SR = 16000

# Voices that differ clearly: variant, pitch and speed. Their GE2E similarity (mean
# embedding over three sentences) is 0.55–0.80 between any two of them.
VOICE_A = ("nl+m3", 45, 160)
VOICE_B = ("nl+f2", 70, 150)
VOICE_C = ("nl+klatt", 30, 170)
VOICE_D = ("nl+edward", 50, 150)
VOICE_E = ("nl+anika", 50, 165)
VOICE_F = ("nl+iven", 40, 180)
# Two male voices that sound alike (GE2E similarity 0.84, as close as two real men often are).
SIMILAR_A = ("nl+m3", 45, 160)
SIMILAR_B = ("nl+m7", 40, 170)

QUESTIONS = [
    "Goedemiddag, wat vindt u ervan dat de wijk van het gas af gaat?",
    "Hoe lang woont u hier eigenlijk al?",
    "Wat gaat dat voor u betekenen, de warmtepomp en de isolatie?",
    "Waarom heeft de gemeente juist voor deze wijk gekozen?",
    "Wanneer denkt u dat het klaar is?",
    "Heeft u al een energieadvies gehad?",
    "Wie betaalt de rekening als het duurder uitvalt?",
    "Kunt u uitleggen hoe het warmtenet werkt?",
]
ANSWERS = [
    "Nou, ik woon hier al twintig jaar en ik vind het eigenlijk wel een goed plan, maar het moet wel betaalbaar blijven voor iedereen in de straat.",
    "We hebben vorig jaar de spouwmuur laten isoleren en dat scheelt echt een heleboel in de stookkosten, vooral in de winter.",
    "De gemeente heeft een informatieavond georganiseerd in het buurthuis, daar kwamen meer dan honderd bewoners op af.",
    "Ik maak me wel een beetje zorgen over de kosten, want een warmtepomp is niet goedkoop en de subsidie dekt lang niet alles.",
    "Het warmtenet wordt aangelegd door de netbeheerder en de woningcorporatie doet mee met alle huurwoningen in de buurt.",
    "Eerst gaan we de huizen goed isoleren, daarna kijken we per straat welke oplossing het beste past bij de woningen.",
    "Mijn buren zijn er heel enthousiast over, die hebben al zonnepanelen op het dak en koken sinds kort elektrisch.",
    "We verwachten dat de eerste woningen over twee jaar zijn aangesloten, als alles volgens planning verloopt.",
]


@dataclass
class Conversation:
    audio: np.ndarray  # 16 kHz mono float32
    turns: list[tuple[float, float, str]]  # reference (start, end, speaker), speech only
    texts: list[tuple[float, float, str, str]]  # (start, end, speaker, text) per turn

    @property
    def duration(self) -> float:
        return len(self.audio) / SR

    @property
    def speakers(self) -> list[str]:
        return sorted({t[2] for t in self.turns})


have_espeak = synth.have_espeak


def resample(x: np.ndarray, sr_in: int, sr_out: int = SR) -> np.ndarray:
    """Band-limited resampling through the FFT: with a false rate, a pitch and formant shift."""
    if sr_in == sr_out:
        return x.astype(np.float32)
    n_out = int(round(len(x) * sr_out / sr_in))
    spec = np.fft.rfft(x.astype(np.float64))
    n_bins = n_out // 2 + 1
    out_spec = np.zeros(n_bins, dtype=complex)
    keep = min(n_bins, len(spec))
    out_spec[:keep] = spec[:keep]
    y = np.fft.irfft(out_spec, n_out) * (n_out / len(x))
    return y.astype(np.float32)


@functools.lru_cache(maxsize=256)
def _espeak_cached(text: str, voice: str, pitch: int, speed: int) -> bytes:
    return synth.espeak(text, voice, pitch, speed).tobytes()


def espeak(text: str, voice: tuple[str, int, int]) -> np.ndarray:
    """``text`` spoken by ``voice`` = (variant, pitch, speed), trimmed, 16 kHz float32."""
    return trim(np.frombuffer(_espeak_cached(text, *voice), dtype=np.float32).copy())


def trim(x: np.ndarray, threshold: float = 0.01) -> np.ndarray:
    """Cut leading and trailing silence, so reference turns start and end on speech."""
    return synth.trim(x, threshold)


def real_clips() -> list[tuple[np.ndarray, str]]:
    """The real Dutch recordings (one male Flemish reader), trimmed, 16 kHz, with their texts.

    Resampled with :func:`resample` (FFT), not ffmpeg: the DERs in docs/benchmarks.md were
    measured on exactly this audio. (With ffmpeg's resampler the ×1.15 pitch-shifted
    conversation is counted as three voices: the count estimator is close to its threshold
    on real speech, see docs/speakers.md.)
    """
    out = []
    for path in sorted(synth.REAL_DUTCH.glob("*.wav")):
        with wave.open(str(path), "rb") as w:
            rate, pcm = w.getframerate(), np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        audio = resample(pcm.astype(np.float32) / 32768.0, rate, SR)
        out.append((trim(audio), path.with_suffix(".txt").read_text(encoding="utf-8").strip()))
    return out


def pitch_shift(x: np.ndarray, factor: float) -> np.ndarray:
    """Resample-based shift: pitch and formants move by ``factor`` (a different-sounding voice)."""
    return resample(x, int(SR * factor), SR)


def build(parts: list[tuple[str, np.ndarray, str]], *, gap: tuple[float, float] = (0.3, 0.8),
          lead: float = 0.5, noise_snr_db: float | None = None, seed: int = 0) -> Conversation:
    """Concatenate ``(speaker, audio, text)`` parts with pauses and optional white noise."""
    rng = np.random.default_rng(seed)
    chunks = [np.zeros(int(lead * SR), np.float32)]
    t = lead
    turns, texts = [], []
    for i, (spk, audio, text) in enumerate(parts):
        audio = audio / max(1e-6, float(np.max(np.abs(audio)))) * 0.5
        start, end = t, t + len(audio) / SR
        turns.append((start, end, spk))
        texts.append((start, end, spk, text))
        chunks.append(audio.astype(np.float32))
        pause = rng.uniform(*gap) if i < len(parts) - 1 else lead
        chunks.append(np.zeros(int(pause * SR), np.float32))
        t = end + int(pause * SR) / SR
    audio = np.concatenate(chunks)
    if noise_snr_db is not None:
        speech = np.concatenate([c for c in chunks if np.any(c)])
        p_speech = float(np.mean(speech ** 2))
        noise = rng.normal(0, np.sqrt(p_speech / 10 ** (noise_snr_db / 10)), len(audio))
        audio = audio + noise.astype(np.float32)
    return Conversation(audio.astype(np.float32), turns, texts)


def interview(voices: list[tuple[str, int, int]], n_turns: int = 6, seed: int = 0, **kw) -> Conversation:
    """First voice asks questions (the reporter), the others answer in turn."""
    parts = []
    for i in range(n_turns):
        if i % 2 == 0:
            spk, text = "reporter", QUESTIONS[(i // 2 + seed) % len(QUESTIONS)]
            voice = voices[0]
        else:
            k = 1 + (i // 2) % (len(voices) - 1)
            spk, text = f"guest{k}", ANSWERS[(i // 2 + seed + k) % len(ANSWERS)]
            voice = voices[k]
        parts.append((spk, espeak(text, voice), text))
    return build(parts, seed=seed, **kw)


def monologue(voice: tuple[str, int, int], n: int = 4, seed: int = 0, **kw) -> Conversation:
    parts = [("only", espeak(ANSWERS[(i + seed) % len(ANSWERS)], voice), ANSWERS[(i + seed) % len(ANSWERS)])
             for i in range(n)]
    return build(parts, seed=seed, **kw)


def real_conversation(factor: float = 1.25, seed: int = 0, **kw) -> Conversation:
    """Real speech: the Flemish reader, against the same recordings pitch-shifted by ``factor``."""
    clips, texts = zip(*real_clips())
    parts = []
    for i, (clip, text) in enumerate(zip(clips, texts)):
        parts.append(("reader", clip, text))
        j = (i + 2) % len(clips)
        parts.append(("shifted", pitch_shift(clips[j], factor), texts[j]))
    return build(parts, seed=seed, **kw)


def real_monologue(**kw) -> Conversation:
    return build([("reader", c, t) for c, t in real_clips()], **kw)


# ---------------------------------------------------------------------------- scoring

def der(reference: list[tuple[float, float, str]], hypothesis, *, collar: float = 0.0,
        step: float = 0.01) -> float:
    """Diarization error rate: (missed + false alarm + confusion) / reference speech time.

    Written here rather than taken from pyannote.metrics, which pulls pyannote.core and its
    dependencies into the test environment for one number. Time is sampled every ``step``
    seconds; speakers are mapped one to one for the largest overlap (optimal assignment by
    exhaustive search over permutations, exact for the ≤ 6 speakers used here). ``collar``
    seconds around each reference boundary are not scored, as in NIST md-eval.
    ``hypothesis`` holds (start, end, label) tuples or objects with start/end/label.
    """
    hyp = [(h.start, h.end, h.label) if hasattr(h, "label") else tuple(h) for h in hypothesis]
    end = max([t[1] for t in reference] + [t[1] for t in hyp] + [0.0]) + 1.0
    n = int(np.ceil(end / step))
    times = (np.arange(n) + 0.5) * step
    ref_labels = sorted({t[2] for t in reference})
    hyp_labels = sorted({t[2] for t in hyp})
    ref = np.full(n, -1)
    for s, e, lab in reference:
        ref[(times >= s) & (times < e)] = ref_labels.index(lab)
    hy = np.full(n, -1)
    for s, e, lab in hyp:
        hy[(times >= s) & (times < e)] = hyp_labels.index(lab)
    scored = np.ones(n, bool)
    if collar > 0:
        for s, e, _ in reference:
            for b in (s, e):
                scored &= ~((times >= b - collar) & (times < b + collar))
    ref, hy = ref[scored], hy[scored]
    total = float(np.sum(ref >= 0))
    if total == 0:
        return 0.0
    missed = np.sum((ref >= 0) & (hy < 0))
    false_alarm = np.sum((ref < 0) & (hy >= 0))
    both = (ref >= 0) & (hy >= 0)
    overlap = np.zeros((len(ref_labels), max(1, len(hyp_labels))))
    np.add.at(overlap, (ref[both], hy[both]), 1)
    best = 0.0
    r, h = overlap.shape
    if h >= r:
        for perm in itertools.permutations(range(h), r):
            best = max(best, sum(overlap[i, perm[i]] for i in range(r)))
    else:
        for perm in itertools.permutations(range(r), h):
            best = max(best, sum(overlap[perm[j], j] for j in range(h)))
    confusion = np.sum(both) - best
    return float((missed + false_alarm + confusion) / total)
