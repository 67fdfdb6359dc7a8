"""What every CLI command shares: the settings object, output in text or JSON, errors."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from .catalog import Catalog


@dataclass
class Settings:
    root: Path
    quiet: bool = False
    as_json: bool = False

    @property
    def catalog(self) -> Catalog:
        return Catalog(self.root)


pass_settings = click.make_pass_decorator(Settings)


def emit(settings: Settings, data: Any, text: str | None = None) -> None:
    """Print ``data`` as JSON with ``--json``, else ``text`` (unless ``--quiet``)."""
    if settings.as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif text is not None and not settings.quiet:
        click.echo(text)


def warn(settings: Settings, message: str) -> None:
    if not settings.quiet:
        click.echo(f"warning: {message}", err=True)


def info(settings: Settings, message: str) -> None:
    if not settings.quiet and not settings.as_json:
        click.echo(message, err=True if settings.as_json else False)


def is_tty() -> bool:
    return sys.stderr.isatty()
