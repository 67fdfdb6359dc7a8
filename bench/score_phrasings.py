"""How well the article reader finds people and roles in the ways editors write about them.

    python bench/score_phrasings.py [-v] [--json FILE]

Runs the current extraction on every case of tests/fixtures/articles/phrasings.yaml — the same
path as an imported site page or saved HTML page: the text is cut into headings and paragraphs
(``articles.sections_of``) and ``people.extract_people`` finds the people and their roles — and
compares the named people with the truth as (name, role) pairs. Unnamed people the extraction
adds ("mevrouw op de markt", the generic "Razende Reporter") are not scored.

Prints per case pass/fail (pass = exactly the truth's pairs), then precision and recall of
(name, role) pairs and of names alone, the same for the cases tagged ``held-out`` (written
after the rules were tuned, never tuned on), and the failures per tag.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "fixtures" / "articles" / "phrasings.yaml"


def load_cases(path: Path = CASES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]


def extract(text: str) -> list[tuple[str, str]]:
    """(name, role) of every named person the current extraction finds in ``text``."""
    from razendereporter.articles import article, frontmatter
    from razendereporter.articles import people

    blocks = frontmatter._markdown_blocks(text.splitlines(), 1)
    found, _slots = people.extract_people(article.sections_of(blocks))
    return [(p.name, p.role) for p in found if p.named]


def key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def score(cases: list[dict]) -> dict:
    rows = []
    pairs = Counter()  # tp, predicted, truth for (name, role) and for names alone
    for case in cases:
        truth = {(key(p["name"]), p["role"]) for p in case.get("people") or []}
        got_raw = extract(case["text"])
        got = {(key(n), r) for n, r in got_raw}
        truth_names, got_names = {n for n, _ in truth}, {n for n, _ in got}
        pairs["tp"] += len(truth & got)
        pairs["pred"] += len(got)
        pairs["true"] += len(truth)
        pairs["name_tp"] += len(truth_names & got_names)
        pairs["name_pred"] += len(got_names)
        pairs["name_true"] += len(truth_names)
        problems = []
        for n, r in sorted(truth - got):
            other = [gr for gn, gr in got if gn == n]
            problems.append(f"wrong role {other[0]} for {n} (truth {r})" if other else f"missed {n} ({r})")
        for n, r in sorted(got - truth):
            if n not in truth_names:
                problems.append(f"spurious {n} ({r})")
        rows.append({"id": case["id"], "pass": truth == got, "got": got_raw, "truth": sorted(truth),
                     "problems": problems, "tags": case.get("tags", [])})

    def ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    return {
        "cases": rows,
        "passed": sum(r["pass"] for r in rows),
        "precision": ratio(pairs["tp"], pairs["pred"]),
        "recall": ratio(pairs["tp"], pairs["true"]),
        "name_precision": ratio(pairs["name_tp"], pairs["name_pred"]),
        "name_recall": ratio(pairs["name_tp"], pairs["name_true"]),
        "counts": dict(pairs),
    }


def kinds(rows: list[dict]) -> Counter:
    """Failures by kind: missed person, wrong role, spurious or truncated name."""
    c = Counter()
    for r in rows:
        for p in r["problems"]:
            c[p.split(" ")[0] + (" role" if p.startswith("wrong") else "")] += 1
    return c


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="also show what was found for passing cases")
    parser.add_argument("--json", type=Path, help="write the full result here")
    args = parser.parse_args()

    result = score(load_cases())
    for r in result["cases"]:
        mark = "pass" if r["pass"] else "FAIL"
        print(f"{mark}  {r['id']}")
        if not r["pass"] or args.verbose:
            print(f"      found: {r['got'] or '—'}")
            for p in r["problems"]:
                print(f"      {p}")
    n = len(result["cases"])
    c = result["counts"]
    print()
    print(f"cases passed: {result['passed']}/{n}")
    print(f"(name, role) pairs: precision {result['precision']:.2f} ({c['tp']}/{c['pred']}), "
          f"recall {result['recall']:.2f} ({c['tp']}/{c['true']})")
    print(f"names alone:        precision {result['name_precision']:.2f} ({c['name_tp']}/{c['name_pred']}), "
          f"recall {result['name_recall']:.2f} ({c['name_tp']}/{c['name_true']})")
    print("failures by kind:  " + ", ".join(f"{k} {v}" for k, v in kinds(result["cases"]).most_common()))
    held = [case for case in load_cases() if "held-out" in case.get("tags", [])]
    if held:
        h = score(held)
        print(f"held-out cases:     {h['passed']}/{len(held)} passed, (name, role) precision {h['precision']:.2f} "
              f"({h['counts']['tp']}/{h['counts']['pred']}), recall {h['recall']:.2f} ({h['counts']['tp']}/{h['counts']['true']})")
    tags = Counter(t for r in result["cases"] if not r["pass"] for t in r["tags"])
    total = Counter(t for r in result["cases"] for t in r["tags"])
    print("failed cases by tag: " + ", ".join(f"{t} {tags[t]}/{total[t]}" for t, _ in tags.most_common()))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
