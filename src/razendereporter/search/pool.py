"""Worker processes for full rebuilds of large catalogues.

A rebuild's per-quote work in Python (sorting, the stored payload, tokenising, stemming,
joining the terms) was measured at about two thirds of its CPU time, all in one thread,
while tantivy's indexing threads wait for documents. Here that work runs in worker
processes, a chunk of episodes per task, and the rebuilding process only turns the
analysed fields into tantivy documents and feeds the writer.

- Order is kept (episodes come back in id order, as without workers).
- At most ``IN_FLIGHT`` chunks per worker are queued or waiting to be indexed, so the
  results cannot pile up in memory when indexing is slower than analysing.
- Workers are forked, not spawned (spawning re-runs the caller's main script, which
  would rebuild again from a script without a ``__main__`` guard), and forked before the
  catalogue is loaded, so they stay small.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator

# Below about 50 000 quotes starting the workers costs more than they save.
MIN_QUOTES = 50_000
CHUNK_QUOTES = 2_000
IN_FLIGHT = 3


@contextmanager
def workers(count: int, quotes: int, initializer: Callable[[], None] | None = None) -> Iterator[Any]:
    """A pool of ``count`` worker processes (each running ``initializer`` first), or None
    when one process will do.

    Start it before reading the quotes: a worker forked from a process holding them would
    share their pages only until the rebuild lets them go, which copies them (measured:
    2.0 GB in all instead of 1.2 GB at 1M quotes).
    """
    if count < 2 or quotes < MIN_QUOTES:
        yield None
        return
    gc.freeze()  # the caller's objects stay out of the workers' garbage collections
    try:
        pool = multiprocessing.get_context("fork").Pool(count, initializer=initializer)
    finally:
        gc.unfreeze()
    with pool:
        yield pool


def ordered_map(func: Callable[[list], list], jobs: Iterable, pool: Any, size: Callable[[Any], int]) -> Iterator:
    """``func`` over chunks of ``jobs`` (about CHUNK_QUOTES by ``size`` each) in ``pool``,
    yielding the items of its results in the order of ``jobs``."""
    pending: deque = deque()
    for chunk in _chunks(jobs, size):
        pending.append(pool.apply_async(func, (chunk,)))
        if len(pending) >= IN_FLIGHT * pool._processes:
            yield from pending.popleft().get()
    while pending:
        yield from pending.popleft().get()


def _chunks(jobs: Iterable, size: Callable[[Any], int]) -> Iterator[list]:
    chunk, total = [], 0
    for job in jobs:
        chunk.append(job)
        total += size(job)
        if total >= CHUNK_QUOTES:
            yield chunk
            chunk, total = [], 0
    if chunk:
        yield chunk
