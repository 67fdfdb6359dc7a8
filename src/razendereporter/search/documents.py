"""Catalogue tables -> index documents: quotes joined with their episode, article and wijk.

Two kinds of document go into the index:

- one per quote: the analyzed text, the filter fields, and a small stored payload (the
  quote's own fields);
- one per episode: the episode's joined metadata (title, wijk, gemeente, article, url,
  video …), stored once instead of on each of its quotes.

The catalogue is read here and only here (:func:`load_catalogue`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..catalogue import Catalog, Snapshot
from . import analyzer, pool

UNKNOWN_ROLE = "onbekend"
# A quote's stored payload is a JSON list of these (shorter and faster than an object).
PAYLOAD_KEYS = ("episode", "seq", "start", "end", "speaker", "person", "role", "text")
ROLES = ("bewoner", "ambtenaar", "energieadviseur", "verslaggever", "overig")


@dataclass
class EpisodeDocs:
    """Everything the index holds for one episode, and a digest to notice changes."""

    episode: str
    meta: dict[str, Any]
    # One tuple per quote: (seq, role, person, text, payload); payload is the stored JSON.
    # Tuples, not dicts: a 1M-quote rebuild makes a million of them.
    quotes: list[tuple[int, str | None, str | None, str, bytes]] = field(default_factory=list)
    digest: str = ""
    # The index fields of each quote, once analysed (see analyse()): (seq, payload, role key,
    # person folded, person words, body, words).
    fields: list[tuple[int, bytes, str, str, str, str, str]] | None = None


# --------------------------------------------------------------------------------------
# Reading the catalogue


def catalog_path(root: str | os.PathLike) -> Path:
    return Path(root) / "catalog.json"


def catalog_stat(root: str | os.PathLike) -> dict[str, int] | None:
    """What identifies one version of catalog.json cheaply (it is replaced, never edited)."""
    try:
        st = os.stat(os.path.join(root, "catalog.json"))  # not catalog_path(): every search runs this
    except FileNotFoundError:
        return None
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "inode": st.st_ino}


def load_catalogue(root: str | os.PathLike) -> tuple[dict[str, Any], dict[str, int] | None]:
    """The catalogue's tables and the stat of the catalog.json they were read from."""
    for _ in range(5):
        before = catalog_stat(root)
        data = Catalog(root).read().data
        if catalog_stat(root) == before:
            return data, before
    return data, catalog_stat(root)


def table_rows(tables: Any, name: str) -> list[dict[str, Any]]:
    """Rows of one table from a TinyDB, a raw catalogue dict ({id: row}) or {name: [rows]}."""
    if isinstance(tables, Snapshot):
        return table_rows(tables.data, name)
    rows = tables.get(name) or {}
    return list(rows.values()) if isinstance(rows, dict) else list(rows)


# --------------------------------------------------------------------------------------
# Joining


def episode_documents(tables: Any, only: Iterable[str] | None = None, consume: bool = False,
                      workers: Any = None) -> Iterator[EpisodeDocs]:
    """One :class:`EpisodeDocs` per episode (and per episode id quotes mention), in id order.

    ``consume``: the caller owns ``tables`` (a raw dict) and lets the quotes go as they are
    indexed, so a 1M-quote rebuild does not hold the catalogue and the index buffers at once.
    ``workers``: a process pool (pool.workers()) that joins and analyses (:func:`analyse`)
    the episodes, in order.
    """
    jobs = _episode_jobs(tables, only, consume)
    if workers is not None:
        yield from pool.ordered_map(_analysed_docs, jobs, workers, size=lambda job: len(job[2]))
        return
    for ep_id, meta, rows in jobs:
        yield make_episode_docs(ep_id, meta, rows)


def _analysed_docs(chunk: list[tuple[str, dict, list]]) -> list[EpisodeDocs]:
    """In a worker: the documents of a chunk of episodes, analysed."""
    out = []
    for ep_id, meta, rows in chunk:
        docs = make_episode_docs(ep_id, meta, rows)
        docs.fields, docs.quotes = analyse(docs), []  # the fields carry what indexing needs
        out.append(docs)
    return out


def _episode_jobs(tables: Any, only: Iterable[str] | None, consume: bool) -> Iterator[tuple[str, dict, list]]:
    """(episode id, joined metadata, quote rows) per episode, in id order."""
    only_set = set(only) if only is not None else None
    wijken = {w.get("slug"): w for w in table_rows(tables, "wijken")}
    articles = {a.get("slug"): a for a in table_rows(tables, "articles")}
    episodes = {e.get("id"): e for e in table_rows(tables, "episodes") if e.get("id")}
    quotes: dict[str, list[dict]] = defaultdict(list)
    for q in table_rows(tables, "quotes"):
        ep = q.get("episode")
        if ep and (only_set is None or ep in only_set):
            quotes[ep].append(q)
    if consume and isinstance(tables, dict):
        tables["quotes"] = {}
    ids = set(quotes) | {e for e in episodes if only_set is None or e in only_set}
    for ep_id in sorted(ids):
        meta = episode_meta(ep_id, episodes.get(ep_id), articles, wijken)
        yield ep_id, meta, quotes.pop(ep_id, []) if consume else quotes.get(ep_id, [])


def episode_meta(ep_id: str, episode: dict | None, articles: dict, wijken: dict) -> dict[str, Any]:
    episode = episode or {}
    article = articles.get(episode.get("article")) or {}
    wijk_slug = episode.get("wijk") or article.get("wijk")
    wijk = wijken.get(wijk_slug) or {}
    return {
        "episode": ep_id,
        "episode_title": episode.get("title"),
        "wijk": wijk_slug,
        "wijk_name": wijk.get("name") or wijk_slug,
        "gemeente": wijk.get("gemeente") or article.get("gemeente"),
        "province": wijk.get("province"),
        "article": episode.get("article"),
        "article_title": article.get("title"),
        "date": article.get("date"),
        "url": article.get("url"),
        "video": episode.get("video"),
    }


def make_episode_docs(ep_id: str, meta: dict[str, Any], rows: list[dict]) -> EpisodeDocs:
    rows = sorted(rows, key=lambda q: (_num(q.get("start")), _num(q.get("end"))))
    docs = EpisodeDocs(ep_id, meta)
    digest = hashlib.sha1(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode())
    append, normalize, encode = docs.quotes.append, analyzer.normalize, _ENCODE
    for seq, q in enumerate(rows):
        get = q.get
        role, person, text = get("role"), get("person"), normalize(get("text") or "")
        role = role if role in ROLES else (role or None)
        # The stored payload (PAYLOAD_KEYS in order); its bytes also feed the digest.
        payload = encode([ep_id, seq, _num(get("start")), _num(get("end")), get("speaker"), person, role,
                          text]).encode()
        digest.update(payload)
        append((seq, role, person, text, payload))
    docs.digest = digest.hexdigest()
    return docs


def analyse(docs: EpisodeDocs) -> list[tuple[int, bytes, str, str, str, str, str]]:
    """The index fields of each quote of ``docs``: the per-quote work of a rebuild."""
    out, index_fields, people, roles = [], analyzer.index_fields, {}, {}
    for seq, role, person, text, payload in docs.quotes:
        if person not in people:
            people[person] = (analyzer.fold_value(person), index_fields(person or "")[1])
        if role not in roles:
            roles[role] = role_key(role)
        out.append((seq, payload, roles[role], *people[person], *index_fields(text)))
    return out


# One encoder for every payload: json.dumps(..., ensure_ascii=False) builds a new one per call.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def encode_payload(quote: dict[str, Any]) -> bytes:
    return _ENCODE([quote[k] for k in PAYLOAD_KEYS]).encode()


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
