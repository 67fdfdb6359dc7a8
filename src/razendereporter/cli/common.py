"""What every CLI command shares: the settings object, output in text or JSON, errors."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import click

from ..catalogue import Catalogue
from ..config import Config


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


class WarningsToStderr(logging.Handler):
    """The library's warnings (``logging``) as ``warning: ...`` lines, unless ``--quiet``."""

    def __init__(self, settings: Settings):
        super().__init__(logging.WARNING)
        self.settings = settings

    def emit(self, record: logging.LogRecord) -> None:
        if not self.settings.quiet or record.levelno >= logging.ERROR:
            word = "error" if record.levelno >= logging.ERROR else "warning"
            click.echo(f"{word}: {record.getMessage()}", err=True)


pass_settings = click.make_pass_decorator(Settings)


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
    """Print ``data`` as JSON with ``--json``, else ``text`` (unless ``--quiet``)."""
    if settings.as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif text is not None and not settings.quiet:
        click.echo(text)


def warn(settings: Settings, message: str) -> None:
    if not settings.quiet:
        click.echo(f"warning: {message}", err=True)
