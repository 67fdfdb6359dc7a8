"""Quotes: what researchers search — a speaker's words cut at sentence ends or pauses."""

from __future__ import annotations

from typing import Any

from ..text import SENTENCE_END
from ..transcript import MAX_PAUSE, Transcript, join_words, speaker_runs

MIN_WORDS = 8  # a sentence end cuts a quote only once it has this many words


def quotes_for(episode_id: str, transcript: Transcript) -> list[dict[str, Any]]:
    """The episode's rows of the quotes table, in time order."""
    quotes: list[dict[str, Any]] = []
    for run in speaker_runs(transcript.words, MAX_PAUSE):
        current: list = []
        for word in run:
            current.append(word)
            if len(current) >= MIN_WORDS and SENTENCE_END.search(word.text.strip()):
                quotes.append(_quote(episode_id, transcript, current))
                current = []
        if current:
            quotes.append(_quote(episode_id, transcript, current))
    return quotes


def _quote(episode_id: str, transcript: Transcript, words: list) -> dict[str, Any]:
    info = transcript.speakers.get(words[0].speaker or "", {})
    return {"episode": episode_id, "start": round(words[0].start, 3), "end": round(words[-1].end, 3),
            "speaker": words[0].speaker, "person": info.get("name"), "role": info.get("role"),
            "text": join_words(words)}
