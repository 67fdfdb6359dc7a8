"""Finding episodes (and any catalogue row) by id or by a unique prefix."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import NotFound, RRError
from .store import CATALOG_NAME, Catalog, Snapshot


def pick(rows: list[dict[str, Any]], key: str, wanted: str, what: str, hint: str) -> dict[str, Any]:
    """The row whose ``key`` is ``wanted``, or the one row it is a prefix of."""
    exact = [r for r in rows if r.get(key) == wanted]
    if exact:
        return exact[0]
    matches = [r for r in rows if str(r.get(key, "")).startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise RRError(f"{what} {wanted!r} is ambiguous: {', '.join(sorted(r[key] for r in matches))}")
    raise NotFound(f"no {what} {wanted!r} in the catalogue; {hint}")


def match_episode(episodes: list[dict[str, Any]], wanted: str, where: str = "the catalogue") -> dict[str, Any]:
    """The episode whose id is ``wanted``, or the one whose id or video SHA-256 starts with it."""
    exact = [e for e in episodes if e["id"] == wanted]
    if exact:
        return exact[0]
    matches = [e for e in episodes
               if e["id"].startswith(wanted) or (len(wanted) >= 8 and e.get("sha256", "").startswith(wanted))]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise RRError(f"episode {wanted!r} is ambiguous: {', '.join(sorted(e['id'] for e in matches))}")
    raise NotFound(f"no episode {wanted!r} in {where}; see `rr episodes`")


def find_episode(root: str | os.PathLike, episode_id: str, snapshot: Snapshot | None = None) -> dict[str, Any]:
    """An episode by id, or by a unique prefix of its id or of its video's SHA-256."""
    episodes = (snapshot or Catalog(root).read()).table("episodes")
    return match_episode(episodes, episode_id, str(Path(root) / CATALOG_NAME))


def linked_article(snapshot: Snapshot, episode: dict[str, Any]) -> dict[str, Any] | None:
    """The article an episode is linked to, if any."""
    return snapshot.get("articles", slug=episode["article"]) if episode.get("article") else None


def list_episodes(root: str | os.PathLike) -> list[dict[str, Any]]:
    return sorted(Catalog(root).find("episodes"), key=lambda e: (e["wijk"], e["id"]))
