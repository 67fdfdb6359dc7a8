"""The steps in order: ingest an episode, publish what follows from its transcript, and
the editor's changes afterwards (speakers' names, article links, articles).

Importing this is light: the transcription stack (steps.py) and the search index load only
when an ingest has work to do or a publish updates the index."""

from ..catalogue import STEPS, list_episodes
from .editing import import_articles, link_episode, new_article, relink, rename_speakers, speakers
from .ingest import DEFAULT_ENGINE, WORK_DIR, IngestOptions, IngestResult, ingest, validate
from .publish import export, load_episode, publish

__all__ = ["DEFAULT_ENGINE", "STEPS", "WORK_DIR", "IngestOptions", "IngestResult", "export", "import_articles",
           "ingest", "link_episode", "list_episodes", "load_episode", "new_article", "publish", "relink",
           "rename_speakers", "speakers", "validate"]
