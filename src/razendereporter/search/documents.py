"""Catalogue -> index documents: quotes joined with their episode, article and wijk.

Two kinds of document go into the index:

- one per quote: the analyzed text, the filter fields, and a small stored payload (the
  quote's own fields);
- one per episode: the episode's joined metadata (title, wijk, gemeente, article, url,
  video …), stored once instead of on each of its quotes.

The joined metadata is the catalogue's :class:`~razendereporter.catalogue.EpisodeView`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from ..catalogue import Catalogue, EpisodeView
from ..vocabulary import ROLES
from . import analyzer, pool

UNKNOWN_ROLE = "onbekend"
# A quote's stored payload is a JSON list of these (shorter and faster than an object).
PAYLOAD_KEYS = ("episode", "seq", "start", "end", "speaker", "person", "role", "text", "corrected")


@dataclass
class EpisodeDocs:
    """Everything the index holds for one episode, and a digest to notice changes."""

    episode: str
    meta: dict[str, Any]
    # One tuple per quote: (seq, role, person, text, payload, corrected 0/1); payload is the stored
    # JSON. Tuples, not dicts: a 1M-quote rebuild makes a million of them.
    quotes: list[tuple[int, str | None, str | None, str, bytes, int]] = field(default_factory=list)
    digest: str = ""
    unchanged: bool = False  # only the digest was computed: the index has this episode as it is
    # The index fields of each quote, once analysed (see analyse()): (seq, payload, role key,
    # person folded, person words, body, words, corrected).
    fields: list[tuple[int, bytes, str, str, str, str, str, int]] | None = None


# --------------------------------------------------------------------------------------
# Joining: the catalogue's episode views with their quotes


def fingerprint(view: EpisodeView) -> str:
    """Changes when what the index holds of an episode would change: its joined metadata or
    its quotes (by the digest its row records), so a sync reads only changed quote files."""
    return hashlib.sha1(json.dumps([view.meta(), view.episode.quotes_digest], sort_keys=True,
                                   ensure_ascii=False).encode()).hexdigest()


def episode_documents(catalogue: Catalogue, only: Iterable[str] | None = None, workers: Any = None,
                      changed: Callable[[str, str], bool] | None = None) -> Iterator[EpisodeDocs]:
    """One :class:`EpisodeDocs` per episode (those in ``only``, or all), in id order.

    ``changed(episode, fingerprint)``: read and join the quotes only of the episodes it
    says have changed (a sync); the others come back without quotes, their digest only.
    ``workers``: a process pool (pool.workers()) that joins and analyses (:func:`analyse`)
    the episodes, in order.
    """
    jobs = _episode_jobs(catalogue, only, changed)
    if workers is not None:
        yield from pool.ordered_map(_analysed_docs, jobs, workers, size=lambda job: len(job[2] or ()))
        return
    for job in jobs:
        yield make_episode_docs(*job)


# A rebuild's worker process analyses with an analyzer of its own, made when the pool starts
# it (pool.workers' initializer); the parent never sets this.
_worker_analyzer: analyzer.Analyzer | None = None


def start_worker() -> None:
    global _worker_analyzer
    _worker_analyzer = analyzer.Analyzer()


def _analysed_docs(chunk: list[tuple[str, dict, list, str]]) -> list[EpisodeDocs]:
    """In a worker: the documents of a chunk of episodes, analysed."""
    out = []
    for job in chunk:
        docs = make_episode_docs(*job)
        docs.fields, docs.quotes = analyse(docs, _worker_analyzer), []  # the fields carry what indexing needs
        out.append(docs)
    return out


def _episode_jobs(catalogue: Catalogue, only: Iterable[str] | None,
                  changed: Callable[[str, str], bool] | None) -> Iterator[tuple[str, dict, list | None, str]]:
    """(episode id, joined metadata, quote rows or None, fingerprint) per episode, in id order."""
    only_set = set(only) if only is not None else None
    rows = None if only_set is None else [e for e in catalogue.snapshot.rows("episodes") if e["id"] in only_set]
    views = sorted(catalogue.views(rows), key=lambda v: v.id)  # an update joins its own episodes only
    for view in views:
        mark = fingerprint(view)
        if changed is not None and not changed(view.id, mark):
            yield view.id, view.meta(), None, mark
        else:
            yield view.id, view.meta(), catalogue.quotes(view.id), mark


def make_episode_docs(ep_id: str, meta: dict[str, Any], rows: list[dict] | None, digest: str) -> EpisodeDocs:
    """The documents of one episode; ``rows`` None: unchanged, only its digest is known."""
    docs = EpisodeDocs(ep_id, meta, digest=digest, unchanged=rows is None)
    rows = sorted(rows or (), key=lambda q: (_num(q.get("start")), _num(q.get("end"))))
    append, normalize, encode = docs.quotes.append, analyzer.normalize, _ENCODE
    for seq, q in enumerate(rows):
        get = q.get
        role, person, text = get("role"), get("person"), normalize(get("text") or "")
        role = role if role in ROLES else (role or None)
        # The stored payload (PAYLOAD_KEYS in order); its bytes also feed the digest.
        corrected = get("corrected") or None
        payload = encode([ep_id, seq, _num(get("start")), _num(get("end")), get("speaker"), person, role,
                          text, corrected]).encode()
        append((seq, role, person, text, payload, int(corrected is not None)))
    return docs


def analyse(docs: EpisodeDocs, words: analyzer.Analyzer) -> list[tuple[int, bytes, str, str, str, str, str, int]]:
    """The index fields of each quote of ``docs``: the per-quote work of a rebuild."""
    out, index_fields, people, roles = [], words.index_fields, {}, {}
    for seq, role, person, text, payload, corrected in docs.quotes:
        if person not in people:
            people[person] = (analyzer.fold_value(person), index_fields(person or "")[1])
        if role not in roles:
            roles[role] = role_key(role)
        out.append((seq, payload, roles[role], *people[person], *index_fields(text), corrected))
    return out


# One encoder for every payload: json.dumps(..., ensure_ascii=False) builds a new one per call.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def encode_payload(quote: dict[str, Any]) -> bytes:
    return _ENCODE([quote.get(k) for k in PAYLOAD_KEYS]).encode()


_DECODE = json.JSONDecoder().decode


def decode_payload(data: bytes) -> dict[str, Any]:
    return dict(zip(PAYLOAD_KEYS, _DECODE(data.decode())))


def role_key(role: str | None) -> str:
    """The facet and filter value of a role: unknown ones (None, "?", "") are ``onbekend``."""
    role = analyzer.fold_value(role)
    return role if role and role != "?" else UNKNOWN_ROLE


def date_key(date: str | None) -> int | None:
    """``2023-04-13`` -> 20230413 (an integer field filters by range); None when unknown."""
    if not date or not isinstance(date, str):
        return None
    digits = date[:10].replace("-", "")
    return int(digits) if len(digits) == 8 and digits.isdigit() else None


def _num(value: Any) -> float:
    if type(value) is float or type(value) is int:  # the usual case, without the try
        return round(float(value), 3)
    try:
        return round(float(value), 3)
    except (TypeError, ValueError):
        return 0.0
