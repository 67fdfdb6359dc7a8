"""Who speaks when, and who they are: voice features, clustering, diarizers, words → turns,
names and roles."""

from .diarize import Turn, available, get_diarizer, register
from .naming import editor_overrides, name_speakers, speaker_prior, summary
from .turns import assign_words

__all__ = ["Turn", "assign_words", "available", "editor_overrides", "get_diarizer", "name_speakers",
           "register", "speaker_prior", "summary"]
