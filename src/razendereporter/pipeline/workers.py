"""The heavy stage of a batch in worker processes: hash, extract the audio, transcribe, diarize.

A worker gets a :class:`Job` (plain data: the video's path, its probe, the options) and returns
an :class:`Outcome` (the transcript as a dict, or the reason it failed); it never opens the
catalogue. The model is loaded once per worker, by the pool's initializer, and kept for every
episode the worker takes. The same :func:`analyse_video` runs in a Ray actor (ray_runner.py).

Worker processes are started with ``spawn`` (a fresh interpreter: no copy of the parent's
locks or threads), ignore Ctrl-C (the parent stops them) and, on Linux, die with the parent
(``PR_SET_PDEATHSIG``): a parent killed with ``kill -9`` leaves no worker transcribing on.
"""

from __future__ import annotations

import concurrent.futures as cf
import ctypes
import logging
import multiprocessing
import resource
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from .. import transcript as transcript_io
from ..errors import RRError
from ..text import one_line

log = logging.getLogger("razendereporter")

WORKER_MEMORY = 800 * 1024 * 1024  # an episode's peak: the model, the audio, the diarizer

_ENGINES: dict[tuple[str, str | None, int], Any] = {}  # this worker's loaded models


@dataclass
class Job:
    """One episode's heavy stage, as plain data that pickles (a process pool, Ray)."""

    index: int
    video: Path
    info: Any  # media.MediaInfo
    opts: Any  # ingest.IngestOptions, with the worker's threads
    article: dict[str, Any] | None = None  # the linked article: the diarizer's prior on the speakers
    slot: int | None = None
    cached: dict[str, Any] | None = None  # the transcript of an earlier run, to diarize again only
    diarize: bool = True
    corrections: Path | None = None  # the stored sidecar whose corrections a new transcription keeps


@dataclass
class Outcome:
    """What a worker sends back: the transcript (a dict) with its speakers labelled, or why not."""

    index: int
    sha: str | None = None
    transcript: dict[str, Any] | None = None
    diarized: bool = False
    reason: str | None = None
    cpu_seconds: float = 0.0
    peak_rss_mb: float = 0.0


def engine_for(opts: Any) -> Any:
    """The speech model for ``opts``, loaded on first use and kept for the worker's life."""
    from ..transcribe import create_engine

    key = (opts.engine, opts.model, opts.settings.threads)
    if key not in _ENGINES:
        _ENGINES[key] = create_engine(opts.engine, opts.model, opts.settings)
    return _ENGINES[key]


def analyse_video(job: Job) -> Outcome:
    """Hash, extract, transcribe (unless ``job.cached`` fits), diarize; every failure becomes a reason."""
    from .. import media
    from . import steps
    from .correct import keep_corrections

    started = time.process_time()
    try:
        sha = media.sha256_file(job.video)
        cached = transcript_io.from_dict(job.cached) if job.cached else None
        if cached is not None and cached.sha256 != sha:
            cached = None  # the file changed since: transcribe it anew
        diarize = job.diarize or cached is None
        keep = (lambda t: keep_corrections(job.corrections, t)) if job.corrections else None
        with tempfile.TemporaryDirectory(prefix="rr-analyse-") as scratch:
            audio = Path(scratch) / "audio.wav"
            media.extract_audio(job.video, audio, job.info)  # an undecodable file fails here
            transcript = steps.analyse(audio, job.info, sha, job.opts, job.article, job.slot, cached=cached,
                                       diarize=diarize, stt=None if cached else engine_for(job.opts), transcribed=keep)
        outcome = Outcome(job.index, sha, transcript_io.to_dict(transcript), diarize)
    except RRError as exc:
        outcome = Outcome(job.index, reason=one_line(str(exc)))
    except Exception as exc:  # a library's own error on a strange file: this episode fails, not the worker
        log.debug("analysing %s failed", job.video, exc_info=True)
        outcome = Outcome(job.index, reason=one_line(f"{type(exc).__name__}: {exc}"))
    outcome.cpu_seconds = time.process_time() - started
    outcome.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return outcome


def start_worker(preload: Any) -> None:
    """The pool's initializer: follow the parent's fate, leave Ctrl-C to it, load the model once."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if preload is not None:
        engine_for(preload)


class LocalRunner:
    """``workers`` processes of this machine, each with its own model."""

    def __init__(self, workers: int, preload: Any = None):
        self.workers = workers
        self.pool = cf.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                           initializer=start_worker, initargs=(preload,))

    def run(self, jobs: Iterable[Job]) -> Iterator[tuple[Job, Outcome]]:
        """Each job's outcome, in the order they finish."""
        futures = {self.pool.submit(analyse_video, job): job for job in jobs}
        for future in cf.as_completed(futures):
            job = futures[future]
            try:
                yield job, future.result()
            except cf.process.BrokenProcessPool:
                yield job, Outcome(job.index, reason="its worker process died (killed, or out of memory); "
                                                     "run the same command again to retry it")

    def close(self, interrupted: bool = False) -> None:
        if interrupted:  # Ctrl-C: the episodes under way are dropped (a rerun redoes them)
            for process in list((self.pool._processes or {}).values()):
                process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)
