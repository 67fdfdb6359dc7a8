"""Speakers of an episode: turns aligned to words, and a name and role for every cluster.

Pure functions over :class:`~razendereporter.transcript.Transcript`; no I/O, no click.

Naming trusts, in this order:

1. ``editor``: the editor's assignment (``rr speakers EP --set S2="Naam"``), stored in the
   sidecar with method "editor" so it survives every re-naming;
2. ``self-introduction``: the speaker says who they are ("Ik ben Arjen Baatje",
   "Mijn naam is …", "… van de gemeente");
3. ``article``: the linked article — the person of the video slot; the speaker who mostly
   asks questions (question marks, question words, short turns) is the ``verslaggever``;
4. ``self-introduction`` without a name: "Spreker N" with the role their own words give
   ("ik woon hier", "bij de gemeente", "Welkom bij …"); with no article the questioner is
   the ``verslaggever`` this way;
5. ``default``: "Spreker N", role unknown (``None``): nothing to go on.

Each result records its ``method`` and a ``confidence`` (0–1) so an editor sees what to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..text import fold_name, sentences
from ..transcript import Transcript, join_words, speaker_runs
from ..vocabulary import ROLES  # noqa: F401  (re-exported: the roles a speaker can have)
from .introductions import question_score, self_introduction
from .turns import word_turns

CONFIDENCE = {
    "editor": 1.0,
    "self-introduction": 0.9,  # the name heard matches a person of the article
    "self-introduction-unknown": 0.7,  # a name heard that the article does not list
    "article-single": 0.8,  # one speaker left, one person of the slot left
    "article-reporter": 0.75,  # the questioner, named after the article's reporter
    "article-role": 0.7,  # a role word in the speech matches one person's role
    "article-order": 0.4,  # several people and speakers: matched by order, check it
    "article-no-slot": 0.5,  # no slot: the article's only interviewee
    # no article: the questioner is the reporter (a role alone has its cue's confidence, see
    # introductions._ROLE_CUES)
    "questioner": 0.6,
    "questioner-and-cue": 0.75,  # ... who also welcomes or names the programme
    "default": 0.0,
}

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
    key = fold_name(name)
    for p in article.get("people") or []:
        if fold_name(p.get("name", "")) == key:
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


# ---------------------------------------------------------------------------- naming


def _texts(transcript: Transcript) -> dict[str, list[str]]:
    """Each speaker's turns as text, joined as the subtitles join them."""
    out: dict[str, list[str]] = {}
    for run in speaker_runs(transcript.words):
        if run[0].speaker is not None:
            out.setdefault(run[0].speaker, []).append(join_words(run))
    return out


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
    for t in (word_turns(words) if words else transcript.turns):
        out[t["label"]] = out.get(t["label"], 0.0) + max(0.0, t["end"] - t["start"])
    return {k: round(v, 1) for k, v in out.items()}


def _sample(turn_texts: list[str], limit: int = 100) -> str:
    said = [s for t in turn_texts for s in sentences(t)]
    good = [s for s in said if 5 <= len(s.split())] or said
    if not good:
        return ""
    s = good[0]
    return s if len(s) <= limit else s[: limit - 1].rsplit(" ", 1)[0] + "…"


def _entry(name: str, role: str | None, role_label: str | None, method: str, confidence: float,
           **extra: Any) -> dict[str, Any]:
    return {"name": name, "role": role, "role_label": role_label or role,
            "method": method, "confidence": round(confidence, 2), **extra}


@dataclass
class _Naming:
    """What naming knows while it works through the methods, most trusted first."""

    labels: list[str]
    texts: dict[str, list[str]]
    talk: dict[str, float]
    article: dict | None
    result: dict[str, dict[str, Any]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)  # folded names already given to a speaker
    role_hints: dict[str, dict[str, Any]] = field(default_factory=dict)  # role, role_label, confidence, evidence

    def give(self, label: str, name: str, role: str | None, role_label: str | None, method: str,
             confidence: float, **extra: Any) -> None:
        self.result[label] = _entry(name, role, role_label, method, confidence, **extra)
        self.used.add(fold_name(name))

    def open_labels(self) -> list[str]:
        return [lab for lab in self.labels if lab not in self.result]


def name_speakers(transcript: Transcript, article: dict | None, slot: int | None,
                  overrides: dict[str, dict] | None = None) -> dict[str, dict[str, Any]]:
    """Name every speaker cluster and fill ``transcript.speakers`` (see the module docstring).

    ``overrides`` map a label to ``{"name", "role"?, "role_label"?}`` from the editor; entries
    already stored with method "editor" count as overrides too. A role left out of an
    override is taken from the article's person of that name.
    """
    n = _Naming(_labels(transcript), _texts(transcript), _talk_time(transcript), article)
    _by_editor(n, transcript, overrides)
    _by_self_introduction(n)
    scores = {lab: question_score(n.texts.get(lab, [])) for lab in n.labels}
    unnamed_questioner = _by_article(n, slot, scores)
    for label in n.open_labels() + unnamed_questioner:
        hint = n.role_hints.get(label)
        if hint:  # a role heard, no name: "Spreker N", the bewoner
            n.result[label] = _entry(_spreker(label), hint["role"], hint["role_label"], "self-introduction",
                                     hint["confidence"], evidence=hint["evidence"])
        else:
            n.result[label] = _entry(_spreker(label), None, None, "default", CONFIDENCE["default"])
    for label in n.labels:
        n.result[label]["talk_time"] = n.talk.get(label, 0.0)
        n.result[label]["sample"] = _sample(n.texts.get(label, []))
        n.result[label]["question_score"] = scores.get(label, 0.0)
    transcript.speakers = {label: n.result[label] for label in n.labels}
    return transcript.speakers


def _by_editor(n: _Naming, transcript: Transcript, overrides: dict[str, dict] | None) -> None:
    editor = {k: v for k, v in (transcript.speakers or {}).items() if v.get("method") == "editor"}
    editor.update(overrides or {})
    for label, ov in editor.items():
        if label not in n.labels or not ov.get("name"):
            continue
        person = _person(n.article, ov["name"])
        role = ov.get("role") or (person or {}).get("role")
        role_label = ov.get("role_label") or ((person or {}).get("role_label") if not ov.get("role") else None)
        n.give(label, ov["name"], role, role_label, "editor", CONFIDENCE["editor"])


def _by_self_introduction(n: _Naming) -> None:
    for label in n.open_labels():
        intro = self_introduction(n.texts.get(label, []), n.article)
        if not intro:
            continue
        if intro["name"] and fold_name(intro["name"]) not in n.used:
            conf = CONFIDENCE["self-introduction"] if intro["person"] else CONFIDENCE["self-introduction-unknown"]
            n.give(label, intro["name"], intro["role"], intro["role_label"], "self-introduction", conf,
                   evidence=intro["evidence"])
        elif intro["role"]:
            n.role_hints[label] = {k: intro[k] for k in ("role", "role_label", "confidence", "evidence")}


def _questioner(n: _Naming, scores: dict[str, float]) -> str | None:
    """The speaker who clearly asks the questions, if there is one."""
    speaking = [lab for lab in n.labels if n.talk.get(lab, 0) > 0 or n.texts.get(lab)]
    if len(speaking) < 2:
        return None
    ranked = sorted(speaking, key=lambda lab: -scores[lab])
    top = ranked[0]
    if scores[top] >= 0.35 and scores[top] - scores[ranked[1]] >= 0.15:
        return top
    return None


def _by_article(n: _Naming, slot: int | None, scores: dict[str, float]) -> list[str]:
    """Name the questioner after the article's reporter and the others after the slot's people.

    Returns a questioner left unnamed because the reporter is named already.
    """
    article = n.article
    s = _slot(article, slot)
    slot_people = [(_person(article, p) or {"name": p}) for p in (s or {}).get("people", [])]
    reporters = [p for p in slot_people if p.get("role") == "verslaggever"] or _reporters(article)
    guests = [p for p in slot_people if p.get("role") != "verslaggever" and fold_name(p["name"]) not in n.used]
    no_slot = bool(article) and not s
    if no_slot:  # only an article with a single interviewee says who it is
        others = [p for p in article.get("people") or [] if p.get("role") != "verslaggever"]
        guests = others if len(others) == 1 and fold_name(others[0]["name"]) not in n.used else []
    questioner = _questioner(n, scores)
    unnamed: list[str] = []
    if questioner in n.open_labels():
        if any(v.get("role") == "verslaggever" for v in n.result.values()):
            unnamed = [questioner]  # the reporter is named already: this questioner is nobody from the article
        elif not article:  # no article to name the reporter: "Spreker N", the verslaggever
            _questioner_hint(n, questioner, scores[questioner])
        else:
            rep = next((p for p in reporters if fold_name(p["name"]) not in n.used), None)
            n.give(questioner, rep["name"] if rep else "Verslaggever", "verslaggever", (rep or {}).get("role_label"),
                   "article", CONFIDENCE["article-reporter"], evidence=f"question score {scores[questioner]:.2f}")
    _guests(n, guests, [lab for lab in n.open_labels() if lab not in unnamed], no_slot)
    return unnamed


def _questioner_hint(n: _Naming, label: str, score: float) -> None:
    """The questioner's role is the reporter's; surer when they also welcome or name the programme."""
    hint = n.role_hints.get(label) or {}
    cue = hint.get("role") == "verslaggever"
    n.role_hints[label] = {"role": "verslaggever", "role_label": "verslaggever",
                           "confidence": CONFIDENCE["questioner-and-cue" if cue else "questioner"],
                           "evidence": f"question score {score:.2f}" + (f", {hint['evidence']!r}" if cue else "")}


def _spreker(label: str) -> str:
    m = re.fullmatch(r"S(\d+)", label)
    return f"Spreker {m.group(1) if m else label}"


def _guests(n: _Naming, guests: list[dict], open_labels: list[str], no_slot: bool) -> None:
    """The slot's interviewees onto the open speakers: by role heard, the one left, or by order."""
    if not guests or not open_labels:
        return
    for label in list(open_labels):
        hint = n.role_hints.get(label)
        fits = [p for p in guests if hint and p.get("role") == hint["role"]]
        if len(fits) == 1:
            p = fits[0]
            n.give(label, p["name"], p.get("role"), p.get("role_label"), "article", CONFIDENCE["article-role"],
                   evidence=f"mentions {hint['role_label']}")
            guests.remove(p)
            open_labels.remove(label)
    if len(guests) == 1 and open_labels:
        # The one guest left is the open speaker who talks most.
        label = max(open_labels, key=lambda lab: n.talk.get(lab, 0.0))
        p = guests.pop()
        conf = CONFIDENCE["article-no-slot"] if no_slot else CONFIDENCE["article-single"]
        n.give(label, p["name"], p.get("role"), p.get("role_label"), "article",
               min(conf, 0.6) if len(open_labels) > 1 else conf)
    elif guests and open_labels:
        # Several guests and speakers: slot order against order of first appearance.
        for label, p in zip(list(open_labels), list(guests)):
            n.give(label, p["name"], p.get("role"), p.get("role_label"), "article", CONFIDENCE["article-order"],
                   evidence="slot order")


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
