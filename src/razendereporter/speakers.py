"""Speakers of an episode: turns aligned to words, and a name and role for every cluster.

Pure functions over :class:`~razendereporter.transcript.Transcript`; no I/O, no click.

Naming trusts, in this order:

1. ``editor``: the editor's assignment (``rr speakers EP --set S2="Naam"``), stored in the
   sidecar with method "editor" so it survives every re-naming;
2. ``self-introduction``: the speaker says who they are ("Ik ben Arjen Baatje",
   "Mijn naam is …", "… van de gemeente");
3. ``article``: the linked article — the person of the video slot; the speaker who mostly
   asks questions (question marks, question words, short turns) is the ``verslaggever``;
4. ``default``: "Spreker N", role unknown (``None``).

Each result records its ``method`` and a ``confidence`` (0–1) so an editor sees what to check.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Iterable

from .subtitles import join_words
from .transcript import Transcript, Word

ROLES = ("bewoner", "ambtenaar", "energieadviseur", "verslaggever", "overig")
CONFIDENCE = {
    "editor": 1.0,
    "self-introduction": 0.9,  # the name heard matches a person of the article
    "self-introduction-unknown": 0.7,  # a name heard that the article does not list
    "article-single": 0.8,  # one speaker left, one person of the slot left
    "article-reporter": 0.75,  # the questioner, named after the article's reporter
    "article-role": 0.7,  # a role word in the speech matches one person's role
    "article-order": 0.4,  # several people and speakers: matched by order, check it
    "article-no-slot": 0.5,  # no slot: the article's only interviewee
    "default": 0.0,
}

# How alike a heard name must be to an article name (difflib ratio, spaces ignored).
FUZZY_NAME_MATCH = 0.75

# ---------------------------------------------------------------------------- words → turns


def _turn_tuple(t: Any) -> tuple[float, float, str]:
    if isinstance(t, dict):
        return float(t["start"]), float(t["end"]), str(t["label"])
    return float(t.start), float(t.end), str(t.label)


def assign_words(transcript: Transcript, turns: Iterable[Any]) -> None:
    """Give every word the speaker whose turn covers most of it; set word-aligned turns.

    ``turns`` are :class:`~razendereporter.diarize.Turn` objects or ``{"label","start","end"}``
    dicts, in the transcript's time base. A word outside every turn takes the nearest turn.
    A lone word that only grazes its turn, between two words of one other speaker with
    no pause, goes with its neighbours (a boundary that fell inside a sentence).
    ``transcript.turns`` becomes the runs of consecutive words of one speaker, so a turn
    always starts and ends on a word.
    """
    spans = sorted(_turn_tuple(t) for t in turns)
    words = transcript.words
    if not words:
        transcript.turns = []
        return
    if not spans:
        for w in words:
            w.speaker = "S1"
    else:
        share = []
        for w in words:
            best, best_overlap = None, 0.0
            for s, e, lab in spans:
                if s > w.end:
                    break
                ov = min(e, w.end) - max(s, w.start)
                if ov > best_overlap:
                    best, best_overlap = lab, ov
            if best is None:
                mid = (w.start + w.end) / 2
                best = min(spans, key=lambda t: 0.0 if t[0] <= mid <= t[1] else min(abs(t[0] - mid), abs(t[1] - mid)))[2]
            w.speaker = best
            share.append(best_overlap / max(w.end - w.start, 1e-3))
        for i in range(1, len(words) - 1):
            prev, cur, nxt = words[i - 1], words[i], words[i + 1]
            if (prev.speaker == nxt.speaker != cur.speaker and share[i] < 0.6
                    and cur.start - prev.end < 0.15 and nxt.start - cur.end < 0.15):
                cur.speaker = prev.speaker
    transcript.turns = _runs(words)


def _runs(words: list[Word]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for w in words:
        if out and out[-1]["label"] == w.speaker:
            out[-1]["end"] = round(w.end, 3)
        else:
            out.append({"label": w.speaker, "start": round(w.start, 3), "end": round(w.end, 3)})
    return out


# ---------------------------------------------------------------------------- article prior


def _slot(article: dict | None, slot: int | None) -> dict | None:
    if not article:
        return None
    slots = article.get("slots") or []
    if slot is None:
        return slots[0] if len(slots) == 1 else None
    return next((s for s in slots if s.get("index") == slot), None)


def _person(article: dict | None, name: str) -> dict | None:
    if not article:
        return None
    key = _norm(name)
    for p in article.get("people") or []:
        if _norm(p.get("name", "")) == key:
            return p
    return None


def _reporters(article: dict | None) -> list[dict]:
    return [p for p in (article or {}).get("people") or [] if p.get("role") == "verslaggever"]


def speaker_prior(article: dict | None, slot: int | None) -> int | None:
    """How many voices the article expects in the video: the slot's people plus the reporter.

    ``None`` when there is no article, no matching slot, or the slot names nobody.
    """
    s = _slot(article, slot)
    if not s or not s.get("people"):
        return None
    others = [n for n in s["people"] if (_person(article, n) or {}).get("role") != "verslaggever"]
    return len(others) + 1


# ---------------------------------------------------------------------------- speech cues

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
_ROLE_CUES = [
    ("ambtenaar", "ambtenaar", re.compile(r"(?i)\b(?:van|bij|namens) de gemeente\b|\bwethouder\b|\bambtenaar\b|\bprojectleider\b.*\bgemeente\b")),
    ("energieadviseur", "energieadviseur", re.compile(r"(?i)\benergie(?:advis|coach|loket)\w*")),
    ("verslaggever", "verslaggever", re.compile(r"(?i)\bverslaggever\b|\brazende reporter\b")),
    ("overig", "woningcorporatie", re.compile(r"(?i)\b(?:van|bij|namens) (?:de )?(?:woningcorporatie|woonstichting|woningstichting)\b")),
    ("bewoner", "bewoner", re.compile(r"(?i)\bik woon\b|\bwij wonen\b|\bwe wonen\b|\bbewoner\b|\bons huis\b|\bmijn huis\b")),
]
_FIRST_PERSON = re.compile(r"(?i)\b(?:ik|wij|we|mijn|m'n|ons|onze)\b")
_QUESTION_WORDS = {
    "wat", "hoe", "waarom", "wanneer", "waar", "wie", "welke", "welk", "hoeveel", "waardoor", "waarmee", "waarvoor",
    "kunt", "kun", "kan", "heeft", "hebt", "heb", "bent", "ben", "is", "zijn", "vindt", "vind", "denkt", "gaat", "gaan",
    "wilt", "wil", "zou", "zouden", "mag", "moet", "moeten", "weet", "weten", "klopt", "merkt", "ziet", "hoort", "doet",
}


def _norm(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s'-]", " ", name.lower()).split())


def _texts(transcript: Transcript) -> dict[str, list[str]]:
    """Each speaker's turns as text, joined as the subtitles join them."""
    out: dict[str, list[str]] = {}
    for run in _word_runs(transcript.words):
        if run[0].speaker is not None:
            out.setdefault(run[0].speaker, []).append(join_words(run))
    return out


def _word_runs(words: list[Word]) -> list[list[Word]]:
    runs: list[list[Word]] = []
    for w in words:
        if runs and runs[-1][-1].speaker == w.speaker:
            runs[-1].append(w)
        else:
            runs.append([w])
    return runs


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.findall(r"[^.?!]+[.?!]?", text) if s.strip()]


def question_score(turn_texts: list[str]) -> float:
    """0–1: how much a speaker sounds like the interviewer (questions, short turns)."""
    sentences = [s for t in turn_texts for s in _sentences(t)]
    if not sentences:
        return 0.0
    q = 0
    for s in sentences:
        first = re.sub(r"[^\w]", "", s.split()[0].lower()) if s.split() else ""
        if s.endswith("?") or first in _QUESTION_WORDS:
            q += 1
    words_per_turn = sum(len(t.split()) for t in turn_texts) / max(1, len(turn_texts))
    short = 1.0 if words_per_turn <= 15 else max(0.0, 1 - (words_per_turn - 15) / 30)
    return round(0.8 * q / len(sentences) + 0.2 * short, 3)


def self_introduction(turn_texts: list[str], article: dict | None = None) -> dict[str, Any] | None:
    """Name and/or role a speaker gives themself, matched to the article's people when possible.

    Returns ``{"name", "person", "role", "role_label", "evidence"}`` (any may be None) or None.
    Only the speaker's first 60 words of each turn are searched: introductions come early.
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
    role = role_label = None
    for text in turn_texts:
        # Only what a speaker says of themself counts: "ik werk bij de gemeente", not
        # "een brief van de gemeente".
        about_self = [x for x in _sentences(" ".join(text.split()[:60])) if _FIRST_PERSON.search(x)]
        for sentence in about_self:
            for r, label, pat in _ROLE_CUES:
                m = pat.search(sentence)
                if m:
                    role, role_label = r, label
                    evidence = evidence or m.group(0)
                    break
            if role:
                break
        if role:
            break
    if person is not None:
        role, role_label = person.get("role", role), person.get("role_label") or person.get("role", role_label)
    if name is None and role is None:
        return None
    return {"name": name, "person": person, "role": role, "role_label": role_label, "evidence": evidence}


def _match_person(cand: str, people: list[dict]) -> dict | None:
    """The article person whose full, first or last name is ``cand`` (only when unambiguous)."""
    c = _norm(cand)
    if not c:
        return None
    exact = [p for p in people if _norm(p.get("name", "")) == c]
    if exact:
        return exact[0]
    parts = [p for p in people if c in (_norm(p.get("name", "")).split()[:1] + [_norm(p.get("name", "")).split()[-1]]
                                        if p.get("name") else [])]
    if len(parts) == 1:
        return parts[0]
    starts = [p for p in people if _norm(p.get("name", "")).startswith(c + " ") or c.startswith(_norm(p.get("name", "")) + " ")]
    if len(starts) == 1:
        return starts[0]
    # Whisper often mishears or glues an unfamiliar name ("Arjenbake" for "Arjen Baatje"):
    # a close spelling, ignoring spaces, still identifies the person when only one is close.
    compact = c.replace(" ", "")
    named = [p for p in people if p.get("name") and p.get("named", True)]
    close = [p for p in named
             if difflib.SequenceMatcher(None, compact, _norm(p["name"]).replace(" ", "")).ratio() >= FUZZY_NAME_MATCH]
    return close[0] if len(close) == 1 else None


# ---------------------------------------------------------------------------- naming


def _labels(transcript: Transcript) -> list[str]:
    seen: dict[str, None] = {}
    for w in transcript.words:
        if w.speaker:
            seen.setdefault(w.speaker, None)
    for t in transcript.turns:
        seen.setdefault(t["label"], None)
    return sorted(seen, key=_label_key)


def _label_key(label: str) -> tuple[int, str]:
    m = re.fullmatch(r"S(\d+)", label)
    return (int(m.group(1)), label) if m else (10 ** 6, label)


def _talk_time(transcript: Transcript) -> dict[str, float]:
    """Seconds each speaker talks: their word-aligned turns (from the words when labelled)."""
    words = [w for w in transcript.words if w.speaker]
    out: dict[str, float] = {}
    for t in (_runs(words) if words else transcript.turns):
        out[t["label"]] = out.get(t["label"], 0.0) + max(0.0, t["end"] - t["start"])
    return {k: round(v, 1) for k, v in out.items()}


def _sample(turn_texts: list[str], limit: int = 100) -> str:
    sentences = [s for t in turn_texts for s in _sentences(t)]
    good = [s for s in sentences if 5 <= len(s.split())] or sentences
    if not good:
        return ""
    s = good[0]
    return s if len(s) <= limit else s[: limit - 1].rsplit(" ", 1)[0] + "…"


def _entry(name: str, role: str | None, role_label: str | None, method: str, confidence: float,
           **extra: Any) -> dict[str, Any]:
    return {"name": name, "role": role, "role_label": role_label or role,
            "method": method, "confidence": round(confidence, 2), **extra}


def name_speakers(transcript: Transcript, article: dict | None, slot: int | None,
                  overrides: dict[str, dict] | None = None) -> dict[str, dict[str, Any]]:
    """Name every speaker cluster and fill ``transcript.speakers`` (see the module docstring).

    ``overrides`` map a label to ``{"name", "role"?, "role_label"?}`` from the editor; entries
    already stored with method "editor" count as overrides too. A role left out of an
    override is taken from the article's person of that name.
    """
    labels = _labels(transcript)
    texts = _texts(transcript)
    talk = _talk_time(transcript)
    result: dict[str, dict[str, Any]] = {}
    used: set[str] = set()  # normalised names already given to a speaker

    # 1. editor
    editor = {k: v for k, v in (transcript.speakers or {}).items() if v.get("method") == "editor"}
    editor.update(overrides or {})
    for label, ov in editor.items():
        if label not in labels or not ov.get("name"):
            continue
        person = _person(article, ov["name"])
        role = ov.get("role") or (person or {}).get("role")
        role_label = ov.get("role_label") or ((person or {}).get("role_label") if not ov.get("role") else None)
        result[label] = _entry(ov["name"], role, role_label, "editor", CONFIDENCE["editor"])
        used.add(_norm(ov["name"]))

    # 2. self-introduction
    role_hints: dict[str, tuple[str, str]] = {}
    for label in labels:
        if label in result:
            continue
        intro = self_introduction(texts.get(label, []), article)
        if not intro:
            continue
        if intro["name"] and _norm(intro["name"]) not in used:
            conf = CONFIDENCE["self-introduction"] if intro["person"] else CONFIDENCE["self-introduction-unknown"]
            result[label] = _entry(intro["name"], intro["role"], intro["role_label"], "self-introduction", conf,
                                   evidence=intro["evidence"])
            used.add(_norm(intro["name"]))
        elif intro["role"]:
            role_hints[label] = (intro["role"], intro["role_label"])

    # 3. article
    open_labels = [lab for lab in labels if lab not in result]
    s = _slot(article, slot)
    slot_people = [(_person(article, n) or {"name": n}) for n in (s or {}).get("people", [])]
    reporters = [p for p in slot_people if p.get("role") == "verslaggever"] or _reporters(article)
    guests = [p for p in slot_people if p.get("role") != "verslaggever" and _norm(p["name"]) not in used]
    if article and not s:  # no slot known: only an article with a single interviewee says who it is
        others = [p for p in article.get("people") or [] if p.get("role") != "verslaggever"]
        guests = others if len(others) == 1 and _norm(others[0]["name"]) not in used else []
        no_slot = True
    else:
        no_slot = False

    scores = {lab: question_score(texts.get(lab, [])) for lab in labels}
    reporter_label = None
    speaking = [lab for lab in labels if talk.get(lab, 0) > 0 or texts.get(lab)]
    if article and len(speaking) >= 2:
        ranked = sorted(speaking, key=lambda lab: -scores[lab])
        top = ranked[0]
        if scores[top] >= 0.35 and scores[top] - scores[ranked[1]] >= 0.15:
            reporter_label = top
    already_reporter = any(v.get("role") == "verslaggever" for v in result.values())
    unnamed_questioner: list[str] = []
    if reporter_label in open_labels and not already_reporter:
        rep = next((p for p in reporters if _norm(p["name"]) not in used), None)
        name = rep["name"] if rep else "Verslaggever"
        result[reporter_label] = _entry(name, "verslaggever", (rep or {}).get("role_label"), "article",
                                        CONFIDENCE["article-reporter"], evidence=f"question score {scores[reporter_label]:.2f}")
        used.add(_norm(name))
        open_labels.remove(reporter_label)
    elif reporter_label in open_labels:
        # The reporter is named already: this questioner is nobody from the article.
        open_labels.remove(reporter_label)
        unnamed_questioner = [reporter_label]

    if guests and open_labels:
        # A role the speaker mentions that exactly one guest has.
        for label in list(open_labels):
            hint = role_hints.get(label)
            if not hint:
                continue
            fits = [p for p in guests if p.get("role") == hint[0]]
            if len(fits) == 1:
                p = fits[0]
                result[label] = _entry(p["name"], p.get("role"), p.get("role_label"), "article",
                                       CONFIDENCE["article-role"], evidence=f"mentions {hint[1]}")
                guests.remove(p)
                open_labels.remove(label)
        if len(guests) == 1 and len(open_labels) >= 1:
            # The one guest left is the open speaker who talks most.
            label = max(open_labels, key=lambda lab: talk.get(lab, 0.0))
            p = guests.pop()
            conf = CONFIDENCE["article-no-slot"] if no_slot else CONFIDENCE["article-single"]
            if len(open_labels) > 1:
                conf = min(conf, 0.6)
            result[label] = _entry(p["name"], p.get("role"), p.get("role_label"), "article", conf)
            open_labels.remove(label)
        elif guests and open_labels:
            # Several guests and speakers: slot order against order of first appearance.
            for label, p in zip(list(open_labels), list(guests)):
                result[label] = _entry(p["name"], p.get("role"), p.get("role_label"), "article",
                                       CONFIDENCE["article-order"], evidence="slot order")
                open_labels.remove(label)

    # 4. default
    for label in list(open_labels) + unnamed_questioner:
        m = re.fullmatch(r"S(\d+)", label)
        role, role_label = role_hints.get(label, (None, None))
        result[label] = _entry(f"Spreker {m.group(1) if m else label}", role, role_label, "default",
                               CONFIDENCE["default"])

    for label in labels:
        result[label]["talk_time"] = talk.get(label, 0.0)
        result[label]["sample"] = _sample(texts.get(label, []))
        result[label]["question_score"] = scores.get(label, 0.0)
    ordered = {label: result[label] for label in labels}
    transcript.speakers = ordered
    return ordered


def summary(transcript: Transcript) -> list[dict[str, Any]]:
    """One row per speaker: label, name, role, method, confidence, talk time, a sample line."""
    texts = _texts(transcript)
    talk = _talk_time(transcript)
    rows = []
    for label in sorted(set(_labels(transcript)) | set(transcript.speakers), key=_label_key):
        info = transcript.speakers.get(label, {})
        rows.append({
            "label": label,
            "name": info.get("name") or f"Spreker {label.lstrip('S')}",
            "role": info.get("role"),
            "role_label": info.get("role_label"),
            "method": info.get("method", "default"),
            "confidence": info.get("confidence", 0.0),
            "talk_time": talk.get(label, info.get("talk_time", 0.0)),
            "sample": _sample(texts.get(label, [])) or info.get("sample", ""),
        })
    return rows


def editor_overrides(transcript: Transcript) -> dict[str, dict[str, Any]]:
    """The editor's stored assignments, as overrides for :func:`name_speakers`."""
    return {label: {k: info.get(k) for k in ("name", "role", "role_label") if info.get(k)}
            for label, info in (transcript.speakers or {}).items() if info.get("method") == "editor"}
