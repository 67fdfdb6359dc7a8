"""The ``rr`` / ``razendereporter`` command: a thin layer over the library."""

from __future__ import annotations

import sys

import click

from . import __version__
from .cli_common import Settings, emit, output_options, pass_settings, warn
from .engines import ENGINES, DutchSettings
from .errors import RRError
from .root import resolve_root


class _Group(click.Group):
    """Turns library errors and Ctrl-C into one line and a non-zero exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except RRError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted: nothing half-written; run the same command again to resume", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="razendereporter")
@click.option("--root", envvar="RR_ROOT", type=click.Path(file_okay=False), default=None,
              help="Catalogue root holding media/, transcripts/ and catalog.json (default: current folder, or $RR_ROOT).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON on stdout.")
@click.pass_context
def main(ctx: click.Context, root: str | None, quiet: bool, as_json: bool) -> None:
    """Dutch interview videos to subtitles, named speakers and a searchable quote catalogue."""
    ctx.obj = Settings(root=resolve_root(root), quiet=quiet, as_json=as_json)  # errors: see _Group


# ---------------------------------------------------------------------------------------
# Episodes: ingest, list, export



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


@main.command()
@click.argument("video", type=click.Path(dir_okay=False))
@click.option("--wijk", required=True, help='The neighbourhood, e.g. "Ermelo-West" (folder: ermelo-west).')
@click.option("--title", help="Episode title; its slug names the files (default: the video's file name).")
@click.option("--article", help="Link the episode to this article slug (see `rr articles`).")
@click.option("--slot", type=int, help="Which video of the article this is (1-based).")
@click.option("--speakers", type=click.IntRange(1, 12), help="Number of speakers, if known (default: estimated, "
              "with the linked article's people as a hint).")
@click.option("--diarizer", default="default", show_default=True, help="Speaker diarizer: default (GE2E voice "
              "embeddings), mfcc, or pyannote if you have its model.")
@click.option("--engine", type=click.Choice(sorted(ENGINES)), default="faster-whisper", show_default=True)
@click.option("--model", help="Whisper model: 'base' (embedded, offline) or a larger name/path you have.")
@click.option("--language", default="nl", show_default=True, help="Spoken language.")
@click.option("--batch-size", type=click.IntRange(1, 64), default=4, show_default=True, help="faster-whisper batch size; 1 = sequential.")
@click.option("--beam-size", type=int, default=5, show_default=True)
@click.option("--threads", type=int, default=0, help="CPU threads (0 = all cores).")
@click.option("--force", is_flag=True, help="Transcribe again even if this video is done.")
@output_options
@pass_settings
def ingest(settings: Settings, video, wijk, title, article, slot, speakers, diarizer, engine, model, language, batch_size, beam_size, threads, force):
    """Transcribe VIDEO to Dutch WebVTT subtitles and record it in the catalogue."""
    from . import pipeline

    stt = DutchSettings(language=language, beam_size=beam_size, batch_size=batch_size, threads=threads)
    progress = _Progress(settings)

    def log(message: str) -> None:
        progress.close()  # a message after the bar starts on a line of its own
        if not (settings.quiet or settings.as_json):
            click.echo(message, err=True)

    try:
        result = pipeline.ingest(settings.root, video, wijk, title=title, article=article, slot=slot,
                                 speakers=speakers, diarizer=diarizer, engine=engine, model=model,
                                 settings=stt, force=force, progress=progress, log=log)
    finally:
        progress.close()
    episode = result.episode
    for message in result.warnings:
        warn(settings, message)
    emit(settings, {"status": result.status, "seconds": round(result.seconds, 3), "episode": episode},
         f"{result.status}: {episode['id']} ({episode['wijk']}) -> {episode['vtt']} "
         f"[{episode.get('cues', 0)} cues, {result.seconds:.1f} s]")


@main.command()
@output_options
@pass_settings
def episodes(settings: Settings):
    """List the catalogued episodes."""
    from . import pipeline

    rows = pipeline.list_episodes(settings.root)
    lines = [f"{e['id']:<32} {e['wijk']:<20} {e.get('duration', 0):>7.1f} s  {e.get('cues', 0):>4} cues  "
             f"{e.get('article') or '-'}" for e in rows]
    emit(settings, rows, "\n".join(lines) if lines else "no episodes yet")


@main.command()
@click.argument("episode")
@click.option("--format", "fmt", type=click.Choice(["vtt", "srt", "txt", "json"]), default="vtt", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@output_options
@pass_settings
def export(settings: Settings, episode, fmt, output):
    """Print or write EPISODE's transcript as WebVTT, SRT, plain text or JSON."""
    from . import atomic, pipeline

    text = pipeline.export(settings.root, episode, fmt)
    if output:
        atomic.write_text(output, text)
    else:
        click.echo(text, nl=False)


from .cli_articles import articles, link, wijken  # noqa: E402  (commands defined over there)
from .cli_speakers import speakers as speakers_command  # noqa: E402

for _command in (articles, wijken, link, speakers_command):
    main.add_command(_command)
