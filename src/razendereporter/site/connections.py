"""The connections of `rr serve`: a fixed pool of threads, none of which waits for a client.

The standard library's threading server gives every connection a thread that blocks until
the client sends its request: 500 connections that send nothing (or a header a byte a
minute) hold 500 threads, forever. Here one thread, the one in :meth:`serve_forever`,
accepts connections and collects each request's head without blocking (``selectors``). Only
a complete head goes to one of ``workers`` threads, which answers it with the usual
``BaseHTTPRequestHandler`` and gives a kept-alive connection back. So:

* a head must arrive within ``header_timeout`` seconds, an idle kept-alive connection is
  closed after ``idle_timeout``; neither holds a thread meanwhile;
* a client that stops reading an answer is let go after ``send_timeout`` seconds;
* at most ``max_waiting`` connections wait; one more closes the one that waited longest.
"""

from __future__ import annotations

import contextlib
import io
import queue
import re
import selectors
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

WORKERS = 16
HEADER_TIMEOUT_S = 10.0
IDLE_TIMEOUT_S = 15.0
SEND_TIMEOUT_S = 30.0
MAX_WAITING = 1024
MAX_HEAD = 64 * 1024  # the request line and headers; longer is answered 431/414 by the handler
_END_OF_HEAD = re.compile(rb"\r?\n\r?\n")


@dataclass
class Waiting:
    """A connection whose next request head is being collected."""

    sock: socket.socket
    address: Any
    deadline: float
    since: float = field(default_factory=time.monotonic)
    buffer: bytearray = field(default_factory=bytearray)

    def complete(self) -> bool:
        return bool(_END_OF_HEAD.search(self.buffer)) or len(self.buffer) >= MAX_HEAD


class OneRequestHandler(BaseHTTPRequestHandler):
    """Answers the one request whose head the server collected (``head``), then returns."""

    def __init__(self, request, client_address, server, head: bytes = b""):
        self.head = head
        self.leftover = b""
        super().__init__(request, client_address, server)

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # the socket's reader: the head is read already, and never block on it
        self.rfile = io.BytesIO(self.head)

    def handle(self) -> None:
        self.close_connection = True  # unless the request keeps it alive (HTTP/1.1)
        self.handle_one_request()

    def finish(self) -> None:
        self.leftover = self.rfile.read()  # a pipelined next request
        super().finish()


class PooledHTTPServer(HTTPServer):
    allow_reuse_address = True
    request_queue_size = 1024  # a burst of new connections (reopened ones, a page's assets) is not dropped

    def __init__(self, address, handler, *, workers: int = WORKERS, header_timeout: float = HEADER_TIMEOUT_S,
                 idle_timeout: float = IDLE_TIMEOUT_S, send_timeout: float = SEND_TIMEOUT_S,
                 max_waiting: int = MAX_WAITING):
        self.header_timeout, self.idle_timeout, self.send_timeout = header_timeout, idle_timeout, send_timeout
        self.max_waiting = max_waiting
        self._selector = selectors.DefaultSelector()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._waiting: dict[int, Waiting] = {}
        self._returned: queue.SimpleQueue[Waiting] = queue.SimpleQueue()
        self._jobs: queue.SimpleQueue[Waiting | None] = queue.SimpleQueue()
        self._active: set[socket.socket] = set()
        self._active_lock = threading.Lock()
        self._stopping = False
        self._stopped = threading.Event()
        self._stopped.set()
        self._workers = [threading.Thread(target=self._work, name=f"rr-serve-{n}", daemon=True) for n in range(workers)]
        super().__init__(address, handler)  # binds and listens: may fail (then server_close runs)
        for thread in self._workers:
            thread.start()

    # The selector thread ------------------------------------------------------------------

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        self._stopped.clear()
        self._stopping = False
        self.socket.setblocking(False)
        self._selector.register(self.socket, selectors.EVENT_READ, "accept")
        self._selector.register(self._wake_r, selectors.EVENT_READ, "wake")
        try:
            while not self._stopping:
                now = time.monotonic()
                soonest = min((w.deadline for w in self._waiting.values()), default=now + poll_interval)
                for key, _ in self._selector.select(max(0.0, min(poll_interval, soonest - now))):
                    if key.data == "accept":
                        self._accept()
                    elif key.data == "wake":
                        self._take_back()
                    else:
                        self._read(key.data)
                self._expire(time.monotonic())
        finally:
            for waiting in list(self._waiting.values()):
                self._drop(waiting)
            for fileobj in (self.socket, self._wake_r):
                with contextlib.suppress(KeyError, ValueError):
                    self._selector.unregister(fileobj)
            self._stopped.set()

    def _accept(self) -> None:
        for _ in range(64):  # a burst of connections, a bounded share of the loop
            try:
                sock, address = self.socket.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # out of file descriptors: make room
                if self._waiting:
                    self._drop(min(self._waiting.values(), key=lambda w: w.since))
                return
            if len(self._waiting) >= self.max_waiting:
                self._drop(min(self._waiting.values(), key=lambda w: w.since))
            sock.setblocking(False)
            self._wait(Waiting(sock, address, time.monotonic() + self.header_timeout))

    def _wait(self, waiting: Waiting) -> None:
        if waiting.complete():  # a pipelined request came with the last one
            self._jobs.put(waiting)
            return
        self._waiting[waiting.sock.fileno()] = waiting
        self._selector.register(waiting.sock, selectors.EVENT_READ, waiting)

    def _read(self, waiting: Waiting) -> None:
        try:
            data = waiting.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            return self._drop(waiting)
        if not waiting.buffer:  # an idle connection starts a request: it has a head's time
            waiting.deadline = time.monotonic() + self.header_timeout
        waiting.buffer += data
        if waiting.complete():
            self._unwait(waiting)
            self._jobs.put(waiting)

    def _expire(self, now: float) -> None:
        for waiting in [w for w in self._waiting.values() if w.deadline <= now]:
            self._drop(waiting)

    def _unwait(self, waiting: Waiting) -> None:
        self._waiting.pop(waiting.sock.fileno(), None)
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(waiting.sock)

    def _drop(self, waiting: Waiting) -> None:
        self._unwait(waiting)
        waiting.sock.close()

    def _take_back(self) -> None:
        with contextlib.suppress(OSError):
            while self._wake_r.recv(4096):
                pass
        while True:
            try:
                waiting = self._returned.get_nowait()
            except queue.Empty:
                return
            self._wait(waiting)

    # The workers ---------------------------------------------------------------------------

    def _work(self) -> None:
        while (waiting := self._jobs.get()) is not None:
            self._answer(waiting)

    def _answer(self, waiting: Waiting) -> None:
        sock, keep, leftover = waiting.sock, False, b""
        with self._active_lock:
            self._active.add(sock)
        try:
            sock.settimeout(self.send_timeout)
            handler = self.RequestHandlerClass(sock, waiting.address, self, bytes(waiting.buffer))
            keep, leftover = not handler.close_connection, handler.leftover
        except OSError:
            pass  # the client went away or stopped reading
        except Exception:
            self.handle_error(sock, waiting.address)
        finally:
            with self._active_lock:
                self._active.discard(sock)
        if keep and not self._stopping:
            sock.setblocking(False)
            self._returned.put(Waiting(sock, waiting.address, time.monotonic() + self.idle_timeout,
                                       buffer=bytearray(leftover)))
            with contextlib.suppress(OSError):
                self._wake_w.send(b"\0")
        else:
            self.shutdown_request(sock)

    # Stopping ------------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop :meth:`serve_forever` (from another thread) and wait until it has."""
        self._stopping = True
        with contextlib.suppress(OSError):
            self._wake_w.send(b"\0")
        self._stopped.wait()

    def server_close(self) -> None:
        self._stopping = True
        super().server_close()
        for thread in self._workers:
            if thread.is_alive():
                self._jobs.put(None)
        with self._active_lock:  # answers being sent: end them now, not after send_timeout
            for sock in self._active:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        self._selector.close()
        self._wake_r.close()
        self._wake_w.close()
