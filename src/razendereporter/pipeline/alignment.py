"""The audio of a correction's new words, aligned: extract the episode's audio, cut each
stretch's window out of it, place the words with the transcript's own engine and model.

The audio comes from the episode's video exactly as the ingest extracted it (media.extract_audio:
sample 0 is the audio stream's first, ``audio_start`` on the video's clock), into the scratch
space of this process, removed afterwards. The model loads once for all stretches.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from .. import media
from ..config import Config
from ..corrections import Chunk, Plan
from ..errors import RRError
from ..text import clock
from ..transcribe.align import WINDOW_S, Aligner, Timing, load_aligner, spread
from ..transcript import Transcript
from . import workspace

MARGIN_S = 0.1  # audio on either side of a window, so the words at its edges are heard whole
MIN_ALIGN_S = 0.1  # a window shorter than this has no room to align in: its words share it evenly
CHUNK_S = 20.0  # stretches this close together are aligned in one pass of the model
CHUNK_WORDS = 100


@dataclass
class Cost:
    cpu_s: float = 0.0  # CPU seconds of the alignment itself (all threads), not the model's loading
    audio_s: float = 0.0  # seconds of audio aligned
    warnings: tuple[str, ...] = ()


def align_jobs(root: Path, episode: dict[str, Any], transcript: Transcript, plan: Plan, source: str,
               threads: int = 0, log: Callable[[str], None] | None = None,
               config: Config | None = None) -> tuple[list[list[Timing]], Cost]:
    """(start, end, probability) on the video's clock for every job's words, within its window."""
    for job in plan.jobs:
        if job.hi - job.lo + 2 * MARGIN_S > WINDOW_S:
            raise RRError(f"{source}, line {job.line}: the words to align there span {job.hi - job.lo:.0f} s of "
                          f"audio ({clock(job.lo)}–{clock(job.hi)}), more than Whisper's {WINDOW_S:.0f} s window; "
                          "give the cue times (VTT or SRT) or correct a shorter stretch")
    chunks = plan.chunks(CHUNK_S, CHUNK_WORDS, MIN_ALIGN_S)
    timed: dict[int, Timing] = {}
    cost = Cost()
    if chunks:
        pcm, audio_start, work = _audio(root, episode)
        try:
            aligner, warnings = _aligner(transcript, threads, config)
            (log or (lambda message: None))(f"aligning {len(chunks)} stretches with {aligner.engine} ({aligner.model})")
            started = time.process_time()
            for chunk in chunks:
                timed.update(_align_chunk(aligner, pcm, audio_start, plan, chunk))
            cost = Cost(time.process_time() - started, sum(c.hi - c.lo for c in chunks), warnings)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    out = []
    for job in plan.jobs:
        if all(t in timed for t in job.tokens):
            out.append(_in_window([timed[t] for t in job.tokens], job.lo, job.hi))
        else:
            out.append(spread(len(job.texts), job.lo, job.hi))
    return out, cost


def _audio(root: Path, episode: dict[str, Any]) -> tuple[np.ndarray, float, Path]:
    video = root / episode["video"] if episode.get("video") else None
    if video is None or not video.is_file():
        raise RRError(f"the video of episode {episode['id']!r} ({episode.get('video')}) is not there: the corrected "
                      "words are aligned to its audio; put it back in place first")
    info = media.probe(video)
    work = workspace.work_dir(root, episode.get("sha256") or episode["id"])
    try:
        media.extract_audio(video, work / "audio.wav", info)
        return media.load_pcm(work / "audio.wav"), info.audio_start, work
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _aligner(transcript: Transcript, threads: int, config: Config | None) -> tuple[Aligner, tuple[str, ...]]:
    """The transcript's own engine and model; the embedded model when that one is not to be had here."""
    language = transcript.language or "nl"
    try:
        return load_aligner(transcript.engine, transcript.model, language, threads, config), ()
    except RRError as exc:
        if transcript.model in (None, "", "base"):
            raise
        aligner = load_aligner(transcript.engine, None, language, threads, config)
        return aligner, (f"aligned with the embedded model, not {transcript.model!r} ({exc})",)


def _align_chunk(aligner: Aligner, pcm: np.ndarray, audio_start: float, plan: Plan,
                 chunk: Chunk) -> dict[int, Timing]:
    """A chunk's words on the video's clock, by token index."""
    first = max(0, int(round((chunk.lo - MARGIN_S - audio_start) * media.SAMPLE_RATE)))
    last = min(len(pcm), int(round((chunk.hi + MARGIN_S - audio_start) * media.SAMPLE_RATE)))
    if last - first < MIN_ALIGN_S * media.SAMPLE_RATE:
        return {}
    audio = np.asarray(pcm[first:last], dtype=np.float32) / 32768.0
    offset = audio_start + first / media.SAMPLE_RATE
    timings = aligner.align(audio, [plan.tokens[t].text for t in chunk.tokens])
    return {t: (offset + start, offset + end, probability) for t, (start, end, probability) in zip(chunk.tokens, timings)}


def _in_window(timings: list[Timing], lo: float, hi: float) -> list[Timing]:
    """Words kept inside their window and in order, each starting where the one before ends at the earliest."""
    out, floor = [], lo
    for start, end, probability in timings:
        start = min(max(start, floor), hi)
        end = min(max(end, start), hi)
        out.append((start, end, probability))
        floor = end
    return out
