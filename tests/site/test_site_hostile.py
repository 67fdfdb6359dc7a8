"""`rr site build` against a broken or hostile catalogue: a whole site or none, never one
inside the catalogue's own folders, no `javascript:` link and no control character in a page."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from razendereporter.catalogue import Catalogue
from razendereporter.cli import main
from razendereporter.errors import RRError
from razendereporter.site import build_site
from site_support import EPISODE, copy_catalogue

VIDEO = "media/ermelo-west/arjen-baatje.mp4"


def tree(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else None


def edit_catalogue(root, change):
    data = json.loads((root / "catalog.json").read_text(encoding="utf-8"))
    change(data)
    (root / "catalog.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("inside", ["media", "media/ermelo-west", "transcripts", "transcripts/x/y", ".rr-index"])
def test_a_site_inside_the_catalogues_own_folders_is_refused(tmp_path, inside):
    root = copy_catalogue(tmp_path / "catalogue")
    before = tree(root)
    result = CliRunner().invoke(main, ["--root", str(root), "site", "build", str(root / inside)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [
        f"error: the site folder {root / inside} is inside the catalogue's {inside.split('/')[0]}/; "
        "choose a folder outside it"]
    assert tree(root) == before


def test_a_missing_video_is_reported_and_no_half_site_is_written(tmp_path):
    root = copy_catalogue(tmp_path / "catalogue")
    (root / VIDEO).unlink()
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["--root", str(root), "site", "build", str(out)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [
        f"error: missing from the catalogue folder: {VIDEO} (episode {EPISODE}); the site was not written"]
    assert not out.exists() and os.listdir(tmp_path) == ["catalogue"]


def with_a_second_episode(root, eid="tweede"):
    """The fixture's episode once more under another id (its files and quotes copied), sorted after it."""
    for rel in (VIDEO, f"transcripts/ermelo-west/{EPISODE}.nl.vtt", f"transcripts/ermelo-west/{EPISODE}.nl.json"):
        (root / rel.replace(EPISODE, eid)).write_bytes((root / rel).read_bytes())
    catalogue = Catalogue(root)
    quotes = [{**q, "episode": eid} for q in catalogue.quotes(EPISODE)]
    assert quotes
    digest = catalogue.write_quotes(eid, quotes)

    def add(data):
        for table in ("episodes", "speakers"):
            rows = data[table]
            for row in [r for r in rows.values() if EPISODE in (r.get("id"), r.get("episode"))]:
                copy = {k: (v.replace(EPISODE, eid) if isinstance(v, str) else v) for k, v in row.items()}
                if table == "episodes":
                    copy["quotes_digest"] = digest
                rows[str(max(map(int, rows)) + 1)] = copy

    edit_catalogue(root, add)
    return eid


def test_a_failing_rebuild_leaves_the_earlier_site_as_it_was(tmp_path):
    """Before, the first episode's new files were written and then the second one's missing
    video stopped the build: a site with new subtitles beside old pages."""
    root = copy_catalogue(tmp_path / "catalogue")
    second = with_a_second_episode(root)
    out = tmp_path / "site"
    build_site(Catalogue(root), out)
    (out / "CNAME").write_text("rr.example.org\n")
    before = {rel: (out / rel).read_bytes() for rel in tree(out) if (out / rel).is_file()}
    vtt = root / "transcripts" / "ermelo-west" / f"{EPISODE}.nl.vtt"
    vtt.write_text(vtt.read_text(encoding="utf-8").replace("Arjen Baatje", "Arjen B."), encoding="utf-8")
    (root / VIDEO.replace(EPISODE, second)).unlink()
    with pytest.raises(RRError, match=f"missing from the catalogue folder: media/ermelo-west/{second}.mp4"):
        build_site(Catalogue(root), out)
    assert {rel: (out / rel).read_bytes() for rel in tree(out) if (out / rel).is_file()} == before
    assert sorted(os.listdir(tmp_path)) == ["catalogue", "site"]


def test_a_rebuild_replaces_the_site_keeps_files_beside_it_and_clears_killed_builds(tmp_path):
    root = copy_catalogue(tmp_path / "catalogue")
    out = tmp_path / "site"
    build_site(Catalogue(root), out)
    (out / "CNAME").write_text("rr.example.org\n")
    (out / "aflevering" / "verdwenen.html").write_text("an episode no longer in the catalogue")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    killed = tmp_path / f".site.rr-build-{gone.stdout.strip()}-x1y2z3"
    (killed / "static").mkdir(parents=True)
    edit_catalogue(root, lambda d: [row.update(title="Nieuwe titel") for row in d["episodes"].values()])
    build_site(Catalogue(root), out)
    assert (out / "CNAME").read_text() == "rr.example.org\n"
    assert not (out / "aflevering" / "verdwenen.html").exists()
    assert "Nieuwe titel" in (out / "aflevering" / f"{EPISODE}.html").read_text()
    assert (out / VIDEO).read_bytes() == (root / VIDEO).read_bytes()
    assert sorted(os.listdir(tmp_path)) == ["catalogue", "site"]


def test_a_folder_with_other_files_is_not_taken_over(tmp_path):
    root = copy_catalogue(tmp_path / "catalogue")
    out = tmp_path / "documenten"
    (out / "downloads").mkdir(parents=True)
    (out / "downloads" / "belasting.pdf").write_text("mine")
    with pytest.raises(RRError, match="is not empty and holds no site built by rr; choose a new or empty folder"):
        build_site(Catalogue(root), out)
    assert tree(out) == ["downloads", "downloads/belasting.pdf"]


def test_no_javascript_link_and_no_control_character_reaches_a_page(tmp_path):
    """A catalogue written before the checks (or by hand) holds a `javascript:` url and a name
    with ESC and an RTL override: the pages show the text, clean, and link nothing."""
    root = copy_catalogue(tmp_path / "catalogue")

    def hostile(data):
        for article in data["articles"].values():
            article["url"] = "javascript:alert(document.domain)"
            article["title"] = article["title"] + "\u202e\x1b[31m"
        for speaker in data["speakers"].values():
            speaker["name"] = "\x1b]0;pwned\x07" + (speaker.get("name") or "") + "\u202e"

    edit_catalogue(root, hostile)
    out = tmp_path / "site"
    build_site(Catalogue(root), out)
    pages = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.html")}
    assert f"aflevering/{EPISODE}.html" in pages and "over.html" in pages
    for name, html in pages.items():
        assert "javascript:" not in html, name
        assert not any(ch in html for ch in ("\x1b", "\x07", "\u202e")), name
    assert "]0;pwned" in pages[f"aflevering/{EPISODE}.html"]
