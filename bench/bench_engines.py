"""Both engines on the same ≥5-minute Dutch clip: wall time and peak memory, in one run.

    python bench/bench_engines.py [--threads 2] [--minutes 5] [--write-docs]

Needs the ``[openai]`` extra in the running environment (see docs/engines.md). The clip is
built at run time from espeak-ng Dutch sentences and the CC0 real Dutch clips in
``../shared/data/real-dutch`` (nothing large is committed). Each engine runs in its own
subprocess with the same weights (the embedded base model; openai-whisper gets its offline
conversion) and the same thread count; peak RSS is that child's own ``ru_maxrss``
(``os.wait4``). Compared: faster-whisper int8 sequential and batched (``batch_size`` 4 and 8),
openai-whisper float32, all with beam 5, word timestamps, VAD, language nl.
``--write-docs`` replaces this benchmark's section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import BENCHMARKS, write_section  # noqa: E402
sys.path.insert(0, str(ROOT / "tests"))  # synth: the speech fixtures, shared with the tests

SECTION = "## Engines: faster-whisper and openai-whisper"
SENTENCES = [
    "De gemeente wil de wijk voor het jaar tweeduizend dertig van het aardgas afhalen.",
    "Wij hebben het huis goed geïsoleerd en een warmtepomp gekocht.",
    "De energieadviseur kwam vorige week langs om de isolatie te bekijken.",
    "Mijn buurman heeft zonnepanelen op het dak gelegd.",
    "Het warmtenet komt eerst in de straten bij de school.",
    "Wij willen graag weten wat het gaat kosten.",
    "De woningcorporatie betaalt een deel van de nieuwe ramen.",
    "Op de informatieavond in het buurthuis waren veel bewoners.",
]
RUNS = [  # label, engine, batch size
    ("faster-whisper int8, sequential", "faster-whisper", 1),
    ("faster-whisper int8, batched (4, the default)", "faster-whisper", 4),
    ("faster-whisper int8, batched (8)", "faster-whisper", 8),
    ("openai-whisper fp32", "openai-whisper", 1),
]


def build_clip(minutes: float):
    """Dutch speech of at least ``minutes``: espeak-ng voices and real clips, with pauses."""
    import numpy as np
    import synth

    real = [audio for audio, _ in synth.real_dutch()]
    voices = [(50, 150), (35, 140), (65, 160)]  # (pitch, speed): a few different speakers
    parts, total, turn = [synth.silence(0.5)], 0.5, 0
    while total < minutes * 60:
        pitch, speed = voices[turn % len(voices)]
        sentence = SENTENCES[turn % len(SENTENCES)]
        pieces = [synth.trim(synth.espeak(sentence, pitch=pitch, speed=speed)), real[turn % len(real)]]
        for piece in pieces:
            pause = synth.silence(0.7 if turn % 4 else 2.5)  # now and then a pause VAD cuts at
            parts += [piece, pause]
            total += (len(piece) + len(pause)) / synth.RATE
        turn += 1
    return np.concatenate(parts).astype(np.float32)


def child(engine: str, wav: str, threads: int, batch: int) -> None:
    """Runs in the subprocess: load, transcribe, print one JSON line."""
    import synth

    from razendereporter.transcribe import DutchSettings, create_engine

    audio = synth.read_audio(wav)
    settings = DutchSettings(threads=threads, batch_size=batch)
    t0 = time.perf_counter()
    eng = create_engine(engine, None, settings)
    t1 = time.perf_counter()
    transcript = eng.transcribe(audio, settings)
    t2 = time.perf_counter()
    print(json.dumps({"load": t1 - t0, "transcribe": t2 - t1, "words": len(transcript.words), "text": transcript.text}))


def run_child(engine: str, wav: Path, threads: int, batch: int) -> dict:
    """One engine in its own process; its peak RSS is that process's own (os.wait4)."""
    cmd = [sys.executable, __file__, "--child", engine, "--wav", str(wav), "--threads", str(threads), "--batch", str(batch)]
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode:
        raise SystemExit(f"{engine} failed:\n{stderr[-2000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["process"] = wall
    result["peak_rss_mb"] = usage.ru_maxrss / 1024  # kB on Linux
    return result


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def versions() -> str:
    from importlib.metadata import version

    return ", ".join(f"{name} {version(name)}" for name in ("faster-whisper", "ctranslate2", "openai-whisper", "torch"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--child")
    parser.add_argument("--wav")
    parser.add_argument("--batch", type=int, default=1)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.wav, args.threads, args.batch)
        return 0

    import synth
    from synth import wer

    from razendereporter.transcribe import ct2_convert
    from razendereporter.transcribe.model import embedded_model_dir

    # Convert once up front, so the timed openai-whisper run loads the cached checkpoint.
    ct2_convert.cached_checkpoint(embedded_model_dir())
    with tempfile.TemporaryDirectory() as tmp:
        audio = build_clip(args.minutes)
        seconds = len(audio) / synth.RATE
        wav = synth.write_wav(Path(tmp) / "clip.wav", audio)
        print(f"clip: {seconds:.0f} s of Dutch speech, {args.threads} threads", file=sys.stderr)
        results = {}
        for label, engine, batch in RUNS:
            print(f"running {label} …", file=sys.stderr)
            results[label] = run_child(engine, wav, args.threads, batch)
            r = results[label]
            print(f"  transcribe {r['transcribe']:.1f} s, load {r['load']:.1f} s, peak RSS {r['peak_rss_mb']:.0f} MB", file=sys.stderr)

    openai = results[RUNS[-1][0]]
    lines = [
        SECTION,
        "",
        f"Command: `python bench/bench_engines.py --threads {args.threads} --minutes {args.minutes:g}` "
        f"(in an environment with the `[openai]` extra), run {time.strftime('%Y-%m-%d')}.",
        "",
        f"Machine: {machine()}; {versions()}.",
        "",
        f"Clip: {seconds:.0f} s ({seconds / 60:.1f} min) of Dutch speech built at run time (espeak-ng sentences "
        "in three voices alternating with the five CC0 real Dutch clips, with pauses). Same weights for all "
        "(the embedded Whisper base; openai-whisper runs its exact float16→float32 conversion), "
        f"{args.threads} threads, beam 5, word timestamps, VAD, language nl; each run in its own process.",
        "",
        "| run | transcribe (s) | real-time factor | load (s) | peak RSS (MB) | openai-whisper time ÷ this | this memory ÷ openai-whisper |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, r in results.items():
        lines.append(
            f"| {label} | {r['transcribe']:.1f} | {r['transcribe'] / seconds:.3f} | {r['load']:.1f} | {r['peak_rss_mb']:.0f} "
            f"| {openai['transcribe'] / r['transcribe']:.2f}× | {r['peak_rss_mb'] / openai['peak_rss_mb']:.2f} |"
        )
    sequential, batched = results[RUNS[0][0]], results[RUNS[1][0]]
    lines += [
        "",
        f"Word error rate between the transcripts (faster-whisper sequential as reference): "
        f"openai-whisper {wer(sequential['text'], openai['text']):.3f}, faster-whisper batched {wer(sequential['text'], batched['text']):.3f}.",
        "",
        "openai-whisper's time includes the one-off compilation (numba) of its word-alignment code, "
        "about 10–15 s per process. The machine is shared: another Whisper job may have run at the same "
        "time, so treat single runs as rough.",
        "",
    ]
    section = "\n".join(lines)
    print(section)
    if args.write_docs:
        write_section(BENCHMARKS, SECTION, section)
    return 0



if __name__ == "__main__":
    sys.exit(main())
