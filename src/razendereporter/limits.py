"""Bounds on what a user or a file may ask for, defined once: numbers and stored text.

Every numeric option (``threads``, ``beam_size``, ``limit`` …) is checked against its range
here by the library as well as by the CLI, so a script calling the library gets the same
one-line error as ``rr`` (which names the flag, ``--beam-size``, where the library names the
parameter). Every text stored in the catalogue has a length cap: an
article's title or a speaker's name cannot turn catalog.json into hundreds of megabytes.
"""

from __future__ import annotations

import os
from typing import Any

from .errors import InvalidInput, RRError

BEAM_SIZE = (1, 10)
BATCH_SIZE = (1, 64)
THREADS_PER_CORE = 2  # --threads may ask for at most this many threads per core
MAX_LIMIT = 10_000  # hits of one search
MAX_CONTEXT = 20  # quotes shown before and after a hit

# Longest text stored in the catalogue, in characters, by kind of field.
MAX_NAME = 120  # a person, a wijk, a gemeente, a role label
MAX_TITLE = 300  # an article's or an episode's title, a slot's heading
MAX_URL = 2000
MAX_TEXT = 2000  # a summary, a description, the sentence a role was found in
MAX_PEOPLE = 100  # people of one article
MAX_SLOTS = 50  # videos of one article


def max_threads() -> int:
    """The most CPU threads an ingest may start: twice the cores of this computer."""
    return THREADS_PER_CORE * (os.cpu_count() or 1)


def whole_number(value: Any, param: str, low: int, high: int) -> int:
    """``value`` if it is an integer in ``low..high``, else a one-line error naming ``param``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(param, f"must be a whole number, got {value!r}", value)
    if not low <= value <= high:
        raise InvalidInput(param, f"must be between {low} and {high}, got {value}", value)
    return value


def threads(value: Any, param: str = "threads") -> int:
    """CPU threads: 0 (all cores) up to twice the cores."""
    if isinstance(value, int) and not isinstance(value, bool) and value > max_threads():
        raise InvalidInput(param, f"{value} is more than {THREADS_PER_CORE} per core of this computer's "
                                  f"{os.cpu_count() or 1} (at most {max_threads()}; 0 = all cores)", value)
    return whole_number(value, param, 0, max_threads())


def text_at_most(value: str | None, what: str, limit: int) -> str | None:
    """``value`` unless it is longer than ``limit`` characters (then a one-line error)."""
    if value is not None and len(value) > limit:
        raise RRError(f"{what} is {len(value)} characters long; at most {limit} are kept in the catalogue")
    return value
