"""One writer per episode: the lock around loading, changing and publishing its transcript.

An ingest loads the stored transcript, names the speakers and publishes; ``rr speakers --set``
and a relink do the same. Each holds the episode's lock for the whole load-modify-publish, so
neither publishes over the other: an editor's name given during a re-ingest is applied after
it, on the transcript it published. The catalogue has its own lock (catalogue/store.py), always
taken inside this one, never around it.

The lock file lies next to the sidecar (``transcripts/<wijk>/<id>.nl.json.lock``, ignored by
git like ``catalog.json.lock``).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any, Iterator

from filelock import FileLock

from ..catalogue import store
from ..errors import RRError
from ..lockfile import holding
from .publish import episode_paths


def lock_path(root: str | os.PathLike, episode: dict[str, Any]) -> Path:
    sidecar = episode_paths(Path(root), episode["wijk"], episode["id"], episode.get("suffix", ""))["sidecar"]
    return sidecar.with_name(sidecar.name + ".lock")


@contextlib.contextmanager
def episode_lock(root: str | os.PathLike, episode: dict[str, Any]) -> Iterator[None]:
    """Hold ``episode``'s lock; waits up to ``RR_LOCK_TIMEOUT`` seconds, then a one-line error.

    Re-entrant within a thread (an editing step may call another); other threads and
    processes wait.
    """
    path = lock_path(root, episode)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RRError(f"cannot create {path.parent}: {exc.strerror or exc}") from exc
    lock = FileLock(str(path), is_singleton=True)
    timed_out = (f"episode {episode['id']!r} is being changed by another rr process (an ingest or an edit); "
                 f"waited {store.LOCK_TIMEOUT_S:.0f} s, try again when it is done")
    with holding(lock, f"the lock of episode {episode['id']!r}", store.LOCK_TIMEOUT_S, timed_out):
        yield
