"""Where the CPU time of one `rr ingest` goes: the pipeline's functions timed inside the process.

    python bench/stages.py ROOT VIDEO OUT.json     # one ingest, the CPU seconds per stage in OUT.json

Each function in :data:`STAGES` is wrapped, in the running process, so that the CPU time
(``resource.getrusage``: all threads of the process, plus the children it waited for, such as
ffmpeg) spent inside it is added up. A function not in this version of the package is left out,
so the same list serves an older checkout. Used by bench/bench_ingest.py.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
from pathlib import Path


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


START = _cpu()  # the interpreter's own start-up, before anything of ours is imported

import importlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402

# (module:attribute, label, depth): depth 1 is part of the depth-0 stage above it.
STAGES = [
    ("razendereporter.media:probe", "probe the video", 0),
    ("razendereporter.media:sha256_file", "SHA-256 of the video", 0),
    ("razendereporter.media:extract_audio", "extract 16 kHz audio (ffmpeg)", 0),
    ("razendereporter.pipeline.steps:create_engine", "load the Whisper model", 0),
    ("razendereporter.pipeline.steps:speech_maps", "voice activity, once for all (shared)", 0),
    ("razendereporter.pipeline.steps:transcribe_pcm", "transcribe (batched decoder)", 0),
    ("faster_whisper.transcribe:get_speech_timestamps", "the decoder's own VAD", 1),
    ("razendereporter.pipeline.steps:fill_gaps", "gap pass", 0),
    ("razendereporter.transcribe.gaps:speech_stretches", "its VAD pass", 1),
    ("razendereporter.transcribe.gaps:decode_stretch", "decoding the stretches again (one by one)", 1),
    ("razendereporter.transcribe.gaps:decode_stretches", "decoding the stretches again (batched)", 1),
    ("razendereporter.pipeline.steps:find_speakers", "speakers (diarize, name)", 0),
    ("razendereporter.speakers.diarize:speech_regions", "the diarizer's VAD", 1),
    ("razendereporter.speakers.diarize:_windows", "spectrograms of the windows", 1),
    ("razendereporter.speakers.features:VoiceEncoder.__init__", "voice encoder load", 1),
    ("razendereporter.speakers.features:VoiceEncoder.__call__", "voice encoder (GE2E, ONNX)", 1),
    ("razendereporter.speakers.diarize:estimate_speakers", "clustering", 1),
    ("razendereporter.pipeline.who_speaks:name_speakers", "naming", 1),
    ("razendereporter.pipeline.steps:publish", "publish (subtitles, quotes, catalogue, index)", 0),
]


def _wrap(owner, attr: str, label: str, totals: dict[str, float]) -> None:
    inner = getattr(owner, attr)
    active = []

    def timed(*args, **kwargs):
        if active:  # re-entered (a wrapped function calling itself): counted once
            return inner(*args, **kwargs)
        active.append(1)
        started = _cpu()
        try:
            return inner(*args, **kwargs)
        finally:
            totals[label] = totals.get(label, 0.0) + _cpu() - started
            active.pop()

    setattr(owner, attr, timed)


def instrument(totals: dict[str, float]) -> list[tuple[str, int]]:
    """Wrap every stage this version has; the (label, depth) of those wrapped, in order."""
    found = []
    for target, label, depth in STAGES:
        module_name, _, path = target.partition(":")
        try:
            owner = importlib.import_module(module_name)
            *outer, attr = path.split(".")
            for name in outer:
                owner = getattr(owner, name)
            getattr(owner, attr)
        except (ImportError, AttributeError):
            continue
        _wrap(owner, attr, label, totals)
        if (label, depth) not in found:
            found.append((label, depth))
    return found


def child(root: str, video: str, out: str) -> None:
    from razendereporter.cli import main

    totals: dict[str, float] = {}
    found = instrument(totals)
    try:
        main(["--root", root, "--quiet", "ingest", video, "--wijk", "Bench", "--force"], prog_name="rr",
             standalone_mode=False)
    finally:
        Path(out).write_text(json.dumps({"start": START, "stages": found,
                                         "totals": totals, "end": _cpu()}), encoding="utf-8")


def measure(root: Path, video: Path) -> list[tuple[str, float]]:
    """One instrumented ingest in a process of its own: (label, CPU seconds) per stage, with the
    whole process, the start-up and what no stage covers."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        proc = subprocess.Popen([sys.executable, __file__, str(root), str(video), out.name],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(f"instrumented ingest failed: {proc.stderr.read().decode()[-800:]}")
        found = json.loads(Path(out.name).read_text(encoding="utf-8"))
    whole = usage.ru_utime + usage.ru_stime
    rows = [("whole process (wait4)", whole), ("interpreter start-up", found["start"])]
    top = 0.0
    for label, depth in found["stages"]:
        cpu = found["totals"].get(label)
        if cpu is None:
            continue
        rows.append(("↳ " * depth + label, cpu))  # Markdown tables drop leading spaces
        top += cpu if depth == 0 else 0.0
    rows.append(("the rest (imports, CLI, catalogue reads, claim, sidecar)", whole - found["start"] - top))
    return rows


if __name__ == "__main__":
    child(*sys.argv[1:4])
