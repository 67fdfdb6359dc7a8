"""Long Dutch test clips for the benchmarks: espeak-ng voices taking turns with the CC0 real
speech (:func:`build`), or only real voices: tests/interviews.py's interviews one after the other
(:func:`real_voices`).

    python bench/clip.py OUT.mp4 --minutes 5 [--real]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import synth  # noqa: E402

VOICES = [
    dict(voice="nl", pitch=35, speed=130),
    dict(voice="nl+klatt", pitch=60, speed=135),
    dict(voice="nl+m3", pitch=50, speed=140),
    dict(voice="nl+f2", pitch=70, speed=135),
]
SENTENCES = [
    "Wat vindt u van de plannen van de gemeente?",
    "De technische oplossingen zijn duur, dus wij kiezen eerst voor isolatie.",
    "Informatie van de buurman komt vaak beter aan dan een brief van de gemeente.",
    "Sinds twintig twintig is de wijk bezig om vijfhonderd woningen van het aardgas af te halen.",
    "De gemeente heeft per bewoner twaalfduizend euro gereserveerd voor isolatie en installaties.",
    "Hoe bereik je de mensen die nog niet meedoen?",
    "Een warmtenet bleek te duur voor deze wijk met veel vrijstaande huizen.",
    "Wij hebben een energieadviseur ingehuurd die bij de mensen thuis langs gaat.",
    "Wanneer is uw straat aan de beurt?",
    "Het is belangrijk dat bewoners zelf mogen meebeslissen over de plannen.",
]


def build(minutes: float) -> tuple[np.ndarray, float]:
    """At least ``minutes`` of speech with short pauses, cycling voices and sentences."""
    real = [clip for clip, _ in synth.real_dutch()]
    cache: dict[tuple[int, int], np.ndarray] = {}
    parts, total, i = [], 0.0, 0
    while total < minutes * 60:
        if i % 7 == 6:
            piece = real[(i // 7) % len(real)]
        else:
            key = (i % len(SENTENCES), i % len(VOICES))
            if key not in cache:
                cache[key] = synth.espeak(SENTENCES[key[0]], **VOICES[key[1]])
            piece = cache[key]
        parts += [piece, synth.silence(0.5)]
        total += len(piece) / synth.RATE + 0.5
        i += 1
    audio = np.concatenate(parts)
    return audio, len(audio) / synth.RATE


def real_voices(minutes: float, pause: float = 1.0) -> tuple[np.ndarray, float]:
    """At least ``minutes`` of real Dutch voices: the interviews of tests/interviews.py in turn
    (again from the first when they run out), ``pause`` seconds of silence between them."""
    import interviews

    parts, total, i = [], 0.0, 0
    while total < minutes * 60:
        audio = interviews.build(interviews.NAMES[i % len(interviews.NAMES)]).audio
        parts += [audio, synth.silence(pause)]
        total += len(audio) / synth.RATE + pause
        i += 1
    audio = np.concatenate(parts)
    return audio, len(audio) / synth.RATE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--real", action="store_true", help="real voices only (tests/interviews.py)")
    args = parser.parse_args()
    audio, seconds = (real_voices if args.real else build)(args.minutes)
    synth.make_video(audio, args.out)
    print(f"{args.out}: {seconds:.1f} s")


if __name__ == "__main__":
    main()
