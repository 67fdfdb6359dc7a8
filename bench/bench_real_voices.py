"""Real voices: which turns of an interview survive transcription, by the pipeline and by plain
faster-whisper, in one run.

    python bench/bench_real_voices.py [--only three-voices] [--write docs/benchmarks.md]

The interviews are tests/interviews.py's (real Dutch clips committed under tests/fixtures, with
the truth of who said what when). Each is written as a small video and transcribed by

* **pipeline**: ``rr ingest`` in a temporary catalogue root, the default settings (faster-whisper
  int8 batched, VAD, the pass that decodes again speech left without words, speaker diarization
  with an estimated count); words and turns are read back from the JSON sidecar;
* **pipeline, no gap pass**: the same with the pass switched off (hidden ``--no-gap-pass``), for
  what the pass recovers and what it costs (the speed ratio is measured in the same run);
* **faster-whisper**: plain ``WhisperModel`` on the same embedded weights (int8, beam 5,
  language nl, word timestamps) with ``vad_filter=True``, on the audio decoded from the same video.

Every clip of a lost turn is also transcribed on its own (plain faster-whisper, VAD off): a turn
the clip alone already loses is misheard, not skipped. Scores: turns kept (tests/metrics.py: ≥ 50 % of a turn's
words among the words heard within its span ± 0.5 s), WER over the whole interview, and for the
pipeline DER (no collar) and the estimated number of speakers. Seconds are wall time (the
pipeline's include process start-up and model load; plain faster-whisper's model is loaded once).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import write_section  # noqa: E402
sys.path.insert(0, str(ROOT / "tests"))

import interviews  # noqa: E402
import metrics  # noqa: E402
import synth  # noqa: E402

TITLE = "# Benchmarks: real voices"
SECTION = "## Turns kept on real-voice interviews (`bench/bench_real_voices.py`)"
WIJK = "Proefwijk"


def ingest(video: Path, root: Path, title: str, *extra: str) -> tuple[dict, float]:
    """``rr ingest`` in its own process; the sidecar and the wall time."""
    cmd = [sys.executable, "-m", "razendereporter", "--root", str(root), "--json", "ingest", str(video),
           "--wijk", WIJK, "--title", title, "--force", *extra]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, PYTHONWARNINGS="ignore"))
    seconds = time.perf_counter() - started
    if proc.returncode:
        raise SystemExit(f"rr ingest failed:\n{proc.stderr[-2000:]}")
    episode = json.loads(proc.stdout)["episode"]
    return json.loads((root / episode["transcript"]).read_text(encoding="utf-8")), seconds


def sidecar_words(sidecar: dict) -> list[dict]:
    return [w for seg in sidecar["segments"] for w in seg.get("words", [])]


def plain(model, audio, vad: bool, batched=None) -> tuple[list[metrics.Word], float]:
    started = time.perf_counter()
    if batched is not None:
        segments, _ = batched.transcribe(audio, language="nl", beam_size=5, vad_filter=True, word_timestamps=True,
                                         batch_size=4, condition_on_previous_text=False, without_timestamps=False)
    else:
        segments, _ = model.transcribe(audio, language="nl", beam_size=5, vad_filter=vad, word_timestamps=True)
    words = [metrics.Word(w.start, w.end, w.word) for seg in segments for w in (seg.words or [])]
    return words, time.perf_counter() - started


def alone(model, interview: interviews.Interview, index: int, cache: dict) -> bool:
    """Is turn ``index``'s clip kept when transcribed on its own?"""
    turn = interview.turns[index]
    if turn.clip not in cache:
        audio, text = interviews.clip(turn.clip)
        words, _ = plain(model, audio, vad=False)
        cache[turn.clip] = metrics.turns_kept([(0.0, len(audio) / interviews.SR, "x", text)], words)[0] == 1
    return cache[turn.clip]


def score(interview: interviews.Interview, words, seconds: float, isolated, sidecar: dict | None = None) -> dict:
    words = metrics.words_of(words)
    kept, total, lost = metrics.turns_kept(interview.turns, words)
    result = {
        "kept": kept, "total": total, "seconds": seconds,
        "wer": metrics.wer(interview.text, " ".join(w.text for w in words)),
        "lost": [{"turn": s.index + 1, "start": s.start, "end": s.end, "speaker": s.speaker, "text": s.text,
                  "found": f"{s.found}/{s.total}", "heard": s.heard, "alone": isolated(s.index),
                  "previous": _previous(interview, s.index)} for s in lost],
    }
    if sidecar is not None:
        result["der"] = metrics.der(interview.reference, sidecar["turns"])
        result["speakers"] = len({t["label"] for t in sidecar["turns"]})
        result["true_speakers"] = len(interview.speakers)
    return result


def _previous(interview: interviews.Interview, i: int) -> str:
    if i == 0:
        return "—"
    prev, turn = interview.turns[i - 1], interview.turns[i]
    who = "same speaker" if prev.speaker == turn.speaker else prev.speaker
    return f"{who}, {prev.start:.2f}–{prev.end:.2f} \"{prev.text}\", pause {turn.pause_before:.2f} s"


def _clip(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def report(results: dict, ivs: list[interviews.Interview], elapsed: float, load: tuple[float, float]) -> str:
    from importlib.metadata import version

    systems = [("pipeline", "pipeline (`rr ingest`, defaults)"), ("no_gaps", "pipeline, no gap pass"),
               ("fw_vad", "faster-whisper, VAD on")]
    lines = [
        SECTION, "",
        f"Command: `python bench/bench_real_voices.py --write docs/benchmarks.md`, run "
        f"{time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores shared with other work (load average "
        f"{load[0]:.1f} at the start, {load[1]:.1f} at the end: the seconds are rough), {elapsed:.0f} s in all; "
        f"faster-whisper {version('faster-whisper')}, embedded Whisper base int8, beam 5, language nl, word timestamps.",
        "",
        "Interviews (tests/interviews.py, real Dutch voices from tests/fixtures): " + "; ".join(
            f"**{iv.name}** ({iv.duration:.0f} s, {len(iv.turns)} turns, {len(iv.speakers)} voices): {iv.description}"
            for iv in ivs) + ".",
        "",
        "A turn is *kept* when ≥ 50 % of its words are among the words transcribed within its span ± 0.5 s. "
        "WER is over the whole interview (lower case, no punctuation; numbers written as digits count as errors). "
        "DER without collar; speakers = the pipeline's count (truth in brackets). Seconds: wall time; the "
        "pipeline's include process start-up, model load, diarization and the catalogue.",
        "",
        "| interview | system | turns kept | WER | DER | speakers | seconds |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for iv in ivs:
        r = results[iv.name]
        for key, label in systems:
            s = r[key]
            der = f"{s['der']:.3f}" if "der" in s else "—"
            spk = f"{s['speakers']} ({s['true_speakers']})" if "speakers" in s else "—"
            lines.append(f"| {iv.name} | {label} | {s['kept']}/{s['total']} | {s['wer']:.3f} | {der} | {spk} | {s['seconds']:.1f} |")
    with_pass = sum(results[iv.name]["pipeline"]["seconds"] for iv in ivs)
    without = sum(results[iv.name]["no_gaps"]["seconds"] for iv in ivs)
    lines += ["", "The gap pass (docs/engines.md) costs " + ", ".join(
        f"{iv.name} {results[iv.name]['pipeline']['seconds'] / results[iv.name]['no_gaps']['seconds']:.2f}×"
        for iv in ivs) + f" the pipeline's wall time without it; {with_pass / without:.2f}× over all "
        "(the same run, one after the other). Its warnings (speech still without words): " + (
        "; ".join(f"{iv.name}: {w}" for iv in ivs for w in results[iv.name]["pipeline"]["warnings"]
                  if w.startswith("no words")) or "none") + "."]
    lines += ["", "### Lost turns", "",
              "*alone*: whether plain faster-whisper (VAD off) keeps the clip when it is transcribed on its own — "
              "\"yes\" means the words are recognisable and were lost in context (skipped), \"no\" that the clip is "
              "misheard anyway.", "",
              "| interview | system | turn | time (s) | speaker | text | found | heard around it | alone | before it |",
              "|---|---|---:|---|---|---|---:|---|---|---|"]
    any_lost = False
    for iv in ivs:
        for key, label in systems:
            for lost in results[iv.name][key]["lost"]:
                any_lost = True
                lines.append(f"| {iv.name} | {label} | {lost['turn']} | {lost['start']:.2f}–{lost['end']:.2f} | {lost['speaker']} "
                             f"| {lost['text']} | {lost['found']} | {_clip(lost['heard']) or '(nothing)'} | "
                             f"{'yes' if lost['alone'] else 'no'} | {lost['previous']} |")
    if not any_lost:
        lines.append("| (none) | | | | | | | | | |")
    lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=interviews.NAMES, help="run only this interview (repeatable)")
    parser.add_argument("--write", type=Path, help="write the results as a section of this Markdown file")
    parser.add_argument("--json", type=Path, help="also dump the raw results here")
    args = parser.parse_args()

    from faster_whisper import WhisperModel

    from razendereporter.transcribe.model import embedded_model_dir

    started, load = time.perf_counter(), os.getloadavg()[0]
    ivs = [interviews.build(name) for name in (args.only or interviews.NAMES)]
    model = WhisperModel(str(embedded_model_dir()), device="cpu", compute_type="int8", cpu_threads=os.cpu_count() or 1)
    results, cache = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for iv in ivs:
            print(interviews.describe(iv), file=sys.stderr)
            video = interviews.write_video(iv, Path(tmp) / f"{iv.name}.mp4")
            audio = synth.read_audio(video)  # what the pipeline hears, for plain faster-whisper too
            isolated = lambda i, iv=iv: alone(model, iv, i, cache)  # noqa: E731
            r = {}
            for key, extra in (("pipeline", ()), ("no_gaps", ("--no-gap-pass",))):
                sidecar, secs = ingest(video, Path(tmp) / "root", iv.name, *extra)
                r[key] = score(iv, sidecar_words(sidecar), secs, isolated, sidecar)
                r[key]["warnings"] = sidecar.get("warnings", [])
            words, secs = plain(model, audio, True)
            r["fw_vad"] = score(iv, words, secs, isolated)
            results[iv.name] = r
            for key, s in r.items():
                extra = f" DER {s['der']:.3f}, {s['speakers']} speakers" if "der" in s else ""
                print(f"  {key:9s} kept {s['kept']}/{s['total']}, WER {s['wer']:.3f},{extra} {s['seconds']:.1f} s", file=sys.stderr)
                for lost in s["lost"]:
                    print(f"    lost turn {lost['turn']} {lost['start']:.2f}-{lost['end']:.2f} {lost['speaker']}: "
                          f"{lost['text']!r} heard {lost['heard']!r} (alone: {lost['alone']})", file=sys.stderr)
    section = report(results, ivs, time.perf_counter() - started, (load, os.getloadavg()[0]))
    print(section)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    if args.write:
        write_section(args.write, SECTION, section)
    return 0



if __name__ == "__main__":
    sys.exit(main())
