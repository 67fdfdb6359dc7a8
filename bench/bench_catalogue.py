"""Catalogue at archive scale: the commands an editor runs, on 20 000 episodes and 1 000 000 quotes.

    PYTHONPATH=src python bench/bench_catalogue.py --against ../release/src [--repeat 2] [--write docs/benchmarks.md]
    PYTHONPATH=src python bench/bench_catalogue.py --episodes 200 --quotes 10000   # a quick check, under a minute

Re-run for issue 14 (the release ff429d9 checked out beside this checkout with
``git worktree add ../release ff429d9``), from the repository's root:

    PYTHONPATH=src python bench/bench_catalogue.py --against ../release/src --repeat 2 --write docs/benchmarks.md

What it does, in one run:

- Generates the catalogue with bench/bench_search.py's ``write_catalogue`` (the quote search
  benchmark's Dutch-like quotes, 50 wijken, 50 quotes per episode), in today's catalog.json
  layout, quotes table included; and a second, small root for the site build: 1 % as many
  episodes (200 at full size, ``--site-episodes``) and quotes of the same generator, each
  episode given what a real ingest leaves behind
  and ``rr site build`` reads (a transcript sidecar and a VTT written with the package's
  transcript and subtitles modules from the episode's quotes, speaker rows, and a one-second
  video, since the generated episodes have no files). The small root is prepared with the
  ``--against`` package, so both roots are what the previous release would have written.
- Copies both roots once per side (before: the package in ``--against SRC``; after: this
  checkout's), then, untimed for the comparisons: a first ``rr episodes`` on each (a newer
  release upgrades an old catalog.json on first use: reported as its own line), ``rr index
  rebuild`` (an archive has its search index; without it the first ingest would build it) and
  one ingest into an empty root (the Whisper model is assembled once, the page cache warm).
- Times, interleaved (before, after, before, ...) so both sides see the same load, best wall
  time of ``--repeat`` runs and highest peak memory (the child's max RSS, from wait4):
  ``rr episodes``; ``rr ingest`` of a short clip of real Dutch speech (two CC0 sentences of
  tests/fixtures/real-dutch, about 9 s) into the big root, ``--force`` after the first;
  ``rr speakers bench-clip --set S1=...``, the edit, on the episode that ingest made (the
  generated episodes have no sidecar to edit); ``rr site build`` of the small root into a
  fresh folder.
- The catalogue's own part of the ingest and the edit (its reads and writes: loading,
  changing, serialising, writing) is sampled in the command's process: a thread looks at
  the main thread's stack every 2 ms and counts the time during which code of
  ``razendereporter/catalogue/`` or TinyDB is on it. This needs nothing from the code under
  test but that the catalogue lives in that package. The site build's time in
  ``site/pagefind_index.py`` is sampled the same way: Pagefind's Python API reads one
  reply per 0.1 s, so its index costs about 0.1 s per search record (a speaker turn),
  whatever the catalogue does.

Every command is the real CLI in its own process. Prints one line per measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
THIS_SRC = HERE.parent / "src"
# What the sampler attributes time to: a part is on the stack when a frame's file path contains one of its marks.
PARTS = {"catalogue": ("/razendereporter/catalogue/", "/tinydb/"), "pagefind": ("/site/pagefind_index.py",)}
CLIP_SENTENCES = 2
SECTION = "## Catalogue at archive scale"


# ---------------------------------------------------------------------------------------
# In a child process: the catalogue generator, the site root's files, the sampled CLI run


def generate(root: str, n_episodes: str, n_quotes: str) -> None:
    from bench_search import write_catalogue

    # The previous release's format: the newer side upgrades it on first use (its own line).
    write_catalogue(Path(root), int(n_quotes), n_episodes=int(n_episodes), catalogue_format=1)


def prepare_site(root: str, video: str) -> None:
    """Give every episode of a generated catalogue a sidecar, a VTT, speaker rows and a video,
    as an ingest would, with the package on the path (its transcript and subtitles modules)."""
    import hashlib

    from razendereporter import transcript as transcript_io
    from razendereporter.subtitles import cues_for, speaker_names, vtt_text

    root_path = Path(root)
    data = json.loads((root_path / "catalog.json").read_text(encoding="utf-8"))
    by_episode: dict[str, list[dict]] = {}
    for quote in data["quotes"].values():
        by_episode.setdefault(quote["episode"], []).append(quote)
    speakers = {}
    for episode in data["episodes"].values():
        quotes = sorted(by_episode.get(episode["id"], []), key=lambda q: q["start"])
        t = _transcript(transcript_io, episode["duration"], quotes)
        base = episode["vtt"].removesuffix(".nl.vtt")
        transcript_io.save(root_path / f"{base}.nl.json", t)
        cues = cues_for(t)
        (root_path / episode["vtt"]).write_text(vtt_text(cues, speaker_names(t)), encoding="utf-8")
        (root_path / episode["video"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(video, root_path / episode["video"])
        episode.update(transcript=f"{base}.nl.json", suffix=".mp4", cues=len(cues), words=len(t.words),
                       steps=["media", "transcript", "speakers", "subtitles"], updated=episode["added"],
                       sha256=hashlib.sha256(episode["id"].encode()).hexdigest())
        for label, info in sorted(t.speakers.items()):
            speakers[str(len(speakers) + 1)] = {"episode": episode["id"], "label": label, **info}
    data["speakers"] = speakers
    (root_path / "catalog.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _transcript(transcript_io, duration: float, quotes: list[dict]):
    """One segment per quote, its words spread evenly over the quote's time."""
    segments, names = [], {}
    for q in quotes:
        words = q["text"].split()
        step = (q["end"] - q["start"]) / len(words)
        segments.append(transcript_io.Segment(q["start"], q["end"], " " + q["text"], [
            transcript_io.Word(q["start"] + i * step, q["start"] + (i + 1) * step, " " + w, 0.9, q["speaker"])
            for i, w in enumerate(words)]))
        names[q["speaker"]] = {"name": q["person"], "role": q["role"], "role_label": q["role"],
                               "method": "editor", "confidence": 1.0}
    return transcript_io.Transcript("nl", duration, "faster-whisper", "base", segments, speakers=names)


def sampled_cli(out: str, *args: str) -> None:
    """Run ``rr ARGS`` here, and write to ``out`` how many seconds each of PARTS was on the stack."""
    import runpy
    import threading

    main, stop, seconds = threading.main_thread().ident, threading.Event(), dict.fromkeys(PARTS, 0.0)

    def sample() -> None:
        last = time.perf_counter()
        while not stop.wait(0.002):
            frame, now, found = sys._current_frames().get(main), time.perf_counter(), set()
            while frame is not None:
                found.update(p for p, marks in PARTS.items() if any(m in frame.f_code.co_filename for m in marks))
                frame = frame.f_back
            for part in found:  # the interval since the last look, which may have waited for the GIL
                seconds[part] += now - last
            last = now

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    sys.argv, code = ["rr", *args], 0
    try:
        runpy.run_module("razendereporter", run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        code = exc.code
    finally:
        stop.set()
        sampler.join()
        Path(out).write_text(json.dumps(seconds), encoding="utf-8")
    sys.exit(code)


def _child(call: str, *args: str) -> list[str]:
    """The command line that runs ``call(*args)`` of this module (the package: PYTHONPATH)."""
    code = f"import sys; sys.path.append({str(HERE)!r}); import bench_catalogue as b; b.{call}(*sys.argv[1:])"
    return [sys.executable, "-c", code, *args]


# ---------------------------------------------------------------------------------------
# In the benchmark's own process


class Run:
    """One child process: wall and CPU seconds, peak RSS (MB), the sampled seconds of each of PARTS."""

    def __init__(self, wall: float, cpu: float, rss: float, parts: dict[str, float]):
        self.wall, self.cpu, self.rss, self.parts = wall, cpu, rss, parts
        self.sizes = (0.0, 0.0)  # catalog.json MB before and after, for the first use


def run(src: Path, argv: list[str], sampled: bool = True) -> Run:
    # Imported here, in this process only: report puts this checkout's src on the path, which a
    # child (that imports this module) must not get ahead of the PYTHONPATH it is given.
    from report import measure_process

    env = {**os.environ, "PYTHONPATH": str(src)}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "probe.json"
        cmd = _child("sampled_cli", str(out), *argv) if sampled else argv
        wall, cpu, rss = measure_process(cmd, env, f"{' '.join(argv[:6])} ... with {src}")
        parts = json.loads(out.read_text()) if sampled else {}
    return Run(wall, cpu, rss, parts)


def rr(src: Path, root: Path, *args: str) -> Run:
    return run(src, ["--root", str(root), "--quiet", *args])


def make_inputs(work: Path, args: argparse.Namespace, prep_src: Path) -> tuple[Path, Path, Path, float]:
    """The generated big root and site root (reused from an earlier run in ``--work``), the clip."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    import numpy as np
    import synth

    audio = [a for a, _ in synth.real_dutch()[:CLIP_SENTENCES]]
    clip = np.concatenate([synth.silence(0.5)] + [x for a in audio for x in (a, synth.silence(0.6))])
    video = synth.make_video(clip, work / "clip.mp4")
    placeholder = synth.make_video(synth.silence(1.0), work / "placeholder.mp4")
    site_eps = args.site_episodes
    site_quotes = max(site_eps, round(args.quotes * site_eps / args.episodes))
    big, site = work / "generated" / "big", work / "generated" / "site"
    marker = work / "generated" / "sizes.json"
    sizes = {"episodes": args.episodes, "quotes": args.quotes, "site": site_eps, "prep": str(prep_src)}
    if not (marker.exists() and json.loads(marker.read_text()) == sizes):
        shutil.rmtree(work / "generated", ignore_errors=True)
        started = time.perf_counter()
        run(THIS_SRC, _child("generate", str(big), str(args.episodes), str(args.quotes)), sampled=False)
        seconds = time.perf_counter() - started
        run(THIS_SRC, _child("generate", str(site), str(site_eps), str(site_quotes)), sampled=False)
        run(prep_src, _child("prepare_site", str(site), str(placeholder)), sampled=False)
        marker.write_text(json.dumps(sizes))
        say(f"generated: {args.episodes} episodes, {args.quotes} quotes, catalog.json "
            f"{(big / 'catalog.json').stat().st_size / 1e6:.0f} MB in {seconds:.0f} s; site root {site_eps} "
            f"episodes, {site_quotes} quotes")
    else:
        say(f"reused the catalogues generated in {work / 'generated'}: {sizes}")
    return big, site, video, len(clip) / synth.RATE


def say(line: str) -> None:
    print(line, flush=True)


def progress(line: str) -> None:
    print(f"  ... {line}", file=sys.stderr, flush=True)


def catalog_mb(root: Path) -> float:
    return (root / "catalog.json").stat().st_size / 1e6


def setup_side(name: str, src: Path, inputs: tuple[Path, Path, Path, float], work: Path) -> dict[str, Run]:
    """This side's copies of the roots, the first use (an upgrade, for a newer release), the
    search index, and one ingest into an empty root: nothing of that in the timed runs."""
    big, site, video, _ = inputs
    side = work / name
    shutil.rmtree(side, ignore_errors=True)
    shutil.copytree(big, side / "big")
    shutil.copytree(site, side / "site")
    progress(f"{name}: first use of the catalogue ({src})")
    first = rr(src, side / "big", "episodes")
    first.sizes = (catalog_mb(big), catalog_mb(side / "big"))
    rr(src, side / "site", "episodes")
    progress(f"{name}: rr index rebuild")
    index = rr(src, side / "big", "index", "rebuild")
    rr(src, side / "scratch", "ingest", str(video), "--wijk", "Bench", "--speakers", "1")
    return {"first use": first, "index rebuild": index}


def measure(kind: str, src: Path, side: Path, video: Path, repeat: int) -> Run:
    if kind == "episodes":
        return rr(src, side / "big", "episodes")
    if kind == "ingest":
        return rr(src, side / "big", "ingest", str(video), "--wijk", "Bench", "--title", "bench-clip",
                  "--speakers", "1", "--force")
    if kind == "edit":
        return rr(src, side / "big", "speakers", "bench-clip", "--set", f"S1=Naam {repeat + 1}")
    out = side / f"site-out-{repeat}"
    result = rr(src, side / "site", "site", "build", str(out))
    shutil.rmtree(out)
    return result


def timed(sides: dict[str, Path], work: Path, video: Path, repeat: int) -> dict[str, dict[str, list[Run]]]:
    """Every measured command, ``repeat`` times, the sides taking turns on each."""
    results = {kind: {name: [] for name in sides} for kind in ("episodes", "ingest", "edit", "site")}
    for r in range(repeat):
        for kind, per_side in results.items():
            for name, src in sides.items():
                progress(f"{name}: {kind} ({r + 1}/{repeat})")
                per_side[name].append(measure(kind, src, work / name, video, r))
    return results


def _whole(runs: list[Run]) -> str:
    wall, cpu, rss = min(r.wall for r in runs), min(r.cpu for r in runs), max(r.rss for r in runs)
    return f"{wall:.2f} s (CPU {cpu:.2f} s), {rss:.0f} MB"


def _ratio(per_side: dict[str, list[Run]], part: str | None) -> str:
    if set(per_side) != {"before", "after"}:
        return ""
    a, b = per_side["after"], per_side["before"]
    if part:
        return f"; after/before {min(r.parts[part] for r in a) / max(1e-9, min(r.parts[part] for r in b)):.3f}"
    return (f"; after/before: time {min(r.wall for r in a) / min(r.wall for r in b):.3f}, "
            f"memory {max(r.rss for r in a) / max(r.rss for r in b):.3f}")


def lines(setup: dict[str, dict[str, Run]], results: dict, clip_s: float, site_eps: int) -> list[tuple[str, str]]:
    """(label, text) of every measurement: one printed line each."""
    def whole(label: str, per_side: dict[str, list[Run]]) -> tuple[str, str]:
        return label, "; ".join(f"{n} {_whole(rs)}" for n, rs in per_side.items()) + _ratio(per_side, None)

    def sampled(label: str, per_side: dict[str, list[Run]], part: str = "catalogue") -> tuple[str, str]:
        return f"{label} (sampled)", ("; ".join(f"{n} {min(r.parts[part] for r in rs):.2f} s"
                                                for n, rs in per_side.items()) + _ratio(per_side, part))

    label, text = whole("first use (upgrade): rr episodes", {n: [s["first use"]] for n, s in setup.items()})
    sizes = ", ".join(f"{n} {s['first use'].sizes[0]:.1f} -> {s['first use'].sizes[1]:.1f} MB"
                      for n, s in setup.items())
    return [
        (label, f"{text}; catalog.json {sizes}"),
        whole("rr index rebuild (setup)", {n: [s["index rebuild"]] for n, s in setup.items()}),
        whole("rr episodes", results["episodes"]),
        whole(f"rr ingest ({clip_s:.0f} s clip)", results["ingest"]),
        sampled("ingest: catalogue reads and writes", results["ingest"]),
        whole("rr speakers --set (edit)", results["edit"]),
        sampled("edit: catalogue reads and writes", results["edit"]),
        whole(f"rr site build ({site_eps} episode{'' if site_eps == 1 else 's'})", results["site"]),
        sampled("site build: catalogue reads", results["site"]),
        sampled("site build: Pagefind index", results["site"], "pagefind"),
    ]


def section(args: argparse.Namespace, measured: list[tuple[str, str]], load: float) -> str:
    against = f" --against {args.against}" if args.against else ""
    command = (f"python bench/bench_catalogue.py --episodes {args.episodes} --quotes {args.quotes}{against} "
               f"--repeat {args.repeat} --write {args.write}")
    return "\n".join([
        f"{SECTION} (`bench/bench_catalogue.py`)", "",
        f"Command: `{command}`. Machine: {os.cpu_count()} cores, {platform.machine()}, Python "
        f"{platform.python_version()}, load average {load:.1f} at the start. Before: the package in "
        f"`{args.against or '-'}`; after: this checkout. Each side works on its own copy of the generated "
        "catalogue (bench/bench_search.py's generator, in the previous release's catalog.json layout); "
        "its first command upgrades it if the code is newer, then the search index is built, untimed. "
        "Whole `rr` processes, best wall time of the repeats and the highest peak RSS; the edit is "
        "`rr speakers bench-clip --set S1=...` on the episode the ingest made; the site is built from a "
        f"root of its own with {args.site_episodes} generated episodes, each given a "
        "transcript sidecar and VTT made from its quotes and a one-second video. \"Catalogue reads and "
        "writes\" is the time a sampling thread in the command's process saw code of "
        "`razendereporter/catalogue/` or TinyDB on the main thread's stack; \"Pagefind index\" the same "
        "for `site/pagefind_index.py` (Pagefind's Python API takes one reply per 0.1 s: about 0.1 s per "
        "search record, whatever the catalogue does).", "",
        *[f"- {label}: {text}" for label, text in measured], "",
        "Targets (issue 14): `rr episodes` under 1 s and 300 MB peak; the catalogue reads and writes of "
        "one ingest or one edit together under 1 s.", "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--episodes", type=int, default=20_000)
    parser.add_argument("--quotes", type=int, default=1_000_000)
    parser.add_argument("--site-episodes", type=int,
                        help="episodes of the site build's root (default: 1 %% of --episodes)")
    parser.add_argument("--against", type=Path, help="the src folder of the checkout to compare with (before)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per command and side; the fastest counts")
    parser.add_argument("--work", type=Path, help="keep the roots here, and reuse what an earlier run generated")
    parser.add_argument("--write", type=Path, help=f"replace the '{SECTION}' section of this Markdown file")
    args = parser.parse_args()
    args.site_episodes = args.site_episodes or max(1, args.episodes // 100)
    sides = {"before": args.against.resolve(), "after": THIS_SRC} if args.against else {"this": THIS_SRC}
    load = os.getloadavg()[0]
    work = args.work.resolve() if args.work else Path(tempfile.mkdtemp(prefix="rr-bench-catalogue-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        inputs = make_inputs(work, args, next(iter(sides.values())))
        setup = {name: setup_side(name, src, inputs, work) for name, src in sides.items()}
        results = timed(sides, work, inputs[2], args.repeat)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
        else:
            for name in sides:
                shutil.rmtree(work / name, ignore_errors=True)
    measured = lines(setup, results, inputs[3], args.site_episodes)
    for label, text in measured:
        say(f"{label}: {text}")
    if args.write:
        from report import write_section  # here only: it puts this checkout's src on the path

        write_section(args.write, SECTION, section(args, measured, load))


if __name__ == "__main__":
    main()
