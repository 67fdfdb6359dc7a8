"""Finding episodes (and any catalogue row) by id or by a unique prefix, and listing them."""

from __future__ import annotations

from typing import Any

from ..errors import NotFound, RRError


def pick(rows: list[dict[str, Any]], key: str, wanted: str, what: str, hint: str) -> dict[str, Any]:
    """The row whose ``key`` is ``wanted``, or the one row it is a prefix of."""
    exact = [r for r in rows if r.get(key) == wanted]
    if exact:
        return dict(exact[0])
    matches = [r for r in rows if str(r.get(key, "")).startswith(wanted)]
    if len(matches) == 1:
        return dict(matches[0])
    if matches:
        raise RRError(f"{what} {wanted!r} is ambiguous: {', '.join(sorted(r[key] for r in matches))}")
    raise NotFound(f"no {what} {wanted!r} in the catalogue; {hint}")


def match_episode(episodes: list[dict[str, Any]], wanted: str, where: str = "the catalogue") -> dict[str, Any]:
    """The episode whose id is ``wanted``, or the one whose id or video SHA-256 starts with it."""
    exact = [e for e in episodes if e["id"] == wanted]
    if exact:
        return dict(exact[0])
    matches = [e for e in episodes
               if e["id"].startswith(wanted) or (len(wanted) >= 8 and (e.get("sha256") or "").startswith(wanted))]
    if len(matches) == 1:
        return dict(matches[0])
    if matches:
        raise RRError(f"episode {wanted!r} is ambiguous: {', '.join(sorted(e['id'] for e in matches))}")
    raise NotFound(f"no episode {wanted!r} in {where}; see `rr episodes`")


def list_episodes(catalogue) -> list[dict[str, Any]]:
    """Every episode's row, by wijk and id; ``complete`` says whether its ingest finished."""
    from .records import Episode

    rows = sorted(catalogue.snapshot.rows("episodes"), key=lambda e: (e["wijk"] or "", e["id"]))
    return [{**Episode.with_defaults(row), "complete": complete(row)} for row in rows]


STEPS = ("media", "transcript", "speakers", "subtitles")


def complete(episode: dict[str, Any]) -> bool:
    """Whether every step of the episode's ingest is done (by the record; files not checked)."""
    return set(STEPS) <= set(episode.get("steps") or [])
