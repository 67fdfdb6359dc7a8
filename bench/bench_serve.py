"""Load test of `rr serve` on loopback: pages, search files and video ranges, mixed.

    python bench/bench_serve.py [--root .] [--requests 2000] [--concurrency 50]

Starts the server in a process of its own (``razendereporter.site.serve``, what `rr serve`
runs) on 127.0.0.1 and a free port, so client and server do not share one interpreter; sends a bounded number of
requests from a thread pool with one connection per request (as the worst case for the
server), checks every answer (status and, for ranges, the exact bytes) and prints
requests/s, p50/p95/p99 latency and errors as a Markdown table. Traffic never leaves
127.0.0.1; the run stops by itself after ``--requests`` requests.
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


def start_server(root: Path, port: int) -> subprocess.Popen:
    code = ("import sys; from razendereporter.catalogue import Catalogue; from razendereporter.site import serve; "
            "serve(Catalogue(sys.argv[1]), '127.0.0.1', int(sys.argv[2]))")
    proc = subprocess.Popen([sys.executable, "-c", code, str(root), str(port)])
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=".", type=Path, help="catalogue root (default: this repository)")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    port = free_port()
    server = start_server(args.root, port)
    try:
        jobs = plan(args.root, args.requests)
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            results = list(pool.map(lambda job: fetch(port, job), jobs))
        elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies = [took * 1000 for took, _ in results]
    errors = [err for _, err in results if err]
    ranges = sum(1 for job in jobs if job[2] is not None)
    print("| requests | concurrency | video ranges | requests/s | p50 ms | p95 ms | p99 ms | max ms | errors |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {len(jobs)} | {args.concurrency} | {ranges} | {len(jobs) / elapsed:.0f} | "
          f"{statistics.median(latencies):.1f} | {percentile(latencies, 0.95):.1f} | "
          f"{percentile(latencies, 0.99):.1f} | {max(latencies):.1f} | {len(errors)} |")
    print(f"\nPython {platform.python_version()}, {os.cpu_count()} cores, {elapsed:.1f} s")
    for err in errors[:10]:
        print("error:", err, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
