"""One Catalogue per command: catalog.json is read once however many steps use it.

The Ermelo-West fixture catalogue (tests/fixtures/catalogue/ermelo-west) has a published
episode, so a site build, an editor's rename and a link run on it without the model.
"""

import shutil
from pathlib import Path

import pytest

from razendereporter import pipeline
from razendereporter.catalogue import Catalogue, store
from razendereporter.site import build_site

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "catalogue" / "ermelo-west"


@pytest.fixture
def catalogue(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "catalogue")
    return Catalogue(tmp_path / "catalogue")


@pytest.fixture
def writes(monkeypatch):
    written = []
    real = store.write
    monkeypatch.setattr(store, "write", lambda path, data: written.append(path) or real(path, data))
    return written


def test_a_site_build_reads_the_catalogue_once(catalogue, tmp_path, writes):
    summary = build_site(catalogue, tmp_path / "site")
    assert summary["episodes"] == 1 and summary["quotes"] == 7
    assert catalogue.reads == 1 and writes == []


def test_an_editors_rename_reads_once_and_writes_once(catalogue, writes):
    speakers = pipeline.speakers(catalogue, "arjen-baatje", ("S2=Ad de Kort",))
    assert {s["name"] for s in speakers} >= {"Ad de Kort"}
    assert catalogue.reads == 1 and len(writes) == 1
    assert Catalogue(catalogue.root).get("speakers", episode="arjen-baatje", label="S2")["name"] == "Ad de Kort"


def test_a_link_reads_once_and_writes_the_link_and_the_names(catalogue, writes):
    result = pipeline.link_episode(catalogue, "arjen-baatje", "razende-reporter-in-ermelo-west", 1)
    assert result["episode"]["slot"] == 1
    assert catalogue.reads == 1 and len(writes) == 2  # the link, then the speakers named from it


def test_a_catalogue_changed_by_another_process_is_read_again(catalogue):
    catalogue.snapshot
    other = Catalogue(catalogue.root)
    with other.transaction() as db:
        db.table("wijken").insert({"slug": "nieuw"})
    assert catalogue.get("wijken", slug="nieuw") is not None and catalogue.reads == 2
