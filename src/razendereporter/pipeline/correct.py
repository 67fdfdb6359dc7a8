"""An editor corrects what Whisper misheard: the corrected cues in, the episode published again.

:func:`correct` is the one library call for every way of correcting (``rr correct`` with a
file, a save in the browser): it takes the corrected cues as plain data, ``{"start", "end",
"voice", "text", "line"}`` (see subtitles/cuetext.py; times may be None), and :func:`correct_file`
reads them from a WebVTT, SRT or plain-text file first. Under the episode's lock it loads the
stored transcript, diffs the words (corrections/diff.py), force-aligns the new words to the
video's audio (alignment.py), applies the change, appends a record per changed stretch to the
sidecar and publishes (VTT, SRT on export, sidecar, quotes, search index) in one step. Bad input
is refused before anything is written.

The records make the corrections last: :func:`undo` takes the last saves back exactly, and
:func:`keep_corrections` lays them over a new transcription of the video (``rr ingest --force``,
another model), called by the ingest between the transcription and the speakers.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .. import transcript as transcript_io
from ..catalogue import Catalogue
from ..catalogue.records import now
from ..corrections import (apply, check_cues, describe, edits, lay_over, make_records, next_save, plan,
                           resolve_voices, undo as undo_records)
from ..errors import InvalidInput, RRError
from ..speakers import editor_overrides, name_speakers
from ..speakers.turns import word_turns
from ..subtitles import cues_for, read_file, speaker_names
from ..text import clock
from ..transcript import Transcript
from .locks import episode_lock
from .publish import load_episode, publish


@dataclass
class CorrectionResult:
    episode: dict[str, Any]
    status: str  # "corrected", "unchanged" (the text was the stored one) or "undone"
    records: list[dict[str, Any]] = field(default_factory=list)  # the records made or taken back
    words_changed: int = 0  # words of the transcript replaced, inserted, deleted or given a speaker
    words_aligned: int = 0  # words given a new time by forced alignment
    align_cpu_s: float = 0.0
    audio_s: float = 0.0  # seconds of audio the new words were aligned in
    warnings: list[str] = field(default_factory=list)


def editor_name(editor: str | None = None) -> str:
    """The editor given, else the login name."""
    if editor and editor.strip():
        return " ".join(editor.split())
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in this environment (a container without a passwd entry)
        return "unknown"


def correct(catalogue: Catalogue, episode_id: str, cues: list[dict[str, Any]], editor: str | None = None, *,
            source: str = "the corrected cues", threads: int = 0, warnings: list[str] | None = None,
            log: Callable[[str], None] | None = None) -> CorrectionResult:
    """Correct episode ``episode_id`` with ``cues``; ``warnings`` are the reader's, reported with ours."""
    from .alignment import align_jobs  # the aligner (the model) loads only for a correction

    with episode_lock(catalogue, catalogue.episode(episode_id)):
        catalogue.refresh()  # an ingest may have published while this waited
        episode, transcript = load_episode(catalogue, episode_id)
        cues, found = check_cues(cues, transcript.duration, source)
        labels, added = resolve_voices(transcript, cues)
        stored_cues = [(c.start, c.end) for c in cues_for(transcript)]
        the_plan = plan(transcript.words, stored_cues, cues, labels, transcript.duration)
        timings, cost = align_jobs(catalogue.root, episode, transcript, the_plan, source, threads, log,
                                   catalogue.config)
        old = transcript.words
        changes = edits(old, the_plan.words(timings))
        notes = list(warnings or []) + found + list(cost.warnings)
        if not changes:
            return CorrectionResult(episode, "unchanged", warnings=notes)
        records = make_records(old, changes, next_save(transcript), editor_name(editor), now())
        apply(transcript, changes)
        transcript.speakers.update((label, info) for label, info in added.items()
                                   if any(w.speaker == label for w in transcript.words))
        transcript.corrections.extend(records)
        episode = _publish(catalogue, episode, transcript)
    return CorrectionResult(episode, "corrected", records, sum(max(len(r["before"]), len(r["after"])) for r in records),
                            sum(len(job.texts) for job in the_plan.jobs), cost.cpu_s, cost.audio_s, notes)


def correct_file(catalogue: Catalogue, episode_id: str, path: str | os.PathLike, editor: str | None = None,
                 **options: Any) -> CorrectionResult:
    """Correct an episode with a subtitle file: WebVTT, SRT or plain text, one cue a line."""
    _, transcript = load_episode(catalogue, episode_id)
    names = tuple(speaker_names(transcript).values())  # `Name: ` in SRT and text files is a voice when it is one
    cues = read_file(path, names)
    return correct(catalogue, episode_id, cues, editor, source=str(path), **options)


def history(catalogue: Catalogue, episode_id: str) -> list[dict[str, Any]]:
    """The episode's corrections, oldest first, each with a one-line ``change``."""
    return [{**record, "change": describe(record)} for record in load_episode(catalogue, episode_id)[1].corrections]


def undo(catalogue: Catalogue, episode_id: str, count: int = 1) -> CorrectionResult:
    """Take the last ``count`` saves back: their words become exactly the words before them again."""
    if count < 1:
        raise InvalidInput("undo", f"takes back one save or more, not {count}", count)
    with episode_lock(catalogue, catalogue.episode(episode_id)):
        catalogue.refresh()
        episode, transcript = load_episode(catalogue, episode_id)
        saves = sorted({r.get("save", 0) for r in transcript.corrections})
        if len(saves) < count:
            raise RRError(f"episode {episode['id']!r} has {len(saves) or 'no'} correction{'s' * (len(saves) != 1)} "
                          f"to undo, not {count}; see `rr history {episode['id']}`")
        taken = set(saves[-count:])
        records = [r for r in transcript.corrections if r.get("save", 0) in taken]
        undo_records(transcript, records)
        transcript.corrections = [r for r in transcript.corrections if r.get("save", 0) not in taken]
        episode = _publish(catalogue, episode, transcript)
    return CorrectionResult(episode, "undone", records, sum(max(len(r["before"]), len(r["after"])) for r in records))


def keep_corrections(sidecar: Path, transcript: Transcript) -> None:
    """Lay the corrections of the episode's stored transcript over ``transcript``, a new transcription
    of the same video, by time span; each one that does not fit becomes a warning of the transcript."""
    try:
        old = transcript_io.load(sidecar) if Path(sidecar).exists() else None
    except RRError:
        return  # a damaged sidecar has nothing to keep
    if old is None or not old.corrections:
        return
    if old.sha256 and transcript.sha256 and old.sha256 != transcript.sha256:
        transcript.warnings.append(f"{len(old.corrections)} corrections were made on another video; they are dropped")
        return
    placed, lost = lay_over(transcript, old.corrections)
    transcript.corrections = placed
    transcript.warnings.extend(
        f"the correction of {clock(r['start'])}–{clock(r['end'])} by {r.get('editor')} ({describe(r)}) does not fit "
        "the new transcription; make it again with `rr correct`" for r in lost)


def _publish(catalogue: Catalogue, episode: dict[str, Any], transcript: Transcript) -> dict[str, Any]:
    """Turns and names follow the corrected words (a corrected self-introduction names its speaker), then publish."""
    if any(w.speaker for w in transcript.words) or transcript.turns:
        transcript.turns = word_turns([w for w in transcript.words if w.speaker])
        name_speakers(transcript, catalogue.linked_article(episode), episode.get("slot"), editor_overrides(transcript))
    return publish(catalogue, episode["id"], transcript)
