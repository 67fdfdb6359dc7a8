"""Who an article introduces, and in which role: names first, then the evidence for a role.

1. :mod:`.names` finds every person-shaped name in every heading and sentence. A name whose
   first name is not on the list of Dutch first names counts when the text introduces it
   as a person: a title word before it, or one of :data:`INTRODUCTIONS` ("in gesprek met
   ...", "..., die ..."; a *weak* one only with a role cue in the same sentence, so
   "Zilverkamp is een wijk" is no person). The introductions also name the reporters ("Zo
   kwamen Kim en Benjamin ... in gesprek met") and unnamed people ("Op de markt troffen we
   een mevrouw").
2. A later mention of a first name or a surname is the same person ("Arjen" -> "Arjen
   Baatje"). Names in one enumeration ("Joris Peters, Lieke Brands en Sem de Vos, allen
   bewoners") share their part of the sentence and a plural title before them; two of them
   share the surname ("Daan en Eva Rietveld").
3. :mod:`.roles` weighs the evidence for each role: the person's part of the introducing
   sentence (up to the next person in it; the first person also gets what precedes them),
   the sentences after it up to the next person's introduction in the same section, then
   the organisation named before them, the heading and the paragraph; where the rules are
   weak, a learned decision over the words around the name (:mod:`.role_model`). Nobody
   named is dropped: without evidence a person is kept as ``overig`` with ``role_unsure``.

Each section (heading plus paragraphs) that introduces someone other than the reporters is
one expected video ("slot").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..text import sentences
from ..vocabulary import ROLES  # noqa: F401  (re-exported)
from .names import Candidate, candidates
from .roles import ROLE_PRIORITY, Evidence, decide, roles_in  # noqa: F401  (re-exported)
from .role_rules import ROLE_RULES, RoleRule  # noqa: F401  (the tables, re-exported)
from .rules import (  # noqa: F401  (the tables, re-exported)
    INTRODUCTIONS, NAME, NAMES, NOT_A_NAME, NOUN_ROLES, PERSON_NOUNS, PLURAL_NOUNS, Introduction,
)



@cache
def _intros() -> list[tuple[Introduction, re.Pattern[str]]]:
    """The introductions compiled on first use, so importing the article readers stays cheap."""
    return [(intro, intro.compiled()) for intro in INTRODUCTIONS]

# What stands between two names of one enumeration: "A, B en C", "A & B".
_ENUMERATION = re.compile(r"^\s*(?:,|,? en|&|;)?\s*$")
# "X ..., zijn buurman Y": Y is X's neighbour, so X lives there too.
_NEIGHBOURS = {"buurman", "buurvrouw", "buren", "buurtgenoot", "buurtgenoten"}
# "X en haar collega Y": Y does what X does, when nothing else says; "X ..., zijn vrouw Y": Y lives there too.
_COLLEAGUES = {"collega", "collega's"}
_RELATIVES = {"vrouw", "man", "partner", "echtgenote", "echtgenoot", "zoon", "dochter", "moeder", "vader", "zus", "broer"}
_POSSESSIVE = re.compile(r"\b(zijn|haar|hun) $")


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
    role_unsure: bool = False  # nothing gave a role: "overig" is a placeholder for an editor to check
    role_confidence: float | None = None  # how strong the evidence for the role is, 0-1 (extracted people)

    def as_record(self) -> dict:
        record = {"name": self.name, "role": self.role, "role_label": self.role_label,
                  "secondary_role": self.secondary_role, "description": self.description,
                  "evidence": self.evidence, "source": self.source, "named": self.named}
        if self.role_confidence is not None:
            record["role_confidence"] = self.role_confidence
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


# ---------------------------------------------------------------------------------------
# Finding the people


@dataclass
class _Found:
    person: Person
    section: int
    sentence: int
    offset: int = 0  # where in the sentence the mention starts (its title word, else the name)
    end: int = 0  # where the name ends
    fixed_role: str | None = None
    noun: str | None = None  # title word right before the name
    unit: int = 0  # people of one enumeration share a unit, and their part of the sentence
    clause: str = ""  # the part of the introducing sentence that is about this person
    clause_start: int = 0
    related: tuple[tuple[str, str], ...] = ()  # a role from the next person's relation to them
    kin: tuple[_Found, str] | None = None  # the colleague or relative they are named as ("haar collega"), and how


def _lookup(people: list[_Found], name: str) -> _Found | None:
    """The person already met under this name, first name or surname ("Arjen" -> "Arjen Baatje")."""
    for found in people:
        known = found.person.name
        if not found.person.named:
            continue
        if name in (known, known.split()[0]) or known == name.split()[0]:
            return found
        if " " not in name and " " in known and name == known.split()[-1]:
            return found
    return None


def _introductions(sentence: str) -> list[tuple[Introduction, re.Match[str]]]:
    hits = []
    unnamed_seen = False
    for intro, rx in _intros():
        for m in rx.finditer(sentence):
            if "who" in rx.groupindex and m.group("who"):
                if unnamed_seen:  # two unnamed patterns describe the same person
                    continue
                unnamed_seen = True
            hits.append((intro, m))
    return sorted(hits, key=lambda hit: hit[1].start())


def _cues(c: Candidate, hits: list[tuple[Introduction, re.Match[str]]]) -> list[tuple[Introduction, bool]]:
    """The introductions whose name part covers this candidate, and whether by a title word."""
    cues = []
    for intro, m in hits:
        group = "names" if m.re.groupindex.get("names") and m.group("names") else "name"
        if group in m.re.groupindex and m.group(group) and m.start(group) < c.end and c.start < m.end(group):
            cues.append((intro, "noun" in m.re.groupindex))
    return cues


def _is_person(c: Candidate, cues: list[tuple[Introduction, bool]], sentence: str) -> bool:
    """A known first name is a person; an unknown one only when introduced as one.

    A title word alone does not make one: "programmamanager Gebiedsgerichte Verduurzaming"
    is a portfolio unless a word of it is a known first name or surname. A weak
    introduction needs a role cue in the sentence and more than one unlisted word.
    """
    if c.known or c.surname or any(not intro.weak and not titled for intro, titled in cues):
        return True
    if c.listed and (c.title or cues):
        return True
    # a weak introduction of one unlisted word is a sentence's first word ("Aanwezig waren ...")
    return not c.lone and any(intro.weak for intro, _ in cues) and bool(roles_in(sentence))


def _unnamed(hits, found: list[_Found], si: int, ti: int) -> list[_Found]:
    new = []
    for _intro, m in hits:
        if "who" in m.re.groupindex and m.group("who"):
            name = f"{m.group('who').lower()} {(m.group('where') or '').lower()}".strip()
            if not any(f.person.name == name for f in found + new):
                new.append(_Found(Person(name=name, named=False), si, ti, m.start(), m.end()))
    return new


def _introduce(found: list[_Found], sent: str, si: int, ti: int, places: frozenset[str]) -> None:
    """Add everyone sentence ``ti`` of section ``si`` introduces to ``found``."""
    hits = _introductions(sent)
    new = _unnamed(hits, found, si, ti)
    found_here = candidates(sent, places)
    for k, c in enumerate(found_here):
        cues = _cues(c, hits)
        if not _is_person(c, cues, sent) and not _enumerated_with_first_names(found_here, k, sent):
            continue
        known = _lookup(found + new, c.name)
        if known is not None and not _someone_else(known, c, si):
            if c.title and not known.noun and (known.section, known.sentence) == (si, ti):
                known.noun = c.title
            if " " not in known.person.name and c.name.split()[0] == known.person.name and c.known:
                known.person.name = c.name  # "## Bij Harrie thuis", then "Harrie Gerritsen (80) ..."
            continue
        fixed = next((intro.role for intro, _ in cues if intro.role), None)
        new.append(_Found(Person(name=c.name), si, ti, c.mention, c.end, fixed, c.title))
    new.sort(key=lambda f: f.offset)
    _enumerations(new, sent)
    found.extend(new)


def _someone_else(known: _Found, c: Candidate, si: int) -> bool:
    """A full name that starts with a first name met alone earlier is another person when it comes
    with a title or in another section: "## Bij Harrie thuis" ... "Wethouder Harrie Jansen"."""
    completes_a_first_name = " " not in known.person.name and not c.lone
    return completes_a_first_name and (c.title is not None or known.section != si)


def _enumerated_with_first_names(cands: list[Candidate], k: int, sent: str) -> bool:
    """A single word the name list does not know, between known first names in an enumeration, is
    one too: "de buren Piet, Hüseyin en Marga". Not at either end of the list: "Piet, Marga,
    Liander en Enexis" names two people and two netbeheerders."""
    if not cands[k].lone:
        return False
    chain = [cands[k]]
    for step in (-1, 1):
        j = k + step
        while 0 <= j < len(cands) and cands[j].lone:
            a, b = (cands[j], chain[0]) if step < 0 else (chain[-1], cands[j])
            if not _ENUMERATION.match(sent[a.end:b.start]):
                break
            chain.insert(0, cands[j]) if step < 0 else chain.append(cands[j])
            j += step
    at = chain.index(cands[k])
    return any(c.known for c in chain[:at]) and any(c.known for c in chain[at + 1:])


def _enumerations(new: list[_Found], sent: str) -> None:
    """Group "A, B en C": one unit, a plural title before A is everyone's, and "Daan en Eva Rietveld" share a surname."""
    unit = 0
    for k, f in enumerate(new):
        prev = new[k - 1] if k else None
        if prev and prev.person.named and f.person.named and f.noun is None \
                and _ENUMERATION.match(sent[prev.end:f.offset]):
            f.unit = prev.unit
            if prev.noun in PLURAL_NOUNS:
                f.noun = prev.noun
        else:
            unit += 1
            f.unit = unit
    _relations(new, sent)
    for u in {f.unit for f in new}:
        members = [f for f in new if f.unit == u]
        if len(members) == 2:
            a, b = members
            if " " not in a.person.name and " " in b.person.name and sent[a.end:b.offset].strip() == "en":
                a.person.name = f"{a.person.name} {b.person.name.split(' ', 1)[1]}"


def _relations(new: list[_Found], sent: str) -> None:
    """"X ..., zijn buurman Y" and "Samen met zijn buren Y legde X ...": X lives there too; "X en haar
    collega Y", "X ..., zijn vrouw Y": Y is X's colleague or relative (:func:`_kin_roles`)."""
    for k, f in enumerate(new):
        m = _POSSESSIVE.search(sent[:f.offset])
        if not m or f.noun not in _NEIGHBOURS | _COLLEAGUES | _RELATIVES:
            continue
        before = [g for g in new[:k] if g.person.named and g.unit != f.unit]
        after = [g for g in new[k + 1:] if g.person.named and g.unit != f.unit]
        owner = before[-1] if before else (after[0] if after and f.noun in _NEIGHBOURS else None)
        if owner is None:
            continue
        if f.noun in _NEIGHBOURS:
            for g in new:  # "Tim en Sara Blom": both
                if g.unit == owner.unit:
                    g.related = (("bewoner", f"{m.group(1)} {f.noun}"),)
        else:
            f.kin = (owner, f"{m.group(1)} {f.noun}")


def _kin_roles(found: list[_Found]) -> None:
    """Someone nothing gave a role, named as a colleague, does the same work; as a relative of a
    resident, lives there too."""
    for f in found:
        if f.kin is None or not f.person.role_unsure:
            continue
        owner, label = f.kin
        if owner.person.role_unsure or (f.noun in _RELATIVES and owner.person.role != "bewoner"):
            continue
        f.person.role, f.person.role_label, f.person.role_unsure = owner.person.role, label, False
        f.person.role_confidence = 0.6


def _cut_clauses(found: list[_Found], split: list[list[str]]) -> None:
    """Give each unit the part of its introducing sentence up to the next unit in it.

    The first also gets what comes before them ("Namens de woningcorporatie was Sandra
    Bakker ..."), so "Mustafa, die in de Vogelbuurt woont, en energiecoach Petra" gives
    Mustafa the wonen and Petra the energiecoach.
    """
    by_sentence: dict[tuple[int, int], list[_Found]] = {}
    for f in found:
        by_sentence.setdefault((f.section, f.sentence), []).append(f)
    for (si, ti), group in by_sentence.items():
        sent = split[si][ti]
        starts = sorted({min(g.offset for g in group if g.unit == f.unit) for f in group})
        for f in group:
            own = min(g.offset for g in group if g.unit == f.unit)
            k = starts.index(own)
            f.clause_start = 0 if k == 0 else own
            end = starts[k + 1] if k + 1 < len(starts) else len(sent)
            # "wethouder Bas Hofstra en Inge Maas van de huurdersvereniging": his title is not hers
            titled = sorted((g.offset, g.end) for g in group if g.unit == f.unit and g is not f
                            and g.noun and g.noun not in PLURAL_NOUNS and g.noun != f.noun)
            kept, at = [], f.clause_start
            for a, b in titled:
                kept.append(sent[at:max(at, a)])
                at = max(at, b)
            f.clause = " ".join("".join(kept + [sent[at:end]]).split())


def _section_sentences(section: Section) -> tuple[list[str], list[int]]:
    """A section's sentences, its heading first ("## Karin ter Horst, energieadviseur" introduces
    her), and the paragraph each is in (-1: the heading)."""
    sents, paras = ([section.heading], [-1]) if section.heading else ([], [])
    for k, p in enumerate(section.paragraphs):
        for s in sentences(p):
            sents.append(s)
            paras.append(k)
    return sents, paras


def extract_people(sections: list[Section], reporter: str | None = "Razende Reporter",
                   places: tuple[str, ...] | frozenset[str] = ()) -> tuple[list[Person], list[Slot]]:
    """People with roles, and the expected videos (slots), from an article's sections.

    ``places`` (the article's wijk and gemeente) are never people. With ``reporter`` set (a
    visit) and no reporter named in the text, an unnamed ``verslaggever`` of that name is
    added: every video has an interviewer's voice.
    """
    split, paras = zip(*(_section_sentences(sec) for sec in sections)) if sections else ((), ())
    found: list[_Found] = []
    for si, sents in enumerate(split):
        for ti, sent in enumerate(sents):
            _introduce(found, sent, si, ti, frozenset(p for p in places if p))
    starts = {(f.section, f.sentence) for f in found}  # where someone new enters
    _cut_clauses(found, list(split))
    for f in found:
        _assign_role(f, split[f.section], paras[f.section], starts, sections[f.section].heading,
                     _alone(f, found, split[f.section][f.sentence]))
    _kin_roles(found)

    people = [f.person for f in found]
    if reporter and not any(p.role == "verslaggever" for p in people):
        mention = next((s for sents in split for s in sents if reporter.lower() in s.lower()), None)
        if mention:
            people.insert(0, Person(name=reporter, role="verslaggever", role_label="Razende Reporter",
                                    evidence=mention, description=mention, named=False, role_confidence=0.95))

    slots: list[Slot] = []
    for si, sec in enumerate(sections):
        names = [f.person.name for f in found if f.section == si and f.person.role != "verslaggever"]
        if names:
            slots.append(Slot(index=len(slots) + 1, heading=sec.heading, people=names))
    return people, slots


def _alone(f: _Found, found: list[_Found], sent: str) -> str:
    """The sentence without the other people in it (their title and name), for the sentence tier."""
    others = sorted((g.offset, g.end) for g in found
                    if (g.section, g.sentence) == (f.section, f.sentence) and g.unit != f.unit)
    kept, at = [], 0
    for start, end in others:
        kept.append(sent[at:start])
        at = max(at, end)
    return " ".join("".join(kept + [sent[at:]]).split())


def _assign_role(f: _Found, sents: list[str], paras: list[int], starts: set[tuple[int, int]],
                 heading: str | None, alone: str) -> None:
    person = f.person
    end = next((j for j in range(f.sentence + 1, len(sents)) if (f.section, j) in starts), len(sents))
    context = sents[f.sentence:end]
    person.description = _clip(" ".join(context))
    if f.fixed_role:
        person.role, person.evidence, person.role_confidence = f.fixed_role, sents[f.sentence], 0.95
        person.role_label = "Razende Reporter" if f.fixed_role == "verslaggever" else None
        return
    in_heading = heading is not None and f.sentence == 0
    paragraph = tuple(sents[j] for j in range(f.sentence) if paras[j] == paras[f.sentence] and (f.section, j) not in starts)
    decision = decide(Evidence(person.name if person.named else "", f.noun, f.clause, context,
                               sents[f.sentence][f.clause_start:f.offset], alone, f.related,
                               None if in_heading else heading, paragraph, f.kin is not None))
    if decision is None:
        person.role, person.role_unsure, person.evidence, person.role_confidence = "overig", True, context[0], 0.0
        return
    person.role, person.role_label, person.secondary_role = decision.role, decision.label, decision.secondary
    person.evidence, person.role_confidence = decision.evidence, decision.confidence


def _clip(text: str, limit: int = 400) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(". ", 1)[0]
    return cut + "." if len(cut) > 40 else text[:limit].rstrip() + "…"
