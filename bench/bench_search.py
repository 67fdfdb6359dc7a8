"""Quote search benchmark: build time, peak memory and query latency at 100k and 1M quotes.

    PYTHONPATH=src python bench/bench_search.py [--sizes 100000 1000000] [--work /tmp/rr-bench]

For each size it writes a synthetic catalogue (Dutch-like sentences over a Zipfian
vocabulary of more than 20 000 word forms made from Dutch stems, suffixes and compounds;
50 wijken; 5 roles) in the current format: catalog.json and a quote file per episode,
through the library's own upgrade of the format-1 data it generates. It builds the index in
a child process (wall time and the child's peak RSS), then times a fixed set of queries
through ``razendereporter.search.search`` (the whole call: freshness check, BM25 top 20,
facets, stored fields, snippets) and the same queries as a TinyDB scan of every quote.
Prints a Markdown table; ``--out`` also writes it to a file.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

STEMS = """warmte pomp net gas aardgas isolatie woning huis dak vloer muur spouw raam glas kozijn
subsidie lening gemeente wijk buurt bewoner buur ambtenaar adviseur coach energie stroom zon paneel
rekening kosten prijs geld euro budget plan project transitie avond bijeenkomst vraag antwoord
idee zorg angst twijfel keuze toekomst jaar maand week dag huur koop eigenaar corporatie
installatie ketel radiator leiding kabel meter verbruik besparing ventilatie kachel hout
inductie kook fornuis wasmachine auto fiets straat park school kerk winkel markt vereniging
bestuur raad wethouder politiek beleid regel wet vergunning aanvraag formulier loket brief
folder website informatie uitleg voorbeeld ervaring verhaal gesprek mening gevoel vertrouwen
snel traag duur goedkoop groot klein oud nieuw warm koud stil druk mooi lelijk goed slecht
werk bouw aannemer schilder loodgieter elektricien monteur planning termijn wachttijd
boom tuin gras water regen wind storm klimaat natuur dier vogel hond kat kind ouder familie""".split()
SUFFIXES = ["", "en", "s", "e", "je", "jes", "ing", "ingen", "er", "ers", "tje", "lijk", "lijke", "heid"]
FUNCTION = "de het een en van in op te dat die is voor met niet ook maar wel we ik u ze er".split()
ROLES = ["bewoner", "ambtenaar", "energieadviseur", "verslaggever", "overig"]
QUERIES = [
    ("common word", "warmte", {}),
    ("common word + role", "gemeente", {"role": ("ambtenaar",)}),
    ("mid word", "subsidies", {}),
    ("mid word + wijk", "isolatie", {"wijk": ("wijk-7",)}),
    ("rare word", "schilderheid", {}),
    ("rare word + role", "vogeltjes", {"role": ("bewoner",)}),
    ("two words", "warmtepomp subsidie", {}),
    ("phrase", '"de warmte"', {}),
    ("phrase + wijk", '"het gas"', {"wijk": ("wijk-3",)}),
    ("prefix", "warmte*", {}),
    ("prefix + role", "isol*", {"role": ("ambtenaar",)}),
    ("OR", "kachel OR ketel", {}),
    ("NOT", "gas NOT aardgas", {}),
    ("date range", "energie", {"date_from": "2023-01-01", "date_to": "2023-06-30"}),
]


def vocabulary(rng: random.Random) -> list[str]:
    forms = {s + suf for s in STEMS for suf in SUFFIXES}
    for a in STEMS:
        for b in rng.sample(STEMS, 60):
            if a != b:
                forms.add(a + b)
                forms.add(a + b + "en")
    words = sorted(forms)
    rng.shuffle(words)
    return FUNCTION + words


def write_catalogue(root: Path, n_quotes: int, seed: int = 1, n_episodes: int | None = None,
                    catalogue_format: int = 2) -> dict:
    """A catalogue with ``n_quotes`` quotes over ``n_episodes`` episodes (default: 50 quotes each),
    in the current format, or with ``catalogue_format=1`` as releases before the quote files wrote
    it (one catalog.json, quotes inside: what bench_catalogue.py gives the previous release)."""
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    cum, total = [], 0.0
    for rank in range(1, len(vocab) + 1):
        total += 1.0 / rank ** 1.07
        cum.append(total)
    wijken = {str(i + 1): {"slug": f"wijk-{i}", "name": f"Wijk-{i}", "gemeente": f"Gemeente {i % 17}",
                           "province": "Gelderland"} for i in range(50)}
    n_episodes = n_episodes or max(50, n_quotes // 50)
    articles, episodes, quotes = {}, {}, {}
    for i in range(50):
        date = f"{2022 + i % 3}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        articles[str(i + 1)] = {"slug": f"artikel-{i}", "title": f"Razende Reporter in Wijk-{i}", "date": date,
                                "url": f"https://example.org/artikel-{i}", "wijk": f"wijk-{i}",
                                "gemeente": f"Gemeente {i % 17}", "kind": "razende-reporter", "people": []}
    for e in range(n_episodes):
        w = e % 50
        episodes[str(e + 1)] = {"id": f"ep-{e}", "title": f"Episode {e}", "wijk": f"wijk-{w}",
                                "article": f"artikel-{w}", "slot": 1, "video": f"media/wijk-{w}/ep-{e}.mp4",
                                "vtt": f"transcripts/wijk-{w}/ep-{e}.nl.vtt", "duration": 600.0,
                                "added": "2024-01-01T00:00:00+00:00"}
    per_ep = max(1, n_quotes // n_episodes)
    for q in range(n_quotes):
        e, k = divmod(q, per_ep)
        e = min(e, n_episodes - 1)
        words = rng.choices(vocab, cum_weights=cum, k=rng.randint(8, 24))
        text = " ".join(words).capitalize() + "."
        role = ROLES[rng.randrange(5)]
        quotes[str(q + 1)] = {"episode": f"ep-{e}", "start": k * 7.5, "end": k * 7.5 + 7.0,
                              "speaker": f"S{1 + ROLES.index(role)}", "person": f"Persoon {e % 300} {role}",
                              "role": role, "text": text}
    data = {"wijken": wijken, "articles": articles, "episodes": episodes, "quotes": quotes, "speakers": {}}
    if catalogue_format == 1:
        root.mkdir(parents=True, exist_ok=True)
        (root / "catalog.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    else:
        write_format_2(root, data)
    return {"forms": len(vocab), "episodes": n_episodes, "format": catalogue_format}


def write_format_2(root: Path, data: dict) -> None:
    """Store format-1 ``data`` (quotes as a table) as the catalogue stores it now: the quote
    files first, then catalog.json without the quotes."""
    from razendereporter.catalogue import Catalogue, store
    from razendereporter.catalogue.upgrade import upgrade_v1

    root.mkdir(parents=True, exist_ok=True)
    store.write(root / store.CATALOG_NAME, upgrade_v1(Catalogue(root), data))


def build_in_child(root: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of a child process that rebuilds the index."""
    code = ("import sys; from razendereporter.catalogue import Catalogue; from razendereporter.search import rebuild; "
            "rebuild(Catalogue(sys.argv[1]))")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(root)], check=True, env=os.environ.copy())
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return seconds, cpu, max(after.ru_maxrss, before.ru_maxrss) / 1024


def time_queries(root: Path, repeats: int) -> tuple[dict[str, list[float]], list[float]]:
    """Wall ms per query label, and the process CPU ms of every search (load-independent)."""
    from razendereporter.catalogue import Catalogue
    from razendereporter.search import Filters, search

    catalogue = Catalogue(root)  # one per process, as a command or `rr serve` holds it
    out, cpu = {}, []
    for label, text, filters in QUERIES:
        search(catalogue, text, Filters(**filters))  # warm: first open of the index, page cache
        times = []
        for _ in range(repeats):
            c, t = time.process_time(), time.perf_counter()
            search(catalogue, text, Filters(**filters), limit=20)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        out[label] = times
    return out, cpu


def tinydb_scan(root: Path, max_seconds: float) -> dict[str, float] | None:
    """The same queries as a TinyDB scan (case-insensitive word-prefix regexes, filters)."""
    from tinydb import Query, TinyDB
    from tinydb.storages import MemoryStorage

    from razendereporter.catalogue import Catalogue

    catalogue = Catalogue(root)
    ep_wijk = {e["id"]: e["wijk"] for e in catalogue.snapshot.rows("episodes")}
    # Every quote file loaded once into one table, as a long-running process would hold them.
    table = TinyDB(storage=MemoryStorage).table("quotes")
    table.insert_multiple(q for episode in ep_wijk for q in catalogue.quotes(episode))
    out, started = {}, time.perf_counter()
    for label, text, filters in QUERIES:
        words = [w.strip('"*') for w in text.replace(" OR ", " ").replace("NOT ", "").split()]
        patterns = [re.compile(r"\b" + re.escape(w), re.I) for w in words if w]
        q = Query()
        cond = q.text.test(lambda t, ps=patterns: all(p.search(t) for p in ps))
        if "role" in filters:
            cond &= q.role.one_of(list(filters["role"]))
        if "wijk" in filters:
            cond &= q.episode.test(lambda e, w=filters["wijk"]: ep_wijk.get(e) in w)
        t = time.perf_counter()
        table.search(cond)
        out[label] = (time.perf_counter() - t) * 1000
        if time.perf_counter() - started > max_seconds:
            return out
    return out


def facet_comparison(root: Path) -> dict[str, tuple[float, float]]:
    from razendereporter.catalogue import Catalogue
    from razendereporter.search import QuoteIndex, facets
    from razendereporter.search import query as query_mod

    quote_index = QuoteIndex.of(Catalogue(root))
    searcher, _ = quote_index.open_searcher()
    words, out = quote_index.analyzer, {}
    for text in ("warmte", "schilderheid"):
        q = query_mod.to_tantivy(query_mod.parse(text, words))
        t = time.perf_counter()
        facets.count(searcher, q)
        agg = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        facets.count_by_collecting(searcher, q)
        out[text] = (agg, (time.perf_counter() - t) * 1000)
    return out


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run_size(n: int, work: Path, repeats: int, scan_budget: float, reuse: bool = False) -> list[str]:
    root = work / f"q{n}"
    t = time.perf_counter()
    marker = root / "generated.json"
    if reuse and marker.exists() and json.loads(marker.read_text()).get("n") == n \
            and json.loads(marker.read_text()).get("format") == 2:
        info = json.loads(marker.read_text())  # the same seed gives the same catalogue
    else:
        info = write_catalogue(root, n)
        marker.write_text(json.dumps(dict(info, n=n)))
    gen_s = time.perf_counter() - t
    size_mb = (root / "catalog.json").stat().st_size / 1e6
    quotes_mb = sum(p.stat().st_size for p in (root / "quotes").glob("*.json")) / 1e6
    load_before = os.getloadavg()[0]
    build_s, build_cpu, peak_mb = build_in_child(root)
    times, cpu = time_queries(root, repeats)
    every = [x for v in times.values() for x in v]
    scan = tinydb_scan(root, scan_budget)
    lines = [f"### {n:,} quotes", "",
             f"catalog.json {size_mb:.0f} MB and quotes/ {quotes_mb:.0f} MB, {info['episodes']:,} episodes, "
             f"{info['forms']:,} word forms "
             f"(generated in {gen_s:.0f} s)", "",
             f"- index build (child process): **{build_s:.1f} s** wall, {build_cpu:.1f} s CPU (all threads), "
             f"peak RSS **{peak_mb:.0f} MB** (load average {load_before:.1f} when it started)",
             f"- all queries: median **{statistics.median(every):.2f} ms**, p95 **{pct(every, 95):.2f} ms** wall; "
             f"CPU per search median {statistics.median(cpu):.2f} ms, p95 {pct(cpu, 95):.2f} ms "
             f"({len(every)} timed searches, limit 20, facets and snippets included)", "",
             "| query | median ms | p95 ms | TinyDB scan ms | speed-up |", "|---|---|---|---|---|"]
    for label, text, filters in QUERIES:
        med = statistics.median(times[label])
        sc = scan.get(label) if scan else None
        extra = ", ".join(f"{k}={v[0] if isinstance(v, tuple) else v}" for k, v in filters.items())
        name = f"{label}: `{text}`" + (f" ({extra})" if extra else "")
        lines.append(f"| {name} | {med:.2f} | {pct(times[label], 95):.2f} | "
                     + (f"{sc:.0f} | {sc / med:.0f}× |" if sc is not None else "not run | |"))
    if scan and len(scan) < len(QUERIES):
        lines.append(f"\nTinyDB scan stopped after {scan_budget:.0f} s ({len(scan)} of {len(QUERIES)} queries).")
    if n <= 200_000:
        lines += ["", "Facets, terms aggregation vs collecting every hit and reading its stored role:", ""]
        for text, (agg, coll) in facet_comparison(root).items():
            lines.append(f"- `{text}`: aggregation {agg:.2f} ms, collecting {coll:.1f} ms")
    lines.append("\nLoad average during this size (1/5/15 min, at the end): "
                 + " / ".join(f"{x:.1f}" for x in os.getloadavg()))
    return lines + [""]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--work", type=Path, default=Path("/tmp/rr-bench-search"))
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--scan-budget", type=float, default=180.0, help="seconds of TinyDB scanning per size")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--reuse", action="store_true", help="reuse a catalogue generated before for the same size")
    args = ap.parse_args()
    lines = [f"Python {sys.version.split()[0]}, {os.cpu_count()} cores", ""]
    for n in args.sizes:
        lines += run_size(n, args.work, args.repeats, args.scan_budget, args.reuse)
        print("\n".join(lines), flush=True)
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
