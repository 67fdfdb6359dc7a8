"""`rr serve --edit` over real HTTP: the token, Origin and Host on every write, the edit data,
a save through the same library call as `rr correct`, and no editing in `rr serve` or a built site."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys

import pytest
from click.testing import CliRunner

from razendereporter import transcript as transcript_io
from razendereporter.catalogue import Catalogue
from razendereporter.cli import main
from razendereporter.errors import RRError
from razendereporter.site import build_site
from razendereporter.site.edit_server import EditSession
from razendereporter.site.server import make_server
from razendereporter.subtitles.cues import whole_words
from razendereporter.subtitles.vtt import read_vtt
from site_support import EPISODE, Running, copy_catalogue

API = f"/_edit/episodes/{EPISODE}"
VTT = "transcripts/ermelo-west/arjen-baatje.nl.vtt"
SIDECAR = "transcripts/ermelo-west/arjen-baatje.nl.json"
EDITOR_FILES = ("editor.js", "editor.css")


@pytest.fixture
def editing(tmp_path):
    running = Running(copy_catalogue(tmp_path / "catalogue"), EditSession.new("Anna de Vries"))
    yield running
    running.stop()


@pytest.fixture
def plain(tmp_path):
    running = Running(copy_catalogue(tmp_path / "plain"))
    yield running
    running.stop()


def send(running, method: str, path: str, headers: dict | None = None, body: bytes | None = None):
    """One request with exactly these headers (Host included): status, headers, body."""
    conn = http.client.HTTPConnection("127.0.0.1", running.port, timeout=60)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        headers = {"Host": f"127.0.0.1:{running.port}", **(headers or {})}
        if body is not None:
            headers.setdefault("Content-Length", str(len(body)))
        for key, value in headers.items():
            if value is not None:
                conn.putheader(key, value)
        conn.endheaders(body)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def page_headers(running, token: str | None = None) -> dict:
    """What the editor's own page sends with a save."""
    return {"Origin": f"http://127.0.0.1:{running.port}", "Content-Type": "application/json",
            "Cookie": f"rr-edit-{running.port}={token or running.session.token}", "Sec-Fetch-Site": "same-origin"}


def edit_data(running) -> dict:
    status, _, body = send(running, "GET", API, {"Authorization": f"token {running.session.token}"})
    assert status == 200, body
    return json.loads(body)


def lines_of(running) -> list[dict]:
    return [{"voice": cue["speaker"], "text": cue["text"]} for cue in edit_data(running)["cues"]]


def saved_files(root) -> dict:
    """Everything a refused write must leave as it was: catalogue, transcripts, quotes."""
    files = [root / "catalog.json", *sorted((root / "transcripts").rglob("*")), *sorted((root / "quotes").rglob("*"))]
    return {str(p.relative_to(root)): p.read_bytes() for p in files if p.is_file() and not p.name.endswith(".lock")}


# --- the token -----------------------------------------------------------------------------

def test_the_token_visit_sets_a_strict_cookie_and_drops_the_token_from_the_address(editing):
    token = editing.session.token
    status, headers, _ = send(editing, "GET", f"/aflevering/{EPISODE}.html?token={token}&t=3")
    assert status == 303
    assert headers["location"] == f"/aflevering/{EPISODE}.html?t=3"
    cookie = [part.strip() for part in headers["set-cookie"].split(";")]
    assert cookie[0] == f"rr-edit-{editing.port}={token}"
    assert {"HttpOnly", "SameSite=Strict", "Path=/"} <= set(cookie)
    assert headers["referrer-policy"] == "no-referrer" and "content-security-policy" in headers

    status, headers, body = send(editing, "GET", "/?token=" + "x" * len(token))
    assert status == 403 and "set-cookie" not in headers
    assert "wrong token" in json.loads(body)["error"]


def test_tokens_are_secret_and_new_for_every_run():
    tokens = {EditSession.new().token for _ in range(20)}
    assert len(tokens) == 20 and all(len(t) >= 43 for t in tokens)  # 32 random bytes, URL-safe
    assert EditSession("abc").url(8123) == "http://127.0.0.1:8123/?token=abc"


def test_the_edit_data_needs_the_token_and_has_every_words_probability(editing):
    status, _, body = send(editing, "GET", API)
    assert status == 403 and "token" in json.loads(body)["error"]
    status, _, _ = send(editing, "GET", API, {"Cookie": f"rr-edit-{editing.port}=wrong"})
    assert status == 403
    status, _, _ = send(editing, "GET", API, {"Cookie": f"rr-edit-{editing.port}={editing.session.token}"})
    assert status == 200

    data = edit_data(editing)
    transcript = transcript_io.load(editing.root / SIDECAR)
    words = whole_words(transcript.words)
    sent = [w for cue in data["cues"] for w in cue["words"]]
    assert [(w["text"], w["p"], w["start"]) for w in sent] == \
        [(w.text.strip(), round(w.probability, 3), w.start) for w in words]
    # The cues are those of the published VTT, the one the <track> and the page show.
    vtt = read_vtt((editing.root / VTT).read_text(encoding="utf-8"))
    assert [(c["start"], c["end"], c["text"]) for c in data["cues"]] == [(c["start"], c["end"], c["text"]) for c in vtt]
    assert {s["label"]: s["name"] for s in data["speakers"]} == {"S1": "Kim", "S2": "Arjen Baatje"}
    assert data["unsure_below"] == 0.5 and any(w["p"] < 0.5 for w in sent)
    assert send(editing, "GET", "/_edit/episodes/no-such-episode", {"Authorization": f"token {editing.session.token}"})[0] == 404


# --- a save --------------------------------------------------------------------------------

def test_a_save_from_the_page_gives_a_line_to_another_speaker(editing):
    lines = lines_of(editing)
    assert lines[2]["voice"] == "S1" and lines[2]["text"].startswith("Maar heeft")
    lines[2]["voice"] = "S2"
    status, _, body = send(editing, "POST", API, page_headers(editing), json.dumps({"cues": lines}).encode())
    assert status == 200, body
    result = json.loads(body)
    assert result["status"] == "corrected" and result["words_aligned"] == 0
    assert result["words_changed"] == len(lines[2]["text"].split()) and result["records"] >= 1
    assert "<v Arjen Baatje>Maar heeft de merk je oplossingen?" in (editing.root / VTT).read_text(encoding="utf-8")
    records = transcript_io.load(editing.root / SIDECAR).corrections
    assert {r["editor"] for r in records} == {"Anna de Vries"}
    # A new speaker is no correction of the words: Whisper's unsure words stay marked.
    assert not any(w["edited"] for cue in edit_data(editing)["cues"] for w in cue["words"])
    # The same lines again change nothing.
    status, _, body = send(editing, "POST", API, page_headers(editing), json.dumps({"cues": lines}).encode())
    assert status == 200 and json.loads(body)["status"] == "unchanged"


def _refusals(port: int) -> list[tuple[str, dict, int]]:
    here = f"http://127.0.0.1:{port}"
    return [
        ("no token", {"Cookie": None}, 403),
        ("a wrong token", {"Cookie": f"rr-edit-{port}=guessed"}, 403),
        ("a wrong token in the header", {"Cookie": None, "Authorization": "token guessed"}, 403),
        ("the token of another port's cookie", {"Cookie": "rr-edit-1=" + "{token}"}, 403),
        ("no Origin", {"Origin": None}, 403),
        ("another site's Origin", {"Origin": "http://evil.example"}, 403),
        ("another port's Origin", {"Origin": f"http://127.0.0.1:{port + 1}"}, 403),
        ("an opaque Origin", {"Origin": "null"}, 403),
        ("an https Origin", {"Origin": f"https://127.0.0.1:{port}"}, 403),
        ("a cross-site fetch", {"Sec-Fetch-Site": "cross-site"}, 403),
        ("a rebound name as Host", {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}, 421),
        ("another address as Host", {"Host": f"10.1.2.3:{port}", "Origin": f"http://10.1.2.3:{port}"}, 403),
        ("a form's content type", {"Content-Type": "text/plain"}, 415),
        ("the right Origin on another server's Host", {"Host": f"127.0.0.1:{port + 1}", "Origin": here}, 421),
    ]


def test_writes_without_the_token_or_from_another_origin_or_host_are_refused(editing):
    before = saved_files(editing.root)
    lines = lines_of(editing)
    lines[1]["text"] = "Ik ben Arjen Baatje. Ik m'n intermakeen meelom is."
    body = json.dumps({"cues": lines}).encode()
    for what, change, expected in _refusals(editing.port):
        headers = {**page_headers(editing), **{k: v.format(token=editing.session.token) if v else v
                                               for k, v in change.items()}}
        status, answer, text = send(editing, "POST", API, headers, body)
        assert status == expected, what
        if status != 421:
            assert json.loads(text)["error"], what
        assert answer.get("connection") == "close", what
    assert saved_files(editing.root) == before


def test_a_refused_write_is_answered_before_its_body_arrives(editing):
    """The token and the Origin are checked first: a client without them holds no thread while it
    trickles a body."""
    with socket.create_connection(("127.0.0.1", editing.port), timeout=5) as sock:
        sock.sendall((f"POST {API} HTTP/1.1\r\nHost: 127.0.0.1:{editing.port}\r\n"
                      f"Origin: http://127.0.0.1:{editing.port}\r\nContent-Type: application/json\r\n"
                      "Content-Length: 1000000\r\n\r\n{").encode())
        answer = sock.recv(4096).decode("latin-1")
    assert answer.startswith("HTTP/1.1 403")


@pytest.mark.parametrize("body, status, message", [
    (b"{not json", 400, "a save is JSON"),
    (b'{"cues": "all of it"}', 400, "a save sends"),
    (b'{"cues": [{"voice": null, "text": "   "}]}', 400, "has no words"),
    (b'{"cues": [{"voice": 3, "text": "Hallo"}]}', 400, "a cue's voice is a speaker's name"),
    (json.dumps({"cues": [{"voice": "x" * 500, "text": "Hallo"}]}).encode(), 400, "the speaker's name is 500 characters"),
    (b'{"cues": [{"start": 0, "end": 99, "voice": null, "text": "Hallo daar"}]}', 400, "after the end of the video"),
])
def test_bad_saves_are_one_line_errors_and_change_nothing(editing, body, status, message):
    before = saved_files(editing.root)
    got, _, text = send(editing, "POST", API, page_headers(editing), body)
    assert got == status
    error = json.loads(text)["error"]
    assert message in error and "\n" not in error
    assert saved_files(editing.root) == before


def test_saves_to_unknown_episodes_oversized_or_without_a_length_are_refused(editing):
    before = saved_files(editing.root)
    headers = page_headers(editing)
    assert send(editing, "POST", "/_edit/episodes/nope", headers, b'{"cues": []}')[0] == 404
    assert send(editing, "POST", "/_edit/episodes/../catalog.json", headers, b"{}")[0] == 404
    assert send(editing, "POST", f"/aflevering/{EPISODE}.html", headers, b"{}")[0] == 404
    assert send(editing, "POST", API, {**headers, "Content-Length": str(64 * 2**20)}, b"")[0] == 413
    assert send(editing, "POST", API, {**headers, "Transfer-Encoding": "chunked"}, b"0\r\n\r\n")[0] == 411
    assert saved_files(editing.root) == before


# --- no editing without --edit --------------------------------------------------------------

def test_rr_serve_without_edit_answers_no_write_and_serves_no_editor(plain):
    before = saved_files(plain.root)
    token_guess = {"Origin": f"http://127.0.0.1:{plain.port}", "Content-Type": "application/json",
                   "Cookie": f"rr-edit-{plain.port}=anything", "Authorization": "token anything"}
    body = json.dumps({"cues": [{"voice": "S1", "text": "Alles anders"}]}).encode()
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        status, headers, _ = send(plain, method, API, token_guess, body)
        assert status == 405 and headers["allow"] == "GET, HEAD", method
    assert send(plain, "OPTIONS", API)[0] == 405
    assert send(plain, "GET", API, token_guess)[0] == 404
    for name in EDITOR_FILES:
        assert send(plain, "GET", f"/static/{name}")[0] == 404
    page = send(plain, "GET", f"/aflevering/{EPISODE}.html")[2].decode()
    assert "editor" not in page and "_edit" not in page
    status, headers, _ = send(plain, "GET", "/?token=anything")
    assert status == 200 and "set-cookie" not in headers
    assert saved_files(plain.root) == before


def test_the_edit_server_serves_its_files_and_pages_that_load_them(editing):
    page = send(editing, "GET", f"/aflevering/{EPISODE}.html")[2].decode()
    assert f'<script src="../static/editor.js" defer data-episode="{EPISODE}" data-api="../_edit/episodes/{EPISODE}">' in page
    assert '<link rel="stylesheet" href="../static/editor.css">' in page
    assert "<script>" not in page and " style=" not in page  # no inline script or style: the CSP holds
    status, headers, body = send(editing, "GET", "/static/editor.js")
    assert status == 200 and headers["content-type"] == "text/javascript; charset=utf-8" and b"contentEditable" in body
    assert headers["content-security-policy"].startswith("default-src 'self'")
    assert send(editing, "GET", "/static/editor.css")[0] == 200
    assert not any((editing.state.current() / "static" / name).exists() for name in EDITOR_FILES)


def test_a_built_site_contains_no_editing_code_or_endpoint(tmp_path):
    root = copy_catalogue(tmp_path / "catalogue")
    out = tmp_path / "site"
    build_site(Catalogue(root), out)
    names = {p.name for p in out.rglob("*")}
    assert not names & set(EDITOR_FILES) and "_edit" not in names
    texts = [p for p in out.rglob("*") if p.suffix in (".html", ".js", ".css", ".json", ".vtt", ".srt", ".txt")]
    assert len(texts) > 8
    for path in texts:
        text = path.read_text(encoding="utf-8", errors="replace")
        words = ["editor.js", "editor.css", "_edit/", "rr-unsure", "edit-text", "unsure_below"]
        if path.relative_to(out).parts[0] != "pagefind":  # Pagefind's own UI has editable fields and tokens
            words += ["contenteditable", "contentEditable", "token"]
        for word in words:
            assert word not in text, f"{word} in {path.relative_to(out)}"


# --- the command line ----------------------------------------------------------------------

def test_rr_serve_edit_listens_on_127_0_0_1_only(tmp_path):
    root = copy_catalogue(tmp_path / "catalogue")
    for args, message in [(["--edit", "--host", "0.0.0.0"], "--edit listens on 127.0.0.1 only"),
                          (["--edit", "--host", "localhost"], "--edit listens on 127.0.0.1 only"),
                          (["--editor", "Anna"], "--editor goes with --edit")]:
        result = CliRunner().invoke(main, ["--root", str(root), "serve", *args])
        assert result.exit_code != 0 and message in result.output, result.output
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    with pytest.raises(RRError, match="the editor listens on 127.0.0.1 only"):
        make_server(Catalogue(root), "0.0.0.0", 0, edit=EditSession.new())


def test_rr_serve_edit_prints_the_address_with_its_token(tmp_path):
    root = copy_catalogue(tmp_path / "catalogue")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "razendereporter", "--root", str(root), "serve", "--edit",
                                "--port", "0", "--editor", "Anna de Vries"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = process.stdout.readline()
        found = re.search(r"open http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]{43,}) \(Ctrl-C stops\)", line)
        assert found, line
        conn = http.client.HTTPConnection("127.0.0.1", int(found.group(1)), timeout=30)
        conn.request("GET", f"/?token={found.group(2)}")
        response = conn.getresponse()
        assert response.status == 303 and found.group(2) in response.getheader("Set-Cookie")
        conn.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert process.returncode == 0
