"""Many episodes at once: the heavy stage in parallel (worker processes, or Ray), the catalogue in one place.

    items ─prepare (parent)─► jobs ─workers / Ray: hash, audio, transcribe, diarize─► transcripts
          ─claim, name, publish, index (parent, one at a time, as each comes back)─► catalogue

The parent alone writes the catalogue, as a single ingest does (claim.py, steps.record), so
writes never race, and an episode is claimed only once its transcript is back: a batch stopped
by Ctrl-C or ``kill -9`` leaves the finished episodes published and the others untouched; the
same command again skips the finished ones (the unchanged check, no decoding) and does the rest.
One failing episode (a file that is not a usable video, a worker lost) fails alone, with its reason.
"""

from __future__ import annotations

import dataclasses
import os
import time
from dataclasses import dataclass, field
from typing import Callable

from .. import transcript as transcript_io
from ..catalogue import Catalogue
from ..errors import RRError
from ..paths import slug
from ..text import one_line
from . import claim, workspace
from .ingest import IngestOptions, _unchanged_result, validate, with_vocabulary
from .locks import episode_lock
from .manifest import BatchItem
from .workers import WORKER_MEMORY, Job, Outcome

THREADS_PER_WORKER = 2  # what one transcription uses well; more threads help it little (docs/scale.md)


@dataclass
class ItemResult:
    """What became of one item: ``done``, ``unchanged`` or ``failed`` (with ``reason``)."""

    item: BatchItem
    status: str
    episode: str | None = None
    reason: str | None = None
    warnings: list[str] = field(default_factory=list)
    cpu_seconds: float = 0.0  # the worker's, for this episode
    record_seconds: float = 0.0  # the parent's: claim (the video copied into media/), name, publish, index


@dataclass
class BatchResult:
    results: list[ItemResult]
    seconds: float
    workers: int = 0
    threads: int = 0

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> list[ItemResult]:
        return [r for r in self.results if r.status == "failed"]


@dataclass
class BatchProgress:
    """Where a batch is: episodes finished of all, hours of audio, the episodes under way."""

    done: int
    total: int
    audio_done: float  # seconds of audio finished (done, unchanged or failed)
    audio_total: float
    elapsed: float
    current: list[str]
    last: ItemResult | None = None

    @property
    def seconds_left(self) -> float | None:
        worked = self.audio_done
        return None if worked <= 0 else self.elapsed / worked * max(0.0, self.audio_total - worked)


ProgressFn = Callable[[BatchProgress], None]


def plan_workers(workers: int | None, threads: int = 0, *, cores: int | None = None,
                 free_memory: int | None = None) -> tuple[int, int]:
    """(worker processes, threads each): never more threads in all than cores.

    By default as many workers as the cores give two threads each and the free memory gives
    0.8 GB each, at least one; ``workers`` or ``threads`` asked for are checked against the cores.
    """
    from ..errors import InvalidInput
    from ..limits import whole_number

    cores = cores or os.cpu_count() or 1
    if workers is None:
        per = threads or min(THREADS_PER_WORKER, cores)
        memory = free_memory if free_memory is not None else _free_memory()
        workers = max(1, min(cores // per, memory // WORKER_MEMORY))
    else:
        whole_number(workers, "workers", 1, cores)
    per = threads or max(1, cores // workers)
    if workers * per > cores:
        raise InvalidInput("threads", f"{per} per worker × {workers} workers is more than this computer's "
                                      f"{cores} cores", threads)
    return workers, per


def _free_memory() -> int:
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")


def ingest_batch(catalogue: Catalogue, items: list[BatchItem], *, options: IngestOptions | None = None,
                 workers: int | None = None, ray: str | None = None, progress: ProgressFn | None = None,
                 log: Callable[[str], None] | None = None) -> BatchResult:
    """Ingest ``items`` into ``catalogue``; ``ray`` is a cluster's address (or ``auto``) to run them there."""
    started, base, log = time.perf_counter(), options or IngestOptions(), log or (lambda message: None)
    results: list[ItemResult | None] = [None] * len(items)
    jobs, durations = [], [0.0] * len(items)
    for index, item in enumerate(items):
        prepared = _prepare(catalogue, index, item, base)
        if isinstance(prepared, Job):
            jobs.append(prepared)
            durations[index] = prepared.info.duration or 0.0
        else:
            results[index] = prepared
    workspace.remove_orphaned_copies(catalogue.root / "media")  # videos half-copied by a killed ingest
    count, threads = 0, 0
    if jobs:
        runner = _runner(jobs, base, workers, ray)
        count, threads = runner.workers, jobs[0].opts.settings.threads
        tracker = _Tracker(items, results, durations, started, count, progress)
        tracker.report(None)
        interrupted = False
        try:
            for job, outcome in runner.run(jobs):
                began = time.perf_counter()
                results[job.index] = _record(catalogue, items[job.index], job, outcome, log)
                results[job.index].record_seconds = time.perf_counter() - began
                tracker.report(results[job.index])
        except KeyboardInterrupt:
            interrupted = True
            raise
        finally:
            runner.close(interrupted)
    return BatchResult([r for r in results if r is not None], time.perf_counter() - started, count, threads)


def _runner(jobs: list[Job], base: IngestOptions, workers: int | None, ray: str | None):
    """The worker processes or the Ray actors, each job's threads set to what one worker may use."""
    if ray:
        from .ray_runner import RayRunner

        threads = base.settings.threads or THREADS_PER_WORKER
        _with_threads(jobs, threads)
        return RayRunner(ray, threads, len(jobs), workers=workers, preload=jobs[0].opts)
    from .workers import LocalRunner

    count, threads = plan_workers(workers, base.settings.threads)
    _with_threads(jobs, threads)
    return LocalRunner(min(count, len(jobs)), preload=jobs[0].opts)


def _with_threads(jobs: list[Job], threads: int) -> None:
    for job in jobs:
        job.opts = dataclasses.replace(job.opts, settings=dataclasses.replace(job.opts.settings, threads=threads))


def _prepare(catalogue: Catalogue, index: int, item: BatchItem, base: IngestOptions) -> Job | ItemResult:
    """The item's job for a worker, or its result when there is nothing to do or it cannot be done."""
    from .. import media
    from . import steps

    opts = item.options(base)
    try:
        validate(catalogue, opts)
        known = claim.known(catalogue, item.video)  # an earlier ingest of this very path, finished or not
        with_vocabulary(catalogue, opts, known)  # the decoder's terms, as a single ingest has them
        wijk_slug = slug(item.wijk, "wijk")
        done = None if opts.force else claim.unchanged(catalogue, item.video, opts.request(), wijk_slug)
        if done is not None:
            result = _unchanged_result(catalogue, done, opts, time.perf_counter())
            return ItemResult(item, "unchanged", done["id"], warnings=result.warnings)
        info = media.probe(item.video)
        job = Job(index, item.video, info, opts, catalogue.article(opts.article), opts.slot)
        if known is not None:  # an ingest that did not finish, or other options: keep what still holds
            sidecar = catalogue.paths(known).sidecar
            cached = steps.cached_transcript(sidecar, known, opts)
            job.cached = transcript_io.to_dict(cached) if cached is not None else None
            job.diarize = steps.needs_diarizing(known, opts, cached)
            job.corrections = sidecar if sidecar.exists() else None
            job.article = job.article or catalogue.linked_article(known)
            job.slot = opts.slot if opts.slot is not None else known.get("slot")
        return job
    except RRError as exc:
        return ItemResult(item, "failed", reason=one_line(str(exc)))


def _record(catalogue: Catalogue, item: BatchItem, job: Job, outcome: Outcome, log: Callable[[str], None]) -> ItemResult:
    """Claim, name and publish one transcript that came back (the parent's part of an episode)."""
    from . import steps

    if outcome.reason is not None:
        return ItemResult(item, "failed", reason=outcome.reason, cpu_seconds=outcome.cpu_seconds)
    opts, wijk_slug = job.opts, slug(item.wijk, "wijk")
    try:
        done = None if opts.force else claim.same_content(catalogue, item.video, outcome.sha, opts.request(), wijk_slug)
        if done is not None:  # a copy of a finished episode under another name
            result = _unchanged_result(catalogue, done, opts, time.perf_counter())
            return ItemResult(item, "unchanged", done["id"], warnings=result.warnings)
        episode, _, warnings = claim.claim(catalogue, item.video, job.info, outcome.sha, wijk_slug, opts, log)
        with episode_lock(catalogue, episode):
            episode = steps.record(catalogue, episode, transcript_io.from_dict(outcome.transcript), opts,
                                   diarized=outcome.diarized, warnings=warnings)
        return ItemResult(item, "done", episode["id"], warnings=warnings, cpu_seconds=outcome.cpu_seconds)
    except RRError as exc:
        return ItemResult(item, "failed", reason=one_line(str(exc)), cpu_seconds=outcome.cpu_seconds)


class _Tracker:
    """Turns finished items into :class:`BatchProgress` for the caller."""

    def __init__(self, items, results, durations, started, slots, progress):
        self.items, self.results, self.durations = items, results, durations
        self.started, self.slots, self.progress = started, slots, progress

    def report(self, last: ItemResult | None) -> None:
        if self.progress is None:
            return
        finished = [i for i, r in enumerate(self.results) if r is not None]
        open_items = [i for i, r in enumerate(self.results) if r is None]
        self.progress(BatchProgress(
            done=len(finished), total=len(self.items), audio_done=sum(self.durations[i] for i in finished),
            audio_total=sum(self.durations), elapsed=time.perf_counter() - self.started,
            current=[self.items[i].title or self.items[i].video.stem for i in open_items[:self.slots]], last=last))
