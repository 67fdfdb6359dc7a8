"""What speaker diarization costs next to transcription, and how well it works.

    python bench/bench_diarization.py [--minutes 5] [--threads 2] [--no-transcribe] [--write]

1. **Cost**: one clip of ≥ 5 minutes (espeak-ng voices of four people taking turns),
   transcribed by faster-whisper (BatchedInferencePipeline, embedded base model, int8,
   batch 4 as `rr ingest` does, beam 5, word timestamps, Dutch) and diarized by each diarizer, each stage in its own
   child process so its peak memory (ru_maxrss) is its own. Reports seconds, the ratio to
   transcription and peak RSS.
2. **Accuracy**: DER (no collar, and a 0.25 s collar) per case: 2 and 3 voices, one voice,
   alike voices, noise, real speech (tests/diarize_fixtures.py).
3. **Speaker count**: how often the estimator finds the true number of voices (1–6), with and
   without the article's prior, against the plain eigengap count.

``--write`` replaces the "Speaker diarization" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import BENCHMARKS, write_section  # noqa: E402
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

import diarize_fixtures as F  # noqa: E402

SECTION = "## Speaker diarization"
NOTES = """Notes: the fixtures are in tests/diarize_fixtures.py. "Alike voices" are two espeak-ng male voices
(nl+m3 and nl+m7) whose GE2E similarity is 0.84; "real speech, 2 voices" is the Flemish reader of
shared/data/real-dutch against the same recordings pitch-shifted (×1.25 and ×1.15, so formants move
too). The pool for the count test includes voices GE2E finds nearly alike (klatt/klatt3 0.91,
f1/f2 0.89): without a prior they are merged, which is where the free estimate under-counts; the
article's prior keeps them apart. With no collar, almost all of the remaining DER is false alarm
in the 0.3–0.8 s pauses between turns that the VAD bridges, not speaker confusion (see the 0.25 s
collar column)."""


def long_clip(minutes: float) -> F.Conversation:
    voices = [F.VOICE_A, F.VOICE_B, F.VOICE_C, F.VOICE_D]
    parts, i = [], 0
    total = 0.0
    while total < minutes * 60:
        spk = "reporter" if i % 2 == 0 else f"guest{1 + (i // 2) % 3}"
        voice = voices[0] if spk == "reporter" else voices[int(spk[-1])]
        text = F.QUESTIONS[(i // 2) % len(F.QUESTIONS)] if spk == "reporter" else F.ANSWERS[(i * 3 + i // 2) % len(F.ANSWERS)]
        audio = F.espeak(text, voice)
        parts.append((spk, audio, text))
        total += len(audio) / F.SR + 0.55
        i += 1
    return F.build(parts, seed=11)


# ---------------------------------------------------------------------------- child stages

def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def stage(name: str, audio_path: str, threads: int) -> dict:
    audio = np.load(audio_path)
    t0 = time.perf_counter()
    out: dict = {"stage": name}
    if name == "transcribe":
        from faster_whisper import BatchedInferencePipeline, WhisperModel

        from razendereporter.transcribe.model import embedded_model_dir

        model = WhisperModel(str(embedded_model_dir()), device="cpu", compute_type="int8", cpu_threads=threads)
        t_load, c_load = time.perf_counter(), _cpu()
        pipe = BatchedInferencePipeline(model)
        segments, _ = pipe.transcribe(audio, language="nl", batch_size=4, beam_size=5, word_timestamps=True)
        words = [w for s in segments for w in (s.words or [])]
        out.update(load_s=t_load - t0, run_s=time.perf_counter() - t_load, cpu_s=_cpu() - c_load, words=len(words))
    else:
        os.environ["RR_THREADS"] = str(threads)
        from razendereporter.speakers.diarize import get_diarizer

        dia = get_diarizer(name)
        t_load, c_load = time.perf_counter(), _cpu()
        turns = dia(audio, expected_speakers=4)
        out.update(load_s=t_load - t0, run_s=time.perf_counter() - t_load, cpu_s=_cpu() - c_load,
                   turns=[(t.start, t.end, t.label) for t in turns])
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def run_stage(name: str, audio_path: str, threads: int) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--stage", name, "--audio", audio_path, "--threads", str(threads)],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------- accuracy

def accuracy_cases() -> dict[str, F.Conversation]:
    return {
        "2 voices": F.interview([F.VOICE_A, F.VOICE_B], 6),
        "2 voices (C, D)": F.interview([F.VOICE_C, F.VOICE_D], 6, seed=5),
        "3 voices": F.interview([F.VOICE_A, F.VOICE_B, F.VOICE_C], 8, seed=1),
        "alike voices (2 men)": F.interview([F.SIMILAR_A, F.SIMILAR_B], 6, seed=2),
        "2 voices, noise 10 dB": F.interview([F.VOICE_A, F.VOICE_D], 6, seed=3, noise_snr_db=10),
        "1 voice": F.monologue(F.VOICE_A, 4),
        "1 voice, noise 10 dB": F.monologue(F.VOICE_D, 4, noise_snr_db=10),
        "real speech, 1 voice": F.real_monologue(),
        "real speech, 2 voices (x1.25)": F.real_conversation(1.25),
        "real speech, 2 voices (x1.15)": F.real_conversation(1.15),
        "6 voices": F.interview([F.VOICE_A, F.VOICE_B, F.VOICE_C, F.VOICE_D, F.VOICE_E, F.VOICE_F], 12, seed=6),
    }


def count_cases() -> list[tuple[int, F.Conversation]]:
    pool = [F.VOICE_A, F.VOICE_B, F.VOICE_C, F.VOICE_D, F.VOICE_E, F.VOICE_F, ("nl+klatt3", 50, 160),
            ("nl+f1", 60, 160), ("nl+grandma", 50, 155)]
    rng = np.random.default_rng(5)
    out = []
    for k in range(1, 7):
        for rep in range(4):
            idx = rng.choice(len(pool), size=k, replace=False)
            voices = [pool[i] for i in idx]
            noise = 15.0 if rep == 3 else None
            if k == 1:
                conv = F.monologue(voices[0], 4, seed=rep, noise_snr_db=noise)
            else:
                conv = F.interview(voices, max(6, 2 * k), seed=rep, noise_snr_db=noise)
            out.append((k, conv))
    out.append((1, F.real_monologue()))
    out.append((1, F.real_monologue(noise_snr_db=15)))
    out.append((2, F.real_conversation(1.25)))
    out.append((2, F.real_conversation(1.15)))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=5.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--no-transcribe", action="store_true", help="skip the transcription side (cost ratio)")
    ap.add_argument("--write", action="store_true", help="write the section into docs/benchmarks.md")
    ap.add_argument("--stage", help=argparse.SUPPRESS)
    ap.add_argument("--audio", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stage:
        print(json.dumps(stage(args.stage, args.audio, args.threads)))
        return 0

    from razendereporter.speakers.diarize import get_diarizer

    lines = [SECTION, "",
             f"`python bench/bench_diarization.py --minutes {args.minutes:g} --threads {args.threads}` on "
             f"{platform.machine()}, {os.cpu_count()} cores shared with other work (load average "
             f"{os.getloadavg()[0]:.1f} at the start), {time.strftime('%Y-%m-%d')}.", ""]

    # 1. cost
    clip = long_clip(args.minutes)
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "clip.npy")
        np.save(path, clip.audio)
        results = {}
        names = ([] if args.no_transcribe else ["transcribe"]) + ["default", "mfcc"]
        for name in names:
            results[name] = run_stage(name, path, args.threads)
            print(name, {k: v for k, v in results[name].items() if k != "turns"}, flush=True)
    lines += [f"### Cost on a {clip.duration / 60:.1f}-minute clip (4 espeak-ng voices, {len(clip.turns)} turns)", "",
              "Wall time suffers from the other work on the shared cores; CPU time (user + system of the "
              "stage's own process, loading excluded) is the steadier measure of the cost.", "",
              "| stage | load s | run s (wall) | CPU s | share of transcription (wall / CPU) | peak RSS MB | DER (no collar) |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    base = results.get("transcribe", {})
    for name, r in results.items():
        ratio = (f"{100 * r['run_s'] / base['run_s']:.1f} % / {100 * r['cpu_s'] / base['cpu_s']:.1f} %"
                 if base and name != "transcribe" else "—")
        d = f"{F.der(clip.turns, r['turns']):.3f}" if "turns" in r else "—"
        label = {"transcribe": "transcription (faster-whisper base, int8, batch 4, beam 5, words)",
                 "default": "diarization: GE2E ONNX (default)", "mfcc": "diarization: MFCC baseline"}[name]
        lines.append(f"| {label} | {r['load_s']:.2f} | {r['run_s']:.2f} | {r['cpu_s']:.2f} | {ratio} | "
                     f"{r['peak_rss_mb']:.0f} | {d} |")
    lines.append("")

    # 2. accuracy
    ge2e, mfcc = get_diarizer("default"), get_diarizer("mfcc")
    lines += ["### Diarization error per case", "",
              "DER = (missed + false alarm + confusion) / speech, scored every 10 ms, speakers mapped "
              "optimally; *free*: count estimated, *prior*: the article's count as `expected_speakers`; "
              "MFCC is given the count (it cannot estimate it, see docs/speakers.md).", "",
              "| case | voices | GE2E free: found, DER | GE2E prior: found, DER | DER with 0.25 s collar (free) | MFCC, count given: DER |",
              "|---|---:|---|---|---:|---:|"]
    for name, conv in accuracy_cases().items():
        k = len(conv.speakers)
        free, prior = ge2e(conv.audio), ge2e(conv.audio, expected_speakers=max(2, k))
        given = mfcc(conv.audio, num_speakers=k)
        nf, npr = len({t.label for t in free}), len({t.label for t in prior})
        lines.append(f"| {name} | {k} | {nf}, {F.der(conv.turns, free):.3f} | {npr}, {F.der(conv.turns, prior):.3f} | "
                     f"{F.der(conv.turns, free, collar=0.25):.3f} | {F.der(conv.turns, given):.3f} |")
        print(lines[-1], flush=True)
    lines.append("")

    # 3. speaker count
    from razendereporter.speakers.clustering import SpectralGraph

    cases = count_cases()
    hits = {"GE2E, no prior": 0, "GE2E, prior = article count (true count, at least 2)": 0,
            "GE2E, prior one too many (the article lists someone who does not speak)": 0,
            "GE2E, eigengap only": 0, "MFCC, eigengap only": 0}
    confusion: dict[int, list[int]] = {}
    for k, conv in cases:
        found = len({t.label for t in ge2e(conv.audio)})
        confusion.setdefault(k, []).append(found)
        hits["GE2E, no prior"] += found == k
        with_prior = len({t.label for t in ge2e(conv.audio, expected_speakers=max(2, k))})
        hits["GE2E, prior = article count (true count, at least 2)"] += with_prior == k
        hits["GE2E, prior one too many (the article lists someone who does not speak)"] += \
            len({t.label for t in ge2e(conv.audio, expected_speakers=max(2, k) + 1)}) == k
        for name, d in (("GE2E, eigengap only", ge2e), ("MFCC, eigengap only", mfcc)):
            _, emb, _ = d.embed(conv.audio)
            hits[name] += (SpectralGraph(emb, 6).eigengap_k if len(emb) > 1 else 1) == k
    lines += [f"### Speaker-count estimator ({len(cases)} conversations, 1–6 voices, some with noise, 4 with real speech)", "",
              "| estimator | right count |", "|---|---:|"]
    lines += [f"| {name} | {h}/{len(cases)} ({100 * h / len(cases):.0f} %) |" for name, h in hits.items()]
    lines += ["", "Counts found without prior, per true count: " +
              "; ".join(f"{k}: {sorted(v)}" for k, v in sorted(confusion.items())), ""]
    lines += [NOTES, ""]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section(BENCHMARKS, SECTION, text)
    return 0



if __name__ == "__main__":
    sys.exit(main())
