"""`rr serve --edit` in headless Chromium: a word corrected in the page reaches the VTT, the page
and `rr search`; lines split, merged and given another speaker; the unsure words marked and
reached from the keyboard; writes from elsewhere refused; axe-core finds nothing."""

from __future__ import annotations

import http.server
import json
import threading

import pytest
from click.testing import CliRunner

from razendereporter import transcript as transcript_io
from razendereporter.cli import main
from razendereporter.site.edit_server import EditSession
from razendereporter.subtitles.cues import whole_words
from razendereporter.subtitles.vtt import read_vtt
from site_support import EPISODE, Running, copy_catalogue
from test_edit_server import saved_files
from test_pages import axe_violations

pytestmark = pytest.mark.usefixtures("browser")

PAGE = f"aflevering/{EPISODE}.html"
VTT = "transcripts/ermelo-west/arjen-baatje.nl.vtt"
SIDECAR = "transcripts/ermelo-west/arjen-baatje.nl.json"
UNSURE_BELOW = 0.5


@pytest.fixture
def editing(tmp_path):
    running = Running(copy_catalogue(tmp_path / "catalogue"), EditSession.new("Anna de Vries"))
    yield running
    running.stop()


def open_editor(page, running, token: bool = True):
    if token:
        page.goto(running.session.url(running.port))
        assert page.url == running.url  # the token is gone from the address
    page.goto(running.url + PAGE)
    page.wait_for_function("() => document.getElementById('video').readyState >= 1")
    if token:
        page.wait_for_selector("#edit-lines .edit-text")
    return page


def texts(page) -> list[str]:
    return page.locator("#edit-lines .edit-text").all_inner_texts()


def vtt_cues(running) -> list[dict]:
    return read_vtt((running.root / VTT).read_text(encoding="utf-8"))


def unsure_words(running) -> list:
    """The words the page must mark: the stored words (pieces joined) Whisper gave under 50 %."""
    return [w for w in whole_words(transcript_io.load(running.root / SIDECAR).words) if w.probability < UNSURE_BELOW]


def wait_saved(page, timeout: float = 180_000) -> str:
    page.wait_for_function("() => /^(Opgeslagen|Niets veranderd)/.test(document.getElementById('edit-status').textContent)"
                           " || document.getElementById('edit-error').textContent", timeout=timeout)
    assert page.locator("#edit-error").inner_text() == ""
    return page.locator("#edit-status").inner_text()


def put_caret(page, row: int, offset: int) -> None:
    """The cursor in line ``row`` (1-based) after ``offset`` characters, by the keyboard."""
    box = page.locator(f"#edit-text-{row}")
    box.click()
    page.keyboard.press("Control+Home")
    for _ in range(offset):
        page.keyboard.press("ArrowRight")


@pytest.mark.model
def test_a_word_corrected_in_the_page_reaches_the_vtt_the_page_and_search(page, editing, model_cache):
    open_editor(page, editing)
    unsure = [w.text.strip() for w in unsure_words(editing)]
    for _ in range(unsure.index("Arjenbake.") + 1):  # Alt+N from word to word until Whisper's "Arjenbake."
        page.keyboard.press("Alt+N")
    assert page.evaluate("String(getSelection())") == "Arjenbake."
    page.keyboard.type("Arjen Baatje.")
    assert texts(page)[1] == "Ik ben Arjen Baatje. Ik m'n intermakeen meelom is."
    assert "nog niet zijn opgeslagen" in page.locator("#edit-status").inner_text()
    page.keyboard.press("Control+S")
    status = wait_saved(page)
    assert status.startswith("Opgeslagen: ") and "woorden veranderd" in status and "op het geluid gelegd" in status

    cue = vtt_cues(editing)[1]
    assert (cue["voice"], cue["text"]) == ("Arjen Baatje", "Ik ben Arjen Baatje. Ik m'n intermakeen meelom is.")
    assert "Arjenbake" not in (editing.root / VTT).read_text(encoding="utf-8")
    assert texts(page)[1] == cue["text"]  # the editor shows the cues published
    # The words the editor wrote carry the alignment's probability, not Whisper's doubt: not marked.
    marked = page.evaluate("() => Array.from(CSS.highlights.get('rr-unsure'), r => r.toString())")
    assert marked == [w for w in unsure if w != "Arjenbake."]
    page.wait_for_function("() => Array.from(document.getElementById('video').textTracks).some(t => t.cues &&"
                           " Array.from(t.cues).some(c => c.text.includes('Ik ben Arjen Baatje.')))")
    page.reload()
    page.wait_for_selector("#edit-lines .edit-text")
    assert "Ik ben Arjen Baatje." in page.locator("#lines").inner_text()  # the page as the site serves it

    found = CliRunner().invoke(main, ["--root", str(editing.root), "search", "Baatje", "--format", "json"])
    assert found.exit_code == 0, found.output
    hits = json.loads(found.output)["hits"]
    assert any("Ik ben Arjen Baatje." in hit["text"] for hit in hits), hits
    record = transcript_io.load(editing.root / SIDECAR).corrections[-1]
    assert record["editor"] == "Anna de Vries" and [w["text"].strip() for w in record["before"]] == ["Arjenbake."]
    assert page.problems == []


def test_lines_split_merge_and_take_another_speaker(page, editing):
    open_editor(page, editing)
    before = texts(page)
    first, rest = before[0].split(" We ")
    put_caret(page, 1, len(first) + 1)
    page.keyboard.press("Enter")  # split line 1 before "We"
    assert texts(page)[:2] == [first, "We " + rest] and len(texts(page)) == len(before) + 1
    assert page.evaluate("document.activeElement.id") == "edit-text-2"
    page.fill("#edit-speaker-2", "Arjen Baatje")

    # Lines 6 and 7 (one speaker) merged with the button, then split again and merged from the keyboard.
    joined = before[4] + " " + before[5]
    page.get_by_role("button", name="Samenvoegen: regel 7 met regel 6").click()
    assert texts(page)[5] == joined and len(texts(page)) == len(before)
    put_caret(page, 6, len(before[4]) + 1)
    page.get_by_role("button", name="Splitsen: regel 6 bij de cursor").click()
    assert texts(page)[5:7] == before[4:6]
    put_caret(page, 7, 0)
    page.keyboard.press("Backspace")
    assert texts(page)[5] == joined

    page.click("#edit-save")
    status = wait_saved(page)
    assert status == f"Opgeslagen: {len(rest.split()) + 1} woorden veranderd."  # the words given to Arjen
    cues = vtt_cues(editing)
    assert (cues[0]["voice"], cues[0]["text"]) == ("Kim", first)
    assert (cues[1]["voice"], cues[1]["text"]) == ("Arjen Baatje", "We " + rest)
    assert " ".join(c["text"] for c in cues) == " ".join(before)  # no word changed
    assert texts(page) == [c["text"] for c in cues]  # the new cues, loaded
    assert page.locator("#edit-speaker-2").input_value() == "Arjen Baatje"
    assert page.problems == []


def test_unsure_words_are_marked_and_reached_from_the_keyboard(page, editing):
    open_editor(page, editing)
    unsure = unsure_words(editing)
    words = [w.text.strip() for w in unsure]
    marked = page.evaluate("() => Array.from(CSS.highlights.get('rr-unsure'), r => r.toString())")
    assert marked == words
    # Not by colour alone: each line names its unsure words, and its text box is described by that.
    notes = page.locator(".edit-unsure strong").all_inner_texts()
    assert notes == words
    described = page.locator("#edit-text-1").get_attribute("aria-describedby")
    assert page.locator(f"#{described}").inner_text().startswith("Onzeker: " + words[0])
    assert f"{len(words)} woorden waar Whisper onzeker over was" in page.locator(".edit-intro").inner_text()

    page.keyboard.press("Alt+N")
    assert page.evaluate("String(getSelection())") == words[0]
    assert page.evaluate("document.activeElement.id") == "edit-text-1"
    page.keyboard.press("Alt+N")
    assert page.evaluate("String(getSelection())") == words[1]
    assert f"Onzeker woord 2 van {len(words)}" in page.locator("#edit-where").inner_text()
    page.wait_for_function(f"() => Math.abs(document.getElementById('video').currentTime - {max(0, unsure[1].start - 0.3)}) < 0.05")
    page.keyboard.press("Alt+Shift+N")
    assert page.evaluate("String(getSelection())") == words[0]
    page.keyboard.press("Alt+Shift+N")  # before the first: round to the last
    assert page.evaluate("String(getSelection())") == words[-1]

    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('video').paused")
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.getElementById('video').paused")
    row = vtt_cues(editing)[3]
    page.get_by_role("button", name=f"Regel 4 afspelen vanaf 0:{int(row['start']):02d}").click()
    page.wait_for_function(f"() => Math.abs(document.getElementById('video').currentTime - {row['start']}) < 0.6"
                           " && !document.getElementById('video').paused")
    page.wait_for_function("() => document.querySelector('#edit-lines li[aria-current=true]')")
    page.keyboard.press("Escape")

    # A corrected unsure word is no longer marked.
    page.get_by_role("textbox", name="Tekst van regel 1").focus()
    page.keyboard.press("Alt+N")
    page.keyboard.type("U")
    assert page.evaluate("() => CSS.highlights.get('rr-unsure').size") == len(words) - 1
    assert page.problems == []


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_core_finds_nothing_in_edit_mode(browser, editing, width, artifacts):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        open_editor(page, editing)
        assert axe_violations(page) == []
        page.keyboard.press("Alt+N")
        page.locator("summary", has_text="Sneltoetsen").click()
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(artifacts / f"edit-{width}.png"))
    finally:
        context.close()


def test_every_control_has_a_label_and_the_keyboard_reaches_it(page, editing):
    open_editor(page, editing)
    names = page.evaluate("""() => Array.from(document.querySelectorAll(
        '#editor button, #editor input, #editor [role=textbox]'), e =>
        e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].textContent) || e.textContent)""")
    assert names and all(n.strip() for n in names)
    assert page.locator("label[for=edit-speaker-3]").text_content() == "Spreker van regel 3"
    page.focus("#edit-save")
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.className || document.activeElement.tagName"))
    assert {"edit-play-line", "edit-speaker", "edit-text", "edit-split"} <= set(reached)


def test_without_the_token_the_page_says_how_to_edit_and_nothing_is_editable(page, editing):
    open_editor(page, editing, token=False)
    page.wait_for_function("() => document.getElementById('edit-error').textContent")
    assert "Bewerken kan niet: editing needs the token" in page.locator("#edit-error").inner_text()
    assert page.locator(".edit-text").count() == 0
    assert page.locator("#lines").is_visible()  # the transcript as the site shows it


class _Elsewhere(http.server.SimpleHTTPRequestHandler):
    """Another web page open in the editor's browser, on another port of 127.0.0.1."""

    def do_GET(self):
        body = b"<!doctype html><title>elsewhere</title><p>elsewhere"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_page_of_another_origin_cannot_save_even_with_the_editors_cookie(page, editing, caplog):
    open_editor(page, editing)  # the browser holds the edit cookie (SameSite ignores ports)
    before = saved_files(editing.root)
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Elsewhere)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{other.server_address[1]}/")
        api = f"{editing.url}_edit/episodes/{EPISODE}"
        body = json.dumps({"cues": [{"voice": "S1", "text": "Alles is anders"}]})
        outcome = page.evaluate("""async ([api, body]) => {
            const tries = [{method: 'POST', mode: 'no-cors', credentials: 'include', body},
                           {method: 'POST', credentials: 'include', body, headers: {'Content-Type': 'application/json'}}];
            const out = [];
            for (const options of tries) {
                try { const r = await fetch(api, options); out.push(r.type + ' ' + r.status); }
                catch (e) { out.push('failed'); }
            }
            return out;
        }""", [api, body])
        # The simple request reaches the server, which refuses it (its answer is not even readable
        # here); the JSON one is stopped at its preflight, which the server does not allow.
        assert outcome == ["failed", "failed"]
        # A form posted from there (the classic cross-site request) is refused too.
        page.evaluate("""(api) => { const f = document.createElement('form'); f.method = 'POST'; f.action = api;
            f.enctype = 'text/plain'; const i = document.createElement('input'); i.name = '{"cues":[]}';
            f.append(i); document.body.append(f); f.submit(); }""", api)
        page.wait_for_load_state()
        page.wait_for_function("() => document.body && /editor's own page/.test(document.body.textContent)")
    finally:
        other.shutdown()
        other.server_close()
    refused = [r.getMessage() for r in caplog.records if "was refused" in r.getMessage()]
    assert len(refused) == 2 and all("its Origin" in m for m in refused)
    assert saved_files(editing.root) == before
