"""One writer per episode: the lock around loading, changing and publishing its transcript.

An ingest loads the stored transcript, names the speakers and publishes; ``rr speakers --set``
and a relink do the same. Each holds the episode's lock for the whole load-modify-publish, so
neither publishes over the other: an editor's name given during a re-ingest is applied after
it, on the transcript it published. The catalogue has its own lock (catalogue/catalogue.py),
always taken inside this one, never around it.

The lock file lies next to the sidecar (``transcripts/<wijk>/<id>.nl.json.lock``, ignored by
git like ``catalog.json.lock``).
"""

from __future__ import annotations

import contextlib
from typing import Any, Iterator

from filelock import FileLock

from ..catalogue import Catalogue
from ..lockfile import holding
from ..errors import RRError


@contextlib.contextmanager
def episode_lock(catalogue: Catalogue, episode: dict[str, Any]) -> Iterator[None]:
    """Hold ``episode``'s lock; waits up to the configured lock timeout, then a one-line error.

    Re-entrant within a thread (an editing step may call another); other threads and
    processes wait.
    """
    path = catalogue.paths(episode).lock
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RRError(f"cannot create {path.parent}: {exc.strerror or exc}") from exc
    with holding(FileLock(str(path), is_singleton=True), catalogue.config.lock_timeout, f"episode {episode['id']!r}",
                 "another rr process (an ingest or an edit) is changing it"):
        yield
