"""Editors' corrections: the corrected text against the stored words, and the records that keep
every correction through undo and re-transcription (see diff.py for why this is a stage)."""

from .checks import MAX_CUE_CHARS, check_cues
from .diff import Chunk, Job, Plan, normalise, plan
from .records import apply, describe, edits, lay_over, make_records, next_save, undo, word_dict, word_of
from .voices import resolve_voices

__all__ = ["MAX_CUE_CHARS", "Chunk", "Job", "Plan", "apply", "check_cues", "describe", "edits", "lay_over", "make_records",
           "next_save", "normalise", "plan", "resolve_voices", "undo", "word_dict", "word_of"]
