"""Who an article introduces, and in which role: the tables of :mod:`.rules` applied.

* :data:`INTRODUCTIONS` say how a *person* enters the text ("in gesprek met Arjen
  Baatje", "Wethouder Henk Jansen", "Truus Mulder, bewoonster van ...");
* :data:`ROLE_RULES` say which phrase about that person justifies which *role*
  ("beleidsadviseur ... bij gemeente Ermelo" -> ambtenaar, "Hij woont in de wijk" ->
  bewoner); a title word right before the name (:data:`NOUN_ROLES`) wins over them.

A person's roles come from their own part of the introducing sentence (up to the next
person in it) and the sentences after it, up to the introduction of the next person in
the same section. When several roles match, the one highest in :data:`ROLE_PRIORITY` is
the reason they were interviewed (an energy adviser who also lives in the wijk was filmed
as energy adviser); the next one is kept as ``secondary_role``. Without any role cue a
person is kept as ``overig`` with ``role_unsure``. Each section (heading plus paragraphs)
that introduces someone other than the reporters is one expected video ("slot").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text import sentences
from ..vocabulary import ROLES  # noqa: F401  (re-exported)
from .rules import (  # noqa: F401  (the tables, re-exported)
    INTRODUCTIONS, NAME, NAMES, NOT_A_NAME, NOUN_ROLES, PERSON_NOUNS, PLURAL_NOUNS, ROLE_RULES, Introduction, RoleRule,
)


# Highest first: the role that explains why someone was interviewed.
ROLE_PRIORITY = ("verslaggever", "energieadviseur", "ambtenaar", "overig", "bewoner")

_RULES = [(rule, rule.compiled()) for rule in ROLE_RULES]
_INTROS = [(intro, intro.compiled()) for intro in INTRODUCTIONS]
_PRONOUN_START = re.compile(r"^(?:Hij|Zij|Ze|Die)\b")


# ---------------------------------------------------------------------------------------
# Plain data


@dataclass
class Section:
    heading: str | None
    paragraphs: list[str]


@dataclass
class Person:
    name: str
    role: str = "overig"
    role_label: str | None = None
    secondary_role: str | None = None
    description: str | None = None
    evidence: str | None = None
    source: str = "extracted"
    named: bool = True
    role_unsure: bool = False  # no rule gave a role: "overig" is a placeholder for an editor to check

    def as_record(self) -> dict:
        record = {"name": self.name, "role": self.role, "role_label": self.role_label,
                  "secondary_role": self.secondary_role, "description": self.description,
                  "evidence": self.evidence, "source": self.source, "named": self.named}
        if self.role_unsure:
            record["role_unsure"] = True
        return record


@dataclass
class Slot:
    index: int
    heading: str | None
    people: list[str] = field(default_factory=list)

    def as_record(self) -> dict:
        return {"index": self.index, "heading": self.heading, "people": list(self.people)}


def is_name(text: str) -> bool:
    words = text.lower().split()
    # A title opening a sentence ("Initiatiefnemer is Sophie de Boer") is not a name either.
    return bool(words) and text.lower() not in NOT_A_NAME and words[0] not in NOT_A_NAME and words[0] not in NOUN_ROLES


# ---------------------------------------------------------------------------------------
# Extraction


@dataclass
class _Found:
    person: Person
    section: int
    sentence: int
    offset: int = 0  # where in the sentence the introduction starts
    fixed_role: str | None = None
    noun: str | None = None
    clause: str = ""  # the part of the introducing sentence that is about this person


@dataclass
class _Match:
    role: str
    label: str | None
    sentence: int  # index within the person's context
    titled: bool = False  # from the title word right before the name: it wins


def roles_in(sentence: str) -> list[tuple[str, str | None]]:
    """Every (role, label) the rule table finds in one sentence, in table order."""
    found = []
    for rule, rx in _RULES:
        m = rx.search(sentence)
        if m:
            label = rule.label or (m.group("label") if "label" in rx.groupindex else None)
            found.append((rule.role, label))
    return found


def _lookup(people: list[_Found], name: str) -> _Found | None:
    """The person already met under this name or first name ("Arjen" -> "Arjen Baatje")."""
    for found in people:
        known = found.person.name
        if found.person.named and (name in (known, known.split()[0]) or known == name.split()[0]):
            return found
    return None


def _introductions(sentence: str) -> list[tuple[Introduction, re.Match[str]]]:
    hits = []
    unnamed_seen = False
    for intro, rx in _INTROS:
        for m in rx.finditer(sentence):
            if "who" in rx.groupindex and m.group("who"):
                if unnamed_seen:  # two unnamed patterns describe the same person
                    continue
                unnamed_seen = True
            hits.append((intro, m))
    return sorted(hits, key=lambda hit: hit[1].start())  # people in the order the text names them


def _names_of(groups: dict) -> list[str]:
    """The names one introduction captures; "de bewoners Jan en Mieke Schipper" share the surname."""
    if not groups.get("names"):
        return [groups["name"]]
    names = re.split(r", | en | & ", groups["names"])
    if (groups.get("noun") or "").lower() in PLURAL_NOUNS and len(names) == 2 \
            and " " not in names[0] and " " in names[1]:
        names[0] = f"{names[0]} {names[1].split(' ', 1)[1]}"
    return names


def _introduce(found: list[_Found], sent: str, si: int, ti: int) -> None:
    """Add everyone sentence ``ti`` of section ``si`` introduces to ``found``."""
    for intro, m in _introductions(sent):
        groups = m.groupdict()
        noun = (groups.get("noun") or "").lower() or None
        if groups.get("who"):
            name = f"{groups['who'].lower()} {(groups.get('where') or '').lower()}".strip()
            if not any(f.person.name == name for f in found):
                found.append(_Found(Person(name=name, named=False), si, ti, m.start()))
            continue
        for name in _names_of(groups):
            if not is_name(name):
                continue
            known = _lookup(found, name)
            if known is not None:
                if noun and not known.noun and (known.section, known.sentence) == (si, ti):
                    known.noun = noun  # "energiecoach Petra de Vries" met by another pattern first
                continue
            if intro.weak and not roles_in(sent):
                continue
            found.append(_Found(Person(name=name), si, ti, m.start(), fixed_role=intro.role, noun=noun))


def _cut_clauses(found: list[_Found], split: list[list[str]]) -> None:
    """Give each person the part of their introducing sentence up to the next person in it.

    The first person also gets what comes before them ("Namens de woningcorporatie was
    Sandra Bakker ..."), so "Mustafa, die in de Vogelbuurt woont, en energiecoach Petra"
    gives Mustafa the wonen and Petra the energiecoach.
    """
    by_sentence: dict[tuple[int, int], list[_Found]] = {}
    for f in found:
        by_sentence.setdefault((f.section, f.sentence), []).append(f)
    for (si, ti), group in by_sentence.items():
        sent = split[si][ti]
        offsets = sorted({f.offset for f in group})
        for f in group:
            k = offsets.index(f.offset)
            end = offsets[k + 1] if k + 1 < len(offsets) else len(sent)
            f.clause = sent[(0 if k == 0 else f.offset):end]


def _section_sentences(section: Section) -> list[str]:
    """A section's sentences, its heading first: "## Karin ter Horst, energieadviseur" introduces her."""
    heading = [section.heading] if section.heading else []
    return heading + [s for p in section.paragraphs for s in sentences(p)]


def extract_people(sections: list[Section], reporter: str | None = "Razende Reporter") -> tuple[list[Person], list[Slot]]:
    """People with roles, and the expected videos (slots), from an article's sections.

    With ``reporter`` set (a visit) and no reporter named in the text, an unnamed
    ``verslaggever`` of that name is added: every video has an interviewer's voice.
    """
    split = [_section_sentences(sec) for sec in sections]
    found: list[_Found] = []
    for si, sents in enumerate(split):
        for ti, sent in enumerate(sents):
            _introduce(found, sent, si, ti)
    starts = {(f.section, f.sentence) for f in found}  # where someone new enters
    _cut_clauses(found, split)
    for f in found:
        _assign_role(f, split[f.section], starts)

    people = [f.person for f in found]
    if reporter and not any(p.role == "verslaggever" for p in people):
        mention = next((s for sents in split for s in sents if reporter.lower() in s.lower()), None)
        if mention:
            people.insert(0, Person(name=reporter, role="verslaggever", role_label="Razende Reporter",
                                    evidence=mention, description=mention, named=False))

    slots: list[Slot] = []
    for si, sec in enumerate(sections):
        names = [f.person.name for f in found if f.section == si and f.person.role != "verslaggever"]
        if names:
            slots.append(Slot(index=len(slots) + 1, heading=sec.heading, people=names))
    return people, slots


def _matches(f: _Found, texts: list[str]) -> list[_Match]:
    """The roles the title word and the rules give, over the person's clause and following sentences."""
    matches = [_Match(NOUN_ROLES[f.noun], f.noun, 0, titled=True)] if f.noun and NOUN_ROLES.get(f.noun) else []
    for k, text in enumerate(texts):
        matches.extend(_Match(role, label, k) for role, label in roles_in(text))
    return matches


def _assign_role(f: _Found, sents: list[str], starts: set[tuple[int, int]]) -> None:
    person = f.person
    end = next((j for j in range(f.sentence + 1, len(sents)) if (f.section, j) in starts), len(sents))
    context = sents[f.sentence:end]
    person.description = _clip(" ".join(context))
    if f.fixed_role:
        person.role, person.evidence = f.fixed_role, sents[f.sentence]
        person.role_label = "Razende Reporter" if f.fixed_role == "verslaggever" else None
        return
    # Nothing in their own clause: the whole sentence ("Anja en haar buurvrouw Ria wonen ...").
    matches = _matches(f, [f.clause] + context[1:]) or _matches(f, [context[0]])
    if not matches:
        person.role, person.role_unsure, person.evidence = "overig", True, context[0]
        return
    ranked = sorted(matches, key=lambda m: (not m.titled, ROLE_PRIORITY.index(m.role), m.sentence))
    best = ranked[0]
    person.role, person.role_label = best.role, best.label
    person.secondary_role = next((m.role for m in ranked if m.role != best.role), None)
    evidence = context[best.sentence]
    if best.sentence > 0 and _PRONOUN_START.match(evidence):
        # "Hij woont in de wijk" only makes sense with the sentence that names him.
        evidence = f"{context[best.sentence - 1]} {evidence}"
    person.evidence = evidence


def _clip(text: str, limit: int = 400) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(". ", 1)[0]
    return cut + "." if len(cut) > 40 else text[:limit].rstrip() + "…"
