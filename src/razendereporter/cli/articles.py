"""``rr articles``, ``rr wijken``, ``rr link``: the programme's articles and where they were."""

from __future__ import annotations

import click

from ..vocabulary import ARTICLE_KINDS
from .common import Settings, emit, output_options, pass_settings, pass_settings_creating, warn


@click.group("articles")
def articles() -> None:
    """Articles about the visits: import, list, show, new."""


@articles.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@output_options
@pass_settings_creating
def import_(settings: Settings, paths: tuple[str, ...]) -> None:
    """Import articles from FILE_OR_DIR: site text (.txt), saved pages (.html) or editors' files (.md).

    Importing again updates the same records; an editor's .md file always wins over text
    extracted from the site. A broken file stops the import (nothing is written) and is
    reported with its line number.
    """
    from .. import pipeline  # imported when the command runs: `rr --help` stays quick

    results = pipeline.import_articles(settings.catalogue, list(paths))
    for message in (w for r in results for w in r.get("warnings", [])):
        warn(settings, message)
    counts: dict[str, int] = {}
    for r in results:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    lines = [f"{r['status']:<14} {r['slug']:<44} {r['kind']:<16} {r['wijk'] or '-':<18} "
             f"{r['people']} people, {r['slots']} videos" for r in results]
    lines.append(f"{len(results)} articles: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
    emit(settings, results, "\n".join(lines))


@articles.command("list")
@click.option("--kind", type=click.Choice(ARTICLE_KINDS))
@click.option("--wijk", help="Only articles about this wijk (slug, e.g. ermelo-west).")
@output_options
@pass_settings
def list_(settings: Settings, kind: str | None, wijk: str | None) -> None:
    """List the catalogued articles, oldest first."""
    from ..catalogue import articles as catalogue_articles

    rows = catalogue_articles.list_articles(settings.catalogue, kind=kind, wijk=wijk)
    lines = [f"{r.get('date') or '----------'}  {r['slug']:<44} {r['kind']:<16} {r.get('wijk') or '-':<18} "
             f"{len(r.get('people', []))} people, {len(r.get('slots', []))} videos"
             + ("  [editor]" if r.get("source") == "editor" else "") for r in rows]
    emit(settings, rows, "\n".join(lines) if lines else "no articles yet; add some with `rr articles import`")


@articles.command("show")
@click.argument("slug")
@output_options
@pass_settings
def show(settings: Settings, slug: str) -> None:
    """Show article SLUG: where and when, the people and their roles, the videos and linked episodes."""
    from ..catalogue import articles as catalogue_articles

    a = catalogue_articles.show_article(settings.catalogue, slug)
    out = [a["title"], f"  slug      {a['slug']}", f"  date      {a.get('date') or '-'}", f"  kind      {a['kind']}",
           f"  wijk      {a.get('wijk') or '-'} ({a.get('gemeente') or 'gemeente unknown'})",
           f"  url       {a.get('url') or '-'}", f"  source    {a.get('source')} ({a.get('source_file')})"]
    if a.get("summary"):
        out.append(f"  summary   {a['summary']}")
    if a.get("people"):
        out.append("people:")
        for p in a["people"]:
            role = p["role"] + (f" ({p['role_label']})" if p.get("role_label") else "")
            if p.get("secondary_role"):
                role += f", also {p['secondary_role']}"
            if p.get("role_unsure"):
                role += " (role unsure: check and correct in an editor's file)"
            elif p.get("role_confidence") is not None:
                role += f" [confidence {p['role_confidence']:.2f}]"
            name = p["name"] if p.get("named", True) else f"[{p['name']}]"
            out.append(f"  {name:<24} {role}")
            if p.get("evidence") and p["evidence"] != "editor":
                out.append(f"  {'':<24} “{p['evidence']}”")
    if a.get("slots"):
        out.append("videos:")
        for s in a["slots"]:
            linked = ", ".join(s["episodes"]) if s.get("episodes") else "no episode linked"
            out.append(f"  {s['index']}. {s.get('heading') or '(intro)'}: {', '.join(s['people'])} -> {linked}")
    unslotted = [e["id"] for e in a["episodes"] if e["slot"] is None]
    if unslotted:
        out.append(f"episodes without a slot: {', '.join(unslotted)}")
    emit(settings, a, "\n".join(out))


@articles.command("new")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--title", help='Title, e.g. "Razende Reporter in Ermelo-West" (default from --wijk).')
@click.option("--date", help='Date of the visit: 2023-04-13 or "13 april 2023".')
@click.option("--wijk", help="The wijk, e.g. Ermelo-West.")
@click.option("--gemeente", help="The gemeente, e.g. Ermelo.")
@click.option("--url", help="The article's address on the website.")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@output_options
@pass_settings_creating
def new_article(settings: Settings, file: str | None, title, date, wijk, gemeente, url, force: bool) -> None:
    """Write a template article for editors to FILE (or print it), ready for `rr articles import`."""
    from .. import pipeline  # imported when the command runs: `rr --help` stays quick

    text, path = pipeline.new_article(file, title=title, date=date, wijk=wijk, gemeente=gemeente, url=url, force=force)
    if path is None:
        click.echo(text, nl=False)
    else:
        emit(settings, {"file": str(path)}, f"wrote {path}; fill it in, then: rr articles import {path}")


@click.command("wijken")
@output_options
@pass_settings
def wijken(settings: Settings) -> None:
    """List the wijken with their gemeente, articles and episodes."""
    from ..catalogue import articles as catalogue_articles

    rows = catalogue_articles.list_wijken(settings.catalogue)
    lines = []
    for w in rows:
        where = ", ".join(x for x in (w.get("place"), w.get("gemeente") and f"gemeente {w['gemeente']}",
                                      w.get("province")) if x)
        lines.append(f"{w['name']} ({where or 'gemeente unknown'})")
        lines.append(f"  articles: {', '.join(w['articles']) or '-'}")
        lines.append(f"  episodes: {', '.join(w['episodes']) or '-'}")
    emit(settings, rows, "\n".join(lines) if lines else "no wijken yet; import articles or ingest an episode")


@click.command("link")
@click.argument("episode")
@click.argument("article")
@click.option("--slot", type=click.IntRange(min=1), help="Which video of the article this episode is (1-based).")
@output_options
@pass_settings
def link(settings: Settings, episode: str, article: str, slot: int | None) -> None:
    """Link EPISODE to ARTICLE (and to one of its videos with --slot)."""
    from .. import pipeline  # imported when the command runs: `rr --help` stays quick

    result = pipeline.link_episode(settings.catalogue, episode, article, slot)
    for message in result["warnings"]:
        warn(settings, message)
    ep = result["episode"]
    emit(settings, result, f"linked {ep['id']} -> {ep['article']}" + (f" video {ep['slot']}" if ep["slot"] else ""))

