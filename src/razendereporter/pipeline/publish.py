"""What follows from a transcript: the sidecar, the VTT, the quotes and the catalogue's rows.

Rewritten whenever the words or the speakers change (ingest, renaming, relinking); the
model never runs again for it.
"""

from __future__ import annotations

import logging
from typing import Any

from .. import atomic
from .. import transcript as transcript_io
from ..catalogue import Catalogue, remove, upsert
from ..catalogue.records import now
from ..catalogue.quotes import quotes_for
from ..errors import RRError
from ..subtitles import cue_labels, cues_for, labelled_vtt, labels_of, render
from ..transcript import Transcript

log = logging.getLogger("razendereporter")


def load_episode(catalogue: Catalogue, episode_id: str) -> tuple[dict[str, Any], Transcript]:
    """The episode's record and its stored transcript."""
    episode = catalogue.episode(episode_id)
    if not episode.get("transcript"):
        raise RRError(f"episode {episode['id']!r} has no transcript yet; run `rr ingest` on its video again")
    return episode, transcript_io.load(catalogue.root / episode["transcript"])


def publish(catalogue: Catalogue, episode_id: str, transcript: Transcript, *, steps: tuple[str, ...] = (),
            fields: dict[str, Any] | None = None) -> dict[str, Any]:
    """Write sidecar, VTT and quotes from ``transcript`` and bring the catalogue rows in line.

    ``steps`` are recorded as done and ``fields`` set on the episode, in the same single
    write of catalog.json.
    """
    episode = catalogue.episode(episode_id)
    paths = catalogue.paths(episode)
    cues = cues_for(transcript)
    per_cue = cue_labels(transcript, cues)  # automatic or corrected, for the sidecar and the VTT alike
    transcript.labels = labels_of(transcript, cues, per_cue)
    transcript_io.save(paths.sidecar, transcript)
    atomic.write_text(paths.vtt, labelled_vtt(transcript, cues, per_cue))
    quotes = quotes_for(episode["id"], transcript)
    with catalogue.transaction() as db:
        # Inside the lock: two publishes of one episode never interleave their quote files.
        digest = catalogue.write_quotes(episode["id"], quotes)
        remove(db, "speakers", episode=episode["id"])
        for label, info in sorted(transcript.speakers.items()):
            db.table("speakers").insert({"episode": episode["id"], "label": label, **info})
        current = next((dict(e) for e in db.table("episodes").all() if e["id"] == episode["id"]), None)
        if current is None:
            raise RRError(f"episode {episode['id']!r} disappeared from the catalogue while it was written")
        current.update(fields or {})
        current.update(vtt=catalogue.relative(paths.vtt), transcript=catalogue.relative(paths.sidecar),
                       cues=len(cues), words=len(transcript.words), quotes=len(quotes), quotes_digest=digest,
                       subtitles=transcript.labels["episode"],
                       updated=now())
        current["steps"] = current["steps"] + [s for s in steps if s not in current["steps"]]
        upsert(db, "episodes", current, id=episode["id"])
    _reindex(catalogue, episode["id"])
    return current


def _reindex(catalogue: Catalogue, episode_id: str) -> None:
    """Keep the quote index in step with the catalogue just written.

    The catalogue is the source of truth: if this fails, the next search sees a stale
    index (catalog.json changed since it was built) and brings it in step.
    """
    from .. import search  # the index (tantivy) loads only when a publish has something to index

    try:
        search.update_episode(catalogue, episode_id)
    except RRError as exc:
        log.warning("the search index was not updated (%s); the next search brings it in step", exc)


def export(catalogue: Catalogue, episode_id: str, fmt: str) -> str:
    """The episode's transcript as ``vtt``, ``srt``, ``txt`` or ``json`` text."""
    _, transcript = load_episode(catalogue, episode_id)
    return render(transcript, fmt)
