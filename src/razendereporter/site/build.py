"""The catalogue as page models: plain dicts and lists, no HTML.

Everything the templates show comes from here; the templates escape it (Jinja2
autoescape), so nothing in this module escapes or trusts text from the catalogue.
The transcript beside the player is read from the episode's own VTT file, the one the
``<track>`` loads, so the two can never disagree.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from ..catalogue import Catalogue, EpisodeView
from ..errors import RRError
from ..text import clock
from ..subtitles.labels import corrected_cues, episode_text
from ..subtitles.vtt import read_vtt
from ..vocabulary import ROLES

ROLE_INFO = [
    ("bewoner", "woont in de wijk en vertelt over het eigen huis, de buurt en wat er verandert."),
    ("ambtenaar", "werkt bij de gemeente of een andere overheid aan de warmtetransitie."),
    ("energieadviseur", "adviseert bewoners over isolatie, warmtepompen en andere maatregelen."),
    ("verslaggever", "de Razende Reporter die de vragen stelt."),
    ("overig", "iedereen anders: een corporatie, een coöperatie, een installateur …"),
]
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def safe_slug(value: Any, what: str) -> str:
    """A catalogue slug used in a file name: refuse anything that is not a plain name."""
    text = str(value or "")
    if not _SAFE_NAME.fullmatch(text) or ".." in text:
        raise RRError(f"{what} {text!r} cannot be used in a file name")
    return text


def safe_relpath(root: Path, value: Any, what: str) -> Path:
    """A path from the catalogue, relative to the root, that stays inside it."""
    rel = PurePosixPath(str(value or ""))
    if not rel.parts or rel.is_absolute() or any(p in ("..", "") or p.startswith(".") for p in rel.parts):
        raise RRError(f"{what} path {str(value)!r} is not a plain path inside the catalogue")
    path = (root / rel).resolve()
    if not path.is_relative_to(root.resolve()):
        raise RRError(f"{what} path {str(value)!r} leaves the catalogue folder")
    return path


def role_text(row: dict[str, Any] | None) -> str:
    """Dutch role word, with the catalogue's own label where it adds something."""
    if not row:
        return ""
    role = row.get("role") if row.get("role") in ROLES else "overig"
    label = (row.get("role_label") or "").strip()
    return f"{role} ({label})" if label and label.lower() != role else role


def transcript_lines(cues: list[dict[str, Any]], speakers: list[dict[str, Any]],
                     corrected: dict[int, str] | None = None) -> list[dict[str, Any]]:
    """Cues with the speaker's name and role where the speaker changes, and who corrected them
    (``corrected``: the VTT's correction NOTEs by the line of the cue they stand before)."""
    corrected = corrected or {}
    by_name = {s.get("name"): s for s in speakers if s.get("name")}
    lines, previous = [], object()
    for index, cue in enumerate(cues):
        speaker = by_name.get(cue["voice"])
        lines.append({
            **cue, "index": index, "clock": clock(cue["start"]),
            "role": (speaker or {}).get("role") or "",
            "role_text": role_text(speaker),
            "turn": cue["voice"] != previous,
            "corrected": corrected.get(cue.get("line")),
        })
        previous = cue["voice"]
    return lines


def _episode_model(catalogue: Catalogue, view: EpisodeView, speakers: list[dict[str, Any]]) -> dict[str, Any]:
    root, episode = catalogue.root, view.episode
    eid = safe_slug(episode.id, "episode id")
    wijk_slug = safe_slug(episode.wijk, "wijk")
    speakers = sorted(speakers, key=lambda s: s.get("label") or "")
    article = view.article.to_row() if view.article else None
    vtt_path = safe_relpath(root, episode.vtt, "subtitle")
    video_path = safe_relpath(root, episode.video, "video")
    try:
        vtt = vtt_path.read_text(encoding="utf-8")
        cues = read_vtt(vtt)
    except OSError as exc:
        raise RRError(f"cannot read the subtitles of {eid} ({episode.vtt}): {exc.strerror or exc}") from exc
    quotes = sorted(catalogue.quotes(eid), key=lambda q: q.get("start") or 0)
    return {
        "id": eid, "title": episode.title or eid, "wijk": wijk_slug,
        "wijk_name": view.wijk_name or wijk_slug,
        "article": article, "date": view.date or (episode.added or "")[:10],
        "duration": episode.duration or 0, "duration_clock": clock(episode.duration or 0),
        "video_src": video_path, "video_rel": str(PurePosixPath(episode.video)),
        "vtt_src": vtt_path, "vtt_rel": str(PurePosixPath(episode.vtt)),
        "video_href": quote(str(PurePosixPath(episode.video))), "vtt_href": quote(str(PurePosixPath(episode.vtt))),
        "video_type": "video/webm" if video_path.suffix.lower() == ".webm" else "video/mp4",
        "speakers": [{**s, "role_text": role_text(s)} for s in speakers],
        "lines": transcript_lines(cues, speakers, corrected_cues(vtt)), "quotes": quotes,
        "subtitles": episode.subtitles or {"status": "automatic"},
        "subtitles_text": episode_text(episode.subtitles or {}),
    }


def site_model(catalogue: Catalogue) -> dict[str, Any]:
    """Everything the site shows, as plain data, from the catalogue."""
    snapshot = catalogue.snapshot
    tables = {name: snapshot.table(name) for name in ("wijken", "articles", "speakers")}
    wijken = {safe_slug(w.get("slug"), "wijk"): w for w in tables["wijken"]}
    by_episode: dict[str, list[dict[str, Any]]] = {}
    for row in tables["speakers"]:
        by_episode.setdefault(row.get("episode"), []).append(row)
    published = sorted((e for e in snapshot.rows("episodes") if e.get("vtt") and e.get("video")),
                       key=lambda e: (e.get("wijk") or "", e.get("id") or ""))
    episodes = [_episode_model(catalogue, view, by_episode.get(view.id, [])) for view in catalogue.views(published)]
    for slug in {e["wijk"] for e in episodes} - set(wijken):
        wijken[slug] = {"slug": slug, "name": slug}
    wijk_models = []
    for slug, wijk in sorted(wijken.items(), key=lambda item: (item[1].get("name") or item[0]).lower()):
        eps = [e for e in episodes if e["wijk"] == slug]
        articles = sorted((a for a in tables["articles"] if a.get("wijk") == slug),
                          key=lambda a: a.get("date") or "", reverse=True)
        wijk_models.append({**wijk, "slug": slug, "name": wijk.get("name") or slug, "episodes": eps,
                            "articles": articles, "quote_count": sum(len(e["quotes"]) for e in eps)})
    sources = sorted((a for a in tables["articles"]), key=lambda a: a.get("date") or "", reverse=True)
    return {"wijken": wijk_models, "episodes": episodes, "articles": sources, "roles": ROLE_INFO,
            "quote_count": sum(len(e["quotes"]) for e in episodes)}
