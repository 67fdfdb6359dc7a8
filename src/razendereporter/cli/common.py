"""What every CLI command shares: the settings object, output in text or JSON, errors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ..catalogue import Catalog


@dataclass
class Settings:
    root: Path
    quiet: bool = False
    as_json: bool = False

    @property
    def catalog(self) -> Catalog:
        return Catalog(self.root)


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
