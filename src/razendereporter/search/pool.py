"""Worker processes for full rebuilds of large catalogues.

A rebuild's per-quote work in Python (sorting, the stored payload, tokenising, stemming,
joining the terms) was measured at about two thirds of its CPU time, all in one thread,
while tantivy's indexing threads wait for documents. Here that work runs in worker
processes, a chunk of episodes per task, and the rebuilding process only turns the
analysed fields into tantivy documents and feeds the writer.

- Order is kept (episodes come back in id order, as without workers).
- At most ``IN_FLIGHT`` chunks per worker are queued or waiting to be indexed, so the
  results cannot pile up in memory when indexing is slower than analysing.
- Workers are forked, not spawned: spawning re-runs the caller's main script, which
  would rebuild again from a script without a ``__main__`` guard. Before the fork the
  caller's objects are moved out of the garbage collector's reach (``gc.freeze``), so
  the workers share the loaded catalogue's pages instead of copying them.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from typing import Any, Callable, Iterable, Iterator

# Below this many quotes the workers' start (about a second) costs more than it saves.
MIN_QUOTES = 50_000
CHUNK_QUOTES = 2_000
IN_FLIGHT = 3


def ordered_map(func: Callable[[list], list], jobs: Iterable, workers: int, size: Callable[[Any], int]) -> Iterator:
    """``func`` over chunks of ``jobs`` (about CHUNK_QUOTES by ``size`` each) in ``workers``
    processes, yielding the items of its results in the order of ``jobs``."""
    gc.freeze()
    try:
        pool = multiprocessing.get_context("fork").Pool(workers)
    finally:
        gc.unfreeze()
    with pool:
        pending: deque = deque()
        for chunk in _chunks(jobs, size):
            pending.append(pool.apply_async(func, (chunk,)))
            if len(pending) >= IN_FLIGHT * workers:
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
