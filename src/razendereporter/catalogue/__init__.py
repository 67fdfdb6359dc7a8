"""The catalogue (catalog.json): the locked TinyDB store, episodes, articles and wijken,
links between them, and the quotes researchers search."""

from .episodes import find_episode, linked_article, list_episodes, match_episode, pick
from .store import CATALOG_NAME, TABLES, Catalog, Snapshot, remove, upsert

__all__ = ["CATALOG_NAME", "TABLES", "Catalog", "Snapshot", "find_episode", "linked_article", "list_episodes", "match_episode", "pick", "remove",
           "upsert"]
