"""Train the learned role decision (articles/role_model.py) and choose its design by cross-validation.

    python bench/train_roles.py [--check] [--out src/razendereporter/articles/models/role_weights.json]

Examples: every person the current reader finds in a tuning case of
tests/fixtures/articles/phrasings.yaml (everything but round 9, held out) whose name is in the
case's truth, labelled with the truth's role. Its features are the words around the name
(:func:`role_model.features`) and what the rules said; the rules' part is taken from
tests/fixtures/articles/first_sight_roles.json (bench/first_sight_roles.py): the rules as they
were before they were tuned on that round, because the rules of today are right on every
tuning case and would teach the model that they are never wrong.

The design (which words, the regularisation, when the rules win and how sure the model must
be) is chosen by leave-one-round-out cross-validation over rounds 1-8: train on every other
example, decide the round's people with the rules as they were before it, count the right
roles; of the designs within one standard error of the best count, the most cautious (a
surer model, more rule decisions kept, fewer words, stronger regularisation). Round 9 plays
no part. The final model is trained on every tuning example with that design and
written with 4 decimals; ``--check`` trains again with the stored design (no
cross-validation) and fails if the file differs.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from razendereporter.articles import people, role_model, roles  # noqa: E402
from score_phrasings import key, load_cases, sections  # noqa: E402  (the cases read as the scorer reads them)

FIRST_SIGHT = ROOT / "tests" / "fixtures" / "articles" / "first_sight_roles.json"
OUT = role_model.WEIGHTS
CLASSES = ("bewoner", "ambtenaar", "energieadviseur", "verslaggever", "overig")
FOLDS = ("round-1", "round-2", "round-3", "round-4", "round-5", "round-6", "round-7", "round-8")
PER_FOLD: dict[str, Counter] = {}  # each fold's right count per design, filled by cross_validate
MIN_COUNT = 2  # a feature seen fewer times in training gets no weight

# The designs tried: (regions, C, rule_wins_at, model_min, bewoner_min). rule_wins_at 1.01: the model
# decides everyone (the rules only as its features); 0.01: it decides only the unsure.
REGIONS = ("cwxhpsn", "cwxhn", "cwn", "swxhpn")
C_VALUES = (0.3, 1.0, 3.0, 10.0)
RULE_WINS_AT = (1.01, 0.9, 0.8, 0.65, 0.55, 0.01)
MODEL_MIN = (0.4, 0.5, 0.6, 0.7)
BEWONER_MIN = (0.0, 0.7, 0.8)  # the model's bewoner where no rule said bewoner (0: as any role)


def _evidence(text: str) -> list[roles.Evidence]:
    """The evidence the reader weighs for each person of ``text`` whose role is not fixed by an introduction."""
    seen: list[roles.Evidence] = []

    def recording(ev: roles.Evidence) -> roles.Decision | None:
        seen.append(ev)
        return roles.rule_decision(ev)

    saved, people.decide = people.decide, recording
    try:
        people.extract_people(sections(text))
    finally:
        people.decide = saved
    return [ev for ev in seen if ev.name]


def examples() -> list[dict]:
    """(evidence, first-sight rule, truth role, round) of every tuning person, in file order."""
    first = json.loads(FIRST_SIGHT.read_text(encoding="utf-8"))
    out = []
    for case in load_cases():
        if case["id"] not in first:
            continue  # round 9, held out
        truth = {key(p["name"]): p["role"] for p in case.get("people") or []}
        said = {key(p["name"]): p for p in first[case["id"]]["people"]}
        for ev in _evidence(case["text"]):
            k = key(ev.name)
            if k not in truth:
                continue
            old = said.get(k)
            rule = role_model.RuleSaid(old["role"], old["confidence"]) if old and not old["unsure"] else role_model.RuleSaid(None)
            out.append({"ev": ev, "rule": rule, "truth": truth[k], "round": first[case["id"]]["round"]})
    return out


def _matrix(rows: list[list[str]], index: dict[str, int]) -> csr_matrix:
    data, cols, ptr = [], [], [0]
    for feats in rows:
        hit = sorted({index[f] for f in feats if f in index})
        cols += hit
        data += [1.0] * len(hit)
        ptr.append(len(cols))
    return csr_matrix((data, cols, ptr), shape=(len(rows), len(index)))


def fit(feats: list[list[str]], labels: list[str], c: float) -> dict:
    """A multinomial logistic regression on ``feats``, as the weights file stores it (4 decimals)."""
    counts = Counter(f for row in feats for f in set(row))
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {f: k for k, f in enumerate(names)}
    clf = LogisticRegression(C=c, max_iter=5000, tol=1e-8)
    y = np.array([CLASSES.index(label) for label in labels])
    clf.fit(_matrix(feats, index), y)
    coef = np.zeros((len(CLASSES), len(names)))
    intercept = np.zeros(len(CLASSES))
    coef[clf.classes_] = clf.coef_
    intercept[clf.classes_] = clf.intercept_
    weights = {f: [round(float(w), 4) for w in coef[:, k]] for f, k in index.items()
               if np.abs(coef[:, k]).max() >= 5e-5}
    return {"classes": list(CLASSES), "intercept": [round(float(b), 4) for b in intercept], "weights": weights}


def _decided(m: role_model.Model, ex: dict) -> str:
    """The role the combination gives (the rule's, the model's, or the unsure overig)."""
    verdict = role_model.combine(m, ex["ev"], ex["rule"])
    if verdict is not None:
        return verdict[0]
    return ex["rule"].role or "overig"


def cross_validate(exs: list[dict]) -> list[tuple]:
    """(right, regions, C, rule_wins_at, model_min, bewoner_min) for every design, over rounds 1-8 left out in turn."""
    feats = {r: [role_model.features(ex["ev"], ex["rule"], r) for ex in exs] for r in REGIONS}
    results = []
    for regions, c in itertools.product(REGIONS, C_VALUES):
        right = Counter()
        for fold in FOLDS:
            PER_FOLD[fold] = Counter() if fold not in PER_FOLD else PER_FOLD[fold]
            train = [k for k, ex in enumerate(exs) if ex["round"] != fold]
            test = [k for k, ex in enumerate(exs) if ex["round"] == fold]
            data = fit([feats[regions][k] for k in train], [exs[k]["truth"] for k in train], c)
            for wins, least, home in itertools.product(RULE_WINS_AT, MODEL_MIN, BEWONER_MIN):
                policy = {"rule_wins_at": wins, "model_min": least, "bewoner_min": home}
                m = role_model.from_dict(data | {"regions": regions, "policy": policy})
                n = sum(_decided(m, exs[k]) == exs[k]["truth"] for k in test)
                right[(wins, least, home)] += n
                PER_FOLD[fold][(regions, c, wins, least, home)] = n
        results += [(n, regions, c, wins, least, home) for (wins, least, home), n in right.items()]
    return results


def _choose(results: list[tuple], n: int) -> tuple:
    """The most cautious design within one standard error of the best count: a surer model
    first, then a surer one for bewoner, more of the rules' decisions kept, fewer words, stronger regularisation."""
    best = max(r[0] for r in results)
    error = n * math.sqrt(best / n * (1 - best / n) / n)
    close = [r for r in results if r[0] >= best - error]
    return max(close, key=lambda r: (r[4], r[5], -r[3], -len(r[1]), -r[2], r[0]))


def train(exs: list[dict], design: tuple) -> dict:
    _n, regions, c, wins, least, home = design
    data = fit([role_model.features(ex["ev"], ex["rule"], regions) for ex in exs], [ex["truth"] for ex in exs], c)
    return {"regions": regions, "policy": {"rule_wins_at": wins, "model_min": least, "bewoner_min": home, "C": c},
            **data}


def dump(data: dict) -> str:
    """The weights file's text: one feature a line, sorted, so a retraining's diff is readable."""
    head = {k: v for k, v in data.items() if k != "weights"}
    lines = [f"{json.dumps(f, ensure_ascii=False)}: {json.dumps(w)}" for f, w in sorted(data["weights"].items())]
    return json.dumps(head, sort_keys=True, ensure_ascii=False)[:-1] + ', "weights": {\n' + ",\n".join(lines) + "\n}}\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="train again with --out's stored design and fail if it differs")
    parser.add_argument("--cv", type=Path, help="write every design's cross-validated count here (JSON)")
    args = parser.parse_args()
    exs = examples()
    if args.check:
        stored = json.loads(args.out.read_text(encoding="utf-8"))
        policy = stored["policy"]
        design = (0, stored["regions"], policy["C"], policy["rule_wins_at"], policy["model_min"], policy["bewoner_min"])
        same = dump(train(exs, design)) == args.out.read_text(encoding="utf-8")
        print("the weights file is " + ("reproduced" if same else "NOT reproduced") + " by its stored design")
        return 0 if same else 1
    in_folds = [ex for ex in exs if ex["round"] in FOLDS]
    rules_right = sum((ex["rule"].role or "overig") == ex["truth"] for ex in in_folds)
    results = cross_validate(exs)
    best = _choose(results, len(in_folds))
    print(f"{len(exs)} training people, {len(in_folds)} in rounds 1-8; the rules before each round: "
          f"{rules_right}/{len(in_folds)} right")
    for r in sorted(results, reverse=True)[:10]:
        print(f"  {r[0]}/{len(in_folds)}  regions={r[1]} C={r[2]} rule_wins_at={r[3]} model_min={r[4]} bewoner_min={r[5]}")
    print(f"chosen: {best[0]}/{len(in_folds)}  regions={best[1]} C={best[2]} rule_wins_at={best[3]} model_min={best[4]} "
          f"bewoner_min={best[5]}")
    per_fold = {fold: sum((ex["rule"].role or "overig") == ex["truth"] for ex in in_folds if ex["round"] == fold)
                for fold in FOLDS}
    print("rules per round: " + ", ".join(f"{f} {n}/{sum(ex['round'] == f for ex in in_folds)}" for f, n in per_fold.items()))
    print("model per round: " + ", ".join(f"{f} {PER_FOLD[f][best[1:]]}" for f in FOLDS))
    if args.cv:
        args.cv.write_text(json.dumps(sorted(results, reverse=True), indent=0) + "\n", encoding="utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dump(train(exs, best)), encoding="utf-8")
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
