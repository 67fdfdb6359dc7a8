"""Words to subtitles: the Dutch cue rules, one writer per format (like webvtt-py), and the readers
that take an editor's corrected file back as cues."""

from __future__ import annotations

from ..errors import RRError
from ..transcript import Transcript
from .cues import MAX_PAUSE, SENTENCE_END, Cue, make_cues, speaker_names
from .json_text import json_text
from .labels import cue_labels, episode_label, episode_text, labels_of, with_notes
from .readers import READ_FORMATS, detect_format, read_cues, read_file
from .srt import srt_text
from .txt import plain_text
from .vtt import vtt_text

FORMATS = ("vtt", "srt", "txt", "json")


def cues_for(transcript: Transcript) -> list[Cue]:
    return make_cues(transcript.words, media_end=transcript.duration or None)


def labelled_vtt(transcript: Transcript, cues: list[Cue] | None = None,
                 per_cue: list[dict | None] | None = None) -> str:
    """The published WebVTT: the cues with their speakers' voices, and NOTE blocks saying whether the
    text is automatic or corrected (subtitles/labels.py; ``per_cue``: their cue_labels, if known)."""
    cues = cues_for(transcript) if cues is None else cues
    per_cue = cue_labels(transcript, cues) if per_cue is None else per_cue
    return with_notes(vtt_text(cues, speaker_names(transcript)), episode_label(transcript, cues, per_cue), per_cue)


def render(transcript: Transcript, fmt: str) -> str:
    """The transcript as ``vtt``, ``srt``, ``txt`` or ``json`` text."""
    if fmt not in FORMATS:
        raise RRError(f"unknown format {fmt!r}; choose {', '.join(FORMATS)}")
    if fmt == "json":
        transcript.labels = labels_of(transcript, cues_for(transcript))
        return json_text(transcript)
    if fmt == "vtt":
        return labelled_vtt(transcript)
    writers = {"srt": srt_text, "txt": plain_text}
    return writers[fmt](cues_for(transcript), speaker_names(transcript))


__all__ = ["FORMATS", "MAX_PAUSE", "READ_FORMATS", "SENTENCE_END", "Cue", "cue_labels", "cues_for", "detect_format",
           "episode_label", "episode_text", "labelled_vtt", "labels_of", "make_cues",
           "plain_text", "read_cues", "read_file", "render", "speaker_names", "srt_text", "vtt_text"]
