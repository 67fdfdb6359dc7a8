"""What follows from a transcript: the sidecar, the VTT and the catalogue's rows.

Rewritten whenever the words or the speakers change (ingest, renaming, relinking); the
model never runs again for it.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .. import atomic, search
from .. import transcript as transcript_io
from ..catalogue import Catalog, Snapshot, find_episode, remove, upsert
from ..catalogue.quotes import quotes_for
from ..errors import RRError
from ..subtitles import cues_for, render, speaker_names, vtt_text
from ..transcript import Transcript


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def episode_paths(root: Path, wijk: str, episode_id: str, suffix: str) -> dict[str, Path]:
    return {
        "video": root / "media" / wijk / f"{episode_id}{suffix}",
        "vtt": root / "transcripts" / wijk / f"{episode_id}.nl.vtt",
        "sidecar": root / "transcripts" / wijk / f"{episode_id}.nl.json",
    }


def load_episode(root: str | os.PathLike, episode_id: str,
                 snapshot: Snapshot | None = None) -> tuple[dict[str, Any], Transcript]:
    """The episode's record and its stored transcript."""
    root = Path(root)
    episode = find_episode(root, episode_id, snapshot)
    if not episode.get("transcript"):
        raise RRError(f"episode {episode['id']!r} has no transcript yet; run `rr ingest` on its video again")
    return episode, transcript_io.load(root / episode["transcript"])


def publish(root: str | os.PathLike, episode_id: str, transcript: Transcript, *, steps: tuple[str, ...] = (),
            fields: dict[str, Any] | None = None, snapshot: Snapshot | None = None) -> dict[str, Any]:
    """Write sidecar and VTT from ``transcript`` and bring the catalogue rows in line.

    ``steps`` are recorded as done and ``fields`` set on the episode, in the same single
    write of catalog.json.
    """
    root = Path(root)
    snapshot = snapshot or Catalog(root).read()
    episode = find_episode(root, episode_id, snapshot)
    paths = episode_paths(root, episode["wijk"], episode["id"], episode["suffix"])
    cues = cues_for(transcript)
    transcript_io.save(paths["sidecar"], transcript)
    atomic.write_text(paths["vtt"], vtt_text(cues, speaker_names(transcript)))
    quotes = quotes_for(episode["id"], transcript)
    with Catalog(root).transaction(snapshot) as db:
        remove(db, "quotes", episode=episode["id"])
        remove(db, "speakers", episode=episode["id"])
        for label, info in sorted(transcript.speakers.items()):
            db.table("speakers").insert({"episode": episode["id"], "label": label, **info})
        db.table("quotes").insert_multiple(quotes)
        current = next((dict(e) for e in db.table("episodes").all() if e["id"] == episode["id"]), None)
        if current is None:
            raise RRError(f"episode {episode['id']!r} disappeared from the catalogue while it was written")
        current.update(fields or {})
        current.update(vtt=_rel(root, paths["vtt"]), transcript=_rel(root, paths["sidecar"]), cues=len(cues),
                       words=len(transcript.words), updated=now())
        current["steps"] = current["steps"] + [s for s in steps if s not in current["steps"]]
        upsert(db, "episodes", current, id=episode["id"])
    _reindex(root, snapshot, episode["id"])
    return current


def _reindex(root: Path, snapshot: Snapshot, episode_id: str) -> None:
    """Keep the quote index in step with the catalogue just written.

    The catalogue is the source of truth: if this fails, the next search sees a stale
    index (catalog.json changed since it was built) and rebuilds it.
    """
    try:
        search.update_episode(root, snapshot, episode_id)
    except RRError:
        pass


def export(root: str | os.PathLike, episode_id: str, fmt: str) -> str:
    """The episode's transcript as ``vtt``, ``srt``, ``txt`` or ``json`` text."""
    _, transcript = load_episode(root, episode_id)
    return render(transcript, fmt)


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
