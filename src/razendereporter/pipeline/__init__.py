"""The steps in order: ingest an episode, publish what follows from its transcript, and
the editor's changes afterwards (speakers' names, article links, articles, corrected words).

Importing this is light: the transcription stack (steps.py), the search index and the
corrections (correct.py, imported as ``pipeline.correct``) load only when they are used."""

from ..catalogue import STEPS, list_episodes
from .editing import import_articles, link_episode, new_article, relink, rename_speakers, speakers
from .ingest import DEFAULT_ENGINE, WORK_DIR, IngestOptions, IngestResult, ingest, validate
from .publish import export, load_episode, publish

__all__ = ["DEFAULT_ENGINE", "STEPS", "WORK_DIR", "IngestOptions", "IngestResult", "export", "import_articles",
           "ingest", "link_episode", "list_episodes", "load_episode", "new_article", "publish", "relink",
           "rename_speakers", "speakers", "validate"]
