"""Linking an episode to its article and to the video slot it fills."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tinydb import TinyDB

from ..errors import InvalidInput, RRError
from .catalogue import upsert
from .episodes import match_episode, pick

if TYPE_CHECKING:
    from .catalogue import Catalogue


def link(catalogue: "Catalogue", episode_id: str, article_slug: str, slot: int | None = None) -> dict[str, Any]:
    """Record that ``episode_id`` is video ``slot`` (1-based, or None) of ``article_slug``.

    Returns ``{"episode": record, "warnings": [...]}``. Unknown episode, article or slot
    is an RRError; a different wijk or a slot already taken only warns, since an editor
    may be fixing exactly that.
    """
    if slot is not None and (not isinstance(slot, int) or isinstance(slot, bool)):
        raise InvalidInput("slot", f"must be a whole number, not {slot!r}", slot)
    with catalogue.transaction() as db:
        return link_in(db, episode_id, article_slug, slot)


def link_in(db: TinyDB, episode_id: str, article_slug: str, slot: int | None) -> dict[str, Any]:
    """:func:`link` inside a transaction that is already open."""
    warnings: list[str] = []
    article = pick([dict(r) for r in db.table("articles").all()], "slug", article_slug, "article",
                    "import it first with `rr articles import`")
    episodes = [dict(e) for e in db.table("episodes").all()]
    episode = match_episode(episodes, episode_id)
    slots = article.get("slots") or []
    if slot is not None and not any(s["index"] == slot for s in slots):
        have = f"videos 1 to {len(slots)}" if slots else "no video slots"
        raise RRError(f"article {article['slug']!r} has {have}; there is no slot {slot}")
    if article.get("wijk") and episode.get("wijk") and article["wijk"] != episode["wijk"]:
        warnings.append(f"episode {episode['id']!r} is in wijk {episode['wijk']!r}, "
                        f"article {article['slug']!r} in {article['wijk']!r}")
    if slot is not None:
        taken = [e["id"] for e in episodes
                 if e["id"] != episode["id"] and e.get("article") == article["slug"] and e.get("slot") == slot]
        if taken:
            warnings.append(f"slot {slot} of {article['slug']!r} is also linked to episode {taken[0]!r}")
    episode["article"], episode["slot"] = article["slug"], slot
    upsert(db, "episodes", episode, id=episode["id"])
    return {"episode": episode, "warnings": warnings}
