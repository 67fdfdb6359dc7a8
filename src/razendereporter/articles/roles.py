"""Which role a person has: the evidence around their name, weighed.

Evidence comes in tiers, strongest first; a weaker tier is looked at only when the
stronger ones say nothing:

========================  ===========================================================  ==========
tier                      where                                                        confidence
========================  ===========================================================  ==========
``title``                 a title word right before the name (:data:`.rules.NOUN_ROLES`)  0.95
``text``                  :data:`.role_rules.ROLE_RULES` in the person's part of the  0.85
                          sentence
                          (their own name cut out too, so a long title before it still     (0.75 in a
                          reaches "... bij de gemeente"), then in the sentences after it   later sentence)
``sentence``              the rules over the whole sentence less the other people in it     0.70
                          ("X en haar buurvrouw Y wonen allebei ..."), and a relation
                          ("X ..., zijn buurman Y ...": X lives there too)
``organisation``          an organisation named before the person                          0.60
                          (:data:`.role_rules.ORGANISATION_ROLES`: "De gemeente Nunspeet
                          stuurde ...")
``heading``               the rules and organisations in the section's heading             0.55
``paragraph``             the rules in the paragraph's sentences before theirs             0.45
========================  ===========================================================  ==========

Within the title and text tiers the title wins; otherwise the role highest in
:data:`ROLE_PRIORITY` is the reason they were interviewed (an energy adviser who also lives
in the wijk was filmed as energy adviser) and the next one is kept as secondary role. A
second role in the deciding tier lowers the confidence by 0.1.

:func:`decide` then asks the learned decision (:mod:`.role_model`): below the title tier, or
when no rule says anything, its role is taken when it is sure enough (the rules' role, if
another, becomes the secondary role; the confidence is the model's probability). With no
evidence that decides, the person stays, as ``overig`` with ``role_unsure``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .names import lexicon
from .role_model import RuleSaid, combine, model
from .role_rules import ORGANISATION_ROLES, ROLE_RULES, RoleRule
from .rules import NOUN_ROLES

# Highest first: the role that explains why someone was interviewed.
ROLE_PRIORITY = ("verslaggever", "energieadviseur", "ambtenaar", "overig", "bewoner")
GUESS_CONFIDENCE = 0.4  # the learned decision's role where no rule said anything (decide)
CONFIDENCE = {"title": 0.95, "text": 0.85, "context": 0.75, "sentence": 0.70, "organisation": 0.60,
              "heading": 0.55, "paragraph": 0.45}



@cache
def _table(name: str) -> list[tuple[RoleRule, re.Pattern[str]]]:
    """A rule table compiled on first use, so importing the article readers stays cheap."""
    return [(rule, rule.compiled()) for rule in {"rules": ROLE_RULES, "organisations": ORGANISATION_ROLES}[name]]

_PRONOUN_START = re.compile(r"^(?:Hij|Zij|Ze|Die)\b")


@dataclass
class Cue:
    role: str
    label: str | None
    tier: str
    sentence: int = 0  # which of the person's sentences (0: their own)
    text: str = ""  # the sentence it was found in


@dataclass
class Evidence:
    """Where to look for one person's role."""

    name: str
    noun: str | None  # title word right before the name
    clause: str  # their part of the introducing sentence
    context: list[str]  # that sentence and the ones after it about them
    before: str = ""  # the sentence's text before their mention
    alone: str = ""  # their sentence without the other people in it (title and name)
    related: tuple[tuple[str, str], ...] = ()  # (role, label) from a relation: "X en zijn buurman Y" -> X bewoner
    heading: str | None = None  # their section's heading, if they are not introduced in it
    paragraph: tuple[str, ...] = ()  # earlier sentences of their paragraph that introduce nobody
    kin: bool = False  # named as someone's colleague or relative: the rules, then that person, decide


@dataclass
class Decision:
    role: str
    label: str | None
    secondary: str | None
    confidence: float
    evidence: str


def _found(table: str, text: str) -> list[tuple[str, str | None]]:
    found = []
    for rule, rx in _table(table):
        m = rx.search(text)
        if m:
            label = rule.label or (m.group("label") if "label" in rx.groupindex else None)
            if not (rule.not_place and label in lexicon().places):
                found.append((rule.role, label))
    return found


def roles_in(sentence: str) -> list[tuple[str, str | None]]:
    """Every (role, label) the rule table finds in one sentence, in table order."""
    return _found("rules", sentence)


def _rule_cues(text: str, name: str, tier: str, k: int, sentence: str, table: str = "rules") -> list[Cue]:
    """Cues in ``text``, read as written and with the person's own name cut out."""
    pairs = _found(table, text)
    if name and name in text:
        pairs += [p for p in _found(table, " ".join(text.replace(name, " ").split())) if p not in pairs]
    return [Cue(role, label, tier, k, sentence) for role, label in pairs]


def _strong_cues(ev: Evidence) -> list[Cue]:
    """The title and the text tiers."""
    cues = []
    if ev.noun and NOUN_ROLES.get(ev.noun):
        cues.append(Cue(NOUN_ROLES[ev.noun], ev.noun, "title", 0, ev.context[0]))
    for k, text in enumerate([ev.clause] + ev.context[1:]):
        cues += _rule_cues(text, ev.name, "text", k, ev.context[k])
    return cues


def _weak_cues(ev: Evidence) -> list[Cue]:
    """The first of the weaker tiers that says anything."""
    own = ev.context[0]
    tiers = (
        lambda: _rule_cues(ev.alone or own, ev.name, "sentence", 0, own)
        + [Cue(role, label, "sentence", 0, own) for role, label in ev.related],
        lambda: _rule_cues(ev.before, "", "organisation", 0, own, "organisations"),
        lambda: (_rule_cues(ev.heading, "", "heading", 0, ev.heading)
                 + _rule_cues(ev.heading, "", "heading", 0, ev.heading, "organisations")) if ev.heading else [],
        lambda: [c for s in reversed(ev.paragraph) for c in _rule_cues(s, "", "paragraph", 0, s)],
    )
    for tier in tiers:
        cues = tier()
        if cues:
            return cues
    return []


def _confidence(best: Cue, ranked: list[Cue]) -> float:
    tier = "context" if best.tier == "text" and best.sentence > 0 else best.tier
    rivals = best.tier != "title" and any(c.role != best.role and c.tier == best.tier for c in ranked)
    return round(CONFIDENCE[tier] - (0.1 if rivals else 0.0), 2)


def rule_decision(ev: Evidence) -> Decision | None:
    """The person's role as the rules weigh the evidence, or None when no rule says anything."""
    cues = _strong_cues(ev) or _weak_cues(ev)
    if not cues:
        return None
    ranked = sorted(cues, key=lambda c: (c.tier != "title", ROLE_PRIORITY.index(c.role), c.sentence))
    best = ranked[0]
    secondary = next((c.role for c in ranked if c.role != best.role), None)
    evidence = best.text
    if best.tier == "text" and best.sentence > 0 and _PRONOUN_START.match(evidence):
        # "Hij woont in de wijk" only makes sense with the sentence that names him.
        evidence = f"{ev.context[best.sentence - 1]} {evidence}"
    return Decision(best.role, best.label, secondary, _confidence(best, ranked), evidence)


def decide(ev: Evidence) -> Decision | None:
    """The person's role: the rules' decision, or the learned one where the rules are weak
    (:func:`.role_model.combine`); None when neither decides (the person stays unsure)."""
    rule = rule_decision(ev)
    said = RuleSaid(rule.role, rule.confidence) if rule else RuleSaid(None)
    verdict = combine(model(), ev, said)
    if verdict is None or (rule is not None and verdict[0] == rule.role):
        return rule
    if rule is None and verdict[0] == "overig":
        return None  # overig for want of anything else: still the placeholder an editor checks
    role, probability = verdict
    secondary = rule.role if rule is not None else None
    # With no rule behind it the model's guess rests on the words alone ("zegt Piet Jansen"):
    # kept, but less sure than any rule tier (paragraph: 0.45), so an editor sees it is a guess.
    confidence = probability if rule is not None else min(probability, GUESS_CONFIDENCE)
    return Decision(role, None, secondary, round(confidence, 2), ev.context[0])
