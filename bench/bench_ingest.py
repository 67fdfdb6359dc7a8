"""The cost of `rr ingest` end to end beside plain batched faster-whisper, measured side by side in one run.

    python bench/bench_ingest.py [--minutes 5] [--repeat 2] [--against ../old/src] [--configs]
                                 [--long-minutes 60] [--write docs/benchmarks.md]

On a ≥5-minute clip of real Dutch voices (tests/interviews.py's interviews one after the other,
bench/clip.py) each of these runs in its own process, alternating, ``--repeat`` times:

* **plain faster-whisper**: ``BatchedInferencePipeline`` on the same CTranslate2 weights (the
  embedded base, int8, as many threads as rr uses), batch 4, beam 5, word timestamps, VAD,
  language nl, on the audio it decodes itself from the same video: what a script would do;
* **rr ingest**: the whole CLI of this checkout (start-up, model load, audio extraction,
  transcription, the gap pass, speakers, naming, subtitles, catalogue), ``--force`` each time;
  and the same with the gap pass off (hidden ``--no-gap-pass``), for what the pass costs;
* with ``--against SRC``, the same CLI of the package in SRC (another checkout), for a before
  and after in the same run.

CPU is user + system seconds of the process and the children it waited for (``os.wait4``):
on a shared machine other work stretches the wall time but hardly the CPU time, so the ratio
of CPU times is the measure; the fastest of the repeats counts. One more ingest runs in-process
with the CPU time of each stage (``resource.getrusage`` around the pipeline's functions), and
the re-ingest of the unchanged video is timed beside ``python -c pass``. ``--configs`` adds
batch 8 and sequential decoding, ``--long-minutes`` the memory on a long video.
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

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

import clip  # noqa: E402
import stages  # noqa: E402
from report import measure_process, write_section  # noqa: E402
import synth  # noqa: E402

RR = [sys.executable, "-m", "razendereporter"]
# Plain batched faster-whisper, as a script would call it; nothing else imported.
PLAIN = """
import sys
from faster_whisper import BatchedInferencePipeline, WhisperModel, decode_audio
model = WhisperModel(sys.argv[1], device="cpu", compute_type="int8", cpu_threads=int(sys.argv[3]))
segments, _ = BatchedInferencePipeline(model).transcribe(
    decode_audio(sys.argv[2]), language="nl", beam_size=5, word_timestamps=True, vad_filter=True,
    batch_size=4, condition_on_previous_text=False)
print(sum(len(s.words) for s in segments))
"""


def run(cmd: list[str], src: Path | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, with waited-for children) and peak RSS (MB) of ``cmd``
    (with the package in ``src`` first on the path, if given)."""
    env = {**os.environ, "PYTHONPATH": str(src)} if src else None
    return measure_process(cmd, env, f"{' '.join(cmd[:4])} …")


def ingest_cmd(root: Path, video: Path, *extra: str) -> list[str]:
    return RR + ["--root", str(root), "--quiet", "ingest", str(video), "--wijk", "Bench", "--force", *extra]


def side_by_side(root: Path, video: Path, repeat: int, against: Path | None) -> dict[str, list[tuple]]:
    """Plain batched faster-whisper, this checkout's `rr ingest` (and ``against``'s), alternating."""
    from razendereporter.transcribe.model import embedded_model_dir

    systems = {"plain": ([sys.executable, "-c", PLAIN, str(embedded_model_dir()), str(video), str(os.cpu_count())], None),
               "rr": (ingest_cmd(root / "this", video), None),
               "no gap pass": (ingest_cmd(root / "nogaps", video, "--no-gap-pass"), None)}
    if against:
        systems["against"] = (ingest_cmd(root / "other", video), against)
    runs: dict[str, list[tuple]] = {name: [] for name in systems}
    for i in range(repeat):
        for name, (cmd, src) in systems.items():
            runs[name].append(run(cmd, src))
            wall, cpu, rss = runs[name][-1]
            print(f"run {i + 1} {name}: {wall:.1f} s wall, {cpu:.1f} s CPU, {rss:.0f} MB, load {os.getloadavg()[0]:.1f}",
                  flush=True)
    best = {name: min(r[1] for r in rs) for name, rs in runs.items()}
    for name in runs:
        if name != "plain":
            print(f"{name}: CPU ratio to plain faster-whisper {best[name] / best['plain']:.3f} (best of {repeat})", flush=True)
    return runs


def reingest(root: Path, video: Path, against: Path | None) -> dict[str, float]:
    """Best of 3 wall seconds: re-ingest of the unchanged video (this checkout and ``against``), and
    ``python -c pass``, interleaved."""
    again = ["--root", str(root / "this"), "ingest", str(video), "--wijk", "Bench"]
    # Only meaningful if nothing was redone.
    status = json.loads(subprocess.run(RR + ["--json"] + again, capture_output=True, text=True,
                                       check=True).stdout)["status"]
    if status != "unchanged":
        raise SystemExit(f"re-ingest of the unchanged video was {status!r}, not a no-op")
    cmds = {"python -c pass": ([sys.executable, "-c", "pass"], None), "re-ingest": (RR + ["--quiet"] + again, None)}
    if against:
        cmds["re-ingest, against"] = (RR + ["--quiet", "--root", str(root / "other")] + again[2:], against)
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(3):
        for name, (cmd, src) in cmds.items():
            times[name].append(run(cmd, src)[0])
    best = {name: min(t) for name, t in times.items()}
    for name, t in best.items():
        print(f"{name}: {t:.2f} s wall (whole process, best of 3)", flush=True)
    return best


def configs(root: Path, video: Path, seconds: float, repeat: int) -> list[tuple]:
    rows = []
    for label, extra in (("batched, batch 4 (default)", []), ("batched, batch 8", ["--batch-size", "8"]),
                         ("sequential (--batch-size 1)", ["--batch-size", "1"])):
        runs = [run(ingest_cmd(root / "this", video, *extra)) for _ in range(repeat)]
        wall, rss = min(r[0] for r in runs), max(r[2] for r in runs)
        rows.append((label, seconds, wall, rss))
        print(f"{label}: {wall:.1f} s wall, {seconds / wall:.1f}x real time, {rss:.0f} MB peak", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=2, help="runs per system, alternating; the fastest counts")
    parser.add_argument("--against", type=Path, help="also run the CLI of the package in this src folder")
    parser.add_argument("--configs", action="store_true", help="also batch 8 and sequential decoding")
    parser.add_argument("--long-minutes", type=float, default=0, help="also measure memory on a clip this long")
    parser.add_argument("--write", type=Path, help="replace the 'Ingest' section of this Markdown file")
    args = parser.parse_args()
    load = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        audio, seconds = clip.real_voices(args.minutes)
        video = synth.make_video(audio, tmp / "bench.mp4")
        root = tmp / "root"
        against = args.against.resolve() if args.against else None
        runs = side_by_side(root, video, args.repeat, against)
        breakdown = stages.measure(root / "stages", video)
        for name, cpu in breakdown:
            print(f"stage {name}: {cpu:.2f} s CPU", flush=True)
        starts = reingest(root, video, against)
        rows = configs(root, video, seconds, args.repeat) if args.configs else []
        long_row = None
        if args.long_minutes:
            reps = int(np.ceil(args.long_minutes * 60 / seconds))
            wall, _, rss = run(ingest_cmd(root / "this", synth.make_video(np.tile(audio, reps), tmp / "long.mp4")))
            long_row = (len(audio) * reps / synth.RATE, wall, rss)
            print(f"long clip {long_row[0] / 60:.0f} min: {wall:.0f} s wall, {long_row[0] / wall:.1f}x, {rss:.0f} MB peak")
    load.append(os.getloadavg()[0])
    if args.write:
        write_section(args.write, "## Ingest (", section(args, seconds, runs, breakdown, starts, rows, long_row, load))


def section(args, seconds: float, runs: dict, breakdown: list, starts: dict, rows: list, long_row, load) -> str:
    command = f"python bench/bench_ingest.py --minutes {args.minutes:g} --repeat {args.repeat}" + (
        " --against OLD/src" if args.against else "") + (" --configs" if args.configs else "") + (
        f" --long-minutes {args.long_minutes:g}" if args.long_minutes else "") + f" --write {args.write}"
    plain = min(r[1] for r in runs["plain"])
    labels = {"plain": "plain faster-whisper (`BatchedInferencePipeline`)", "rr": "`rr ingest`, this version",
              "no gap pass": "`rr ingest --no-gap-pass`, this version", "against": "`rr ingest`, the version before"}
    lines = [
        "## Ingest (`bench/bench_ingest.py`)", "",
        f"Command: `{command}`, run {time.strftime('%Y-%m-%d')}. Machine: {os.cpu_count()} cores, "
        f"{platform.machine()}, no GPU, shared with other work (load average {load[0]:.1f} at the start, "
        f"{load[1]:.1f} at the end). Clip: {seconds:.0f} s of real Dutch voices (the interviews of "
        "tests/interviews.py one after the other). Embedded Whisper base, int8, batch 4, beam 5, word "
        "timestamps, VAD, language nl, for all. Each row a process of its own, the rows alternating; "
        "CPU is user + system time (with the children waited for, such as ffmpeg), the best of the "
        "repeats; wall time the best, memory the highest.", "",
        "| process | wall | CPU (user + system) | CPU ratio to plain faster-whisper | peak memory |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, rs in runs.items():
        cpu = min(r[1] for r in rs)
        lines.append(f"| {labels[name]} | {min(r[0] for r in rs):.1f} s | {cpu:.1f} s | **{cpu / plain:.3f}** | "
                     f"{max(r[2] for r in rs):.0f} MB |")
    lines += ["", "Where the CPU time of one more `rr ingest` goes (measured inside the process, "
              "`resource.getrusage` around each stage; ↳ stages are part of the one above):", "",
              "| stage | CPU |", "|---|---:|"]
    lines += [f"| {name} | {cpu:.2f} s |" for name, cpu in breakdown]
    lines += ["", f"Re-ingesting the unchanged video takes {starts['re-ingest']:.2f} s for the whole CLI process "
              f"(best of 3; `python -c pass` takes {starts['python -c pass']:.2f} s beside it"
              + (f", the version before {starts['re-ingest, against']:.2f} s" if "re-ingest, against" in starts else "")
              + "). Targets: `rr ingest` under 1.10× the CPU of plain faster-whisper, re-ingest under 0.4 s.", ""]
    if rows or long_row:
        lines += ["| configuration | audio | wall | faster than real time | peak memory |", "|---|---|---|---|---|"]
        lines += [f"| {label} | {secs:.0f} s | {wall:.1f} s | {secs / wall:.1f}× | {rss:.0f} MB |"
                  for label, secs, wall, rss in rows]
        if long_row:
            lines.append(f"| batch 4 (default), {long_row[0] / 60:.0f}-minute video | {long_row[0]:.0f} s | "
                         f"{long_row[1]:.0f} s | {long_row[0] / long_row[1]:.1f}× | {long_row[2]:.0f} MB |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
