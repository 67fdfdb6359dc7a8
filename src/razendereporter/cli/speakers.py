"""``rr speakers EPISODE``: list who speaks, and let the editor name them.

Renaming rewrites the sidecar, the VTT's ``<v Name>`` spans and the catalogue's speakers and
quotes rows from the stored transcript; the model never runs again.
"""

from __future__ import annotations

import click

from ..vocabulary import ROLES
from .common import Settings, emit, output_options, pass_settings


def _table(rows: list[dict]) -> str:
    if not rows:
        return "no speakers yet (the speaker step has not run on this episode)"
    lines = []
    for r in rows:
        role = r["role_label"] or r["role"] or "?"
        check = "  <- check" if r["method"] in ("article", "default") and r["confidence"] < 0.6 else ""
        lines.append(f"{r['label']:<4} {r['name']:<24} {role:<16} {r['method']:<18} {r['confidence']:.2f} "
                     f"{r['talk_time']:>7.1f} s  \"{r['sample']}\"{check}")
    return "\n".join(lines)


@click.command("speakers")
@click.argument("episode")
@click.option("--set", "assignments", multiple=True, metavar="LABEL=NAME",
              help='Name a speaker cluster, e.g. --set S2="Stefan Ramaker" (repeatable).')
@click.option("--role", type=click.Choice(ROLES), default=None,
              help="Role for the speaker(s) named with --set (default: their role in the article).")
@click.option("--role-label", default=None, help='Free role label, e.g. "woningcorporatie" with --role overig.')
@output_options
@pass_settings
def speakers(settings: Settings, episode: str, assignments: tuple[str, ...], role: str | None,
             role_label: str | None) -> None:
    """List EPISODE's speakers (talk time, a sample line, how each name was decided), or name them.

    \b
    Examples:
      rr speakers zilverkamp-01
      rr speakers zilverkamp-01 --set S2="Stefan Ramaker" --role ambtenaar
    """
    from .. import pipeline  # imported when the command runs: `rr --help` stays quick

    rows = pipeline.speakers(settings.catalogue, episode, assignments, role, role_label)
    emit(settings, rows, _table(rows))
