"""What a speaker's own words say about them: a self-introduction, a role, asking questions."""

from __future__ import annotations

import difflib
import re
from typing import Any

from ..text import fold_name, sentences

# How alike a heard name must be to an article name (difflib ratio, spaces ignored).
FUZZY_NAME_MATCH = 0.75

_NAME = r"([A-Z][\w'’-]+(?:\s+(?:(?:van|de|der|den|ter|ten|te|het|in|'t)\s+)*[A-Z][\w'’-]+){0,3})"
_INTRO_PATTERNS = [
    # strong phrases: whatever follows is a name
    (re.compile(r"(?i:\bmijn naam is|\bik heet|\bje spreekt met|\bu spreekt met)\s+" + _NAME), True),
    # "Ik ben Arjen", "Ik ben Arjen Baatje": only a capitalised word that is not a role word
    (re.compile(r"(?i:\bik ben|\bdit is|\bwij zijn)\s+" + _NAME), False),
]
_NOT_NAMES = {"ik", "het", "de", "een", "hier", "nu", "dus", "ook", "al", "wel", "niet", "er", "daar", "bewoner",
              "ambtenaar", "energieadviseur", "verslaggever", "wethouder", "gepensioneerd", "blij", "benieuwd",
              "nederlander", "eigenaar", "huurder", "voorzitter", "projectleider", "jaar", "sinds", "van", "bij"}
# What a speaker says of their role, first match wins:
# (role, role_label, confidence when only the role is heard, only in a sentence about oneself, pattern).
# Most cues count only in a sentence about the speaker (ik, wij, mijn …): "ik werk bij de
# gemeente", not "een brief van de gemeente". A welcome or the programme's name counts in any
# sentence: it is the reporter who says "Welkom bij …" (not a host's "welkom in mijn huis").
_ROLE_CUES = [
    ("verslaggever", "verslaggever", 0.7, False, re.compile(
        r"(?i)\brazende reporter\b|\bwelkom (?:bij|in|op|terug)\b(?! (?:ons|onze|mijn|m'n)\b)")),
    ("verslaggever", "verslaggever", 0.65, True, re.compile(
        r"(?i)\bverslaggever\b|\b(?:goede(?:n?dag|morgen|middag|navond)|hallo|dag)\b\W+(?:\w+\W+){0,2}?"
        r"(?:we|wij) zijn (?:hier|vandaag|nu)\b")),
    ("ambtenaar", "ambtenaar", 0.65, True, re.compile(
        r"(?i)\b(?:van|bij|namens|voor) de gemeente\b|\bwethouder\b|\bambtenaar\b|\bprojectleider\b.*\bgemeente\b")),
    ("energieadviseur", "energieadviseur", 0.65, True, re.compile(
        r"(?i)\benergie(?:advis|coach|loket)\w*|\b(?:ik|wij|we) advise(?:er|ren)\b")),
    ("overig", "woningcorporatie", 0.7, True, re.compile(
        r"(?i)\b(?:van|bij|namens|voor) (?:de )?(?:woningcorporatie|woonstichting|woningstichting)\b")),
    ("bewoner", "bewoner", 0.65, True, re.compile(
        r"(?i)\bik woon\b|\bwij wonen\b|\bwe wonen\b|\bbewoner\b|\bons huis\b|\bmijn huis\b")),
]
_FIRST_PERSON = re.compile(r"(?i)\b(?:ik|wij|we|mijn|m'n|ons|onze)\b")
_QUESTION_WORDS = {
    "wat", "hoe", "waarom", "wanneer", "waar", "wie", "welke", "welk", "hoeveel", "waardoor", "waarmee", "waarvoor",
    "kunt", "kun", "kan", "heeft", "hebt", "heb", "bent", "ben", "is", "zijn", "vindt", "vind", "denkt", "gaat", "gaan",
    "wilt", "wil", "zou", "zouden", "mag", "moet", "moeten", "weet", "weten", "klopt", "merkt", "ziet", "hoort", "doet",
}


def question_score(turn_texts: list[str]) -> float:
    """0–1: how much a speaker sounds like the interviewer (questions, short turns)."""
    said = [s for t in turn_texts for s in sentences(t)]
    if not said:
        return 0.0
    q = 0
    for s in said:
        first = re.sub(r"[^\w]", "", s.split()[0].lower()) if s.split() else ""
        if s.endswith("?") or first in _QUESTION_WORDS:
            q += 1
    words_per_turn = sum(len(t.split()) for t in turn_texts) / max(1, len(turn_texts))
    short = 1.0 if words_per_turn <= 15 else max(0.0, 1 - (words_per_turn - 15) / 30)
    return round(0.8 * q / len(said) + 0.2 * short, 3)


def self_introduction(turn_texts: list[str], article: dict | None = None) -> dict[str, Any] | None:
    """Name and/or role a speaker gives themself, matched to the article's people when possible.

    Returns ``{"name", "person", "role", "role_label", "confidence", "evidence"}`` (any may be
    None; ``confidence`` is the role cue's, see ``_ROLE_CUES``) or None. Only the speaker's
    first 60 words of each turn are searched: introductions come early.
    """
    people = (article or {}).get("people") or []
    name = person = None
    evidence = None
    for text in turn_texts:
        head = " ".join(text.split()[:60])
        for pattern, strong in _INTRO_PATTERNS:
            for m in pattern.finditer(head):
                cand = m.group(1).strip(" .,!?'’")
                first = cand.split()[0].lower()
                if not strong and first in _NOT_NAMES:
                    continue
                match = _match_person(cand, people)
                if match is None and not strong:
                    # "Ik ben Blij": a capitalised word after "ik ben" is a name only if the
                    # transcript capitalised it mid-sentence, not as the sentence's first word.
                    if m.start(1) == 0 or head[max(0, m.start(1) - 2):m.start(1)].strip() in {".", "?", "!"}:
                        continue
                name, person, evidence = (match or {}).get("name", cand), match, m.group(0)
                break
            if name:
                break
        if name:
            break
    role, role_label, confidence, heard = role_cue(turn_texts) or (None, None, None, None)
    evidence = evidence or heard
    if person is not None:
        role, role_label = person.get("role", role), person.get("role_label") or person.get("role", role_label)
    if name is None and role is None:
        return None
    return {"name": name, "person": person, "role": role, "role_label": role_label, "confidence": confidence,
            "evidence": evidence}


def role_cue(turn_texts: list[str]) -> tuple[str, str, float, str] | None:
    """(role, role_label, confidence, words heard) of the first role cue a speaker gives, or None.

    Only the first 60 words of each turn are searched: who one is, is said early.
    """
    for text in turn_texts:
        for sentence in sentences(" ".join(text.split()[:60])):
            about_self = bool(_FIRST_PERSON.search(sentence))
            for role, label, confidence, only_about_self, pattern in _ROLE_CUES:
                m = pattern.search(sentence) if about_self or not only_about_self else None
                if m:
                    return role, label, confidence, m.group(0)
    return None


def _match_person(cand: str, people: list[dict]) -> dict | None:
    """The article person whose full, first or last name is ``cand`` (only when unambiguous)."""
    c = fold_name(cand)
    if not c:
        return None
    exact = [p for p in people if fold_name(p.get("name", "")) == c]
    if exact:
        return exact[0]
    parts = [p for p in people if c in (fold_name(p.get("name", "")).split()[:1] + [fold_name(p.get("name", "")).split()[-1]]
                                        if p.get("name") else [])]
    if len(parts) == 1:
        return parts[0]
    starts = [p for p in people if fold_name(p.get("name", "")).startswith(c + " ") or c.startswith(fold_name(p.get("name", "")) + " ")]
    if len(starts) == 1:
        return starts[0]
    # Whisper often mishears or glues an unfamiliar name ("Arjenbake" for "Arjen Baatje"):
    # a close spelling, ignoring spaces, still identifies the person when only one is close.
    compact = c.replace(" ", "")
    named = [p for p in people if p.get("name") and p.get("named", True)]
    close = [p for p in named
             if difflib.SequenceMatcher(None, compact, fold_name(p["name"]).replace(" ", "")).ratio() >= FUZZY_NAME_MATCH]
    return close[0] if len(close) == 1 else None


