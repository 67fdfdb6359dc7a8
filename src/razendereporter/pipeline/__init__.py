"""The steps in order: ingest an episode, publish what follows from its transcript, and
the editor's changes afterwards (speakers' names, article links, articles)."""

from ..catalogue import find_episode, list_episodes
from .editing import import_articles, link_episode, new_article, relink, rename_speakers, speakers
from .ingest import DEFAULT_ENGINE, STEPS, WORK_DIR, IngestOptions, IngestResult, ingest, validate
from .publish import episode_paths, export, load_episode, publish

__all__ = ["DEFAULT_ENGINE", "STEPS", "WORK_DIR", "IngestOptions", "IngestResult", "episode_paths", "export",
           "find_episode", "import_articles", "ingest", "link_episode", "list_episodes", "load_episode",
           "new_article", "publish", "relink", "rename_speakers", "speakers", "validate"]
