"""``rr serve``: the catalogue's site on a local HTTP server, rebuilt when the catalogue changes.

Built on the standard library's HTTP server with connections of its own (connections.py: a
fixed pool of threads, and timeouts, so that clients that send nothing hold no thread)
rather than an ASGI stack: a local preview server should not pull in uvicorn, starlette and
anyio. The standard library's file handler has no HTTP Range support, and without Range a
browser cannot seek in a video (it jumps back to 0), so the single-range handling below
(RFC 9110 §14: 206 with Content-Range, 416 when unsatisfiable, multiple ranges answered
whole with 200, which the RFC allows) is written here by hand.

Only the built site and the catalogue's videos are served: from ``media/`` only the files
the catalogue's published episodes name. A request path is decoded once, refused if it has
``..``, a hidden segment, a backslash or a NUL, and then resolved (symlinks followed) and
checked to lie inside its folder; directories are never listed. A request whose Host is not
this server (DNS rebinding: a web page whose name now points at 127.0.0.1) is refused, and
every answer, errors too, carries the same security headers. Nothing is sent with
``Access-Control-Allow-Origin``: other sites cannot read the transcripts through a browser.
A write (POST, PUT …) is answered 405 unread; only the editor of ``rr serve --edit``
(edit_server.py, on 127.0.0.1 alone) takes one, with its token, from its own page.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import shutil
import signal
import socket
import tempfile
import threading
from email.utils import formatdate
from http import HTTPStatus
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .. import atomic
from ..catalogue import Catalogue
from ..errors import RRError
from .connections import OneRequestHandler, PooledHTTPServer
from .render import CSP_HEADER

log = logging.getLogger("razendereporter")
CHUNK = 256 * 1024
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json", ".vtt": "text/vtt; charset=utf-8",
    ".srt": "text/plain; charset=utf-8", ".txt": "text/plain; charset=utf-8",
    ".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".mov": "video/quicktime",
    ".wasm": "application/wasm", ".png": "image/png", ".svg": "image/svg+xml",
}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_FAR = 1 << 62  # a byte position with more digits than any file has bytes
SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP_HEADER),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Cache-Control", "no-cache"),
)
TEMP_PREFIX = "rr-site-"
EDIT_HOST = "127.0.0.1"  # the only address the editor listens on


class SiteState:
    """The current build of the site, redone when catalog.json's stat changes."""

    def __init__(self, catalogue: Catalogue, *, edit: bool = False):
        self.catalogue = Catalogue(catalogue.root.resolve(), catalogue.config)
        self.edit = edit  # episode pages that load the editor (rr serve --edit)
        self.root = self.catalogue.root
        self.media = self.root / "media"
        # Named with this process's pid: a build left by a killed `rr serve` is removed here.
        atomic.remove_orphans(Path(tempfile.gettempdir()), f"{TEMP_PREFIX}*")
        self._parent = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-"))
        self._lock = threading.Lock()
        self._count = 0
        self.site: Path | None = None
        self._previous: Path | None = None
        self.fingerprint: tuple | None = None
        self.summary: dict | None = None
        self.videos: frozenset[str] = frozenset()  # media/... paths of the published episodes

    def _stat(self) -> tuple | None:
        return self.catalogue.signature()

    def current(self) -> Path:
        """The site folder, rebuilt first if the catalogue changed since the last build."""
        if self.site is not None and self._stat() == self.fingerprint:
            return self.site
        with self._lock:
            fingerprint = self._stat()
            if self.site is None or fingerprint != self.fingerprint:
                self._rebuild(fingerprint)
        assert self.site is not None
        return self.site

    def _rebuild(self, fingerprint: tuple | None) -> None:
        from . import build_site

        self._count += 1
        target = self._parent / f"build-{self._count}"
        try:
            self.catalogue.refresh()
            self.summary = build_site(self.catalogue, target, copy_media=False, edit=self.edit)
        except RRError as exc:
            if self.site is None:
                raise
            log.warning("site not rebuilt, still serving the previous build: %s", exc)
            self.fingerprint = fingerprint
            return
        # The build before last is removed, not the last one: a request that resolved a
        # path in it a moment ago can still open its file.
        if self._previous is not None:
            shutil.rmtree(self._previous, ignore_errors=True)
        self._previous, self.site, self.fingerprint = self.site, target, fingerprint
        self.videos = frozenset(self.summary.get("videos", ()))

    def close(self) -> None:
        shutil.rmtree(self._parent, ignore_errors=True)


def parse_range(header: str | None, size: int) -> tuple[int, int] | str | None:
    """``(first, last)`` inclusive, ``"unsatisfiable"``, or None to send the whole file."""
    if not header:
        return None
    match = _RANGE.match(header.strip())
    if not match:
        return None  # multiple ranges or other units: ignore Range and answer 200 (RFC 9110)
    first, last = (_position(g) for g in match.groups())
    if first is None and last is None:
        return None
    if first is None:  # suffix: the last N bytes
        return (max(size - last, 0), size - 1) if last > 0 and size > 0 else "unsatisfiable"
    start = first
    end = min(last, size - 1) if last is not None else size - 1
    if last is not None and last < start:
        return None  # invalid range: ignore it
    if start >= size:
        return "unsatisfiable"
    return start, end


def _position(digits: str) -> int | None:
    # int() refuses more than 4300 digits (a traceback before); no file is 10^18 bytes long.
    return None if not digits else int(digits) if len(digits) <= 18 else _FAR


def allowed_host(header: str | None, bound: str, port: int) -> bool:
    """Whether a request's Host names this server: an IP address, ``localhost`` or the name
    it was started with (and, listening on all addresses, this computer's name), on its port."""
    text = (header or "").strip().lower()
    if text.startswith("["):  # [::1]:8000
        name, _, rest = text[1:].partition("]")
        given_port = rest[1:] if rest.startswith(":") else None if rest else ""
    else:
        name, _, given_port = text.partition(":")
    if not name or given_port is None or (given_port or "80") != str(port):
        return False
    name = name.rstrip(".")
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        pass
    names = {"localhost", bound.lower()}
    if bound in ("", "0.0.0.0", "::"):
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    return name in names


class Handler(OneRequestHandler):
    server_version = "rr-serve"
    protocol_version = "HTTP/1.1"
    state: SiteState  # set on the subclass made by make_server
    allowed = "GET, HEAD"  # the methods answered; a write is only for the edit server (edit_server.py)
    extra_headers: tuple[tuple[str, str], ...] = ()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's name
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_POST(self) -> None:
        """A write: this server changes nothing (405), and does not read what was sent."""
        self.close_connection = True
        self.extra_headers = (("Allow", self.allowed),)
        self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)

    do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_POST

    def _fail(self, status: HTTPStatus) -> None:
        self.send_error(status)

    def end_headers(self) -> None:
        """Every answer, 200 or 404 or 416, carries the same security headers."""
        for name, value in SECURITY_HEADERS + self.extra_headers:
            self.send_header(name, value)
        super().end_headers()

    def resolve(self, raw: str) -> Path | HTTPStatus:
        """The file a request path names, or the status to answer with."""
        path = unquote(urlsplit(raw).path, errors="strict")
        if not path.startswith("/") or "\x00" in path or "\\" in path:
            return HTTPStatus.BAD_REQUEST
        parts = [p for p in path.split("/")[1:]]
        if any(p == ".." or p.startswith(".") for p in parts):
            return HTTPStatus.FORBIDDEN
        parts = [p for p in parts if p] or ["index.html"]
        site = self.state.current()  # rebuilt first if the catalogue changed: its videos too
        if parts[0] == "media":
            if "/".join(parts) not in self.state.videos:
                return HTTPStatus.NOT_FOUND  # only what the catalogue publishes, not any file dropped there
            base, rel = self.state.media, parts[1:]
        else:
            base, rel = site, parts
        if not rel:
            return HTTPStatus.NOT_FOUND
        target = base.joinpath(*rel)
        try:
            real = target.resolve(strict=True)
        except (FileNotFoundError, NotADirectoryError):
            return HTTPStatus.NOT_FOUND
        except (OSError, RuntimeError):
            return HTTPStatus.FORBIDDEN
        if not real.is_relative_to(base.resolve()):
            return HTTPStatus.FORBIDDEN
        if not real.is_file():
            return HTTPStatus.NOT_FOUND  # directories are never listed
        return real

    def _headers(self, path: Path, length: int, mtime: float) -> None:
        ctype = CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
        self.end_headers()

    def checked_host(self) -> bool:
        """Whether the request's Host is this server's; if not, the refusal is sent."""
        hosts = self.headers.get_all("Host") or []
        if not hosts and self.request_version == "HTTP/1.0":
            return True  # HTTP/1.0 may leave it out; browsers (DNS rebinding) always send it
        if len(hosts) != 1:
            self._fail(HTTPStatus.BAD_REQUEST)  # none, or two (RFC 9112 §3.2)
            return False
        if not allowed_host(hosts[0], self.server.bound_host, self.server.server_address[1]):
            self._fail(HTTPStatus.MISDIRECTED_REQUEST)
            return False
        return True

    def _serve(self, head: bool) -> None:
        if self.checked_host():
            self.serve_file(head)

    def serve_file(self, head: bool) -> None:
        try:
            target = self.resolve(self.path)
        except UnicodeDecodeError:
            target = HTTPStatus.BAD_REQUEST
        except RRError as exc:
            log.error("%s", exc)
            target = HTTPStatus.INTERNAL_SERVER_ERROR
        if isinstance(target, HTTPStatus):
            return self._fail(target)
        try:
            handle = open(target, "rb")
        except OSError:
            return self._fail(HTTPStatus.NOT_FOUND)
        with handle:
            st = os.fstat(handle.fileno())
            self._send(handle, target, st.st_size, st.st_mtime, head)

    def _send(self, handle, target: Path, size: int, mtime: float, head: bool) -> None:
        wanted = parse_range(self.headers.get("Range"), size)
        if wanted == "unsatisfiable":
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if wanted is None:
            start, end = 0, size - 1
            self.send_response(HTTPStatus.OK)
        else:
            start, end = wanted
            self.send_response(HTTPStatus.PARTIAL_CONTENT)
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        length = max(end - start + 1, 0)
        self._headers(target, length, mtime)
        if head or not length:
            return
        handle.seek(start)
        try:
            while length > 0:
                chunk = handle.read(min(CHUNK, length))
                if not chunk:
                    break
                self.wfile.write(chunk)
                length -= len(chunk)
        except OSError:  # the player moved on (seeking aborts requests), or stopped reading
            self.close_connection = True


class SiteServer(PooledHTTPServer):
    verbose = False
    bound_host = "127.0.0.1"  # the --host it was started with, for the Host check


def make_server(catalogue: Catalogue, host: str = "127.0.0.1", port: int = 8000, *, verbose: bool = False,
                edit=None):
    """A server for the catalogue's site (built before it listens); returns (server, state).

    ``edit``, an :class:`~.edit_server.EditSession`, makes it the editor (``rr serve --edit``):
    on 127.0.0.1 only."""
    if edit is not None and host != EDIT_HOST:
        raise RRError(f"the editor listens on {EDIT_HOST} only, not on {host}: leave out --host")
    state = SiteState(catalogue, edit=edit is not None)
    try:
        state.current()
        base = Handler if edit is None else edit.handler()
        handler = type("SiteHandler", (base,), {"state": state, "session": edit})
        server = SiteServer((host, port), handler)
    except BaseException:
        state.close()
        raise
    server.verbose, server.bound_host = verbose, host
    return server, state


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


def run(catalogue: Catalogue, host: str, port: int, *, ready=None, verbose: bool = False, edit=None) -> None:
    """Serve until Ctrl-C. ``ready(server)`` is called once the socket listens."""
    try:
        server, state = make_server(catalogue, host, port, verbose=verbose, edit=edit)
    except OSError as exc:
        raise RRError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    if threading.current_thread() is threading.main_thread():
        # `kill` (SIGTERM) stops as Ctrl-C does, so the temporary build is removed.
        signal.signal(signal.SIGTERM, _stop)
    try:
        if ready:
            ready(server)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        state.close()
