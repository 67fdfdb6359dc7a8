"""The words an episode is about, given to the decoder: hotwords and an initial prompt.

Whisper reads text before the ``<|startoftranscript|>`` token as what was said before the
window, and leans towards its words and spellings: "Yvette Detiger" instead of "Ivet de Tiger".
Both engines put that text in the same place, but not in the same windows:

- faster-whisper ``hotwords``: before every window, sequential and batched alike (at most 223
  tokens, its half of the 448-token context);
- faster-whisper ``initial_prompt``: the sequential decoder uses it for the first window only
  (with ``condition_on_previous_text`` off, as here), the batched pipeline before every chunk;
- openai-whisper has no hotwords: ``initial_prompt`` with ``carry_initial_prompt=True`` puts it
  before every window, which is what faster-whisper's hotwords do.

A prompt can also make Whisper write its words where nobody says them; which of the two is used
by default was measured (bench/bench_corrections.py, docs/benchmarks.md). The terms are joined
with semicolons ("Yvette Detiger; Zilverkamp; Lingewaard"): joined with commas, as a sentence or
with spaces, the base model went on to write the list out where the speech was unclear ("ik ben
Yvette Detiger, Marjolijn, Lingewaard" for "ik ben Yvette Detiger van de gemeente Lingewaard"),
with semicolons it did not. They are cut, whole terms only, to
:data:`MAX_TOKENS` tokens of the model's own tokenizer: short enough to leave the window's
own text its room, long enough for an article's names.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Callable, Iterable

from ..errors import InvalidInput
from ..text import one_line

MAX_TOKENS = 96  # of the 223 Whisper lets text before a window have
MAX_TERMS = 200  # lines of a --vocabulary file
MAX_TERM_CHARS = 80  # characters of one term
MAX_FILE_BYTES = 64_000
USES = ("hotwords", "prompt", "both")  # how the terms reach the decoder (DutchSettings.vocabulary_use)

SEPARATOR = "; "
Encode = Callable[[str], list[int]]


def clean_terms(terms: Iterable[str]) -> tuple[str, ...]:
    """The terms once each (the first spelling wins, case aside), on one line, without blanks."""
    out, seen = [], set()
    for term in terms:
        term = " ".join(one_line(term or "").split()).strip(" ,;")
        if term and term.casefold() not in seen:
            seen.add(term.casefold())
            out.append(term)
    return tuple(out)


def read_vocabulary(path: str | os.PathLike, param: str = "vocabulary") -> tuple[str, ...]:
    """An editor's terms: a UTF-8 file, one term a line; blank lines and ``#`` comments skipped (a file
    without terms: none, which is how an episode's terms are taken away)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(param, f"cannot be read: {path}: {exc.strerror or exc}", str(path)) from None
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(param, f"file {path} is {len(data)} bytes; at most {MAX_FILE_BYTES}", str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(param, f"file {path} is not UTF-8 (byte {exc.start + 1})", str(path)) from None
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1)]
    terms = [(n, line) for n, line in lines if line and not line.startswith("#")]
    for n, term in terms:
        if len(term) > MAX_TERM_CHARS:
            raise InvalidInput(param, f"file {path} line {n}: a term of {len(term)} characters; "
                                      f"at most {MAX_TERM_CHARS} (one term a line)", str(path))
        if one_line(term) != term:
            raise InvalidInput(param, f"file {path} line {n}: control characters in a term", str(path))
    if len(terms) > MAX_TERMS:
        raise InvalidInput(param, f"file {path} has {len(terms)} terms; at most {MAX_TERMS}", str(path))
    return clean_terms(t for _, t in terms)


def fit(terms: Iterable[str], encode: Encode, budget: int = MAX_TOKENS) -> str:
    """The terms as one list, as many whole terms (in order) as fit in ``budget`` tokens."""
    kept: list[str] = []
    for term in terms:
        candidate = SEPARATOR.join([*kept, term])
        if len(encode(" " + candidate)) > budget:
            break
        kept.append(term)
    return SEPARATOR.join(kept)


def decoder_text(terms: Iterable[str], use: str, encode: Encode) -> tuple[str | None, str | None]:
    """(hotwords, initial prompt) for the decoder; None for the one ``use`` leaves out."""
    if use not in USES:
        raise InvalidInput("vocabulary_use", f"must be one of {', '.join(USES)}, got {use!r}", use)
    text = fit(terms, encode) or None
    return (text if use in ("hotwords", "both") else None), (text if use in ("prompt", "both") else None)


def digest(terms: Iterable[str], use: str) -> str | None:
    """What an episode record remembers of its vocabulary: a re-ingest with another one transcribes
    again. None without terms."""
    terms = list(terms)
    if not terms:
        return None
    return hashlib.sha1(json.dumps([use, terms], ensure_ascii=False).encode()).hexdigest()[:16]
