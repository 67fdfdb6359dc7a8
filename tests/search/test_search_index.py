"""The index follows the catalogue: updates, removals, external changes, concurrent readers."""

import json
import multiprocessing as mp
import time

import catalogue_gen
from razendereporter.search import Filters, index, rebuild, remove_episode, search, status, update_episode


def people(root, q="NOT zzzz", **f):
    return sorted(h.person for h in search(root, q, Filters(**f), limit=1000).hits)


def test_missing_index_is_built_then_fresh(cat):
    assert status(cat)["state"] == "stale" and status(cat)["reason"] == "missing"
    assert search(cat, "isolatie").total == 6
    info = status(cat)
    assert info["state"] == "fresh" and info["episodes"] == 5


def test_ingest_rename_relink_and_remove_via_update_calls(cat):
    data = catalogue_gen.tables()
    search(cat, "isolatie")
    # ingest: a new episode
    data["episodes"]["99"] = {"id": "nieuw", "title": "Nieuw", "wijk": "zilverkamp", "article": "rr-zilverkamp",
                              "video": "media/zilverkamp/nieuw.mp4"}
    data["quotes"]["99"] = {"episode": "nieuw", "start": 1.0, "end": 2.0, "speaker": "S1", "person": "Nina",
                            "role": "bewoner", "text": "Onze vloerisolatie was een succes."}
    catalogue_gen.write(cat, data)
    update_episode(cat, data, "nieuw")
    assert status(cat)["state"] == "fresh"
    assert people(cat, "vloerisolatie") == ["Nina"]
    # speakers renamed
    for q in data["quotes"].values():
        if q["person"] == "Petra Bakker":
            q["person"] = "Petra de Boer"
    catalogue_gen.write(cat, data)
    update_episode(cat, data, "ambtenaar-ermelo")
    assert people(cat, speaker="Petra de Boer") == ["Petra de Boer", "Petra de Boer"]
    assert people(cat, speaker="Bakker") == []
    # relinked to another article and wijk
    data["episodes"]["2"].update(article="rr-haarlem", wijk="ramplaankwartier")
    catalogue_gen.write(cat, data)
    update_episode(cat, data, "ambtenaar-ermelo")
    hit = search(cat, "subsidieert").hits[0]
    assert hit.wijk == "ramplaankwartier" and hit.article == "rr-haarlem"
    assert "Petra de Boer" in people(cat, wijk=("ramplaankwartier",))
    # removed
    data["quotes"] = {k: v for k, v in data["quotes"].items() if v["episode"] != "nieuw"}
    del data["episodes"]["99"]
    catalogue_gen.write(cat, data)
    remove_episode(cat, data, "nieuw")
    assert people(cat, "vloerisolatie") == []
    assert status(cat)["state"] == "fresh"


def test_a_catalogue_snapshot_is_accepted(cat):
    from razendereporter.catalogue import Catalog

    search(cat, "isolatie")
    data = catalogue_gen.tables()
    data["quotes"]["1"]["text"] = "Wat vindt u van de spouwmuur?"
    catalogue_gen.write(cat, data)
    update_episode(cat, Catalog(cat).read(), "kim-en-jan")
    assert people(cat, "spouwmuur") == ["Kim"]


def test_external_change_is_detected_and_synced(cat):
    search(cat, "isolatie")
    before = status(cat)["generation"]
    data = catalogue_gen.tables()
    data["quotes"]["2"]["text"] = "Ons huis heeft nu een spouwmuur."
    catalogue_gen.write(cat, data)  # no update call: someone edited catalog.json
    assert status(cat)["state"] == "stale"
    assert "changed" in status(cat)["reason"]
    assert people(cat, "spouwmuur") == ["Jan de Vries"]
    assert status(cat)["state"] == "fresh"
    assert status(cat)["generation"] == before  # one episode: updated in place


def test_many_changes_rebuild_into_a_fresh_generation(cat, monkeypatch):
    search(cat, "isolatie")
    before = status(cat)["generation"]
    monkeypatch.setattr(index, "MIN_REBUILD_EPISODES", 1)
    monkeypatch.setattr(index, "REBUILD_SHARE", 0.2)
    data = catalogue_gen.tables()
    for q in data["quotes"].values():
        q["text"] += " Spouwmuur."
    catalogue_gen.write(cat, data)
    assert len(people(cat, "spouwmuur")) == len(data["quotes"])
    assert status(cat)["state"] == "fresh"
    assert status(cat)["generation"] != before


def test_rebuild_switches_generation_and_keeps_one_previous(cat):
    rebuild(cat)
    first = status(cat)["generation"]
    rebuild(cat)
    rebuild(cat)
    gens = sorted(p.name for p in (cat / ".rr-index").glob("g-*"))
    assert len(gens) == 2 and first not in gens
    assert search(cat, "isolatie").total == 6


def test_analyzer_change_means_stale(cat):
    search(cat, "isolatie")
    current_path = cat / ".rr-index" / "CURRENT"
    current = json.loads(current_path.read_text())
    current["analyzer"] = "something-else"
    current_path.write_text(json.dumps(current))
    assert "analyzer" in status(cat)["reason"]
    assert search(cat, "isolatie").total == 6
    assert status(cat)["state"] == "fresh"


def test_corrupt_current_is_rebuilt(cat):
    search(cat, "isolatie")
    (cat / ".rr-index" / "CURRENT").write_text("{not json")
    assert search(cat, "isolatie").total == 6


def _rebuild_loop(root, seconds):
    end = time.time() + seconds
    n = 0
    while time.time() < end:
        rebuild(root)
        n += 1
    return n


def _search_loop(root, seconds, out):
    end = time.time() + seconds
    results = set()
    n = 0
    try:
        while time.time() < end:
            r = search(root, "isolatie", Filters(), limit=50)
            results.add((r.total, tuple(sorted(h.text for h in r.hits)), tuple(sorted(r.facets.role.items()))))
            n += 1
        out.put(("ok", n, len(results)))
    except BaseException as exc:  # report, do not hang the test
        out.put(("error", n, repr(exc)))


def test_concurrent_reader_while_rebuilding(cat):
    search(cat, "isolatie")
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    writer = ctx.Process(target=_rebuild_loop, args=(str(cat), 6.0))
    reader = ctx.Process(target=_search_loop, args=(str(cat), 6.0, out))
    writer.start()
    reader.start()
    status_, searches, distinct = out.get(timeout=120)
    reader.join(30)
    writer.join(60)
    assert status_ == "ok", distinct
    assert searches > 5
    assert distinct == 1  # every search saw the same, whole result
    assert writer.exitcode == 0


def test_update_without_an_index_builds_it_from_the_tables(cat):
    data = catalogue_gen.tables()
    update_episode(cat, data, "kim-en-jan")
    assert status(cat)["state"] == "fresh"
    assert search(cat, "isolatie").total == 6


def test_tables_as_lists_of_rows(cat):
    data = catalogue_gen.tables()
    as_lists = {name: list(rows.values()) for name, rows in data.items()}
    rebuild(cat, as_lists)
    assert search(cat, "isolatie").total == 6


def test_index_folder_is_ignored_by_git(cat):
    search(cat, "isolatie")
    assert (cat / ".rr-index" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_rebuild_with_worker_processes_gives_the_same_index(cat, monkeypatch):
    from razendereporter.search import pool

    queries = ["isolatie", "warmte*", '"de gemeente"', "gas NOT aardgas", "subsidies OR warmtenet"]

    def results():
        out = []
        for q in queries:
            r = search(cat, q, limit=50, context=1)
            out.append((r.total, r.facets.to_dict(), [h.to_dict() for h in r.hits]))
        return out

    rebuild(cat)
    alone = results(), index._digests(cat / ".rr-index" / status(cat)["generation"])
    monkeypatch.setattr(pool, "MIN_BYTES", 0)
    monkeypatch.setattr(pool, "CHUNK_QUOTES", 3)  # many small chunks: order must still hold
    monkeypatch.setattr(index, "WORKERS", 2)
    rebuild(cat)
    assert (results(), index._digests(cat / ".rr-index" / status(cat)["generation"])) == alone
