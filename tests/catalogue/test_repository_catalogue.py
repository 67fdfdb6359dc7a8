"""The repository is the programme's catalogue: a fresh clone can be browsed and searched."""

import hashlib
from pathlib import Path

import webvtt

from razendereporter import pipeline
from razendereporter.catalogue import Catalog

REPO = Path(__file__).resolve().parents[2]


def test_committed_catalogue_has_the_seed_articles_and_the_sample_episode():
    cat = Catalog(REPO)
    visits = {a["slug"]: a for a in cat.find("articles", kind="razende-reporter")}
    assert set(visits) == {"razende-reporter-in-ermelo-west", "razende-reporter-in-de-zilverkamp"}
    assert {w["slug"] for w in cat.find("wijken")} >= {"ermelo-west", "zilverkamp", "ramplaankwartier"}

    episode = cat.get("episodes", id="arjen-baatje")
    assert (episode["wijk"], episode["article"], episode["slot"]) == ("ermelo-west", "razende-reporter-in-ermelo-west", 1)
    assert set(pipeline.STEPS) <= set(episode["steps"])
    video = REPO / episode["video"]
    assert hashlib.sha256(video.read_bytes()).hexdigest() == episode["sha256"]
    assert video.read_bytes() == (REPO / "samples" / "ermelo-west-arjen.mp4").read_bytes()

    captions = webvtt.read(str(REPO / episode["vtt"])).captions
    assert len(captions) == episode["cues"] and {c.voice for c in captions} == {"Kim", "Arjen Baatje"}
    speakers = {s["name"]: s for s in cat.find("speakers", episode="arjen-baatje")}
    assert speakers["Arjen Baatje"]["role"] == "bewoner" and speakers["Kim"]["role"] == "verslaggever"
    assert cat.find("quotes", episode="arjen-baatje")
    assert pipeline.load_episode(REPO, "arjen-baatje")[1].sha256 == episode["sha256"]
