"""The heavy stage of a batch on a Ray cluster: one actor per slot, the model loaded once per actor.

Ray is optional (``pip install 'razendereporter[ray]'``) and imported only here, only when a
batch asks for it. Each actor declares the CPUs (its threads) and the memory (about 0.8 GB) an
episode needs, so Ray packs them onto the cluster's machines; ``max_restarts`` and
``max_task_retries`` make Ray start a lost actor again and rerun its episode (the stage is
pure: it reads the video and returns a transcript). The driver — the ``rr ingest`` process —
names, publishes and indexes every result itself, so the catalogue has one writer.

The videos are read by path: the catalogue root and the media must be on a filesystem every
node mounts at the same place (docs/scale.md).
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from ..errors import InvalidInput
from ..text import one_line
from .workers import WORKER_MEMORY, Job, Outcome, analyse_video, engine_for

RESTARTS = 3  # a lost actor is started again this many times, its episode retried as often


class Analyser:
    """A Ray actor holding one model; ``analyse`` is :func:`workers.analyse_video`."""

    def __init__(self, preload: Any = None):
        if preload is not None:
            engine_for(preload)

    def analyse(self, job: Job) -> Outcome:
        return analyse_video(job)


def _ray():
    try:
        import ray
    except ImportError:
        raise InvalidInput("ray", "needs Ray, which is not installed: pip install 'razendereporter[ray]'") from None
    return ray


class RayRunner:
    """Actors on the cluster at ``address`` (``auto``: the one this machine belongs to)."""

    def __init__(self, address: str, threads: int, jobs: int, *, workers: int | None = None, preload: Any = None):
        ray = self.ray = _ray()
        self.started = not ray.is_initialized()  # then this runner shuts it down again
        if self.started:
            try:
                ray.init(address=address, log_to_driver=False, configure_logging=False)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise InvalidInput("ray", f"cannot reach a Ray cluster at {address!r}: "
                                          f"{one_line(str(exc)).split('. ')[0]}", address) from None
        cpus = int(ray.cluster_resources().get("CPU", 0))
        if cpus < threads:
            raise InvalidInput("threads", f"{threads} per episode is more than the Ray cluster's {cpus} CPUs", threads)
        count = min(cpus // threads, jobs, workers or jobs)
        actor = ray.remote(num_cpus=threads, memory=WORKER_MEMORY, max_restarts=RESTARTS,
                           max_task_retries=RESTARTS)(Analyser)
        self.actors = [actor.remote(preload) for _ in range(max(1, count))]
        self.workers = len(self.actors)

    def run(self, jobs: Iterable[Job]) -> Iterator[tuple[Job, Outcome]]:
        """Each job's outcome as it finishes; one episode at a time per actor."""
        ray, waiting, running = self.ray, list(jobs)[::-1], {}
        idle = list(self.actors)
        while waiting or running:
            while idle and waiting:
                actor, job = idle.pop(), waiting.pop()
                running[actor.analyse.remote(job)] = (actor, job)
            if not running:  # every actor is gone
                for job in waiting[::-1]:
                    yield job, Outcome(job.index, reason="no Ray worker left to run it; run the same command again")
                return
            ready, _ = ray.wait(list(running), num_returns=1)
            actor, job = running.pop(ready[0])
            try:
                outcome = ray.get(ready[0])
                idle.append(actor)
            except ray.exceptions.RayActorError as exc:  # lost more often than it may be restarted
                outcome = Outcome(job.index, reason=f"its Ray worker was lost: {one_line(str(exc))[:200]}")
            except ray.exceptions.RayError as exc:
                outcome = Outcome(job.index, reason=f"on Ray: {one_line(str(exc))[:200]}")
                idle.append(actor)
            yield job, outcome

    def close(self, interrupted: bool = False) -> None:
        for actor in self.actors:
            self.ray.kill(actor)
        self.actors = []
        if self.started:
            self.ray.shutdown()
