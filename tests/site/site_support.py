"""Shared by the site tests: the repository's catalogue copied, renamed, served."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

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


