"""Format 1 (quotes inside catalog.json) upgrades to format 2 on first use: atomically, with
a backup, and kill -9 at any moment leaves the old file or the new one."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from razendereporter.catalogue import FORMAT, Catalogue
from razendereporter.catalogue.quotes import encode, read_quotes
from razendereporter.errors import CorruptCatalogue, RRError

V1 = Path(__file__).resolve().parents[1] / "fixtures" / "catalogue" / "catalog-v1.json"


def v1_catalogue(root, episodes=3, quotes=4):
    """A generated format-1 catalogue: ``episodes`` episodes with ``quotes`` quotes each."""
    data = {"wijken": {"1": {"slug": "ermelo-west", "name": "Ermelo-West"}}, "articles": {}, "speakers": {},
            "episodes": {}, "quotes": {}}
    n = 0
    for e in range(episodes):
        data["episodes"][str(e + 1)] = {"id": f"ep-{e}", "wijk": "ermelo-west", "steps": [], "title": f"Ep {e}"}
        for q in range(quotes):
            n += 1
            data["quotes"][str(n)] = {"episode": f"ep-{e}", "start": float(q), "end": q + 0.5, "speaker": "S1",
                                      "person": "Kim", "role": "verslaggever", "text": f"quote {e}.{q} " + "x" * 40}
    (root / "catalog.json").write_text(json.dumps(data), encoding="utf-8")
    return data


def test_the_repositorys_previous_catalogue_is_upgraded_with_a_backup(root):
    shutil.copy(V1, root / "catalog.json")
    old = json.loads(V1.read_text(encoding="utf-8"))
    cat = Catalogue(root)
    episode = cat.episode("arjen-baatje")
    data = json.loads((root / "catalog.json").read_text(encoding="utf-8"))
    assert data["catalogue"]["1"]["format"] == FORMAT and "quotes" not in data
    assert (root / "catalog.json.v1.bak").read_bytes() == V1.read_bytes()
    assert cat.quotes("arjen-baatje") == sorted(old["quotes"].values(), key=lambda q: q["start"])
    assert episode["quotes"] == len(old["quotes"])
    assert episode["quotes_digest"] == encode(cat.quotes("arjen-baatje"))[1]
    for table in ("articles", "wijken", "speakers"):
        assert list(data[table].values()) == list(old[table].values())


def test_a_generated_catalogue_upgrades_once_and_stays_upgraded(root):
    v1_catalogue(root, episodes=5, quotes=7)
    assert len(Catalogue(root).find("quotes")) == 35
    after = (root / "catalog.json").read_bytes()
    assert len(Catalogue(root).find("quotes", episode="ep-3")) == 7
    assert (root / "catalog.json").read_bytes() == after, "a second use changes nothing"


UPGRADER = """
import sys
from razendereporter.catalogue import Catalogue
Catalogue(sys.argv[1]).snapshot
print("done")
"""


def test_kill_9_during_the_upgrade_leaves_the_old_file_or_the_new_one(root):
    v1_catalogue(root, episodes=400, quotes=25)
    original = (root / "catalog.json").read_bytes()
    outcomes = set()
    for delay in (0.05, 0.15, 0.3, 0.5, 0.8, 1.2):
        shutil.rmtree(root / "quotes", ignore_errors=True)
        (root / "catalog.json").write_bytes(original)
        (root / "catalog.json.v1.bak").unlink(missing_ok=True)
        proc = subprocess.Popen([sys.executable, "-c", UPGRADER, str(root)], stdout=subprocess.PIPE)
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        text = (root / "catalog.json").read_bytes()
        if text == original:
            outcomes.add("old")
        else:
            data = json.loads(text)
            assert data["catalogue"]["1"]["format"] == FORMAT and "quotes" not in data
            assert (root / "catalog.json.v1.bak").read_bytes() == original
            outcomes.add("new")
        # whichever it is, the next use finishes the job and every quote is there
        assert len(Catalogue(root).find("quotes")) == 400 * 25
    assert outcomes, outcomes


def test_a_catalogue_from_a_newer_release_is_refused_in_one_line(root):
    (root / "catalog.json").write_text(json.dumps({"catalogue": {"1": {"format": FORMAT + 1}}, "episodes": {}}))
    with pytest.raises(RRError, match=r"written by a newer razendereporter \(format 3"):
        Catalogue(root).snapshot
    assert "\n" not in str(pytest.raises(RRError, lambda: Catalogue(root).snapshot).value)


def test_an_empty_catalogue_file_is_an_error_not_a_new_catalogue(root):
    (root / "catalog.json").write_bytes(b"")
    with pytest.raises(CorruptCatalogue, match="is empty"):
        Catalogue(root).snapshot
    with pytest.raises(CorruptCatalogue, match="is empty"):
        with Catalogue(root).transaction():
            pass
    assert (root / "catalog.json").read_bytes() == b""


def test_a_missing_catalogue_beside_media_is_an_error(root):
    (root / "media" / "ermelo-west").mkdir(parents=True)
    (root / "media" / "ermelo-west" / "arjen.mp4").write_bytes(b"video")
    with pytest.raises(CorruptCatalogue, match="is missing but .* holds media"):
        Catalogue(root).snapshot
    assert not (root / "catalog.json").exists()


@pytest.mark.parametrize("rows, named", [
    ({"episodes": {"1": "ep-1"}}, "episodes row 1 is a str"),
    ({"episodes": {"1": {"id": "ep-1"}}}, "episodes row 1 has no 'wijk'"),
    ({"episodes": {"1": {"id": 7, "wijk": "x"}}}, "episodes row 1 has a bad id"),
    ({"episodes": []}, "table 'episodes' is not an object of rows"),
    ({"articles": {"4": {"title": "zonder slug"}}}, "articles row 4 has no 'slug'"),
])
def test_a_malformed_row_is_named(root, rows, named):
    (root / "catalog.json").write_text(json.dumps({"catalogue": {"1": {"format": FORMAT}}, **rows}))
    with pytest.raises(CorruptCatalogue) as err:
        Catalogue(root).snapshot
    assert named in str(err.value)


def test_a_malformed_row_is_one_line_from_the_cli(root):
    from click.testing import CliRunner

    from razendereporter.cli import main

    (root / "catalog.json").write_text(json.dumps({"catalogue": {"1": {"format": FORMAT}}, "episodes": {"1": "x"}}))
    before = (root / "catalog.json").read_bytes()
    for args in (["episodes"], ["search", "isolatie"], ["site", "build", str(root.parent / "site")]):
        result = CliRunner().invoke(main, ["--root", str(root), *args])
        lines = result.stderr.strip().splitlines()
        assert result.exit_code == CorruptCatalogue.exit_code and len(lines) == 1, (args, result.stderr)
        assert "episodes row 1 is a str" in lines[0]
    assert (root / "catalog.json").read_bytes() == before


def test_quotes_files_are_read_back_as_written(root):
    quotes = [{"episode": "e", "start": 1.0, "end": 2.0, "text": "één"}, {"episode": "e", "start": 3.0, "end": 4.0}]
    cat = Catalogue(root)
    digest = cat.write_quotes("e", quotes)
    assert read_quotes(root / "quotes" / "e.json") == quotes and len(digest) == 40
    with pytest.raises(CorruptCatalogue, match="not a plain name"):
        cat.write_quotes("../escape", quotes)
