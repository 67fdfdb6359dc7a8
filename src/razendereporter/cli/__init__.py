"""The ``rr`` / ``razendereporter`` command: a thin layer over the library."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading


def _interrupted_while_starting(signum, frame) -> None:
    # Ctrl-C while the modules below load (a few tenths of a second): nothing has been
    # read or written yet, so leave at once, without a traceback from inside an import.
    os.write(2, b"interrupted\n")
    os._exit(130)


_PREVIOUS_SIGINT = None
if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
    _PREVIOUS_SIGINT = signal.signal(signal.SIGINT, _interrupted_while_starting)

import click

from ..errors import InvalidInput, RRError
from ..paths import resolve_root
from ..text import one_line
from .common import Settings, WarningsToStderr

# The library names parameters; the user typed flags. Parameters not listed are the flag
# of the same name (``limit`` -> ``--limit``).
FLAGS = {"date_from": "--from", "date_to": "--to", "assignments": "--set", "num_speakers": "--speakers",
         "base_url": "--base-url", "batch_size": "--batch-size", "beam_size": "--beam-size"}


def flag_of(param: str) -> str:
    if param.startswith("RR_"):  # an environment variable is named as it is
        return param
    return FLAGS.get(param, "--" + param.replace("_", "-"))


def message_of(exc: RRError) -> str:
    return exc.worded(flag_of(exc.param)) if isinstance(exc, InvalidInput) else str(exc)


def _fail(message: str, code: int) -> None:
    click.echo(f"error: {one_line(message)}", err=True)
    sys.exit(code)


def _usage_error(exc: click.ClickException) -> None:
    """A mistyped command line as one line too, with where to look (click prints four)."""
    ctx = getattr(exc, "ctx", None)
    hint = f" (see: {ctx.command_path} -h)" if ctx is not None else ""
    _fail(exc.format_message().rstrip(".") + hint, exc.exit_code)


class _Group(click.Group):
    """Turns library errors, command-line mistakes and Ctrl-C into one line and a non-zero exit code."""

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise  # plain `rr`: click shows the help
        except click.ClickException as exc:  # the group's own options: `rr --bogus`
            _usage_error(exc)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except RRError as exc:
            _fail(message_of(exc), exc.exit_code)
        except click.exceptions.NoArgsIsHelpError:
            raise  # `rr articles`: click shows the group's help
        except click.ClickException as exc:  # a command's arguments: `rr ingest x --beam-size 0`
            _usage_error(exc)
        except KeyboardInterrupt:
            click.echo("interrupted: nothing half-written; run the same command again to resume", err=True)
            # Every with/finally below has run; leave now. Python's own shutdown after a Ctrl-C in
            # a batch (joining the worker pool's threads) could end the process by SIGINT instead.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(130)


HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}


@click.group(cls=_Group, context_settings=HELP_OPTIONS)
# The version is looked up only for --version: importlib.metadata costs every command 50 ms otherwise.
@click.version_option(package_name="razendereporter", prog_name="razendereporter")
@click.option("--root", envvar="RR_ROOT", type=click.Path(file_okay=False), default=None,
              help="Catalogue root holding media/, transcripts/ and catalog.json (default: current folder, or $RR_ROOT).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON on stdout.")
@click.pass_context
def main(ctx: click.Context, root: str | None, quiet: bool, as_json: bool) -> None:
    """Dutch interview videos to subtitles, named speakers and a searchable quote catalogue."""
    ctx.obj = settings = Settings(root=resolve_root(root), quiet=quiet, as_json=as_json)  # errors: see _Group
    library = logging.getLogger("razendereporter")
    library.handlers = [WarningsToStderr(settings)]
    library.propagate = False


from .articles import articles, link, wijken  # noqa: E402  (each group in its own module)
from .corrections import correct, history  # noqa: E402
from .episodes import episodes, export, ingest  # noqa: E402
from .search import index, quotes, search  # noqa: E402
from .site import serve, site  # noqa: E402
from .speakers import speakers  # noqa: E402

def _short_help(command: click.Command) -> None:
    """``-h`` on every command itself, not only through the group: click keeps the help option
    a command first built, so one invoked on its own (a script, a test) would otherwise lose
    ``-h`` for good, and the README's reference with it."""
    command.context_settings = {**HELP_OPTIONS, **command.context_settings}
    for sub in getattr(command, "commands", {}).values():
        _short_help(sub)


for _command in (ingest, episodes, export, correct, history, articles, wijken, link, speakers, search, quotes, index,
                 site, serve):
    _short_help(_command)
    main.add_command(_command)

if _PREVIOUS_SIGINT is not None:  # loaded: Ctrl-C is click's and _Group's again
    signal.signal(signal.SIGINT, _PREVIOUS_SIGINT)
