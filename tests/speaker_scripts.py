"""Transcripts written by hand for the speaker tests: an article, an interview, words at a steady pace."""

from __future__ import annotations

from razendereporter.transcript import Segment, Transcript, Word

ARTICLE = {
    "slug": "zilverkamp", "title": "Zilverkamp gaat van het gas af", "date": "2024-03-01", "kind": "wijkbezoek",
    "wijk": "zilverkamp", "gemeente": "Lingewaard",
    "people": [
        {"name": "Stefan Ramaker", "role": "ambtenaar", "role_label": "ambtenaar", "description": "projectleider gemeente"},
        {"name": "Arjen Baatje", "role": "bewoner", "role_label": "bewoner", "description": "bewoner Zilverkamp"},
        {"name": "Hans Janssen", "role": "energieadviseur", "role_label": "energieadviseur"},
        {"name": "Kim", "role": "verslaggever", "role_label": "verslaggever", "description": "Razende Reporter"},
    ],
    "slots": [
        {"index": 1, "heading": "De gemeente", "people": ["Stefan Ramaker"]},
        {"index": 2, "heading": "Bewoners en advies", "people": ["Arjen Baatje", "Hans Janssen"]},
    ],
}


def transcript_from(turns: list[tuple[str, str]], gap: float = 0.4, word_s: float = 0.3) -> Transcript:
    """Words at a steady pace for (label, text) turns; returns transcript and true labels on words."""
    t = 0.5
    segments = []
    for label, text in turns:
        words = []
        for tok in text.split():
            words.append(Word(t, t + word_s - 0.05, " " + tok, 0.9, label))
            t += word_s
        segments.append(Segment(words[0].start, words[-1].end, text, words))
        t += gap
    return Transcript("nl", t, "test", "none", segments)


INTERVIEW = [
    ("S1", "Goedemiddag, wat vindt u ervan dat de wijk van het gas af gaat?"),
    ("S2", "Ik vind het een goed plan, maar het moet wel betaalbaar blijven voor iedereen in de straat."),
    ("S1", "Hoe lang duurt het nog?"),
    ("S2", "We verwachten dat de eerste woningen over twee jaar zijn aangesloten, als alles volgens planning verloopt."),
]
