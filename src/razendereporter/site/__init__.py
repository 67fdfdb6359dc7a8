"""The web player and catalogue site: a static site built from the catalogue.

Public API::

    build_site(catalogue, out)              -> summary dict (pages, episodes, quotes, records …)
    serve(catalogue, host="127.0.0.1", port=8000)   serve the catalogue's site, rebuilt on change
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
from . import build, render

__all__ = ["build_site", "serve", "embed_snippet"]

PAGES = ("index.html", "zoeken.html", "over.html")


def _write(path: Path, text: str) -> None:
    from ..atomic import write_text

    write_text(path, text)


def _copy_if_changed(src: Path, dst: Path) -> None:
    """Copy ``src`` unless ``dst`` already has its size and modification time."""
    try:
        st, dt = src.stat(), dst.stat()
        if st.st_size == dt.st_size and int(st.st_mtime) == int(dt.st_mtime):
            return
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise RRError(f"cannot read {src}: {exc.strerror or exc}") from exc
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.tmp")
    shutil.copy2(src, tmp)
    os.replace(tmp, dst)


def _episode_files(catalogue: Catalogue, out: Path, ep: dict[str, Any], copy_media: bool) -> None:
    from .. import pipeline

    _copy_if_changed(ep["vtt_src"], out / ep["vtt_rel"])
    if copy_media:
        _copy_if_changed(ep["video_src"], out / ep["video_rel"])
    for fmt in ("srt", "txt"):
        _write(out / "downloads" / f"{ep['id']}.nl.{fmt}", pipeline.export(catalogue, ep["id"], fmt))


def _pages(out: Path, model: dict[str, Any]) -> int:
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
        pages[f"aflevering/{ep['id']}.html"] = render.render("episode.html", ep=ep, base="../", page="episode")
    for name, text in pages.items():
        _write(out / name, text)
    return len(pages)


def build_site(catalogue: Catalogue, out: str | os.PathLike, *, copy_media: bool = True) -> dict[str, Any]:
    """Write the static site for ``catalogue`` into ``out``.

    ``copy_media=False`` leaves the videos out (``rr serve`` serves them from the
    catalogue's own ``media/`` folder).
    """
    from .pagefind_index import write_index

    root, out = catalogue.root.resolve(), Path(out).resolve()
    if out == root or root.is_relative_to(out):
        raise RRError(f"the site folder {out} would contain the catalogue; choose another folder")
    if not catalogue.exists():
        raise NotFound(f"no catalogue at {catalogue.path}")
    signature = catalogue.snapshot.signature
    model = build.site_model(catalogue)
    try:
        out.mkdir(parents=True, exist_ok=True)
        shutil.copytree(render.STATIC, out / "static", dirs_exist_ok=True)
    except OSError as exc:
        raise RRError(f"cannot write the site into {out}: {exc.strerror or exc}") from exc
    for ep in model["episodes"]:
        _episode_files(catalogue, out, ep, copy_media)
    pages = _pages(out, model)
    shutil.rmtree(out / "pagefind", ignore_errors=True)
    records = write_index(model, out)
    return {"out": str(out), "pages": pages, "wijken": len(model["wijken"]), "episodes": len(model["episodes"]),
            "quotes": model["quote_count"], "search_records": records, "media_copied": copy_media,
            "catalog_signature": list(signature) if signature else None}


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


def serve(catalogue: Catalogue, host: str = "127.0.0.1", port: int = 8000, *, ready=None) -> None:
    """Serve the catalogue's site on ``host:port`` until interrupted (see :mod:`.server`)."""
    from .server import run

    run(catalogue, host, port, ready=ready)
