"""The steps in order: ingest an episode, publish what follows from its transcript, and
the editor's changes afterwards (speakers' names, article links, articles, corrected words)."""

from ..catalogue import find_episode, list_episodes
from .correct import CorrectionResult, correct, correct_file, history, undo
from .editing import import_articles, link_episode, new_article, relink, rename_speakers, speakers
from .ingest import DEFAULT_ENGINE, STEPS, WORK_DIR, IngestOptions, IngestResult, ingest, validate
from .publish import episode_paths, export, load_episode, publish

__all__ = ["DEFAULT_ENGINE", "STEPS", "WORK_DIR", "CorrectionResult", "IngestOptions", "IngestResult", "correct",
           "correct_file", "episode_paths", "export", "find_episode", "history", "import_articles", "ingest",
           "link_episode", "list_episodes", "load_episode", "new_article", "publish", "relink", "rename_speakers",
           "speakers", "undo", "validate"]
