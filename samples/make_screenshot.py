"""The README's screenshot: the repository's sample episode page in headless Chromium.

    python samples/make_screenshot.py            # writes docs/screenshot-episode.png

Serves a copy of the repository's catalogue (`rr serve`'s server, on 127.0.0.1) and lets
Debian's chromium (through Playwright) show the episode page at a moment where a subtitle
is on screen, beside the interactive transcript.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from razendereporter.catalogue import Catalogue
from razendereporter.site.server import make_server

REPO = Path(__file__).resolve().parents[1]
EPISODE = "in-gesprek-in-de-bloemenbuurt"
MOMENT = 3.5  # seconds: Joris Verhoeven's first answer is on screen
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def main(out: Path = REPO / "docs" / "screenshot-episode.png") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "catalogue"
        root.mkdir()
        shutil.copy2(REPO / "catalog.json", root)
        for folder in ("media", "transcripts", "quotes"):
            shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("*.lock"))
        server, state = make_server(Catalogue(root), "127.0.0.1", 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 760})
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/aflevering/{EPISODE}.html#t={MOMENT}")
                page.wait_for_function("() => document.getElementById('video').readyState >= 2")
                page.wait_for_timeout(800)  # the cue and the transcript's highlight follow the seek
                page.screenshot(path=str(out))
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
            state.close()
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
