"""The episode page in headless Chromium: subtitle track, transcript, seeking, deep links."""

from __future__ import annotations

import pytest

from site_support import EPISODE

pytestmark = pytest.mark.usefixtures("browser")

EPISODE_PAGE = f"aflevering/{EPISODE}.html"
CURRENT = "button.seek[aria-current='true']"


def open_episode(page, served, fragment: str = ""):
    page.goto(served.url + EPISODE_PAGE + fragment)
    page.wait_for_function("() => document.getElementById('video').readyState >= 1")
    return page


def test_vtt_loads_as_a_text_track_with_cues_and_voices(page, served):
    open_episode(page, served)
    page.wait_for_function("() => { const t = document.getElementById('video').textTracks[0];"
                           " return t && t.cues && t.cues.length > 0; }")
    track = page.evaluate("""() => {
        const t = document.getElementById('video').textTracks[0];
        return {kind: t.kind, language: t.language, label: t.label, mode: t.mode,
                cues: Array.from(t.cues, c => ({start: c.startTime, end: c.endTime, text: c.text}))};
    }""")
    assert (track["kind"], track["language"], track["label"], track["mode"]) == \
        ("subtitles", "nl", "Nederlands", "showing")
    assert len(track["cues"]) == 8
    assert track["cues"][0]["start"] == pytest.approx(0.21)
    assert track["cues"][0]["text"].startswith("<v Kim>")
    assert track["cues"][1]["text"].startswith("<v Arjen Baatje>Ik ben Arjenbake.")
    assert page.problems == []


def test_transcript_shows_names_and_roles_at_each_change_of_speaker(page, served):
    open_episode(page, served)
    who = page.locator("#lines .who").all_inner_texts()
    assert [w.split()[0] for w in who] == ["Kim", "Arjen", "Kim", "Arjen", "Kim", "Arjen"]
    assert "verslaggever" in who[0] and "bewoner" in who[1]
    lines = page.locator("#lines li.line")
    assert lines.count() == 8
    assert lines.nth(3).get_attribute("data-start") == "12.57"
    assert lines.nth(3).get_attribute("data-end") == "16.91"


def test_clicking_a_line_seeks_and_the_highlight_follows(page, served):
    open_episode(page, served)
    page.locator("#lines button.seek").nth(3).click()
    page.wait_for_function("() => Math.abs(document.getElementById('video').currentTime - 12.57) < 0.6")
    assert page.locator(CURRENT).count() == 1
    assert page.locator(CURRENT).get_attribute("data-start") == "12.57"
    page.locator("#lines button.seek").nth(6).click()
    page.wait_for_function("() => document.querySelector(\"button.seek[aria-current='true']\").dataset.start === '23.95'")
    assert page.locator(CURRENT).count() == 1
    # While the video runs on, the highlight follows the cue being shown.
    page.evaluate("() => { const v = document.getElementById('video'); v.pause(); v.currentTime = 20.0; }")
    page.wait_for_function("() => document.querySelector(\"button.seek[aria-current='true']\").dataset.start === '19.73'")
    assert page.problems == []


def test_keyboard_reaches_and_activates_a_line(page, served):
    open_episode(page, served)
    page.locator("#lines button.seek").nth(4).focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => Math.abs(document.getElementById('video').currentTime - 17.39) < 0.6")


def test_deep_link_starts_at_that_moment(page, served):
    open_episode(page, served, "#t=17.5")
    page.wait_for_function("() => Math.abs(document.getElementById('video').currentTime - 17.5) < 0.3")
    assert page.locator(CURRENT).get_attribute("data-start") == "17.39"


def test_filter_highlights_within_the_transcript(page, served):
    open_episode(page, served)
    page.fill("#filter", "buurman")
    page.wait_for_function("() => document.getElementById('filter-status').textContent.includes('1 regel')")
    assert page.locator("#lines mark").all_inner_texts() == ["buurman"]
    assert page.locator("#lines li.nomatch").count() == 7


def test_downloads_and_article_link(page, served):
    open_episode(page, served)
    hrefs = page.locator(".downloads a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert hrefs == ["../transcripts/ermelo-west/arjen-baatje.nl.vtt", "../downloads/arjen-baatje.nl.srt",
                     "../downloads/arjen-baatje.nl.txt"]
    for href in hrefs:
        response = page.request.get(served.url + "aflevering/" + href)
        assert response.ok and "Arjen Baatje" in response.text()
    assert "Razende Reporter in Ermelo-West" in page.locator(".player").inner_text() or \
        page.locator(".player a", has_text="Ermelo").count() >= 1
