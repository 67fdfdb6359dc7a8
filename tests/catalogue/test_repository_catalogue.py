"""The repository is the programme's catalogue: a fresh clone can be browsed and searched.

Its one episode is the real-voice sample (samples/bloemenbuurt-gesprek.mp4) as `make demo`
ingests it. The tests read a copy, never the checkout itself.
"""

import hashlib
import shutil
from pathlib import Path

import pytest
import webvtt

from razendereporter import pipeline
from razendereporter.catalogue import FORMAT, Catalogue
from razendereporter.catalogue.quotes import encode
from razendereporter.search import Filters, search

REPO = Path(__file__).resolve().parents[2]
EPISODE = "in-gesprek-in-de-bloemenbuurt"


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy2(REPO / "catalog.json", root / "catalog.json")
    for folder in ("media", "transcripts", "quotes"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("*.lock"))
    return root


def test_committed_catalogue_is_current_and_holds_the_seed_and_the_sample(repo):
    before = (repo / "catalog.json").read_bytes()
    cat = Catalogue(repo)
    assert cat.snapshot.get("catalogue")["format"] == FORMAT, "the committed catalogue is in the current format"
    visits = {a["slug"]: a for a in cat.find("articles", kind="razende-reporter")}
    assert set(visits) == {"razende-reporter-in-ermelo-west", "razende-reporter-in-de-zilverkamp",
                           "razende-reporter-in-de-bloemenbuurt"}
    assert {w["slug"] for w in cat.find("wijken")} >= {"ermelo-west", "zilverkamp", "ramplaankwartier", "bloemenbuurt"}

    episode = cat.episode(EPISODE)
    assert (episode["wijk"], episode["article"], episode["slot"]) == \
        ("bloemenbuurt", "razende-reporter-in-de-bloemenbuurt", 1)
    assert set(pipeline.STEPS) <= set(episode["steps"])
    video = repo / episode["video"]
    assert hashlib.sha256(video.read_bytes()).hexdigest() == episode["sha256"]
    assert video.read_bytes() == (REPO / "samples" / "bloemenbuurt-gesprek.mp4").read_bytes()

    captions = webvtt.read(str(repo / episode["vtt"])).captions
    assert len(captions) == episode["cues"]
    assert {c.voice for c in captions} == {"Kim", "Joris Verhoeven", "Ruud Bosman"}
    speakers = {s["name"]: s for s in cat.find("speakers", episode=EPISODE)}
    assert (speakers["Kim"]["role"], speakers["Joris Verhoeven"]["role"], speakers["Ruud Bosman"]["role"]) == \
        ("verslaggever", "ambtenaar", "bewoner")
    quotes = cat.quotes(EPISODE)
    assert len(quotes) == episode["quotes"] and episode["quotes_digest"] == encode(quotes)[1]
    assert pipeline.load_episode(cat, EPISODE)[1].sha256 == episode["sha256"]
    assert (repo / "catalog.json").read_bytes() == before, "reading the catalogue changes nothing"


def test_the_sample_is_searchable_from_a_fresh_clone(repo):
    result = search(Catalogue(repo), "dialoog", Filters(role=("ambtenaar",)))
    assert result.total >= 1 and result.hits[0].person == "Joris Verhoeven"
    assert result.hits[0].link.startswith(f"media/bloemenbuurt/{EPISODE}.mp4#t=")
