"""bench/bench_catalogue.py at a tiny size: every measurement printed once, with sane figures."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model  # it ingests a clip with the real model

REPO = Path(__file__).resolve().parents[1]
WHOLE = re.compile(r"^this (\d+\.\d+) s \(CPU (\d+\.\d+) s\), (\d+) MB")
CLIP = re.compile(r"rr ingest \(\d+ s clip\)")
LABELS = ["first use (upgrade): rr episodes", "rr index rebuild (setup)", "rr episodes", "rr ingest (N s clip)",
          "ingest: catalogue reads and writes (sampled)", "rr speakers --set (edit)",
          "edit: catalogue reads and writes (sampled)", "rr site build (2 episodes)",
          "site build: catalogue reads (sampled)", "site build: Pagefind index (sampled)"]


def test_bench_prints_one_line_per_measurement(tmp_path, model_cache):
    report = tmp_path / "benchmarks.md"
    report.write_text("# Benchmarks\n\n## Other\n\nkept\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, str(REPO / "bench" / "bench_catalogue.py"), "--episodes", "20",
                           "--quotes", "400", "--site-episodes", "2", "--repeat", "1", "--write", str(report)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout.splitlines()
    assert out[0].startswith("generated: 20 episodes, 400 quotes, catalog.json")
    measured = {CLIP.sub("rr ingest (N s clip)", label): text
                for label, text in (line.split(": this ", 1) for line in out[1:])}
    assert [label for label in measured] == LABELS
    figures = {}
    for label, text in measured.items():
        if "(sampled)" in label:
            figures[label] = float(re.fullmatch(r"(\d+\.\d+) s", text).group(1))
            continue
        wall, cpu, rss = map(float, WHOLE.match("this " + text).groups())
        assert 0.05 < wall < 120 and 0 < cpu < 300 and 20 < rss < 3000, (label, text)
        figures[label] = wall
    # The catalogue's part is a part: more than nothing, less than the whole command.
    for part, whole in [("ingest: catalogue reads and writes (sampled)", "rr ingest (N s clip)"),
                        ("edit: catalogue reads and writes (sampled)", "rr speakers --set (edit)"),
                        ("site build: catalogue reads (sampled)", "rr site build (2 episodes)"),
                        ("site build: Pagefind index (sampled)", "rr site build (2 episodes)")]:
        assert 0 < figures[part] < figures[whole], (part, figures)
    sizes = re.search(r"catalog\.json this (\d+\.\d) -> (\d+\.\d) MB$", measured["first use (upgrade): rr episodes"])
    assert sizes and float(sizes.group(1)) > 0, measured["first use (upgrade): rr episodes"]
    text = report.read_text(encoding="utf-8")
    assert "## Other\n\nkept" in text and "## Catalogue at archive scale (`bench/bench_catalogue.py`)" in text
    assert "- rr episodes: this " in text
