"""``rr site``, ``rr serve``: the web player and catalogue site, a thin layer over :mod:`razendereporter.site`."""

from __future__ import annotations

import click

from .common import Settings, emit, output_options, pass_settings, warn


@click.group("site")
def site() -> None:
    """The static web site: build it, or print an embed snippet for an article."""


@site.command("build")
@click.argument("out", type=click.Path(file_okay=False))
@output_options
@pass_settings
def build(settings: Settings, out: str) -> None:
    """Write the static site into OUT: pages, videos, subtitles, downloads and the search index.

    All links are relative: copy OUT to any web server or a USB stick. Search needs the
    pages to come from a web server (`rr serve`, or any static host).
    """
    from ..site import build_site

    summary = build_site(settings.catalogue, out)
    if not summary["episodes"]:
        warn(settings, "the catalogue has no published episodes yet")
    emit(settings, summary, f"wrote {summary['pages']} pages, {summary['episodes']} episodes, "
                            f"{summary['quotes']} quotes ({summary['search_records']} search records) to {summary['out']}")


@site.command("embed")
@click.argument("episode")
@click.option("--base-url", default=None, metavar="URL",
              help="Where the site is published, e.g. https://example.org/razende-reporter/ (default: relative links).")
@output_options
@pass_settings
def embed(settings: Settings, episode: str, base_url: str | None) -> None:
    """Print the HTML an editor pastes into an article: the video with subtitles and a transcript link."""
    from ..site import embed_snippet

    snippet = embed_snippet(settings.catalogue, episode, base_url)
    emit(settings, {"episode": episode, "html": snippet}, snippet.rstrip("\n"))


@click.command("serve")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default is this computer only.")
@output_options
@pass_settings
def serve(settings: Settings, port: int, host: str) -> None:
    """Serve the catalogue's site locally (videos with seeking), rebuilt when the catalogue changes."""
    from ..site import serve as run

    def ready(server) -> None:
        if host not in ("127.0.0.1", "localhost", "::1"):  # said once it listens: not before an error
            warn(settings, f"listening on {host}: other computers on the network can reach this server")
        address = server.server_address
        emit(settings, {"url": f"http://{address[0]}:{address[1]}/"},
             f"serving {settings.root} at http://{address[0]}:{address[1]}/ (Ctrl-C stops)")

    run(settings.catalogue, host, port, ready=ready)
