"""``rr speakers EPISODE``: list who speaks, and let the editor name them.

Renaming rewrites the sidecar, the VTT's ``<v Name>`` spans and the catalogue's speakers and
quotes rows from the stored transcript; the model never runs again.
"""

from __future__ import annotations

import re

import click

from .cli_common import Settings, emit, output_options, pass_settings
from .errors import RRError
from .speakers import ROLES, editor_overrides, name_speakers, summary

_ASSIGN = re.compile(r"^\s*(S\d+)\s*=\s*(.+?)\s*$")


def parse_assignment(text: str) -> tuple[str, str]:
    """``S2=Stefan Ramaker`` → ("S2", "Stefan Ramaker")."""
    m = _ASSIGN.match(text)
    if not m:
        raise RRError(f"--set wants LABEL=NAME, e.g. --set S2=\"Stefan Ramaker\"; got {text!r}")
    name = m.group(2).strip("\"'").strip()
    if not name:
        raise RRError(f"--set {m.group(1)}= needs a name")
    return m.group(1), name


def _article(settings: Settings, episode: dict) -> dict | None:
    slug = episode.get("article")
    return settings.catalog.get("articles", slug=slug) if slug else None


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
    from . import pipeline

    record, transcript = pipeline.load_episode(settings.root, episode)
    if (role or role_label) and not assignments:
        raise RRError("--role and --role-label go with --set LABEL=NAME")
    if assignments:
        labels = {w.speaker for w in transcript.words if w.speaker} | set(transcript.speakers)
        overrides = editor_overrides(transcript)
        for text in assignments:
            label, name = parse_assignment(text)
            if label not in labels:
                known = ", ".join(sorted(labels)) or "none"
                raise RRError(f"episode {record['id']} has no speaker {label} (speakers: {known})")
            overrides[label] = {"name": name, **({"role": role} if role else {}),
                                **({"role_label": role_label} if role_label else {})}
        name_speakers(transcript, _article(settings, record), record.get("slot"), overrides)
        pipeline.publish(settings.root, record["id"], transcript)
    rows = summary(transcript)
    emit(settings, rows, _table(rows))
