"""Typed records: a stored row read and written back keeps every field, known or not."""

from razendereporter.catalogue import store
from razendereporter.catalogue.catalogue import Catalogue, upsert
from razendereporter.catalogue.records import Article, Episode


def test_a_row_keeps_fields_this_release_does_not_know():
    row = {"id": "ep-1", "wijk": "west", "from_a_newer_release": {"x": 1}}
    episode = Episode.from_row(row)
    assert episode.id == "ep-1" and episode.diarizer == "default" and episode.steps == []
    assert episode.to_row()["from_a_newer_release"] == {"x": 1}


def test_with_defaults_is_from_row_then_to_row_without_the_record():
    rows = [{"id": "ep-1", "wijk": "west"}, {"id": "ep-2", "wijk": None, "steps": ["media"], "extra_field": 3},
            {"slug": "a", "people": [{"name": "Kim"}]}]
    for cls, row in ((Episode, rows[0]), (Episode, rows[1]), (Article, rows[2])):
        assert cls.with_defaults(row) == cls.from_row(row).to_row()
    first, second = Episode.with_defaults(rows[0]), Episode.with_defaults(rows[0])
    first["steps"].append("media")
    assert second["steps"] == [], "a list default is made fresh for every row"
    assert list(Episode.with_defaults(rows[0])) == list(Episode.with_defaults(dict(rows[0]))), "a stable key order"


def test_catalog_json_is_one_sorted_row_per_line_and_reads_back(root):
    cat = Catalogue(root)
    with cat.transaction() as db:
        upsert(db, "episodes", {"wijk": "west", "id": "ep-1", "title": "Één gesprek"}, id="ep-1")
        upsert(db, "episodes", {"wijk": "oost", "id": "ep-2"}, id="ep-2")
        upsert(db, "episodes", {"title": "Twee"}, id="ep-2")
    text = (root / "catalog.json").read_text(encoding="utf-8")
    assert '  "1": {"id":"ep-1","title":"Één gesprek","wijk":"west"},\n' in text, "keys sorted, UTF-8 as is"
    assert '  "2": {"id":"ep-2","title":"Twee","wijk":"oost"}\n' in text
    assert store.load(root / "catalog.json")["episodes"]["2"]["title"] == "Twee"
    assert [e["id"] for e in Catalogue(root).snapshot.table("episodes")] == ["ep-1", "ep-2"]


def test_numbers_from_numpy_are_stored_as_plain_json(root):
    import numpy as np

    cat = Catalogue(root)
    with cat.transaction() as db:
        upsert(db, "episodes", {"id": "ep-1", "wijk": "west", "duration": np.float64(12.5), "cues": np.int64(3),
                                "audio_start": np.float32(0.25)}, id="ep-1")
    row = store.load(root / "catalog.json")["episodes"]["1"]
    assert (row["duration"], row["cues"], row["audio_start"]) == (12.5, 3, 0.25)
