"""The index follows the catalogue: updates, removals, external changes, concurrent readers."""

import json
import multiprocessing as mp
import time

import catalogue_gen
from razendereporter.catalogue import Catalogue, remove, upsert
from razendereporter.search import Filters, index, rebuild, search, status, update_episode


def people(catalogue, q="NOT zzzz", **f):
    return sorted(h.person for h in search(catalogue, q, Filters(**f), limit=1000).hits)


def publish(catalogue, row, quotes):
    """What the pipeline does after an ingest or an edit: the episode's quote file and its
    row in one transaction, then the index told about the episode."""
    with catalogue.transaction() as db:
        digest = catalogue.write_quotes(row["id"], quotes)
        upsert(db, "episodes", {**row, "quotes": len(quotes), "quotes_digest": digest}, id=row["id"])
    update_episode(catalogue, row["id"])


def test_missing_index_is_built_then_fresh(cat):
    assert status(cat)["state"] == "stale" and status(cat)["reason"] == "missing"
    assert search(cat, "isolatie").total == 6
    info = status(cat)
    assert info["state"] == "fresh" and info["episodes"] == 5


def test_ingest_rename_relink_and_remove_via_update_calls(cat):
    search(cat, "isolatie")
    generation = status(cat)["generation"]
    # ingest: a new episode
    publish(cat, {"id": "nieuw", "title": "Nieuw", "wijk": "zilverkamp", "article": "rr-zilverkamp",
                  "video": "media/zilverkamp/nieuw.mp4"},
            [{"episode": "nieuw", "start": 1.0, "end": 2.0, "speaker": "S1", "person": "Nina", "role": "bewoner",
              "text": "Onze vloerisolatie was een succes."}])
    assert status(cat)["state"] == "fresh"
    assert people(cat, "vloerisolatie") == ["Nina"]
    # speakers renamed
    quotes = cat.quotes("ambtenaar-ermelo")
    for q in quotes:
        if q["person"] == "Petra Bakker":
            q["person"] = "Petra de Boer"
    publish(cat, cat.get("episodes", id="ambtenaar-ermelo"), quotes)
    assert people(cat, speaker="Petra de Boer") == ["Petra de Boer", "Petra de Boer"]
    assert people(cat, speaker="Bakker") == []
    # relinked to another article and wijk
    row = cat.get("episodes", id="ambtenaar-ermelo")
    row.update(article="rr-haarlem", wijk="ramplaankwartier")
    publish(cat, row, quotes)
    hit = search(cat, "subsidieert").hits[0]
    assert hit.wijk == "ramplaankwartier" and hit.article == "rr-haarlem"
    assert "Petra de Boer" in people(cat, wijk=("ramplaankwartier",))
    # removed: update_episode drops an episode the catalogue no longer has (its quote file,
    # left behind, belongs to no episode and is not searched)
    with cat.transaction() as db:
        remove(db, "episodes", id="nieuw")
    update_episode(cat, "nieuw")
    assert (cat.root / "quotes" / "nieuw.json").exists()
    assert people(cat, "vloerisolatie") == []
    assert status(cat)["state"] == "fresh" and status(cat)["episodes"] == 5
    assert status(cat)["generation"] == generation  # every change updated the index in place


def test_update_reads_the_catalogue_as_it_is_now(cat):
    search(cat, "isolatie")  # cat holds a snapshot from before the change below
    data = catalogue_gen.tables()
    data["quotes"]["1"]["text"] = "Wat vindt u van de spouwmuur?"
    data["episodes"]["1"].update(wijk="zilverkamp", article="rr-zilverkamp")
    data["episodes"]["99"] = {"id": "nieuw", "title": "Nieuw", "wijk": "zilverkamp", "article": None,
                              "video": "media/zilverkamp/nieuw.mp4"}
    data["quotes"]["99"] = {"episode": "nieuw", "start": 1.0, "end": 2.0, "speaker": "S1", "person": "Nina",
                            "role": "bewoner", "text": "Onze vloerisolatie was een succes."}
    catalogue_gen.write(cat.root, data)  # another process wrote the catalogue
    update_episode(cat, "kim-en-jan")
    update_episode(cat, "nieuw")
    assert status(cat)["state"] == "fresh"
    assert people(cat, "spouwmuur") == ["Kim"]
    assert search(cat, "spouwmuur").hits[0].wijk == "zilverkamp"
    assert people(cat, "vloerisolatie") == ["Nina"]


def test_external_change_is_detected_and_synced(cat):
    search(cat, "isolatie")
    before = status(cat)["generation"]
    data = catalogue_gen.tables()
    data["quotes"]["2"]["text"] = "Ons huis heeft nu een spouwmuur."
    catalogue_gen.write(cat.root, data)  # no update call: someone edited catalog.json
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
    catalogue_gen.write(cat.root, data)
    assert len(people(cat, "spouwmuur")) == len(data["quotes"])
    assert status(cat)["state"] == "fresh"
    assert status(cat)["generation"] != before


def test_rebuild_switches_generation_and_keeps_one_previous(cat):
    rebuild(cat)
    first = status(cat)["generation"]
    rebuild(cat)
    rebuild(cat)
    gens = sorted(p.name for p in (cat.root / ".rr-index").glob("g-*"))
    assert len(gens) == 2 and first not in gens
    assert search(cat, "isolatie").total == 6


def test_analyzer_change_means_stale(cat):
    search(cat, "isolatie")
    current_path = cat.root / ".rr-index" / "CURRENT"
    current = json.loads(current_path.read_text())
    current["analyzer"] = "something-else"
    current_path.write_text(json.dumps(current))
    assert "analyzer" in status(cat)["reason"]
    assert search(cat, "isolatie").total == 6
    assert status(cat)["state"] == "fresh"


def test_corrupt_current_is_rebuilt(cat):
    search(cat, "isolatie")
    (cat.root / ".rr-index" / "CURRENT").write_text("{not json")
    assert search(cat, "isolatie").total == 6


def _rebuild_loop(root, seconds):
    catalogue = Catalogue(root)  # another process: its own catalogue object
    end = time.time() + seconds
    n = 0
    while time.time() < end:
        rebuild(catalogue)
        n += 1
    return n


def _search_loop(root, seconds, out):
    catalogue = Catalogue(root)
    end = time.time() + seconds
    results = set()
    n = 0
    try:
        while time.time() < end:
            r = search(catalogue, "isolatie", Filters(), limit=50)
            results.add((r.total, tuple(sorted(h.text for h in r.hits)), tuple(sorted(r.facets.role.items()))))
            n += 1
        out.put(("ok", n, len(results)))
    except BaseException as exc:  # report, do not hang the test
        out.put(("error", n, repr(exc)))


def test_concurrent_reader_while_rebuilding(cat):
    search(cat, "isolatie")
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    writer = ctx.Process(target=_rebuild_loop, args=(str(cat.root), 6.0))
    reader = ctx.Process(target=_search_loop, args=(str(cat.root), 6.0, out))
    writer.start()
    reader.start()
    status_, searches, distinct = out.get(timeout=120)
    reader.join(30)
    writer.join(60)
    assert status_ == "ok", distinct
    assert searches > 5
    assert distinct == 1  # every search saw the same, whole result
    assert writer.exitcode == 0


def test_update_without_an_index_builds_it_from_the_catalogue(cat):
    update_episode(cat, "kim-en-jan")
    assert status(cat)["state"] == "fresh" and status(cat)["episodes"] == 5
    assert search(cat, "isolatie").total == 6


def test_a_format_1_catalogue_is_upgraded_and_searchable(tmp_path):
    root = tmp_path / "old"
    data = catalogue_gen.tables()
    data["quotes"]["99"] = {"episode": "weg", "start": 1.0, "end": 2.0, "speaker": "S1", "person": "Wim",
                            "role": "bewoner", "text": "Mijn aflevering is uit de catalogus gehaald."}
    catalogue_gen.write_v1(root, data)
    old = (root / "catalog.json").read_bytes()
    catalogue = Catalogue(root)
    assert search(catalogue, "isolatie").total == 6
    assert (root / "catalog.json.v1.bak").read_bytes() == old
    upgraded = json.loads((root / "catalog.json").read_text(encoding="utf-8"))
    assert "quotes" not in upgraded and list(upgraded["catalogue"].values()) == [{"format": 2}]
    counts = {e["id"]: e["quotes"] for e in upgraded["episodes"].values()}
    assert counts == {"kim-en-jan": 5, "ambtenaar-ermelo": 3, "zilverkamp-coach": 5, "haarlem-net": 4,
                      "los-fragment": 1}
    assert all(e["quotes_digest"] for e in upgraded["episodes"].values())
    assert sorted(p.stem for p in (root / "quotes").glob("*.json")) == sorted([*counts, "weg"])
    # A quote whose episode is not in the catalogue is kept in its file but belongs to no
    # episode, so it is not searched.
    assert len(Catalogue(root).quotes("weg")) == 1 and people(catalogue, "catalogus") == []
    assert status(catalogue)["state"] == "fresh" and status(catalogue)["episodes"] == 5


def test_index_folder_is_ignored_by_git(cat):
    search(cat, "isolatie")
    assert (cat.root / ".rr-index" / ".gitignore").read_text().splitlines()[-1] == "*"


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
    alone = results(), index._digests(cat.root / ".rr-index" / status(cat)["generation"])
    monkeypatch.setattr(pool, "MIN_QUOTES", 0)
    monkeypatch.setattr(pool, "CHUNK_QUOTES", 3)  # many small chunks: order must still hold
    monkeypatch.setattr(index, "WORKERS", 2)
    rebuild(cat)
    assert (results(), index._digests(cat.root / ".rr-index" / status(cat)["generation"])) == alone
