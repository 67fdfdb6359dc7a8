"""``rr ingest FOLDER`` and ``rr ingest MANIFEST``: many episodes at once, the summary at the end."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import InvalidInput
from ..text import one_line
from .common import Settings, emit, warn


def ingest_many(settings: Settings, source: str, wijk: str | None, options, *, workers: int | None,
                ray: str | None) -> None:
    """Read the folder or the manifest (all its problems at once), run the batch, sum it up."""
    from ..pipeline import batch, manifest

    path = Path(source)
    many = manifest.is_batch(path)
    if many and (options.title or options.slot):
        raise InvalidInput("title" if options.title else "slot", "is for one video; the episodes of a folder are "
                           "titled by their file names, a manifest gives each its own")
    if not wijk and not (many and not path.is_dir()):
        raise InvalidInput("wijk", "is needed for a video or a folder (a manifest may name a wijk per line)")
    if path.is_dir():
        items = manifest.read_folder(path, wijk)
    elif many:
        try:
            items = manifest.read_manifest(settings.catalogue, path, wijk=wijk, base=options)
        except manifest.BadManifest as exc:
            for problem in exc.problems:
                click.echo(f"error: {path.name} {one_line(problem)}", err=True)
            click.echo(f"error: nothing ingested; {len(exc.problems)} problem(s) in {path}", err=True)
            sys.exit(exc.exit_code)
    else:  # one video, on the workers or the cluster asked for
        items = [manifest.BatchItem(video=path, wijk=wijk, title=options.title)]
    result = batch.ingest_batch(settings.catalogue, items, options=options, workers=workers,
                                ray=ray or (settings.config.ray_address if many else None),
                                progress=_progress(settings))
    _summary(settings, result)
    if result.failed:
        sys.exit(1)


def _progress(settings: Settings):
    if settings.quiet or settings.as_json:
        return None

    def show(p) -> None:
        left = p.seconds_left
        eta = "" if left is None or p.done == p.total else f", about {_clock(left)} left"
        now = f"; now: {', '.join(p.current)}" if p.current and p.done < p.total else ""
        last = f" {p.last.status} {p.last.episode or p.last.item.video.name}" if p.last else ""
        click.echo(f"[{p.done}/{p.total}]{last} — {_hours(p.audio_done)} of {_hours(p.audio_total)} of "
                   f"audio{eta}{now}", err=True)

    return show


def _hours(seconds: float) -> str:
    return f"{seconds / 3600:.2f} h" if seconds >= 3600 else f"{seconds / 60:.1f} min"


def _clock(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{max(1, minutes)} min"


def _summary(settings: Settings, result) -> None:
    rows = [{"file": str(r.item.video), "line": r.item.line, "wijk": r.item.wijk, "status": r.status,
             "episode": r.episode, "reason": r.reason, "cpu_seconds": round(r.cpu_seconds, 2),
             "record_seconds": round(r.record_seconds, 3)} for r in result.results]
    for r in result.results:
        for message in r.warnings:
            warn(settings, f"{r.episode or r.item.video.name}: {message}")
    counts = {s: result.count(s) for s in ("done", "unchanged", "failed")}
    lines = [f"{r['status']}: {r['episode'] or r['file']}" + (f" (line {r['line']})" if r["line"] else "")
             + (f": {_without_file(r['reason'], r['file'])}" if r["reason"] else "") for r in rows]
    lines.append(f"{counts['done']} done, {counts['unchanged']} unchanged, "
                 f"{counts['failed']} failed, of {len(rows)} in {result.seconds:.1f} s"
                 + (f" ({result.workers} worker(s) × {result.threads} threads)" if result.workers else ""))
    emit(settings, {**counts, "seconds": round(result.seconds, 3), "workers": result.workers,
                    "threads": result.threads, "episodes": rows}, "\n".join(lines))


def _without_file(reason: str, file: str) -> str:
    """The reason without the file name it often starts with: the line names the file already."""
    return reason[len(file) + 2:] if reason.startswith(f"{file}: ") else reason
