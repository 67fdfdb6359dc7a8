"""Shared by the site tests: the Ermelo-West fixture catalogue copied, renamed, served."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

from razendereporter.catalogue import Catalogue

REPO = Path(__file__).resolve().parents[2]
# A catalogue as the repository held it until the real-voice sample replaced it: the
# Ermelo-West articles and one espeak-ng episode (arjen-baatje) whose cues the tests know.
FIXTURE = REPO / "tests" / "fixtures" / "catalogue" / "ermelo-west"
CHROMIUM = os.environ.get("RR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required"]
EPISODE = "arjen-baatje"
XSS = "<img src=x onerror=alert(1)>"


def copy_catalogue(target: Path) -> Path:
    """The fixture catalogue copied to ``target``: catalog.json, its quote files, media, transcripts."""
    shutil.copytree(FIXTURE, target)
    return target


def change_episodes(root: Path, **fields) -> None:
    """Set ``fields`` on every episode row, as another command changing the catalogue would."""
    catalogue = Catalogue(root)
    assert catalogue.find("episodes")  # a command reads the catalogue before it changes it
    with catalogue.transaction() as db:
        db.table("episodes").update(fields)


def rename_to(root: Path, label: str, name: str) -> None:
    """Name speaker ``label`` as an editor would, then let the package rewrite VTT and catalogue."""
    from razendereporter import pipeline

    sidecar = root / "transcripts" / "ermelo-west" / f"{EPISODE}.nl.json"
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    data["speakers"][label].update(name=name, method="editor", confidence=1.0)
    sidecar.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    pipeline.rename_speakers(Catalogue(root), EPISODE)


class Running:
    """`rr serve` on a free port in a thread; with ``edit`` (an EditSession) `rr serve --edit`."""

    def __init__(self, root: Path, edit=None):
        from razendereporter.site.server import make_server

        self.root, self.session = root, edit
        self.server, self.state = make_server(Catalogue(root), "127.0.0.1", 0, edit=edit)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.state.close()


