"""Who an article introduces, and in which role: readable rule tables over Dutch text.

Two small tables do the work, both meant to be read and extended by people who know
the programme rather than the code:

* :data:`INTRODUCTIONS` says how a *person* enters the text ("in gesprek met Arjen
  Baatje", "Ook spraken we Ad de Kort", "een mevrouw op de markt");
* :data:`ROLE_RULES` says which phrase about that person justifies which *role*
  ("beleidsadviseur ... bij gemeente Ermelo" -> ambtenaar, "Hij woont in de wijk" ->
  bewoner).

A person's roles come from the sentences about them: from their introduction up to the
introduction of the next person in the same section. When several roles match, the one
highest in :data:`ROLE_PRIORITY` is the reason they were interviewed (an energy adviser
who also lives in the wijk was filmed as energy adviser); the next one is kept as
``secondary_role``. Each section (heading plus paragraphs) that introduces someone other
than the reporters is one expected video ("slot").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text import LOWER, UPPER, sentences
from ..vocabulary import ROLES  # noqa: F401  (re-exported)


# Highest first: the role that explains why someone was interviewed.
ROLE_PRIORITY = ("verslaggever", "energieadviseur", "ambtenaar", "overig", "bewoner")

# ---------------------------------------------------------------------------------------
# Names

_UP, _LOW = UPPER, LOWER
_WORD = f"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
_PARTICLE = r"(?:van der|van den|van de|van 't|van|de|den|der|ter|ten|te|in 't|op de)"
# "René", "Arjen Baatje", "Ad de Kort", "Yvette Detiger"
NAME = f"{_WORD}(?: (?:{_PARTICLE} )?{_WORD})?"
# "Kim en Benjamin", "Kim, Benjamin en René"
NAMES = f"{NAME}(?:(?:, | en | & ){NAME})*"

# Capitalised words that are never a person's name (sentence openers, programme words).
NOT_A_NAME = {
    "de", "het", "een", "hij", "zij", "ze", "wij", "we", "zo", "ook", "daar", "hier", "toen",
    "dan", "dit", "dat", "deze", "die", "in", "op", "bij", "met", "na", "voor", "tijdens",
    "razende", "reporter", "razende reporter", "wijk", "gemeente", "provincie", "verder",
}

# Nouns for people met without a name ("een mevrouw op de markt").
PERSON_NOUNS = r"mevrouw|meneer|man|vrouw|jongen|meisje|buurvrouw|buurman|dame|heer|bewoonster|bewoner"

# A role-bearing noun right before a name ("bewoonster Marjolijn") gives the role at once.
NOUN_ROLES = {
    "bewoner": "bewoner", "bewoonster": "bewoner", "buurvrouw": "bewoner", "buurman": "bewoner",
    "ambtenaar": "ambtenaar", "energieadviseur": "energieadviseur", "energiecoach": "energieadviseur",
}

_MET = r"(?:trof|troffen|treffen|treft|ontmoette|ontmoetten|ontmoeten|sprak|spraken|spreken|spreekt)"
_WHO = r"(?:hij|zij|ze|we|wij)"


@dataclass(frozen=True)
class Introduction:
    """A pattern that introduces people into the text.

    ``name``/``names`` groups capture named people, ``who`` (+ optional ``where``) an
    unnamed one, ``noun`` a role noun. ``role`` fixes the role outright (the reporters);
    a ``weak`` pattern ("René is ...") only counts when the same sentence also matches a
    role rule, so "Zilverkamp is een wijk" never becomes a person.
    """

    pattern: str
    role: str | None = None
    weak: bool = False
    example: str = ""

    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern.replace("{NAMES}", f"(?P<names>{NAMES})").replace("{NAME}", f"(?P<name>{NAME})"))


INTRODUCTIONS: tuple[Introduction, ...] = (
    Introduction(r"\b(?:kwamen|kwam|gingen|ging|gaan|gaat) {NAMES}\b[^.]*?\bin gesprek met", role="verslaggever",
                 example="Zo kwamen Kim en Benjamin allereerst in gesprek met Arjen Baatje."),
    Introduction(r"^{NAMES} (?:kwamen|kwam|gingen|ging|gaan|gaat)\b[^.]*?\bin gesprek met", role="verslaggever",
                 example="Kim en Benjamin gingen in gesprek met ..."),
    Introduction(r"\bin gesprek met {NAME}", example="in gesprek met Arjen Baatje"),
    Introduction(r"\b" + _MET + r" " + _WHO + r" (?:\w+ ){0,2}?(?:met )?{NAME}",
                 example="Ook spraken we Ad de Kort / spreken we nog met Hans Janssen"),
    Introduction(r"\b(?:persoon|gast) die " + _WHO + r" (?:\w+ ){0,2}?" + _MET + r" is {NAME}",
                 example="De eerste persoon die we daar treffen is Yvette Detiger."),
    Introduction(r"\b" + _MET + r"\b[^.]*?\b(?P<noun>" + "|".join(NOUN_ROLES) + r") {NAME}",
                 example="In de Zilverkamp trof hij onder andere de kleurrijke bewoonster Marjolijn."),
    Introduction(r"(?P<where>\b(?:[Oo]p|[Ii]n|[Bb]ij|[Aa]an) de \w+)\b[^.]*?\b" + _MET + r" " + _WHO
                 + r" een (?P<who>" + PERSON_NOUNS + r")\b",
                 example="Op de markt in Ermelo troffen we een mevrouw die ..."),
    Introduction(r"\b" + _MET + r" " + _WHO + r" een (?P<who>" + PERSON_NOUNS
                 + r")\b(?: (?P<where>(?:op|in|bij|aan) de \w+))?",
                 example="We spraken een meneer bij de bakker."),
    Introduction(r"^{NAME}, ", weak=True, example="Stefan Ramaker, beleidsadviseur ... bij gemeente Ermelo."),
    Introduction(r"^{NAME} is ", weak=True, example="René is bewoner van de wijk en ... energieadviseur"),
)


@dataclass(frozen=True)
class RoleRule:
    """``pattern`` found in a sentence about a person gives them ``role``.

    The ``label`` group (or the fixed ``label``) becomes ``role_label``: the function as
    the article words it ("beleidsadviseur Wonen & Duurzaamheid bij gemeente Ermelo").
    """

    role: str
    pattern: str
    label: str | None = None
    example: str = ""

    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern)


_GEMEENTE = r"[Gg]emeente [A-Z][\w-]*"

ROLE_RULES: tuple[RoleRule, ...] = (
    # energieadviseur: hired or working as energy adviser, or at the energieloket
    RoleRule("energieadviseur", r"(?P<label>(?:door (?:de )?" + _GEMEENTE + r" )?ingehuurd als energie(?:adviseur|coach))",
             example="door gemeente Ermelo ingehuurd als energieadviseur"),
    RoleRule("energieadviseur", r"\b(?:is|als|werkt als) (?:\w+ )?(?P<label>energie(?:adviseur|coach))\b",
             example="Hij is energiecoach"),
    RoleRule("energieadviseur", r"\b(?P<label>Energieloket(?: [A-Z][\w-]*)?)",
             example="door zijn jaren bij Energieloket Lingewaard"),
    # ambtenaar: a job title at the gemeente, or the word itself
    RoleRule("ambtenaar", r"(?P<label>\b(?!energie)\w*(?:adviseur|medewerker|ondersteuner|projectleider|manager|coördinator"
             r"|regisseur|secretaris)(?: [\w&]+){0,3}? bij (?:de )?" + _GEMEENTE + r")",
             example="beleidsadviseur Wonen & Duurzaamheid bij gemeente Ermelo"),
    RoleRule("ambtenaar", r"(?P<label>\bwerkt (?:\w+ )?(?:bij|voor) (?:de )?" + _GEMEENTE + r")",
             example="Ze werkt bij de gemeente Lingewaard"),
    RoleRule("ambtenaar", r"(?P<label>\b(?:gemeente)?ambtenaar\b(?: (?:van|bij) (?:de )?" + _GEMEENTE + r")?)",
             example="ambtenaar van gemeente Ermelo"),
    # overig: other organisations, with a short label
    RoleRule("overig", r"\bwethouder\b", label="wethouder", example="wethouder Duurzaamheid"),
    RoleRule("overig", r"\b(?:werkt|medewerker|\w+er) (?:bij|van) (?:de )?woningcorporatie\b", label="woningcorporatie",
             example="projectleider bij woningcorporatie WaardWonen"),
    RoleRule("overig", r"\b(?:werkt|medewerker|\w+er) (?:bij|van) (?:de )?netbeheerder\b", label="netbeheerder",
             example="werkt bij netbeheerder Liander"),
    # bewoner: lives there, is called a resident, runs the residents' association, or did up their own home
    RoleRule("bewoner", r"(?P<label>\b(?:secretaris|voorzitter|penningmeester|bestuurslid|lid) van de (?:[Ww]ijk|[Bb]ewoners|[Bb]uurt)"
             r"vereniging(?: [A-Z][\w-]*)?)", example="hij is secretaris van de Wijkvereniging Ermelo-West"),
    RoleRule("bewoner", r"\b(?P<label>woon(?:t|de) (?:al \w+ )?in (?:de wijk|[A-Z][\w-]*))", example="Hij woont in de wijk"),
    RoleRule("bewoner", r"\b(?P<label>bewo(?:ner|onster)(?: van de wijk)?)\b", example="René is bewoner van de wijk"),
    RoleRule("bewoner", r"\b(?P<label>(?:haar|zijn|hun) (?:eigen )?(?:woning|huis))\b",
             example="Zij heeft namelijk haar woning flink aangepakt."),
)

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

    def as_record(self) -> dict:
        return {"name": self.name, "role": self.role, "role_label": self.role_label,
                "secondary_role": self.secondary_role, "description": self.description,
                "evidence": self.evidence, "source": self.source, "named": self.named}


@dataclass
class Slot:
    index: int
    heading: str | None
    people: list[str] = field(default_factory=list)

    def as_record(self) -> dict:
        return {"index": self.index, "heading": self.heading, "people": list(self.people)}


def is_name(text: str) -> bool:
    words = text.lower().split()
    return bool(words) and text.lower() not in NOT_A_NAME and words[0] not in NOT_A_NAME


# ---------------------------------------------------------------------------------------
# Extraction


@dataclass
class _Found:
    person: Person
    section: int
    sentence: int
    fixed_role: str | None = None
    noun: str | None = None


@dataclass
class _Match:
    role: str
    label: str | None
    sentence: int  # index within the person's context


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
    return hits


def extract_people(sections: list[Section], reporter: str | None = "Razende Reporter") -> tuple[list[Person], list[Slot]]:
    """People with roles, and the expected videos (slots), from an article's sections.

    With ``reporter`` set (a visit) and no reporter named in the text, an unnamed
    ``verslaggever`` of that name is added: every video has an interviewer's voice.
    """
    split = [[s for p in sec.paragraphs for s in sentences(p)] for sec in sections]
    found: list[_Found] = []
    starts: set[tuple[int, int]] = set()  # (section, sentence) where someone new enters

    for si, sents in enumerate(split):
        for ti, sent in enumerate(sents):
            for intro, m in _introductions(sent):
                groups = m.groupdict()
                if groups.get("who"):
                    where = (groups.get("where") or "").lower()
                    name = f"{groups['who'].lower()} {where}".strip()
                    if any(f.person.name == name for f in found):
                        continue
                    found.append(_Found(Person(name=name, named=False), si, ti))
                    starts.add((si, ti))
                    continue
                names = re.split(r", | en | & ", groups["names"]) if groups.get("names") else [groups["name"]]
                for name in names:
                    if not is_name(name):
                        continue
                    if _lookup(found, name) is not None:
                        continue
                    if intro.weak and not roles_in(sent):
                        continue
                    found.append(_Found(Person(name=name), si, ti, fixed_role=intro.role,
                                        noun=(groups.get("noun") or None)))
                    starts.add((si, ti))

    for f in found:
        _assign_role(f, split[f.section], starts, f.section)

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


def _assign_role(f: _Found, sents: list[str], starts: set[tuple[int, int]], si: int) -> None:
    person = f.person
    end = next((j for j in range(f.sentence + 1, len(sents)) if (si, j) in starts), len(sents))
    context = sents[f.sentence:end]
    person.description = _clip(" ".join(context))
    if f.fixed_role:
        person.role, person.evidence = f.fixed_role, sents[f.sentence]
        person.role_label = "Razende Reporter" if f.fixed_role == "verslaggever" else None
        return
    matches: list[_Match] = []
    if f.noun:
        matches.append(_Match(NOUN_ROLES[f.noun], f.noun, 0))
    for k, sent in enumerate(context):
        matches.extend(_Match(role, label, k) for role, label in roles_in(sent))
    if not matches:
        person.role, person.evidence = "overig", context[0] if context else None
        return
    ranked = sorted(matches, key=lambda m: (ROLE_PRIORITY.index(m.role), m.sentence))
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
