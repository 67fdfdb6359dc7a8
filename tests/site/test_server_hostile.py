"""`rr serve` against hostile clients and pages: huge Range numbers, foreign Host headers
(DNS rebinding), cross-origin reads, files dropped into media/, connections that send
nothing or never read, and the temporary builds of a killed server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

from site_support import Running, copy_catalogue
from test_server import VIDEO, request

VTT = "/transcripts/ermelo-west/arjen-baatje.nl.vtt"
SECURITY = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Resource-Policy")


def raw(running, data: bytes, timeout: float = 10) -> bytes:
    """Send ``data`` as it is and read the answer until the server closes or stops sending."""
    with socket.create_connection(("127.0.0.1", running.server.server_address[1]), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except socket.timeout:
            pass
        return b"".join(chunks)


@pytest.mark.parametrize("header, status", [
    ("bytes=" + "9" * 5000 + "-", 416),
    ("bytes=0-" + "9" * 5000, 206),
    ("bytes=-" + "9" * 5000, 206),
    ("bytes=" + "1" * 19 + "-" + "2" * 19, 416),
])
def test_range_numbers_with_thousands_of_digits_are_answered(served, catalogue, capfd, header, status):
    size = (catalogue / VIDEO.lstrip("/")).stat().st_size
    got, headers, body = request(served, VIDEO, headers={"Range": header})
    assert got == status
    if status == 206:
        assert headers["Content-Range"] == f"bytes 0-{size - 1}/{size}" and len(body) == size
    assert "Traceback" not in capfd.readouterr().err
    assert request(served, "/")[0] == 200


@pytest.mark.parametrize("path", [VTT, VIDEO, "/", "/static/player.js"])
def test_no_other_site_may_read_the_transcripts_or_videos(served, path):
    status, headers, _ = request(served, path, headers={"Origin": "https://evil.example"})
    assert status == 200
    assert "Access-Control-Allow-Origin" not in headers
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize("host, status", [
    ("evil.example:{port}", 421), ("evil.example", 421), ("localhost.evil.example:{port}", 421),
    ("127.0.0.1:1", 421), ("[::1]:1", 421), ("localhost:{port}", 200), ("127.0.0.1:{port}", 200),
    ("[::1]:{port}", 200), ("LOCALHOST:{port}", 200),
])
def test_requests_for_another_host_are_refused(served, host, status):
    """DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 asks with its own Host."""
    port = served.server.server_address[1]
    answer = raw(served, f"GET /{VTT} HTTP/1.1\r\nHost: {host.format(port=port)}\r\nConnection: close\r\n\r\n".encode())
    assert answer.startswith(f"HTTP/1.1 {status} ".encode()), answer[:80]
    assert (b"WEBVTT" in answer) == (status == 200)
    assert b"\r\nContent-Security-Policy: default-src 'self';" in answer and b"\r\nX-Content-Type-Options: nosniff" in answer


def test_a_request_without_host_is_refused_in_http_1_1_only(served):
    assert raw(served, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n").startswith(b"HTTP/1.1 400 ")
    assert raw(served, b"GET / HTTP/1.0\r\n\r\n").startswith(b"HTTP/1.1 200 ")  # the version it speaks


@pytest.mark.parametrize("path, headers, status", [
    ("/nergens.html", {}, 404), ("/../catalog.json", {}, 403), ("/%00", {}, 400),
    (VIDEO, {"Range": "bytes=99999999-"}, 416), ("/", {"Host": "evil.example"}, 400),  # a second Host
])
def test_error_answers_carry_the_same_security_headers(served, path, headers, status):
    got, answer, _ = request(served, path, headers=headers)
    ok = request(served, "/")[1]
    assert got == status
    for name in SECURITY:
        assert answer.get(name) == ok[name], name


def test_only_the_videos_the_catalogue_publishes_are_served_from_media(tmp_path):
    root = copy_catalogue(tmp_path / "catalogue")
    video = root / VIDEO.lstrip("/")
    (root / "media" / "ermelo-west" / "kopie.mp4").write_bytes(video.read_bytes())
    (root / "media" / "wachtwoorden.txt").write_text("geheim")
    (root / "media" / "ermelo-west" / "arjen-baatje.nl.vtt").write_text("WEBVTT\n")
    running = Running(root)
    try:
        assert request(running, VIDEO)[0] == 200
        for path in ("/media/ermelo-west/kopie.mp4", "/media/wachtwoorden.txt", "/media/ermelo-west/arjen-baatje.nl.vtt"):
            assert request(running, path)[0] == 404, path
    finally:
        running.stop()


def connect(running, send: bytes = b"") -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", running.server.server_address[1]), timeout=10)
    sock.sendall(send)
    return sock


def closed_by_server(sock: socket.socket) -> bool:
    try:
        return sock.recv(1) == b""
    except (ConnectionResetError, socket.timeout):
        return False


def test_connections_that_send_nothing_hold_no_thread_and_time_out(tmp_path):
    root = copy_catalogue(tmp_path / "catalogue")
    running = Running(root)
    running.server.header_timeout = 1.5
    threads = threading.active_count()
    port = running.server.server_address[1]
    try:
        idle = [connect(running) for _ in range(150)]
        slow = [connect(running, f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Slow: ".encode()) for _ in range(150)]
        began = time.monotonic()
        status, _, body = request(running, "/")
        assert status == 200 and body and time.monotonic() - began < 2
        assert threading.active_count() <= threads + 1
        time.sleep(2.5)
        for sock in idle + slow:
            sock.settimeout(2)
        assert sum(closed_by_server(sock) for sock in idle + slow) == 300
    finally:
        for sock in idle + slow:
            sock.close()
        running.stop()


def test_a_client_that_stops_reading_is_let_go(tmp_path):
    root = copy_catalogue(tmp_path / "catalogue")
    (root / VIDEO.lstrip("/")).write_bytes(os.urandom(1 << 20) * 32)  # 32 MB: more than the socket buffers
    running = Running(root)
    running.server.send_timeout = 1.0
    port = running.server.server_address[1]
    try:
        stuck = []
        for _ in range(20):  # more than the server's threads
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.connect(("127.0.0.1", port))
            sock.sendall(f"GET {VIDEO} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            stuck.append(sock)
        began = time.monotonic()
        assert request(running, "/")[0] == 200
        assert time.monotonic() - began < 6
        time.sleep(1.5)
        received = []
        for sock in stuck:
            sock.settimeout(5)
            total = 0
            try:
                while chunk := sock.recv(1 << 16):
                    total += len(chunk)
            except (ConnectionResetError, socket.timeout):
                pass
            received.append(total)
        assert all(total < 32 << 20 for total in received), received  # cut off, not sent whole
    finally:
        for sock in stuck:
            sock.close()
        running.stop()


def test_the_temporary_build_of_a_killed_rr_serve_is_removed_by_the_next(tmp_path, monkeypatch):
    root = copy_catalogue(tmp_path / "catalogue")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    proc = subprocess.Popen([sys.executable, "-m", "razendereporter", "--root", str(root), "serve", "--port", "0"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().startswith("serving ")
        [left] = [p.name for p in temp.iterdir()]
        assert left.startswith(f"rr-site-{proc.pid}-")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    (temp / "rr-site-notes").mkdir()  # no pid in the name: not a build of ours
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    running = Running(root)
    try:
        assert sorted(p.name for p in temp.iterdir() if not p.name.startswith(f"rr-site-{os.getpid()}-")) \
            == ["rr-site-notes"]
    finally:
        running.stop()
    assert [p.name for p in temp.iterdir()] == ["rr-site-notes"]


def test_a_port_in_use_is_one_line_and_leaves_no_temporary_build(tmp_path, monkeypatch):
    """Said in one line, and the temporary build of the site is removed again."""
    from razendereporter.catalogue import Catalogue
    from razendereporter.errors import RRError
    from razendereporter.site import serve

    root = copy_catalogue(tmp_path / "catalogue")
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(RRError, match=f"cannot listen on 127.0.0.1:{port}: Address already in use"):
            serve(Catalogue(root), "127.0.0.1", port)
    assert list(temp.iterdir()) == []
