"""CLI for quote search: a thin layer over :mod:`razendereporter.search`.

Register on the main group with::

    main.add_command(search)
    main.add_command(index)
    main.add_command(quotes)
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from .common import Settings, emit, output_options, pass_settings, warn
from ..errors import RRError
from ..limits import MAX_CONTEXT, MAX_LIMIT

ROLE_COLOURS = {"ambtenaar": "blue", "bewoner": "green", "energieadviseur": "magenta", "verslaggever": "cyan"}


def filter_options(command):
    """The filters shared by ``rr search`` and ``rr quotes export``."""
    options = [
        click.option("--role", multiple=True, help="Only this role (repeatable): bewoner, ambtenaar, "
                     "energieadviseur, verslaggever, overig, onbekend."),
        click.option("--wijk", multiple=True, help="Only this wijk (repeatable), e.g. Ermelo-West."),
        click.option("--gemeente", help="Only wijken in this gemeente."),
        click.option("--speaker", help='Only quotes by this person ("Arjen Baatje"; every word must match).'),
        click.option("--article", help="Only episodes linked to this article (slug or title)."),
        click.option("--episode", help="Only this episode (id)."),
        click.option("--from", "date_from", metavar="DATE", help="Visits on or after DATE (2023-01-01, 2023-01, 2023)."),
        click.option("--to", "date_to", metavar="DATE", help="Visits on or before DATE."),
        click.option("--corrected", is_flag=True, help="Only quotes an editor corrected (`rr correct`): text to cite."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _filters(kw: dict):
    from ..search import Filters

    return Filters(role=tuple(kw.pop("role", ())), wijk=tuple(kw.pop("wijk", ())), gemeente=kw.pop("gemeente", None),
                   speaker=kw.pop("speaker", None), article=kw.pop("article", None), episode=kw.pop("episode", None),
                   date_from=kw.pop("date_from", None), date_to=kw.pop("date_to", None),
                   corrected=bool(kw.pop("corrected", False)))


@click.command("search")
@click.argument("query")
@filter_options
@click.option("--limit", type=click.IntRange(1, MAX_LIMIT), default=20, show_default=True, help="How many hits to show.")
@click.option("--context", type=click.IntRange(0, MAX_CONTEXT), default=0, show_default=True,
              help="Also show the N quotes before and after each hit.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv"]), default="table",
              show_default=True, help="Output format.")
@output_options
@pass_settings
def search(settings: Settings, query: str, limit: int, context: int, fmt: str, **kw) -> None:
    """Search the quotes for QUERY, best first.

    \b
    QUERY: words (all must occur), "an exact phrase", prefix*, OR, NOT or -word, (brackets).
    Case, accents and word forms do not matter: subsidies finds subsidie.
    \b
    Examples:
      rr search isolatie --role ambtenaar
      rr search '"aardgasvrij wonen" OR warmtenet' --wijk Ermelo-West --context 1
    """
    from .. import search as lib

    result = lib.search(settings.catalogue, query, _filters(kw), limit=limit, context=context)
    if settings.as_json or fmt == "json":
        settings.as_json = True
        emit(settings, result.to_dict())
    elif fmt in ("jsonl", "csv"):
        from ..search import export

        export.write(result.hits, sys.stdout, fmt)
    else:
        colour = sys.stdout.isatty() and not settings.quiet
        emit(settings, result.to_dict(), render_table(result, colour))


def render_table(result, colour: bool) -> str:
    """Hits as text: time, who, where, the snippet with the match highlighted, the links."""
    style = click.style if colour else (lambda text, **_: text)
    out = []
    for n, hit in enumerate(result.hits, 1):
        who = f"{hit.person or hit.speaker or '?'} ({hit.role or 'onbekend'})"
        out.append(f"{n:>3}. {style(hit.time, bold=True)}  {style(who, fg=ROLE_COLOURS.get(hit.role))}  "
                   f"{hit.wijk_name or hit.wijk or '-'} / {hit.episode_title or hit.episode}")
        for before in hit.before:
            out.append(f"       {before.time}  {before.person or before.speaker or '?'}: {before.text}")
        out.append("       " + _highlight(hit.snippet, hit.highlights, style))
        if hit.corrected:
            out.append(f"       {style(_corrected(hit.corrected), dim=True)}")
        for after in hit.after:
            out.append(f"       {after.time}  {after.person or after.speaker or '?'}: {after.text}")
        out.append(f"       {style(hit.link or '-', dim=True)}" + (f"  {hit.url}" if hit.url else ""))
    shown = f"{len(result.hits)} of {result.total}" if result.total > len(result.hits) else str(result.total)
    out.append(f"{shown} quote{'s' if result.total != 1 else ''}" if result.total else "no quotes found")
    if result.total:
        out.append("by role: " + ", ".join(f"{k} {v}" for k, v in result.facets.role.items()))
        out.append("by wijk: " + ", ".join(f"{k} {v}" for k, v in result.facets.wijk.items()))
    return "\n".join(out)


def _corrected(label: dict) -> str:
    return f"corrected by {', '.join(label.get('by') or ['?'])} on {(label.get('when') or '')[:10]}"


def _highlight(text: str, spans, style) -> str:
    pieces, pos = [], 0
    for start, end in spans:
        pieces += [text[pos:start], style(text[start:end], fg="yellow", bold=True)]
        pos = end
    return "".join(pieces) + text[pos:]


@click.group("index")
def index() -> None:
    """The quote search index (.rr-index/ next to catalog.json): rebuild, status."""


@index.command("rebuild")
@output_options
@pass_settings
def rebuild(settings: Settings) -> None:
    """Build the search index anew from catalog.json."""
    from .. import search as lib

    lib.rebuild(settings.catalogue)
    info = lib.status(settings.catalogue)
    emit(settings, info, f"index rebuilt: {info.get('documents', 0)} documents, {info.get('episodes', 0)} episodes")


@index.command("status")
@output_options
@pass_settings
def status(settings: Settings) -> None:
    """Whether the index is in step with catalog.json (a search brings it in step)."""
    from .. import search as lib

    info = lib.status(settings.catalogue)
    text = f"{info['state']}: {info['index']}" + (f" ({info['reason']})" if info["reason"] else "")
    if "documents" in info:
        text += f"\n{info['documents']} documents, {info['episodes']} episodes"
    emit(settings, info, text)


@click.group("quotes")
def quotes() -> None:
    """The quote catalogue: export for researchers."""


@quotes.command("export")
@click.argument("query", required=False)
@filter_options
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "opensearch"]), default="csv", show_default=True)
@click.option("--excel", is_flag=True, help="CSV for Excel: with a UTF-8 byte order mark.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE (default: standard output).")
@output_options
@pass_settings
def export(settings: Settings, query: str | None, fmt: str, excel: bool, output: str | None, **kw) -> None:
    """Export the quotes matching QUERY and the filters (all quotes without them).

    --format opensearch writes bulk NDJSON to FILE and the index mapping (with the same
    Dutch analyzer and stem overrides) to FILE's name with .mapping.json.
    """
    from .. import atomic
    from .. import search as lib

    if excel and fmt != "csv":
        raise RRError("--excel applies to --format csv only")
    filters = _filters(kw)
    if output is None:
        if fmt == "opensearch":
            raise RRError("--format opensearch needs -o FILE: it writes the bulk file and a mapping file")
        count = lib.export_quotes(settings.catalogue, sys.stdout, fmt, query, filters, excel=excel)
        if not count:
            warn(settings, "no quotes matched")
        return
    target = Path(output)
    mapping = target.with_name(target.stem + ".mapping.json")
    # Binary under a text wrapper with newline="": the CSV's CRLF stays CRLF on Windows too.
    with atomic.atomic_open(target, "wb") as raw:
        out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        if fmt == "opensearch":
            with atomic.atomic_open(mapping, "w") as map_out:
                count = lib.export_quotes(settings.catalogue, out, fmt, query, filters, mapping_out=map_out)
        else:
            count = lib.export_quotes(settings.catalogue, out, fmt, query, filters, excel=excel)
        out.flush()
        out.detach()
    written = f"{count} quotes written to {target}" + (f" (mapping: {mapping})" if fmt == "opensearch" else "")
    emit(settings, {"count": count, "output": str(target),
                    "mapping": str(mapping) if fmt == "opensearch" else None}, written)
