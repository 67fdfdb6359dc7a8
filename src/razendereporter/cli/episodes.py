"""``rr ingest``, ``rr episodes``, ``rr export``: episodes in and out of the catalogue."""

from __future__ import annotations

import sys

import click

from .. import atomic
from ..errors import InvalidInput
from ..limits import BATCH_SIZE, BEAM_SIZE, THREADS_PER_CORE
from ..vocabulary import MAX_SPEAKERS
from ..subtitles import FORMATS
from ..transcribe import ENGINES, DutchSettings
from .common import Settings, emit, output_options, pass_settings, pass_settings_creating, warn


class _Progress:
    """A click progress bar over the audio's duration, opened at the first update."""

    def __init__(self, settings: Settings):
        self.enabled = not (settings.quiet or settings.as_json)
        self.bar = None
        self.shown = 0

    def __call__(self, done: float, total: float) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            seconds = max(1, int(total))
            self.bar = click.progressbar(length=seconds, label="transcribing", file=sys.stderr, show_eta=True,
                                         show_percent=True, item_show_func=lambda _: f"{self.shown}/{seconds} s")
            self.bar.__enter__()
        step = int(done) - self.shown
        if step > 0:
            self.shown += step
            self.bar.update(step)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@click.command()
@click.argument("video", type=click.Path())
@click.option("--wijk", help='The neighbourhood, e.g. "Ermelo-West" (folder: ermelo-west); needed but for a '
              'manifest that names one on each line.')
@click.option("--title", help="Episode title; its slug names the files (default: the video's file name).")
@click.option("--article", help="Link the episode to this article slug (see `rr articles`).")
@click.option("--slot", type=click.IntRange(min=1), help="Which video of the article this is (1-based).")
@click.option("--speakers", type=click.IntRange(1, MAX_SPEAKERS), help="Number of speakers, if known (default: estimated, "
              "with the linked article's people as a hint).")
@click.option("--diarizer", default="default", show_default=True, help="Speaker diarizer: default (GE2E voice "
              "embeddings), mfcc, or pyannote if you have its model.")
@click.option("--engine", type=click.Choice(sorted(ENGINES)), default="faster-whisper", show_default=True)
@click.option("--model", help="Whisper model: 'base' (embedded, offline) or a larger name/path you have.")
@click.option("--language", default="nl", show_default=True, help="Spoken language.")
@click.option("--batch-size", type=click.IntRange(*BATCH_SIZE), default=4, show_default=True,
              help="faster-whisper batch size; 1 = sequential.")
@click.option("--beam-size", type=click.IntRange(*BEAM_SIZE), default=5, show_default=True,
              help="Whisper beam search width; 1 = greedy.")
@click.option("--threads", type=click.IntRange(min=0), default=0,
              help=f"CPU threads (0 = all cores; at most {THREADS_PER_CORE} per core).")
@click.option("--force", is_flag=True, help="Transcribe again even if this video is done.")
@click.option("--workers", type=click.IntRange(min=1), help="Episodes at once, for a FOLDER or MANIFEST "
              "(default: from the cores and free memory, 2 threads and 0.8 GB each).")
@click.option("--ray", "ray_address", metavar="ADDRESS", help="Run the transcriptions on this Ray cluster ('auto': "
              "the one this machine is in; default $RAY_ADDRESS for a FOLDER or MANIFEST).")
@click.option("--vocabulary", type=click.Path(dir_okay=False), help="A UTF-8 file of your own terms, one a line "
              "(names, places), given to Whisper with the linked article's names; an empty file takes them away.")
# Hidden: only to measure what the pass costs (bench/); without it skipped speech is lost.
@click.option("--no-gap-pass", "no_gap_pass", is_flag=True, hidden=True)
@output_options
@pass_settings_creating
def ingest(settings: Settings, video, wijk, title, article, slot, speakers, diarizer, engine, model, language, batch_size, beam_size, threads, force,
           workers, ray_address, vocabulary, no_gap_pass):
    """Transcribe VIDEO to Dutch WebVTT subtitles and record it in the catalogue.

    VIDEO may also be a FOLDER (every video in it, titled by its file name) or a MANIFEST
    (.csv, .yaml: columns file, wijk, title, article, slot, and optionally language, model,
    speakers; checked whole before anything starts). Their episodes are transcribed in
    parallel and a summary ends the run; the same command again resumes.
    """
    from .. import pipeline  # imported when the command runs: `rr --help` stays quick

    stt = DutchSettings(language=language, beam_size=beam_size, batch_size=batch_size, threads=threads,
                        fill_gaps=not no_gap_pass, config=settings.config)
    from ..pipeline.manifest import is_batch

    if workers or ray_address or is_batch(video):
        from .batch import ingest_many

        options = pipeline.IngestOptions(title=title, article=article, slot=slot, speakers=speakers, diarizer=diarizer,
                                         engine=engine, model=model, settings=stt, force=force, vocabulary=vocabulary)
        return ingest_many(settings, video, wijk, options, workers=workers, ray=ray_address)
    if not wijk:
        raise InvalidInput("wijk", "is needed: the neighbourhood the episode belongs to")
    progress = _Progress(settings)

    def log(message: str) -> None:
        progress.close()  # a message after the bar starts on a line of its own
        if not (settings.quiet or settings.as_json):
            click.echo(message, err=True)

    try:
        result = pipeline.ingest(settings.catalogue, video, wijk, title=title, article=article, slot=slot,
                                 speakers=speakers, diarizer=diarizer, engine=engine, model=model,
                                 settings=stt, force=force, vocabulary=vocabulary, progress=progress, log=log)
    finally:
        progress.close()
    episode = result.episode
    for message in result.warnings:
        warn(settings, message)
    emit(settings, {"status": result.status, "seconds": round(result.seconds, 3), "episode": episode},
         f"{result.status}: {episode['id']} ({episode['wijk']}) -> {episode['vtt']} "
         f"[{episode.get('cues', 0)} cues, {result.seconds:.1f} s]")


@click.command()
@output_options
@pass_settings
def episodes(settings: Settings):
    """List the catalogued episodes."""
    from .. import pipeline  # imported when the command runs: `rr --help` stays quick

    rows = pipeline.list_episodes(settings.catalogue)
    lines = [f"{e['id']:<32} {e['wijk'] or '-':<20} {e['duration'] or 0:>7.1f} s  {e['cues'] or 0:>4} cues  "
             f"{e['article'] or '-'}" + ("" if e["complete"] else _unfinished(e)) for e in rows]
    emit(settings, rows, "\n".join(lines) if lines else "no episodes yet")


def _unfinished(episode: dict) -> str:
    """What an episode whose ingest did not finish lacks, and the command that finishes it."""
    video = (episode.get("source") or {}).get("path") or episode.get("video") or "VIDEO"
    return (f"  INCOMPLETE (done: {', '.join(episode['steps']) or 'nothing'}; finish with "
            f"`rr ingest {video} --wijk {episode['wijk']}`)")


@click.command()
@click.argument("episode")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="vtt", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@output_options
@pass_settings
def export(settings: Settings, episode, fmt, output):
    """Print or write EPISODE's transcript as WebVTT, SRT, plain text or JSON."""
    from .. import pipeline  # imported when the command runs: `rr --help` stays quick

    text = pipeline.export(settings.catalogue, episode, fmt)
    if output:
        atomic.write_text(output, text)
    else:
        click.echo(text, nl=False)


