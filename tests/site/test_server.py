"""`rr serve` over real HTTP: Range requests, traversal, content types, rebuilds; and the CLI."""

from __future__ import annotations

import http.client
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from razendereporter.catalogue import Catalogue
from site_support import EPISODE, XSS, Running, change_episodes, copy_catalogue

VIDEO = "/media/ermelo-west/arjen-baatje.mp4"


def request(served, path: str, method: str = "GET", headers: dict | None = None):
    """Send ``path`` exactly as given (no client-side normalisation of ``..``)."""
    port = served.server.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for key, value in (headers or {}).items():
            conn.putheader(key, value)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_range_requests_give_206_with_the_right_bytes(served, catalogue):
    data = (catalogue / VIDEO.lstrip("/")).read_bytes()
    status, headers, body = request(served, VIDEO, headers={"Range": "bytes=1000-1999"})
    assert status == 206
    assert headers["Content-Range"] == f"bytes 1000-1999/{len(data)}"
    assert headers["Content-Length"] == "1000" and body == data[1000:2000]
    status, headers, body = request(served, VIDEO, headers={"Range": "bytes=-500"})
    assert status == 206 and body == data[-500:]
    status, headers, body = request(served, VIDEO, headers={"Range": f"bytes={len(data) - 10}-"})
    assert status == 206 and body == data[-10:]
    status, headers, body = request(served, VIDEO, headers={"Range": f"bytes=100-{len(data) * 2}"})
    assert status == 206 and body == data[100:]


def test_unsatisfiable_ranges_give_416_and_others_the_whole_file(served, catalogue):
    size = (catalogue / VIDEO.lstrip("/")).stat().st_size
    status, headers, _ = request(served, VIDEO, headers={"Range": f"bytes={size}-"})
    assert status == 416 and headers["Content-Range"] == f"bytes */{size}"
    status, headers, body = request(served, VIDEO, headers={"Range": "bytes=0-1,5-9"})
    assert status == 200 and len(body) == size
    status, headers, body = request(served, VIDEO)
    assert status == 200 and headers["Accept-Ranges"] == "bytes" and len(body) == size


def test_head_sends_headers_only(served, catalogue):
    size = (catalogue / VIDEO.lstrip("/")).stat().st_size
    status, headers, body = request(served, VIDEO, method="HEAD")
    assert status == 200 and headers["Content-Length"] == str(size) and body == b""
    status, headers, body = request(served, VIDEO, method="HEAD", headers={"Range": "bytes=0-9"})
    assert status == 206 and headers["Content-Length"] == "10" and body == b""


@pytest.mark.parametrize("path, ctype", [
    ("/", "text/html; charset=utf-8"),
    (f"/aflevering/{EPISODE}.html", "text/html; charset=utf-8"),
    ("/transcripts/ermelo-west/arjen-baatje.nl.vtt", "text/vtt; charset=utf-8"),
    (VIDEO, "video/mp4"),
    ("/static/site.css", "text/css; charset=utf-8"),
    ("/static/player.js", "text/javascript; charset=utf-8"),
    ("/pagefind/pagefind.js", "text/javascript; charset=utf-8"),
])
def test_content_types_and_security_headers(served, path, ctype):
    status, headers, _ = request(served, path)
    assert status == 200
    assert headers["Content-Type"] == ctype
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self' 'wasm-unsafe-eval'" in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", [
    "/../catalog.json", "/%2e%2e/catalog.json", "/%2E%2E/%2E%2E/etc/passwd", "/media/../catalog.json",
    "/media/..%2f..%2fcatalog.json", "/static/..%2f..%2f..%2fcatalog.json", "/..%5ccatalog.json",
    "/media/%2e%2e/catalog.json", "/%252e%252e/catalog.json", "/.git/config", "/media/.hidden",
    "/catalog.json", "/transcripts/ermelo-west/arjen-baatje.nl.json", "/media/", "/static/", "/media",
    "/aflevering/", "/%00", "/%ff%fe", "//etc/passwd",
])
def test_nothing_outside_the_site_and_media_is_served(served, path):
    status, _, body = request(served, path)
    assert status in (400, 403, 404), path
    assert b'"episodes"' not in body and b"root:" not in body


def test_symlinks_that_leave_the_folder_are_refused(tmp_path):
    """The catalogue's own video may be a link inside media/, never one that leaves it."""
    root = copy_catalogue(tmp_path / "catalogue")
    video = root / VIDEO.lstrip("/")
    kept = root / "media" / "ermelo-west" / "origineel.mp4"
    video.rename(kept)
    video.symlink_to(kept)
    running = Running(root)
    try:
        assert request(running, VIDEO)[0] == 200
        video.unlink()
        outside = tmp_path / "elders.mp4"
        kept.rename(outside)
        video.symlink_to(outside)
        assert request(running, VIDEO)[0] == 403
    finally:
        running.stop()


def test_many_concurrent_requests_all_succeed(served):
    paths = ["/", f"/aflevering/{EPISODE}.html", "/zoeken.html", "/pagefind/pagefind.js"]
    jobs = [(paths[i % len(paths)], {}) if i % 2 else (VIDEO, {"Range": f"bytes={i * 100}-{i * 100 + 4095}"})
            for i in range(200)]
    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = list(pool.map(lambda job: request(served, job[0], headers=job[1])[0], jobs))
    assert set(statuses) <= {200, 206} and statuses.count(206) == 100


def test_the_site_is_rebuilt_when_the_catalogue_changes(tmp_path):
    root = copy_catalogue(tmp_path / "catalogue")
    running = Running(root)
    try:
        assert b"Arjen Baatje" in request(running, f"/aflevering/{EPISODE}.html")[2]
        before = running.state.summary["catalog_signature"]
        change_episodes(root, title="Een nieuwe titel & meer")
        body = request(running, f"/aflevering/{EPISODE}.html")[2].decode()
        assert "Een nieuwe titel &amp; meer" in body
        assert running.state.summary["catalog_signature"] == list(Catalogue(root).signature()) != before
        assert request(running, VIDEO, headers={"Range": "bytes=0-9"})[0] == 206
    finally:
        running.stop()


def test_server_binds_to_loopback_by_default():
    import inspect

    from razendereporter import site

    assert inspect.signature(site.serve).parameters["host"].default == "127.0.0.1"
    from razendereporter.cli.site import serve

    assert next(p for p in serve.params if p.name == "host").default == "127.0.0.1"


# --- the static build and the CLI -------------------------------------------------------

def cli_group():
    from razendereporter.cli.common import Settings
    from razendereporter.cli.site import serve, site

    @click.group()
    @click.option("--root", type=click.Path(file_okay=False), required=True)
    @click.pass_context
    def main(ctx, root):
        ctx.obj = Settings(root=Path(root))

    main.add_command(site)
    main.add_command(serve)
    return main


def test_site_build_writes_a_self_contained_folder(catalogue, tmp_path):
    out = tmp_path / "usb"
    result = CliRunner().invoke(cli_group(), ["--root", str(catalogue), "site", "build", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["episodes"] == 1 and summary["quotes"] == 7 and summary["search_records"] >= 1
    assert summary["catalog_signature"] == list(Catalogue(catalogue).signature())
    for rel in ("index.html", "zoeken.html", "over.html", "wijk/ermelo-west.html", f"aflevering/{EPISODE}.html",
                VIDEO.lstrip("/"), "transcripts/ermelo-west/arjen-baatje.nl.vtt", f"downloads/{EPISODE}.nl.srt",
                f"downloads/{EPISODE}.nl.txt", "static/site.css", "static/player.js", "static/search.js",
                "pagefind/pagefind.js"):
        assert (out / rel).is_file(), rel
    for page in out.rglob("*.html"):
        html = page.read_text()
        assert '<html lang="nl">' in html
        assert 'http-equiv="Content-Security-Policy"' in html
        assert "<script>" not in html and " on" + "click=" not in html
        assert 'src="/' not in html and 'href="/' not in html and "http://" not in html.replace("https://", "")
    assert (out / VIDEO.lstrip("/")).read_bytes() == (catalogue / VIDEO.lstrip("/")).read_bytes()
    assert "Arjen Baatje: " in (out / f"downloads/{EPISODE}.nl.txt").read_text()


def test_build_refuses_catalogue_paths_that_leave_the_root(tmp_path):
    from razendereporter.errors import RRError
    from razendereporter.site import build_site

    root = copy_catalogue(tmp_path / "catalogue")
    change_episodes(root, video="../../etc/passwd")
    with pytest.raises(RRError, match="not a plain path"):
        build_site(Catalogue(root), tmp_path / "out")


def test_embed_prints_an_escaped_snippet(xss_catalogue):
    runner = CliRunner()
    result = runner.invoke(cli_group(), ["--root", str(xss_catalogue), "site", "embed", EPISODE,
                                         "--base-url", "https://example.org/rr"])
    assert result.exit_code == 0, result.output
    html = result.output
    assert '<track kind="subtitles" srclang="nl" label="Nederlands" src="https://example.org/rr/transcripts/' \
           'ermelo-west/arjen-baatje.nl.vtt" default>' in html
    assert 'src="https://example.org/rr/media/ermelo-west/arjen-baatje.mp4"' in html
    assert 'href="https://example.org/rr/aflevering/arjen-baatje.html"' in html
    bad = runner.invoke(cli_group(), ["--root", str(xss_catalogue), "site", "embed", EPISODE,
                                      "--base-url", 'javascript:alert(1)//"'])
    assert bad.exit_code != 0


def test_embed_escapes_titles(tmp_path):
    from razendereporter.site import embed_snippet

    root = copy_catalogue(tmp_path / "catalogue")
    change_episodes(root, title=XSS + '"quoted"')
    html = embed_snippet(Catalogue(root), EPISODE, "https://example.org/")
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;&#34;quoted&#34;" in html
