"""Fixtures for the site tests: catalogue copies, a running `rr serve`, headless Chromium.

Everything comes from the repository: its catalogue (catalog.json, its quote files, the
Ermelo-West episode's video and subtitles) is copied to a temporary folder, never changed in place.
Browser tests need Debian's chromium at /usr/bin/chromium (`apt-get install chromium`)
and Playwright for Python; without them they are skipped with that reason.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from site_support import CHROMIUM, CHROMIUM_ARGS, XSS, Running, copy_catalogue, rename_to


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
    from razendereporter.catalogue import Catalogue
    from razendereporter.site import build_site

    out = tmp_path_factory.mktemp("built") / "site"
    build_site(Catalogue(catalogue), out)
    return out


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
    # Skipped with the reason on a developer's machine without them; in CI (CI set) a missing
    # browser is a failure, so the browser tests can never be skipped there unnoticed.
    missing = pytest.fail if os.environ.get("CI") else pytest.skip
    if not Path(CHROMIUM).exists():
        missing(f"browser tests need Chromium at {CHROMIUM}: apt-get install -y chromium")
    try:
        from playwright import sync_api
    except ImportError:
        missing("browser tests need Playwright: pip install playwright")
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
