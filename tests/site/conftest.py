"""Fixtures for the site tests: catalogue copies, a running `rr serve`, headless Chromium.

Everything comes from the repository: its catalogue (catalog.json, the Ermelo-West
episode's video and subtitles) is copied to a temporary folder, never changed in place.
Browser tests need Debian's chromium at /usr/bin/chromium (`apt-get install chromium`)
and Playwright for Python; without them they are skipped with that reason.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("RR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required"]
EPISODE = "arjen-baatje"
XSS = "<img src=x onerror=alert(1)>"


def copy_catalogue(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copy2(REPO / "catalog.json", target / "catalog.json")
    for folder in ("media", "transcripts"):
        shutil.copytree(REPO / folder, target / folder)
    return target


def rename_to(root: Path, label: str, name: str) -> None:
    """Name speaker ``label`` as an editor would, then let the package rewrite VTT and catalogue."""
    from razendereporter import pipeline

    sidecar = root / "transcripts" / "ermelo-west" / f"{EPISODE}.nl.json"
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    data["speakers"][label].update(name=name, method="editor", confidence=1.0)
    sidecar.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    pipeline.rename_speakers(root, EPISODE)


@pytest.fixture(scope="session")
def catalogue(tmp_path_factory) -> Path:
    return copy_catalogue(tmp_path_factory.mktemp("site") / "catalogue")


@pytest.fixture(scope="session")
def xss_catalogue(tmp_path_factory) -> Path:
    root = copy_catalogue(tmp_path_factory.mktemp("xss") / "catalogue")
    rename_to(root, "S2", XSS)
    return root


@pytest.fixture(scope="session")
def built(catalogue, tmp_path_factory) -> Path:
    from razendereporter.site import build_site

    out = tmp_path_factory.mktemp("built") / "site"
    build_site(catalogue, out)
    return out


class Running:
    def __init__(self, root: Path):
        from razendereporter.site.server import make_server

        self.server, self.state = make_server(root, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.state.close()


@pytest.fixture(scope="session")
def served(catalogue):
    running = Running(catalogue)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def served_xss(xss_catalogue):
    running = Running(xss_catalogue)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory) -> Path:
    """Screenshots go to $RR_SITE_ARTIFACTS (CI can keep them) or a temporary folder."""
    folder = Path(os.environ["RR_SITE_ARTIFACTS"]) if os.environ.get("RR_SITE_ARTIFACTS") \
        else tmp_path_factory.mktemp("artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM}: apt-get install -y chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: pip install playwright")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page that records script errors, CSP violations and any dialog (alert)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.problems = []
    pg.on("pageerror", lambda exc: pg.problems.append(f"pageerror: {exc}"))
    pg.on("console", lambda msg: pg.problems.append(f"console {msg.type}: {msg.text}")
          if msg.type == "error" else None)
    pg.on("dialog", lambda dialog: (pg.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield pg
    context.close()
