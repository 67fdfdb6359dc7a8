"""The role each tuning round got from the rules that had not yet seen it, for bench/train_roles.py.

    python bench/first_sight_roles.py [--out tests/fixtures/articles/first_sight_roles.json]

Every round of tests/fixtures/articles/phrasings.yaml was committed on its own before the
reader first ran on it, and the rules were tuned on its failures afterwards. The rules of
today get every tuning case right, so their output on those cases says nothing about how
often a rule is right on new text; the rules as they were in the commit that added a round
do. This script takes each round's cases, checks out ``src/`` of that commit (``git
archive``, into a temporary folder) and runs its ``people.extract_people`` on them in a
child process, and writes what it found: for each case, every named person's role, the
rules' confidence and whether nothing decided it (``role_unsure``).

The cases older than the first round (the first rules' tuning cases, those held out from
them, and those read while the names-first reader was designed) get the first names-first
reader's output: it was built reading them, so for them it is not a first sight, and the
training uses them only to learn from, never to select a design on.

Round 9, the held-out round, is not here: it is kept out of training and selection.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "fixtures" / "articles" / "phrasings.yaml"
OUT = ROOT / "tests" / "fixtures" / "articles" / "first_sight_roles.json"
CASES_PATH = "tests/fixtures/articles/phrasings.yaml"

# The commit that added each round: its rules had never run on that round.
ROUND_COMMITS = {
    "round-1": "9f94ee1",  # after the names-first reader was designed
    "round-2": "960fd3b",  # after one tuning
    "round-3": "68d2690",  # after two tunings
    "round-4": "898eb22",  # after two tunings (written before the third)
    "round-5": "b25e732",  # after three tunings
    "round-6": "5f7787b",  # after four tunings
    # Rounds 7 and 8 were never tuned on: the rules of the sixth tuning (the last; the commit
    # that added round 8, before the learned decision) had never seen either.
    "round-7": "01ca979",
    "round-8": "01ca979",
}
BEFORE_ROUNDS = "before-rounds"  # the cases older than round 1
KEPT_OUT = {"round-9"}

_CHILD = r"""
import json, sys
from razendereporter.articles import article, frontmatter, people
out = {}
for case in json.load(sys.stdin):
    blocks = frontmatter._markdown_blocks(case["text"].splitlines(), 1)
    found, _slots = people.extract_people(article.sections_of(blocks))
    out[case["id"]] = [{"name": p.name, "role": p.role, "confidence": p.role_confidence,
                        "unsure": bool(p.role_unsure)} for p in found if p.named]
json.dump(out, sys.stdout, ensure_ascii=False)
"""


def _git(*args: str) -> bytes:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True).stdout


def _ids_at(commit: str) -> set[str]:
    cases = yaml.safe_load(_git("show", f"{commit}:{CASES_PATH}").decode("utf-8"))["cases"]
    return {c["id"] for c in cases}


def round_of_cases(cases: list[dict]) -> dict[str, str]:
    """Each tuning case's round: its round tag, or for rounds 1-2 the commit that added it."""
    added = {}
    for name in ("round-1", "round-2"):
        commit = ROUND_COMMITS[name]
        for case_id in _ids_at(commit) - _ids_at(f"{commit}^"):
            added[case_id] = name
    rounds = {}
    for case in cases:
        tags = set(case.get("tags") or [])
        tagged = sorted(t for t in tags if t.startswith("round-"))
        if KEPT_OUT & tags:
            continue
        rounds[case["id"]] = tagged[0] if tagged else added.get(case["id"], BEFORE_ROUNDS)
    return rounds


def _run_at(commit: str, cases: list[dict]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(_git("archive", "--format=tar", commit, "src"))) as tar:
            tar.extractall(tmp, filter="data")
        child = subprocess.run([sys.executable, "-c", _CHILD], input=json.dumps(cases), text=True,
                               capture_output=True, check=True, env={**os.environ, "PYTHONPATH": f"{tmp}/src"})
        return json.loads(child.stdout)


def first_sight(cases: list[dict]) -> dict:
    rounds = round_of_cases(cases)
    out = {}
    for name in [BEFORE_ROUNDS, *ROUND_COMMITS]:
        commit = ROUND_COMMITS.get(name, ROUND_COMMITS["round-1"])
        chosen = [{"id": c["id"], "text": c["text"]} for c in cases if rounds.get(c["id"]) == name]
        for case_id, found in _run_at(commit, chosen).items():
            out[case_id] = {"round": name, "commit": commit, "people": found}
    return dict(sorted(out.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))["cases"]
    result = first_sight(cases)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for entry in result.values():
        counts[entry["round"]] = counts.get(entry["round"], 0) + 1
    print(f"{len(result)} cases: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
