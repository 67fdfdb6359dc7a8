"""Search, escaping, accessibility (axe-core) and screenshots of every page, in headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from razendereporter.catalogue import Catalogue
from site_support import EPISODE, XSS

pytestmark = pytest.mark.usefixtures("browser")


def search(page, served, query: str):
    page.goto(served.url + "zoeken.html" + query)
    page.wait_for_function("() => /gevonden/.test(document.getElementById('status').textContent)")
    return page.locator("#results li")


def test_search_finds_a_quote_by_text_and_its_link_plays_it(page, served):
    page.goto(served.url + "zoeken.html")
    page.fill("#q", "buurman")
    page.click("button[type=submit]")
    page.wait_for_function("() => /gevonden/.test(document.getElementById('status').textContent)")
    results = page.locator("#results li")
    assert results.count() == 1
    assert "buurman" in results.first.locator("mark").all_inner_texts()
    assert "Arjen Baatje" in results.first.inner_text() and "bewoner" in results.first.inner_text()
    assert "Ermelo-West" in results.first.inner_text()
    link = results.first.locator("a.play")
    assert link.get_attribute("href").endswith(f"aflevering/{EPISODE}.html#t=27.34")
    link.click()
    page.wait_for_function("() => document.getElementById('video') && document.getElementById('video').readyState >= 1")
    page.wait_for_function("() => Math.abs(document.getElementById('video').currentTime - 27.34) < 0.3")
    assert page.problems == []


def test_dutch_stemming_finds_other_word_forms(page, served):
    results = search(page, served, "?q=oplossing")
    assert results.count() >= 1
    assert "oplossingen" in " ".join(results.locator("mark").all_inner_texts())


def test_search_by_role_speaker_wijk_and_date(page, served, catalogue):
    quotes = Catalogue(catalogue).find("quotes")
    assert quotes
    results = search(page, served, "?rol=verslaggever")
    assert results.count() == len([q for q in quotes if q["role"] == "verslaggever"])
    for text in results.all_inner_texts():
        assert "Kim" in text and "verslaggever" in text and "bewoner" not in text
    results = search(page, served, "?q=buurt&rol=bewoner")
    assert results.count() == 0 or all("bewoner" in t for t in results.all_inner_texts())
    assert search(page, served, "?spreker=Kim&wijk=Ermelo-West").count() >= 1
    page.goto(served.url + "zoeken.html?rol=bewoner&tot=2020-01-01")
    page.wait_for_function("() => /Geen citaten/.test(document.getElementById('status').textContent)")
    assert search(page, served, "?rol=bewoner&van=2023-01-01&tot=2023-12-31").count() >= 1


def test_a_speaker_named_like_markup_is_shown_as_text_everywhere(page, served_xss, xss_catalogue):
    vtt = (xss_catalogue / "transcripts/ermelo-west/arjen-baatje.nl.vtt").read_text()
    assert "<v &lt;img src=x onerror=alert(1)&gt;>" in vtt and "<img" not in vtt
    page.goto(served_xss.url + f"aflevering/{EPISODE}.html")
    assert XSS in page.locator("#lines .who .name").all_inner_texts()
    assert XSS in page.locator(".speakers .name").all_inner_texts()
    page.wait_for_function("() => { const t = document.getElementById('video').textTracks[0];"
                           " return t && t.cues && t.cues.length > 0; }")
    assert page.evaluate("document.getElementById('video').textTracks[0].cues[1].text").startswith(
        "<v &lt;img src=x onerror=alert(1)&gt;>")
    page.goto(served_xss.url + "wijk/ermelo-west.html")
    assert XSS in page.locator("main").inner_text()
    results = search(page, served_xss, "?q=buurman")
    assert XSS in results.first.inner_text()
    for url in ("aflevering/arjen-baatje.html", "wijk/ermelo-west.html", "zoeken.html?q=buurman", "index.html"):
        page.goto(served_xss.url + url)
        page.wait_for_timeout(300)
        assert page.locator("img").count() == 0
    assert not [p for p in page.problems if "dialog" in p]


def axe_violations(page) -> list[dict]:
    axe_playwright_python = pytest.importorskip("axe_playwright_python", reason="pip install axe-playwright-python")

    source = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
    page.evaluate(source)  # DevTools evaluation: not subject to the page's CSP
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"]]


PAGES = ["index.html", "over.html", "wijk/ermelo-west.html", "wijk/zilverkamp.html",
         f"aflevering/{EPISODE}.html", "zoeken.html", "zoeken.html?q=buurman"]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("width", [1280, 375])
def test_axe_core_finds_no_violations(browser, served, url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(served.url + url)
        if "?q=" in url:
            page.wait_for_function("() => /gevonden/.test(document.getElementById('status').textContent)")
        assert axe_violations(page) == []
        # Usable at phone width: nothing wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_focus_is_visible_and_controls_are_labelled(page, served):
    page.goto(served.url + f"aflevering/{EPISODE}.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    assert page.locator("label[for=filter]").count() == 1


def test_screenshots(browser, served, artifacts):
    for name, url, width in [("home", "index.html", 1280), ("episode", f"aflevering/{EPISODE}.html#t=12.6", 1280),
                             ("search", "zoeken.html?q=buurt", 1280), ("episode-phone", f"aflevering/{EPISODE}.html", 390)]:
        context = browser.new_context(viewport={"width": width, "height": 860})
        page = context.new_page()
        page.goto(served.url + url)
        if "zoeken" in url:
            page.wait_for_function("() => /gevonden/.test(document.getElementById('status').textContent)")
        if "aflevering" in url:
            page.wait_for_function("() => document.getElementById('video').readyState >= 2")
        page.screenshot(path=str(artifacts / f"{name}.png"), full_page=name != "episode")
        context.close()
        assert (artifacts / f"{name}.png").stat().st_size > 1000


def test_static_folder_opens_from_file_urls(page, built):
    page.goto((built / "index.html").as_uri())
    assert "Ermelo-West" in page.locator("main").inner_text()
    page.click("text=Ermelo-West")
    page.click("text=Arjen Baatje >> nth=0")
    assert page.url.endswith(f"aflevering/{EPISODE}.html")
    page.wait_for_function("() => document.getElementById('video').readyState >= 1")
    assert page.locator("#lines li").count() == 8
