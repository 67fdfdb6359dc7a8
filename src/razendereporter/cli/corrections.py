"""``rr correct`` and ``rr history``: an editor's corrected words in, and the record of them.

Thin: the library (pipeline/correct.py) diffs, aligns, records and publishes; this parses and prints.
"""

from __future__ import annotations

import dataclasses

import click

from ..errors import RRError
from .common import Settings, emit, output_options, pass_settings, warn


@click.command("correct")
@click.argument("episode")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--editor", help="Who corrected it, for the history (default: your login name).")
@click.option("--undo", "undo", type=click.IntRange(min=1), is_flag=False, flag_value=1, default=None, metavar="[N]",
              help="Take back the last N saves (default 1) instead of importing a FILE.")
@click.option("--threads", type=click.IntRange(min=0), default=0, show_default=True,
              help="CPU threads for the alignment (0 = all).")
@output_options
@pass_settings
def correct(settings: Settings, episode: str, file: str | None, editor: str | None, undo: int | None,
            threads: int) -> None:
    """Correct EPISODE's words with FILE: its subtitles corrected in a subtitle editor (WebVTT or SRT,
    `<v Name>` voices included) or plain text, one cue a line.

    Unchanged words keep their times; changed and added words are aligned to the audio with the
    Whisper model; cue times you changed are kept. The VTT, sidecar, quotes and search index are
    published again, and each change is recorded (see `rr history`).

    \b
    Examples:
      rr export arjen-baatje > arjen-baatje.vtt    # correct it in Subtitle Edit or a text editor
      rr correct arjen-baatje arjen-baatje.vtt --editor "Anna de Vries"
      rr correct arjen-baatje --undo               # take the last save back
    """
    from ..pipeline import correct as corrections  # imported when the command runs: `rr --help` stays quick

    if (file is None) == (undo is None):
        raise RRError("give a corrected FILE, or --undo [N] to take corrections back (not both)")

    def log(message: str) -> None:
        if not (settings.quiet or settings.as_json):
            click.echo(message, err=True)

    if undo is not None:
        result = corrections.undo(settings.catalogue, episode, undo)
    else:
        result = corrections.correct_file(settings.catalogue, episode, file, editor, threads=threads, log=log)
    for message in result.warnings:
        warn(settings, message)
    emit(settings, dataclasses.asdict(result), _summary(result))


def _summary(result) -> str:
    episode = result.episode
    if result.status == "unchanged":
        return f"unchanged: {episode['id']} already has these words"
    places = len(result.records)
    if result.status == "undone":
        saves = len({r.get("save") for r in result.records})
        return (f"undone: {saves} save{'s' * (saves != 1)} ({places} change{'s' * (places != 1)}) of {episode['id']} "
                f"-> {episode['vtt']}")
    aligned = (f", {result.words_aligned} aligned to the audio ({result.align_cpu_s:.1f} s CPU for "
               f"{result.audio_s:.1f} s of audio)") if result.words_aligned else ""
    return (f"corrected: {episode['id']}, {result.words_changed} words in {places} place{'s' * (places != 1)}"
            f"{aligned} -> {episode['vtt']}")


@click.command("history")
@click.argument("episode")
@output_options
@pass_settings
def history(settings: Settings, episode: str) -> None:
    """List the corrections made to EPISODE, oldest first, by save (what `rr correct --undo` takes back)."""
    from ..pipeline import correct as corrections  # imported when the command runs: `rr --help` stays quick

    records = corrections.history(settings.catalogue, episode)
    lines, save = [], None
    for record in records:
        if record.get("save") != save:
            save = record.get("save")
            lines.append(f"save {save}  {record.get('when', '')}  {record.get('editor', '')}")
        lines.append(f"  {_moment(record['start'])}-{_moment(record['end'])}  {record['change']}")
    emit(settings, records, "\n".join(lines) if lines else "no corrections yet")


def _moment(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}:{rest:04.1f}"
