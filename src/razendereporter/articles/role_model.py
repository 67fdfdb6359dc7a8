"""A learned second opinion on a person's role: the words around their name, weighed.

The rules of :mod:`.roles` are right when they are sure of themselves (a title word, a
phrase in the person's own clause); on new text they say nothing about one person in five.
This module scores the five roles with a multinomial logistic regression over the words
around the name and over what the rules said (their role and tier), and :func:`combine`
decides between the two as the weights file says (``policy``): the rules' decision stands at
or above ``rule_wins_at``; below it, or when the rules found nothing, the model's role is
taken when its probability reaches ``model_min``; otherwise the rules' weaker decision
stands, and with none the person is ``overig`` flagged unsure.

The weights (``models/role_weights.json``) are trained by ``bench/train_roles.py`` on the
tuning cases of tests/fixtures/articles/phrasings.yaml, with each round's rule evidence as the
rules gave it before they were tuned on that round; inference is plain Python, so the
package does not need scikit-learn.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

from ..errors import RRError
from .names import lexicon, title_word

WEIGHTS = Path(__file__).with_name("models") / "role_weights.json"
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")
_WINDOW = 4  # words either side of the name in its own sentence


class _Evidence(Protocol):
    name: str
    noun: str | None
    clause: str
    context: list[str]
    alone: str
    related: tuple[tuple[str, str], ...]
    heading: str | None
    paragraph: tuple[str, ...]
    kin: bool


@dataclass(frozen=True)
class RuleSaid:
    """What the rules decided: a role and its confidence, or nothing (``role`` None)."""

    role: str | None
    confidence: float = 0.0


def tier(confidence: float) -> str:
    """The rules' tier, from the confidence they give (:data:`.roles.CONFIDENCE`, less 0.1 for a rival)."""
    for bound, name in ((0.9, "title"), (0.75, "text"), (0.6, "sentence"), (0.5, "organisation"), (0.01, "paragraph")):
        if confidence >= bound:
            return name
    return "none"


def _words(text: str | None, name: str = "") -> list[str]:
    own = {w.casefold() for w in _WORD.findall(name)}
    return [w for w in (m.casefold() for m in _WORD.findall(text or "")) if w not in own]


def _forms(word: str) -> list[str]:
    """The word, its first five letters (verb forms, plurals) and, of a long compound, its last five
    (Dutch puts the head last: tussenwoning, wijkambtenaar)."""
    forms = [word]
    if len(word) > 5:
        forms.append(word[:5] + "~")
    if len(word) >= 8:
        forms.append("~" + word[-5:])
    return forms


def _window(sentence: str, name: str) -> list[str]:
    at = sentence.find(name) if name else -1
    if at < 0:
        return []
    before, after = _words(sentence[:at], name), _words(sentence[at + len(name):], name)
    return before[-_WINDOW:] + after[:_WINDOW]


# The endings of Dutch words for what a person is or does ("Kamerlid", "woonconsulent", "cameravrouw",
# "fotograaf"): such a word right before a name that no rule knows is a title all the same.
_PERSON_NOUN_ENDINGS = ("lid", "vrouw", "man", "ent", "eur", "ist", "ant", "aris", "graaf", "loog", "ker", "ster",
                        "teur", "werker", "leider", "houder", "zitter", "ouder")


def _unknown_title(sentence: str, name: str) -> bool:
    """The word right before the name looks like a person's title, and no title rule knows it."""
    at = sentence.find(name) if name else -1
    before = _WORD.findall(sentence[:at]) if at > 0 else []
    if not before or not sentence[:at].endswith(" ") or sentence[:at].rstrip()[-1:] in ",;:":
        return False
    word = before[-1].casefold()
    return len(word) > 4 and word.endswith(_PERSON_NOUN_ENDINGS) and title_word(word) is None


def _heading_is_a_name(heading: str | None) -> bool:
    """A heading of capitalised words only that is no one's name: an organisation ("## Liander")."""
    words = _WORD.findall(heading or "")
    return bool(words) and all(w[0].isupper() for w in words) and words[0] not in lexicon().first_names


def features(ev: _Evidence, rule: RuleSaid, regions: str = "cwxhpsn") -> list[str]:
    """The feature names for one person: words by where they stand, and what the rules said.

    ``regions``: c clause, w window around the name, x the later sentences about them, h the
    heading, p the paragraph before, s the whole sentence less the other people, n the title
    word and relations.
    """
    parts = {"c": _words(ev.clause, ev.name), "w": _window(ev.context[0] if ev.context else "", ev.name),
             "x": [w for s in ev.context[1:3] for w in _words(s, ev.name)], "h": _words(ev.heading),
             "p": [w for s in ev.paragraph[-2:] for w in _words(s)], "s": _words(ev.alone, ev.name)}
    out = {f"{region}:{form}" for region, words in parts.items() if region in regions
           for word in words for form in _forms(word)}
    if "h" in regions and _heading_is_a_name(ev.heading):
        out.add("h:<organisation>")
    if "n" in regions:
        if not ev.noun and _unknown_title(ev.context[0] if ev.context else "", ev.name):
            out.add("n:<unknown-title>")
        if ev.noun:
            out.update(f"n:{form}" for form in _forms(ev.noun.casefold()))
        out.update(f"rel:{role}" for role, _label in ev.related)
    out.add(f"rule:{rule.role or 'none'}")
    out.add(f"tier:{tier(rule.confidence) if rule.role else 'none'}:{rule.role or 'none'}")
    return sorted(out)


@dataclass(frozen=True)
class Model:
    classes: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]
    intercept: tuple[float, ...]
    regions: str
    rule_wins_at: float
    model_min: float
    bewoner_min: float = 0.0  # the model's bewoner, where no rule said bewoner, needs this much too

    def probabilities(self, feats: list[str]) -> dict[str, float]:
        scores = list(self.intercept)
        for f in feats:
            for k, w in enumerate(self.weights.get(f, ())):
                scores[k] += w
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp)}


def from_dict(data: dict) -> Model:
    """The model a weights file describes; one line saying what is wrong with it otherwise."""
    try:
        policy, classes = data["policy"], tuple(data["classes"])
        weights = {f: tuple(float(x) for x in w) for f, w in data["weights"].items()}
        m = Model(classes, weights, tuple(float(x) for x in data["intercept"]), str(data["regions"]),
                  float(policy["rule_wins_at"]), float(policy["model_min"]), float(policy.get("bewoner_min", 0.0)))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RRError(f"the role weights are damaged ({type(exc).__name__}: {exc}); reinstall razendereporter "
                      "or retrain them with bench/train_roles.py") from exc
    if len(m.intercept) != len(classes) or any(len(w) != len(classes) for w in weights.values()):
        raise RRError("the role weights are damaged (a weight vector does not match the roles); reinstall "
                      "razendereporter or retrain them with bench/train_roles.py")
    return m


@cache
def model(path: Path = WEIGHTS) -> Model:
    """The shipped weights, read once."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, ValueError) as exc:
        raise RRError(f"cannot read the role weights {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    return from_dict(data)


def combine(m: Model, ev: _Evidence, rule: RuleSaid) -> tuple[str, float] | None:
    """The model's (role, probability) when it decides, or None when the rules' decision stands
    (or, with none, the person stays unsure, or takes the role of whom they are named as kin of)."""
    if ev.kin or (rule.role is not None and rule.confidence >= m.rule_wins_at):
        return None  # a colleague or relative takes their role from the person named with them
    probs = m.probabilities(features(ev, rule, m.regions))
    role = max(m.classes, key=lambda c: (probs[c], -m.classes.index(c)))
    if role == "bewoner" and rule.role != "bewoner" and probs[role] < m.bewoner_min:
        return None  # the most common role is no guess for someone nothing says lives there
    return (role, probs[role]) if probs[role] >= m.model_min else None
