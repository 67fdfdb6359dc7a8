"""The learned role decision: its weights load, retraining reproduces them, and each kind of
evidence decides what it should (docs/articles.md, "How roles are decided")."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from razendereporter.articles import people, role_model, roles
from razendereporter.vocabulary import ROLES

ROOT = Path(__file__).resolve().parents[2]


def _found(text: str) -> list[tuple[str, str, bool]]:
    found, _slots = people.extract_people([people.Section(None, [text])], reporter=None)
    return [(p.name, p.role, p.role_unsure) for p in found]


def _evidence(name: str, clause: str) -> roles.Evidence:
    return roles.Evidence(name, None, clause, [clause], alone=clause)


def test_the_shipped_weights_load_and_are_whole():
    m = role_model.model()
    assert set(m.classes) == set(ROLES) and len(m.intercept) == len(m.classes)
    assert len(m.weights) > 500 and all(len(w) == len(m.classes) for w in m.weights.values())
    assert 0.0 < m.model_min <= 1.0 and 0.0 < m.rule_wins_at <= 1.01
    assert set(m.regions) <= set("cwxhpsn")
    probs = m.probabilities(["rule:none", "tier:none:none"])
    assert abs(sum(probs.values()) - 1.0) < 1e-9
    # the package ships it: pyproject.toml's package data covers the file
    assert '"razendereporter.articles" = ["models/*.json"]' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_the_training_script_reproduces_the_weights():
    spec = importlib.util.spec_from_file_location("train_roles", ROOT / "bench" / "train_roles.py")
    train_roles = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train_roles)
    stored = json.loads(role_model.WEIGHTS.read_text(encoding="utf-8"))
    policy = stored["policy"]
    design = (0, stored["regions"], policy["C"], policy["rule_wins_at"], policy["model_min"], policy["bewoner_min"])
    exs = train_roles.examples()
    assert {ex["round"] for ex in exs}.isdisjoint({"round-9"})
    again = train_roles.train(exs, design)
    # the same features, classes and policy; weights equal to their 4 decimals (another BLAS may
    # move a last digit: `python bench/train_roles.py --check` compares the text exactly)
    assert (again["classes"], again["policy"], again["regions"]) == (stored["classes"], policy, stored["regions"])
    assert set(again["weights"]) == set(stored["weights"])
    worst = max(abs(a - b) for f, w in stored["weights"].items() for a, b in zip(w, again["weights"][f]))
    assert worst <= 2e-4 and all(abs(a - b) <= 2e-4 for a, b in zip(again["intercept"], stored["intercept"]))


def _toy(rule_wins_at: float = 0.9, model_min: float = 0.6) -> role_model.Model:
    """A model that reads "keukentafel" as bewoner and nothing else."""
    classes = ("bewoner", "ambtenaar", "energieadviseur", "verslaggever", "overig")
    return role_model.from_dict({"classes": list(classes), "intercept": [0.0] * 5, "regions": "c",
                                 "weights": {"c:keukentafel": [4.0, 0.0, 0.0, 0.0, 0.0]},
                                 "policy": {"rule_wins_at": rule_wins_at, "model_min": model_min}})


def test_strong_rules_win_and_the_model_decides_below_them():
    ev = _evidence("Mariska Dekker", "Aan de keukentafel vertelt Mariska Dekker")
    m = _toy()
    assert role_model.combine(m, ev, role_model.RuleSaid("ambtenaar", 0.95)) is None  # a title: the rules stand
    role, p = role_model.combine(m, ev, role_model.RuleSaid("ambtenaar", 0.85))
    assert role == "bewoner" and p >= 0.6
    assert role_model.combine(m, ev, role_model.RuleSaid(None))[0] == "bewoner"
    # not sure enough: the rules' weaker decision stands, or with none the person stays unsure
    plain = _evidence("Mariska Dekker", "Daarna vertelt Mariska Dekker")
    assert role_model.combine(m, plain, role_model.RuleSaid(None)) is None
    # a colleague or relative is left to the rules and to whom they are named with
    kin = roles.Evidence("Mia", "vrouw", ev.clause, ev.context, alone=ev.clause, kin=True)
    assert role_model.combine(m, kin, role_model.RuleSaid(None)) is None


def test_the_feature_names_leave_out_the_persons_own_name():
    ev = roles.Evidence("Kees Smit", "bewoner", "bewoner Kees Smit woont hier", ["Bewoner Kees Smit woont hier."],
                        heading="Op bezoek", alone="bewoner Kees Smit woont hier")
    feats = role_model.features(ev, role_model.RuleSaid("bewoner", 0.95), "cwhn")
    assert "c:woont" in feats and "h:bezoek" in feats and "n:bewon~" in feats and "tier:title:bewoner" in feats
    assert not any("kees" in f or "smit" in f for f in feats)


def test_each_kind_of_evidence_decides_a_role():
    # a title word: the rules, whatever the words after it
    assert _found("Wethouder Henk Jansen opende de avond in het buurthuis.") == [("Henk Jansen", "overig", False)]
    # a rule in the person's clause: the rules, the model agreeing
    assert _found("Fatima El Amrani woont sinds 1985 in de Bloemenbuurt.") == [("Fatima El Amrani", "bewoner", False)]
    # no rule at all, but the words around the name: the model
    found = people.extract_people([people.Section(None, ["Aan de eettafel laat Piet Jansen de offertes zien."])],
                                  reporter=None)[0]
    assert roles.rule_decision(_evidence("Piet Jansen", "Aan de eettafel laat Piet Jansen de offertes zien")) is None
    assert [(p.name, p.role, p.role_unsure) for p in found] == [("Piet Jansen", "bewoner", False)]
    # ... a guess from the words alone: less sure than any rule tier, for an editor to check
    assert found[0].role_label is None and found[0].role_confidence == roles.GUESS_CONFIDENCE
    assert roles.GUESS_CONFIDENCE < min(roles.CONFIDENCE.values())
    # nothing that says anything: kept, as the unsure overig
    assert _found("Daarna kwamen we in gesprek met Jolien Bakker over de plannen.") == [("Jolien Bakker", "overig", True)]


def test_damaged_weights_are_one_line_not_a_traceback(tmp_path):
    from razendereporter.errors import RRError

    good = json.loads(role_model.WEIGHTS.read_text(encoding="utf-8"))
    for broken in ({k: v for k, v in good.items() if k != "regions"},
                   {**good, "intercept": good["intercept"][:-1]},
                   {**good, "weights": {"c:aan": [1.0]}}):
        with pytest.raises(RRError, match="role weights are damaged"):
            role_model.from_dict(broken)
    (tmp_path / "w.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(RRError, match="cannot read the role weights"):
        role_model.model(tmp_path / "w.json")
    with pytest.raises(RRError, match="cannot read the role weights"):
        role_model.model(tmp_path / "missing.json")
