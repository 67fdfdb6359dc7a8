"""What every CLI command shares: the settings object, output in text or JSON, errors."""

from __future__ import annotations

import functools
import json
import logging
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import click

from ..catalogue import Catalogue
from ..config import Config
from ..errors import NotFound
from ..text import one_line, printable

# What json.dumps(ensure_ascii=False) would print raw and a terminal might act on: C1
# controls and bidi overrides. Written as \u escapes, the JSON means the same.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Settings:
    """What every command gets: the root, the configuration read once, the output wanted."""

    root: Path
    config: Config = field(default_factory=Config.from_env)
    quiet: bool = False
    as_json: bool = False

    @cached_property
    def catalogue(self) -> Catalogue:
        """The command's one catalogue object, opened on first use."""
        return Catalogue(self.root, self.config)

    def require_root(self) -> None:
        if not self.root.exists():
            raise NotFound(f"catalogue root {self.root} does not exist; check --root or $RR_ROOT")


class WarningsToStderr(logging.Handler):
    """The library's warnings (``logging``) as ``warning: ...`` lines, unless ``--quiet``."""

    def __init__(self, settings: Settings):
        super().__init__(logging.WARNING)
        self.settings = settings

    def emit(self, record: logging.LogRecord) -> None:
        if not self.settings.quiet or record.levelno >= logging.ERROR:
            word = "error" if record.levelno >= logging.ERROR else "warning"
            click.echo(f"{word}: {one_line(record.getMessage())}", err=True)


# The commands that may start a catalogue (ingest, articles import) take the settings as they
# are; every other command reads one, so a --root that does not exist is a typo, said at once.
pass_settings_creating = click.make_pass_decorator(Settings)


def pass_settings(command):
    @functools.wraps(command)
    def checked(settings: Settings, *args, **kwargs):
        settings.require_root()
        return command(settings, *args, **kwargs)

    return pass_settings_creating(checked)


def _set_flag(name: str):
    def callback(ctx: click.Context, _param, value: bool) -> None:
        if value:
            setattr(ctx.find_object(Settings), name, True)

    return callback


def output_options(command):
    """``--quiet`` and ``--json`` after a subcommand too (``rr ingest x --json``)."""
    command = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_flag("quiet"),
                           help="Print only errors.")(command)
    return click.option("--json", is_flag=True, expose_value=False, callback=_set_flag("as_json"),
                        help="Machine-readable JSON on stdout.")(command)


def emit(settings: Settings, data: Any, text: str | None = None) -> None:
    """Print ``data`` as JSON with ``--json``, else ``text`` (unless ``--quiet``).

    Nothing from the catalogue reaches the terminal as a control character (ESC, BEL) or a
    bidi override: text is cleaned, JSON escapes them.
    """
    if settings.as_json:
        text = json.dumps(data, ensure_ascii=False, indent=2)
        click.echo(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text))
    elif text is not None and not settings.quiet:
        click.echo(printable(text))


def warn(settings: Settings, message: str) -> None:
    if not settings.quiet:
        click.echo(f"warning: {one_line(message)}", err=True)
