"""The article phrasings test set is well formed, and its scorer runs on the current extraction.

No score is asserted: the set measures the extraction (bench/score_phrasings.py prints it),
it does not gate it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml

from razendereporter.vocabulary import ROLES

ROOT = Path(__file__).resolve().parents[1]
PHRASINGS = ROOT / "tests" / "fixtures" / "articles" / "phrasings.yaml"


def _scorer():
    spec = importlib.util.spec_from_file_location("score_phrasings", ROOT / "bench" / "score_phrasings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cases_are_well_formed():
    cases = yaml.safe_load(PHRASINGS.read_text(encoding="utf-8"))["cases"]
    assert len(cases) >= 40
    assert len({c["id"] for c in cases}) == len(cases)
    for case in cases:
        assert case["text"].strip(), case["id"]
        for person in case["people"]:
            assert set(person) == {"name", "role"}, case["id"]
            assert person["role"] in ROLES, case["id"]
            assert person["name"].strip() == person["name"], case["id"]


def test_scorer_runs_on_every_case():
    scorer = _scorer()
    result = scorer.score(scorer.load_cases(PHRASINGS))
    assert len(result["cases"]) >= 40
    assert 0.0 <= result["precision"] <= 1.0 and 0.0 <= result["recall"] <= 1.0
    # A case without people passes only when nothing is found: the scorer sees spurious names.
    negative = next(r for r in result["cases"] if r["id"] == "geen-mensen-wijk-is")
    assert negative["truth"] == []


def test_scorer_matches_names_regardless_of_case_and_spacing():
    scorer = _scorer()
    assert scorer.key("Frank  van 't Hof") == scorer.key("frank van 't hof")
