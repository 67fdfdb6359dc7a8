"""The catalogue: one :class:`Catalogue` object per command, owning catalog.json (a locked
TinyDB store), the quote files beside it, the episodes' paths and the typed records."""

from .catalogue import Catalogue, EpisodePaths, remove, upsert
from .episodes import STEPS, complete, list_episodes, match_episode, pick
from .records import Article, Episode, EpisodeView, Person, Quote, Speaker, Wijk
from .store import CATALOG_NAME, FORMAT, TABLES, Snapshot

__all__ = ["CATALOG_NAME", "FORMAT", "STEPS", "TABLES", "Article", "Catalogue", "Episode", "EpisodePaths", "EpisodeView",
           "Person", "Quote", "Snapshot", "Speaker", "Wijk", "complete", "list_episodes", "match_episode", "pick",
           "remove", "upsert"]
