"""Load test of `rr serve` on loopback: pages, search files and video ranges, mixed.

    python bench/bench_serve.py [--root .] [--requests 2000] [--concurrency 50]
    python bench/bench_serve.py --half-open 500 [--write]

Starts the server in a process of its own (``razendereporter.site.serve``, what `rr serve`
runs) on 127.0.0.1 and a free port, so client and server do not share one interpreter; sends a bounded number of
requests from a thread pool with one connection per request (as the worst case for the
server), checks every answer (status and, for ranges, the exact bytes) and prints
requests/s, p50/p95/p99 latency and errors as a Markdown table. Traffic never leaves
127.0.0.1; the run stops by itself after ``--requests`` requests.

``--half-open N`` (at most 1000) first opens N connections that send half a request head
and then nothing (what a slowloris client or a stalled proxy does) and holds them, opening
again any the server closes, for as long as the normal load runs: the table then also says
how many were held, how often the server closed one, and the server's peak thread count.
``--write`` puts the run, with a run without half-open connections before it, into this
benchmark's section of docs/benchmarks.md (bench/report.py).
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import random
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import socket
import subprocess
import threading

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import BENCHMARKS, write_section  # noqa: E402

SECTION = "## `rr serve` beside half-open connections"
MAX_HALF_OPEN = 1000


def plan(root: Path, count: int, seed: int = 7) -> list[tuple[str, dict, bytes | None]]:
    """The request mix: 40 % pages, 15 % search index and scripts, 45 % video ranges."""
    import json

    catalogue = json.loads((root / "catalog.json").read_text(encoding="utf-8"))
    episodes = list(catalogue.get("episodes", {}).values())
    pages = ["/", "/zoeken.html", "/over.html"] + [f"/aflevering/{e['id']}.html" for e in episodes] \
        + sorted({f"/wijk/{e['wijk']}.html" for e in episodes})
    assets = ["/static/site.css", "/static/player.js", "/static/search.js", "/pagefind/pagefind.js"] \
        + [f"/{e['vtt']}" for e in episodes]
    videos = [(f"/{e['video']}", (root / e["video"]).read_bytes()) for e in episodes]
    rng = random.Random(seed)
    jobs = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.40 or not videos:
            jobs.append((rng.choice(pages), {}, None))
        elif kind < 0.55:
            jobs.append((rng.choice(assets), {}, None))
        else:
            path, data = rng.choice(videos)
            start = rng.randrange(0, len(data))
            end = min(start + rng.choice([1, 4096, 65536, 262144]) - 1, len(data) - 1)
            jobs.append((path, {"Range": f"bytes={start}-{end}"}, data[start:end + 1]))
    return jobs


def fetch(port: int, job) -> tuple[float, str | None]:
    path, headers, expected = job
    began = time.perf_counter()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        conn.close()
    except OSError as exc:
        return time.perf_counter() - began, f"{path}: {exc}"
    took = time.perf_counter() - began
    if expected is not None:
        ok = response.status == 206 and body == expected
    else:
        ok = response.status == 200 and len(body) > 0
    return took, None if ok else f"{path}: HTTP {response.status}, {len(body)} bytes"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(root: Path, port: int, src: Path | None = None) -> subprocess.Popen:
    """The server of this checkout, or of the package sources in ``src`` (another version, which
    may take the root path rather than a Catalogue)."""
    code = ("import sys; from razendereporter.site import serve\n"
            "try:\n    from razendereporter.catalogue import Catalogue; where = Catalogue(sys.argv[1])\n"
            "except ImportError:\n    where = sys.argv[1]\n"
            "serve(where, '127.0.0.1', int(sys.argv[2]))")
    env = {**os.environ, "PYTHONPATH": str(src or Path(__file__).resolve().parents[1] / "src")}
    proc = subprocess.Popen([sys.executable, "-c", code, str(root), str(port)], env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with code {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start within 120 s")


class HalfOpen:
    """``count`` connections with half a request head each, held (and reopened) until stopped."""

    def __init__(self, port: int, count: int):
        self.port, self.count = port, min(count, MAX_HALF_OPEN)
        self.socks: list[socket.socket] = []
        self.reopened = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._hold, daemon=True)

    def _open(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        sock.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nX-Half: ".encode())
        sock.setblocking(False)
        return sock

    def __enter__(self) -> "HalfOpen":
        self.socks = [self._open() for _ in range(self.count)]
        if self.socks:
            time.sleep(1.0)  # held beside the load, not opened during it: the server accepts them first
        self.thread.start()
        return self

    def _hold(self) -> None:
        while not self.stop.wait(0.5):
            for n, sock in enumerate(self.socks):
                try:
                    closed = sock.recv(1) == b""
                except BlockingIOError:
                    closed = False
                except OSError:
                    closed = True
                if closed:
                    sock.close()
                    self.socks[n] = self._open()
                    self.reopened += 1

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join(timeout=10)
        for sock in self.socks:
            sock.close()


def peak_threads(pid: int, stop: threading.Event, seen: list[int]) -> None:
    """The server process's thread count, sampled every 0.1 s (Linux /proc)."""
    while not stop.wait(0.1):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return
        seen.append(int(next(line.split()[1] for line in status.splitlines() if line.startswith("Threads:"))))


def run(root: Path, requests: int, concurrency: int, half_open: int, src: Path | None = None,
        label: str = "this version") -> dict:
    """One run against a fresh server; the numbers of one table row."""
    port = free_port()
    server = start_server(root, port, src)
    threads: list[int] = []
    stop = threading.Event()
    sampler = threading.Thread(target=peak_threads, args=(server.pid, stop, threads), daemon=True)
    try:
        jobs = plan(root, requests)
        with HalfOpen(port, half_open) as held:
            sampler.start()
            began = time.perf_counter()
            with ThreadPoolExecutor(max_workers=concurrency) as pool:
                results = list(pool.map(lambda job: fetch(port, job), jobs))
            elapsed = time.perf_counter() - began
            reopened = held.reopened
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
    latencies = [took * 1000 for took, _ in results]
    return {"server": label, "requests": len(jobs), "concurrency": concurrency, "half_open": half_open, "reopened": reopened,
            "ranges": sum(1 for job in jobs if job[2] is not None), "rps": len(jobs) / elapsed,
            "p50": statistics.median(latencies), "p95": percentile(latencies, 0.95),
            "p99": percentile(latencies, 0.99), "max": max(latencies), "threads": max(threads, default=0),
            "errors": [err for _, err in results if err], "elapsed": elapsed}


HEADER = ("| server | requests | concurrency | half-open held | closed by the server (reopened) | requests/s | p50 ms "
          "| p95 ms | p99 ms | max ms | server threads (peak) | errors |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")


def row(r: dict) -> str:
    return (f"| {r['server']} | {r['requests']} | {r['concurrency']} | {r['half_open']} | {r['reopened']} | {r['rps']:.0f} | "
            f"{r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['max']:.1f} | {r['threads']} | {len(r['errors'])} |")


def section(rows: list[dict], command: str, compare: str | None) -> str:
    compared = "" if compare is None else (
        f" Rows marked *{compare}* ran the server of the package sources given with `--compare-src`.")
    return f"""{SECTION}

`{command}`: the mixed load of "`rr serve` under load" above (every request on a new connection,
every answer checked), once alone and once while {rows[-1]['half_open']} connections that sent half a
request head and then nothing are held open (reopened whenever the server closes one), all on
127.0.0.1. The server collects request heads without a thread per connection
(`site/connections.py`), so the held connections cost it sockets, not threads, and it closes
each after 10 s without a complete head.

{HEADER}
{chr(10).join(row(r) for r in rows)}

Python {platform.python_version()}, {os.cpu_count()} cores shared with other work (client and server
on the same two cores), {time.strftime('%Y-%m-%d')}.{compared}
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=".", type=Path, help="catalogue root (default: this repository)")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--half-open", type=int, default=0, help=f"connections held half-open (at most {MAX_HALF_OPEN})")
    parser.add_argument("--write", action="store_true", help="write the results into docs/benchmarks.md")
    parser.add_argument("--compare-src", type=Path, metavar="DIR",
                        help="also run the server of these package sources (another version's src/, e.g. from "
                             "`git archive COMMIT src`)")
    parser.add_argument("--compare-label", default=None, help="what to call that version in the table")
    args = parser.parse_args()
    counts = [0, args.half_open] if args.write and args.half_open else [args.half_open]
    label = args.compare_label or str(args.compare_src)
    servers = [(None, "this version")] + ([(args.compare_src, label)] if args.compare_src else [])
    rows = [run(args.root, args.requests, args.concurrency, n, src, name) for src, name in servers for n in counts]
    print(HEADER)
    for r in rows:
        print(row(r))
    print(f"\nPython {platform.python_version()}, {os.cpu_count()} cores, "
          + ", ".join(f"{r['elapsed']:.1f} s" for r in rows))
    for err in [e for r in rows for e in r["errors"]][:10]:
        print("error:", err, file=sys.stderr)
    if args.write:
        command = f"python bench/bench_serve.py --requests {args.requests} --half-open {args.half_open} --write" + (
            f" --compare-src DIR --compare-label '{label}'" if args.compare_src else "")
        write_section(BENCHMARKS, SECTION, section(rows, command, label if args.compare_src else None))
    return 1 if any(r["errors"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
