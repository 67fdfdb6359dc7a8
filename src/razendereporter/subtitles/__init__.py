"""Words to subtitles: the Dutch cue rules, one writer per format (like webvtt-py), and the readers
that take an editor's corrected file back as cues."""

from __future__ import annotations

from ..errors import RRError
from ..transcript import Transcript
from .cues import MAX_PAUSE, SENTENCE_END, Cue, make_cues, speaker_names
from .json_text import json_text
from .readers import READ_FORMATS, detect_format, read_cues, read_file
from .srt import srt_text
from .txt import plain_text
from .vtt import vtt_text

FORMATS = ("vtt", "srt", "txt", "json")


def cues_for(transcript: Transcript) -> list[Cue]:
    return make_cues(transcript.words, media_end=transcript.duration or None)


def render(transcript: Transcript, fmt: str) -> str:
    """The transcript as ``vtt``, ``srt``, ``txt`` or ``json`` text."""
    if fmt == "json":
        return json_text(transcript)
    writers = {"vtt": vtt_text, "srt": srt_text, "txt": plain_text}
    if fmt not in writers:
        raise RRError(f"unknown format {fmt!r}; choose {', '.join(FORMATS)}")
    return writers[fmt](cues_for(transcript), speaker_names(transcript))


__all__ = ["FORMATS", "MAX_PAUSE", "READ_FORMATS", "SENTENCE_END", "Cue", "cues_for", "detect_format", "make_cues",
           "plain_text", "read_cues", "read_file", "render", "speaker_names", "srt_text", "vtt_text"]
