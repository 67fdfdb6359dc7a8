"""The web player and catalogue site: a static site built from the catalogue.

Public API::

    build_site(catalogue, out)              -> summary dict (pages, episodes, quotes, records …)
    serve(catalogue, host="127.0.0.1", port=8000)   serve the catalogue's site, rebuilt on change
    serve(catalogue, edit=EditSession.new())        … with the episode pages as an editor
    embed_snippet(catalogue, episode_id, base_url)  -> HTML for an article on the programme's site

Every link in the built site is relative, so the folder works from any web server or a
USB stick. Templates (Jinja2, autoescaped) live in ``templates/``, CSS and JS in ``static/``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from ..catalogue import Catalogue
from ..errors import InvalidInput, NotFound, RRError
from . import build, output, render

__all__ = ["build_site", "serve", "embed_snippet"]

PAGES = ("index.html", "zoeken.html", "over.html")


def _write(path: Path, text: str) -> None:
    from ..atomic import write_text

    write_text(path, text)


def _episode_files(catalogue: Catalogue, out: Path, ep: dict[str, Any], copy_media: bool,
                   previous: Path | None) -> None:
    from .. import pipeline

    output.copy_file(ep["vtt_src"], out / ep["vtt_rel"])
    if copy_media:
        output.copy_file(ep["video_src"], out / ep["video_rel"], previous and previous / ep["video_rel"])
    for fmt in ("srt", "txt"):
        _write(out / "downloads" / f"{ep['id']}.nl.{fmt}", pipeline.export(catalogue, ep["id"], fmt))


def _pages(out: Path, model: dict[str, Any], edit: bool = False) -> int:
    speakers = sorted({s.get("name") for e in model["episodes"] for s in e["speakers"] if s.get("name")},
                      key=str.lower)
    pages = {
        "index.html": render.render("index.html", site=model, base="", page="home"),
        "zoeken.html": render.render("search.html", site=model, base="", page="search", speakers=speakers),
        "over.html": render.render("about.html", site=model, base="", page="about"),
    }
    for wijk in model["wijken"]:
        pages[f"wijk/{wijk['slug']}.html"] = render.render("wijk.html", wijk=wijk, base="../", page="wijk")
    for ep in model["episodes"]:
        pages[f"aflevering/{ep['id']}.html"] = render.render("episode.html", ep=ep, base="../", page="episode",
                                                                  edit=edit)
    for name, text in pages.items():
        _write(out / name, text)
    return len(pages)


def _missing_files(model: dict[str, Any], copy_media: bool) -> list[str]:
    wanted = [(ep["id"], ep["video_rel"], ep["video_src"]) for ep in model["episodes"] if copy_media]
    return [f"{rel} (episode {eid})" for eid, rel, src in wanted if not src.is_file()]


def build_site(catalogue: Catalogue, out: str | os.PathLike, *, copy_media: bool = True,
               edit: bool = False) -> dict[str, Any]:
    """Write the static site for ``catalogue`` into ``out``: all of it or, if anything is
    missing or fails, nothing (see output.py).

    ``copy_media=False`` leaves the videos out (``rr serve`` serves them from the
    catalogue's own ``media/`` folder). ``edit=True`` makes the episode pages load the editor,
    for ``rr serve --edit``, which serves its files: no site holds the editor's code.
    """
    from .pagefind_index import write_index

    root, out = catalogue.root.resolve(), Path(out).resolve()
    output.check_out(root, out)
    if not catalogue.exists():
        raise NotFound(f"no catalogue at {catalogue.path}")
    signature = catalogue.snapshot.signature
    model = build.site_model(catalogue)
    missing = _missing_files(model, copy_media)
    if missing:
        raise NotFound(f"missing from the catalogue folder: {', '.join(missing)}; the site was not written")
    staging = output.staging(out)
    try:
        shutil.copytree(render.STATIC, staging / "static", ignore=shutil.ignore_patterns(*render.EDIT_ASSETS))
        for ep in model["episodes"]:
            _episode_files(catalogue, staging, ep, copy_media, out if out.is_dir() else None)
        pages = _pages(staging, model, edit)
        records = write_index(model, staging)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise RRError(f"cannot write the site into {staging}: {exc.strerror or exc}; {out} is unchanged") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    output.publish(staging, out)
    return {"out": str(out), "pages": pages, "wijken": len(model["wijken"]), "episodes": len(model["episodes"]),
            "quotes": model["quote_count"], "search_records": records, "media_copied": copy_media,
            "catalog_signature": list(signature) if signature else None,
            "videos": sorted(ep["video_rel"] for ep in model["episodes"])}


def embed_snippet(catalogue: Catalogue, episode_id: str, base_url: str | None = None) -> str:
    """HTML an editor pastes into an article: the video with subtitles and a transcript link.

    ``base_url`` is where the site is published (``https://…/razende-reporter/``); without
    it the links are relative to the site's root folder.
    """
    base = (base_url or "").strip()
    if base and not base.lower().startswith(("https://", "http://", "/")):
        raise InvalidInput("base_url", f"must start with https://, http:// or /, not {base!r}", base)
    if base and not base.endswith("/"):
        base += "/"
    model = build.site_model(catalogue)
    matches = [e for e in model["episodes"] if e["id"] == episode_id]
    if not matches:
        raise NotFound(f"no published episode {episode_id!r} in {catalogue.path}")
    ep = matches[0]
    return render.render("embed.html", ep=ep, video_url=base + ep["video_href"], vtt_url=base + ep["vtt_href"],
                         page_url=f"{base}aflevering/{ep['id']}.html")


def serve(catalogue: Catalogue, host: str = "127.0.0.1", port: int = 8000, *, ready=None, edit=None) -> None:
    """Serve the catalogue's site on ``host:port`` until interrupted (see :mod:`.server`).

    ``edit`` (``EditSession.new()`` from :mod:`.edit_server`) serves the episode pages as an
    editor whose saves correct the transcript (``rr serve --edit``), on 127.0.0.1 only."""
    from .server import run

    run(catalogue, host, port, ready=ready, edit=edit)
