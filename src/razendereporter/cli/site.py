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
@click.option("--edit", is_flag=True,
              help="Make the episode pages an editor whose saves correct the transcript (as `rr correct` "
                   "does); on 127.0.0.1 only, opened with the address printed at the start.")
@click.option("--editor", help="With --edit: who corrects, for the history (default: your login name).")
@output_options
@pass_settings
def serve(settings: Settings, port: int, host: str, edit: bool, editor: str | None) -> None:
    """Serve the catalogue's site locally (videos with seeking), rebuilt when the catalogue changes.

    With --edit every transcript line can be corrected in the browser (words and speaker, split
    and merge lines, the words Whisper was unsure of marked). Editing needs the secret token
    made for this run: open the address with `?token=` that is printed when it starts.
    """
    from ..errors import RRError
    from ..site import serve as run

    if editor and not edit:
        raise RRError("--editor goes with --edit")
    if edit and host != "127.0.0.1":
        raise RRError(f"--edit listens on 127.0.0.1 only, not on {host}: leave out --host")
    session = None
    if edit:
        from ..site.edit_server import EditSession

        session = EditSession.new(editor)

    def ready(server) -> None:
        if host not in ("127.0.0.1", "localhost", "::1"):  # said once it listens: not before an error
            warn(settings, f"listening on {host}: other computers on the network can reach this server")
        address = server.server_address
        url = f"http://{address[0]}:{address[1]}/"
        if session is None:
            emit(settings, {"url": url}, f"serving {settings.root} at {url} (Ctrl-C stops)")
            return
        emit(settings, {"url": session.url(address[1]), "edit": True},
             f"editing {settings.root}: open {session.url(address[1])} (Ctrl-C stops)")

    run(settings.catalogue, host, port, ready=ready, edit=session)
