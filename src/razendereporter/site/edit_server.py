"""``rr serve --edit``: the episode pages as an editor, and the one address that writes.

The site is served as ``rr serve`` serves it (server.py), with episode pages that load
``static/editor.js`` and ``static/editor.css`` (from the package: no built site has them)
and two addresses more:

* ``GET /_edit/episodes/<id>`` — the episode's cues with every word's probability (editor.py);
* ``POST /_edit/episodes/<id>`` — a save: the page's lines, given to the same library call as
  ``rr correct`` (``pipeline.correct.correct``); the answer says what changed, or the error
  in one line.

Both need the token made for this run (``secrets.token_urlsafe``), printed at the start as
``http://127.0.0.1:PORT/?token=…`` as Jupyter does: the first visit with it sets a cookie
(HttpOnly, SameSite=Strict, named after the port) and sends the browser on to the address
without it; a script may send ``Authorization: token …`` instead. A write must also come from
this server's own page: its Origin must be ``http://`` + its Host, and that Host a loopback
name on this server's port (another web page the editor has open cannot save, even through a
name that points at 127.0.0.1). The token and the Origin are checked before the body is
read. The server listens on 127.0.0.1 only (server.make_server refuses another host).
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import secrets
import socket
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from ..catalogue import Catalogue
from ..errors import Busy, NotFound, RRError
from ..text import one_line
from . import editor
from .render import EDIT_ASSETS, STATIC
from .server import Handler

log = logging.getLogger("razendereporter")
API = "/_edit/episodes/"
MAX_BODY = 16 * 1024 * 1024  # a save of a three-hour interview is well under 1 MB
BODY_TIMEOUT_S = 30.0  # the whole body must arrive in this time
LOOPBACK = ("127.0.0.1", "localhost")
_EPISODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class EditSession:
    """What one ``rr serve --edit`` run knows: its token and who the saves are recorded for."""

    token: str
    editor: str | None = None

    @classmethod
    def new(cls, editor: str | None = None) -> "EditSession":
        return cls(secrets.token_urlsafe(32), editor)

    def url(self, port: int, host: str = "127.0.0.1") -> str:
        """The address to open: the first visit with the token lets the browser edit."""
        return f"http://{host}:{port}/?token={self.token}"

    def matches(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(given.encode("utf-8", "replace"), self.token.encode())

    def handler(self) -> type[Handler]:
        """The request handler of the edit server (server.make_server makes it one of its own)."""
        return EditHandler


class EditHandler(Handler):
    allowed = "GET, HEAD, POST"
    session: EditSession  # set on the subclass made by make_server

    @property
    def cookie_name(self) -> str:
        return f"rr-edit-{self.server.server_address[1]}"  # cookies ignore ports: one per server

    # Reading --------------------------------------------------------------------------------

    def _serve(self, head: bool) -> None:
        if not self.checked_host():
            return
        try:
            parts = urlsplit(self.path)
        except ValueError:
            return self._fail(HTTPStatus.BAD_REQUEST)
        query = parse_qsl(parts.query, keep_blank_values=True)
        if any(name == "token" for name, _ in query):
            return self._token_visit(parts.path, query)
        if parts.path.startswith(API):
            return self._episode_data(parts.path[len(API):], head)
        self.serve_file(head)

    def resolve(self, raw: str):
        path = urlsplit(raw).path
        if path.startswith("/static/") and path[len("/static/"):] in EDIT_ASSETS:
            return STATIC / path[len("/static/"):]
        return super().resolve(raw)

    def _token_visit(self, path: str, query: list[tuple[str, str]]) -> None:
        """``?token=…``: the right one sets the cookie and leads on to the address without it."""
        tokens = [value for name, value in query if name == "token"]
        if len(tokens) != 1 or not self.session.matches(tokens[0]):
            return self._answer(HTTPStatus.FORBIDDEN, {"error": "wrong token: open the address rr serve --edit printed"})
        rest = urlencode([(name, value) for name, value in query if name != "token"])
        target = (path if path.startswith("/") and not path.startswith("//") else "/") + (f"?{rest}" if rest else "")
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", target)
        self.send_header("Set-Cookie", f"{self.cookie_name}={self.session.token}; Path=/; HttpOnly; SameSite=Strict")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _episode_data(self, episode_id: str, head: bool) -> None:
        if not self._has_token():
            return self._answer(HTTPStatus.FORBIDDEN, {"error": _NO_TOKEN})
        if not _EPISODE.fullmatch(episode_id):
            return self._answer(HTTPStatus.NOT_FOUND, {"error": f"no episode {episode_id!r}"})
        try:
            data = editor.episode_data(self._catalogue(), episode_id)
        except RRError as exc:
            return self._answer(_status(exc), {"error": one_line(str(exc))})
        self._answer(HTTPStatus.OK, data, head)

    # Writing --------------------------------------------------------------------------------

    def do_POST(self) -> None:
        self.close_connection = True  # a refused write's body is never read: nothing may follow it
        if not self.checked_host():
            return
        path = urlsplit(self.path).path
        episode_id = path[len(API):] if path.startswith(API) else ""
        if not _EPISODE.fullmatch(episode_id):
            return self._answer(HTTPStatus.NOT_FOUND, {"error": "a save goes to /_edit/episodes/<episode>"})
        refusal = self._write_refusal()
        if refusal:
            log.warning("a write to %s was refused: %s", path, refusal[1])
            return self._answer(refusal[0], {"error": refusal[1]})
        body = self._body()
        if isinstance(body, tuple):
            return self._answer(*body)
        try:
            result = editor.save(self._catalogue(), episode_id, body, self.session.editor, log=log.info)
        except RRError as exc:
            return self._answer(_status(exc), {"error": one_line(str(exc))})
        self._answer(HTTPStatus.OK, result)

    def _write_refusal(self) -> tuple[HTTPStatus, str] | None:
        """Why this write may not be made (status and one line), or None."""
        host = (self.headers.get("Host") or "").strip().lower()
        name, _, port = host.rpartition(":")
        if name not in LOOPBACK or port != str(self.server.server_address[1]):
            return HTTPStatus.FORBIDDEN, f"a save must be sent to 127.0.0.1 or localhost, not {host!r}"
        origins = self.headers.get_all("Origin") or []
        if len(origins) != 1 or origins[0].strip().lower() != f"http://{host}":
            return HTTPStatus.FORBIDDEN, "a save must come from the editor's own page (its Origin)"
        if (self.headers.get("Sec-Fetch-Site") or "same-origin") != "same-origin":
            return HTTPStatus.FORBIDDEN, "a save must come from the editor's own page (Sec-Fetch-Site)"
        if not self._has_token():
            return HTTPStatus.FORBIDDEN, _NO_TOKEN
        if self.headers.get_content_type() != "application/json":
            return HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "a save is sent as application/json"
        return None

    def _body(self) -> Any:
        """The request's JSON, or (status, answer) when it cannot be had."""
        if self.headers.get("Transfer-Encoding"):
            return HTTPStatus.LENGTH_REQUIRED, {"error": "a save is sent with a Content-Length"}
        length = self.headers.get("Content-Length", "")
        if not length.isdigit():
            return HTTPStatus.LENGTH_REQUIRED, {"error": "a save is sent with a Content-Length"}
        if int(length) > MAX_BODY:
            return HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": f"a save is at most {MAX_BODY // 2**20} MB"}
        raw = self._read(int(length))
        if raw is None:
            return HTTPStatus.REQUEST_TIMEOUT, {"error": "the save did not arrive in time"}
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            return HTTPStatus.BAD_REQUEST, {"error": f"a save is JSON: {one_line(str(exc))}"}

    def _read(self, length: int) -> bytes | None:
        """``length`` bytes of body: what came with the head, then from the socket, in time."""
        data = bytearray(self.rfile.read(length))
        deadline = time.monotonic() + BODY_TIMEOUT_S
        previous = self.connection.gettimeout()
        try:
            while len(data) < length:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.connection.settimeout(left)
                chunk = self.connection.recv(min(65536, length - len(data)))
                if not chunk:
                    return None
                data += chunk
        except (socket.timeout, OSError):
            return None
        finally:
            self.connection.settimeout(previous)
        return bytes(data)

    # Shared ---------------------------------------------------------------------------------

    def _has_token(self) -> bool:
        auth = self.headers.get("Authorization") or ""
        if auth[:6].lower() == "token " and self.session.matches(auth[6:].strip()):
            return True
        cookies = SimpleCookie()
        try:
            cookies.load("; ".join(self.headers.get_all("Cookie") or []))
        except CookieError:
            return False
        morsel = cookies.get(self.cookie_name)
        return morsel is not None and self.session.matches(morsel.value)

    def _catalogue(self) -> Catalogue:
        """A catalogue of this request's own: a save runs beside page builds in other threads."""
        return Catalogue(self.state.root, self.state.catalogue.config)

    def _answer(self, status: HTTPStatus, data: dict[str, Any], head: bool = False) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if not head:
            self.wfile.write(body)


_NO_TOKEN = "editing needs the token: open the address rr serve --edit printed (http://127.0.0.1:PORT/?token=…)"


def _status(exc: RRError) -> HTTPStatus:
    if isinstance(exc, NotFound):
        return HTTPStatus.NOT_FOUND
    if isinstance(exc, Busy):
        return HTTPStatus.CONFLICT
    return HTTPStatus.BAD_REQUEST
