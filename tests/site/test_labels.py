"""Honest labels in Chromium: the episode page says per episode and per line whether the subtitles are
automatic or corrected, by whom and when, and `rr correct --undo` takes the label back with the words.

The correction takes words out of one line (no word to align, so no model): what is tested is what
the page, the VTT, the quotes and search say about it.
"""

from __future__ import annotations

import pytest

from site_support import EPISODE, Running, copy_catalogue

from razendereporter import search
from razendereporter.catalogue import Catalogue
from razendereporter.pipeline import correct as corrections
from razendereporter.pipeline.publish import load_episode
from razendereporter.subtitles import cues_for, read_cues


@pytest.fixture
def corrected(tmp_path):
    """The fixture episode with two words taken out of its third cue by "Anna de Vries"."""
    root = copy_catalogue(tmp_path / "catalogue")
    _, transcript = load_episode(Catalogue(root), EPISODE)
    cues = [{"start": c.start, "end": c.end, "voice": None, "text": c.text} for c in cues_for(transcript)]
    words = cues[2]["text"].split()
    cues[2]["text"] = " ".join(words[:-3] + words[-1:])
    result = corrections.correct(Catalogue(root), EPISODE, cues, "Anna de Vries")
    assert result.status == "corrected" and result.words_aligned == 0
    return root, cues


def footer(page) -> str:
    return page.locator(".site-footer").inner_text()


def test_the_page_says_which_lines_an_editor_corrected_and_undo_takes_it_back(page, corrected):
    root, cues = corrected
    running = Running(root)
    try:
        page.goto(running.url + f"aflevering/{EPISODE}.html")
        text = footer(page)
        assert "deels gecorrigeerd (1 van" in text and "door Anna de Vries op 20" in text, text
        marked = page.locator("#lines li.corrected")
        assert marked.count() == 1
        assert "gecorrigeerd door Anna de Vries" in marked.first.inner_text()
        assert cues[2]["text"] in marked.first.inner_text()
        assert page.locator("#lines li").count() > 3 and page.problems == []
        page.goto(running.url + "index.html")  # pages that are not one episode's say where to look
        assert "bij elke video staat of de redactie hem heeft gecorrigeerd" in footer(page)
    finally:
        running.stop()
    corrections.undo(Catalogue(root), EPISODE)
    running = Running(root)
    try:
        page.goto(running.url + f"aflevering/{EPISODE}.html")
        assert "Ondertiteling automatisch gemaakt;" in footer(page) and "gecorrigeerd door" not in footer(page)
        assert page.locator("#lines li.corrected").count() == 0
    finally:
        running.stop()


def test_vtt_quotes_and_search_carry_the_label(corrected):
    root, cues = corrected
    catalogue = Catalogue(root)
    episode = catalogue.episode(EPISODE)
    vtt = (root / episode["vtt"]).read_text(encoding="utf-8")
    assert "NOTE Ondertiteling automatisch gemaakt, deels gecorrigeerd (1 van" in vtt
    assert vtt.count("NOTE gecorrigeerd door Anna de Vries op ") == 1
    assert [c["text"] for c in read_cues(vtt)] == [c["text"] for c in cues], "the NOTEs are no cues"
    assert episode["subtitles"]["status"] == "partly corrected" and episode["subtitles"]["by"] == ["Anna de Vries"]
    quotes = catalogue.quotes(EPISODE)
    marked = [q for q in quotes if q["corrected"]]
    assert len(marked) == 1 and marked[0]["corrected"]["by"] == ["Anna de Vries"]
    assert all(q["corrected"] is None for q in quotes if q is not marked[0])
    word = max(marked[0]["text"].split(), key=len).strip(".,?!")
    hits = search.search(catalogue, word, search.Filters(corrected=True)).hits
    assert [h.start for h in hits] == [marked[0]["start"]] and hits[0].corrected["by"] == ["Anna de Vries"]
    assert hits[0].corrected_by == "Anna de Vries"
    corrections.undo(Catalogue(root), EPISODE)
    assert search.search(Catalogue(root), word, search.Filters(corrected=True)).total == 0, \
        "the index follows the undo (the episode's fingerprint changed)"
    assert search.search(Catalogue(root), word).total >= 1
    assert "NOTE gecorrigeerd" not in (root / episode["vtt"]).read_text(encoding="utf-8")
