"""Quotes: what researchers search — a speaker's words cut at sentence ends or pauses —
and the file per episode that keeps them (``quotes/<episode id>.json``).

One file per episode, not a table in catalog.json: an ingest or an edit rewrites the quotes
of its own episode only, whatever the size of the archive. The file is a TinyDB database
with one table (``quotes``), written whole and atomically like catalog.json; its digest is
recorded on the episode's row, so the search index sees what changed from catalog.json
alone. See docs/data-model.md.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from ..errors import CorruptCatalogue, RRError
from ..text import SENTENCE_END
from ..transcript import MAX_PAUSE, Transcript, correction_label, corrections_in, join_words, speaker_runs
from . import store

MIN_WORDS = 8  # a sentence end cuts a quote only once it has this many words
QUOTES_DIR = "quotes"
TABLE = "quotes"


def quotes_for(episode_id: str, transcript: Transcript) -> list[dict[str, Any]]:
    """The episode's quote rows, in time order."""
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
            "text": join_words(words),
            "corrected": correction_label(corrections_in(transcript.corrections, words[0].start, words[-1].end))}


# ---------------------------------------------------------------------------------------
# The file per episode


_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def check_name(episode_id: str) -> str:
    """An episode id is a slug; anything else must never become a path."""
    if not isinstance(episode_id, str) or not _PLAIN_NAME.fullmatch(episode_id) or ".." in episode_id:
        raise CorruptCatalogue(f"episode id {episode_id!r} is not a plain name; it cannot name a quotes file")
    return episode_id


def quotes_path(root: Path, episode_id: str) -> Path:
    return root / QUOTES_DIR / f"{check_name(episode_id)}.json"


def encode(quotes: list[dict[str, Any]]) -> tuple[str, str]:
    """The file's text for ``quotes`` and its digest (what the episode's row records)."""
    text = store.dumps({TABLE: {str(n): q for n, q in enumerate(quotes, 1)}})
    return text, hashlib.sha1(text.encode()).hexdigest()


def read_quotes(path: Path) -> list[dict[str, Any]]:
    """The quotes stored in ``path``, in the order written; none when there is no file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise RRError(f"cannot read quotes {path}: {exc}") from exc
    except ValueError as exc:
        raise CorruptCatalogue(f"quotes file {path} is not valid JSON ({exc}); "
                               f"`rr ingest` of its video writes it again") from exc
    rows = data.get(TABLE) if isinstance(data, dict) else None
    if not isinstance(rows, dict) or not all(isinstance(r, dict) for r in rows.values()):
        raise CorruptCatalogue(f"quotes file {path} is not a quotes table")
    return [rows[k] for k in sorted(rows, key=lambda k: (len(k), k))]
