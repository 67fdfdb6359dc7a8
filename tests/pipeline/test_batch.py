"""`rr ingest FOLDER` and `rr ingest MANIFEST`: a season at once, on the real model, as an editor runs it.

The episodes are real-voice interviews (tests/interviews.py) cut to 10 s: short enough for CI on
two cores, long enough for words and two voices.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import interviews
import pytest
import webvtt
from click.testing import CliRunner

from razendereporter import transcript as transcript_io
from razendereporter.catalogue import Catalogue
from razendereporter.cli import main
from razendereporter.pipeline.batch import plan_workers

pytestmark = pytest.mark.model

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "articles" / "editor" / "zilverkamp.md"
SCRIPTS = ("kitchen-table", "three-voices", "same-speaker")


def short_video(name: str, path: Path, seconds: float = 10.0) -> Path:
    iv = interviews.build(name)
    cut = interviews.Interview(iv.name, iv.description, iv.audio[: int(seconds * interviews.SR)], iv.turns,
                               iv.speakers, iv.tags)
    return interviews.write_video(cut, path)


@pytest.fixture(scope="module")
def season(tmp_path_factory):
    """A card back from a tour: three interviews and one file that is no video at all."""
    folder = tmp_path_factory.mktemp("kaart")
    for name in SCRIPTS:
        short_video(name, folder / f"{name}.mp4")
    (folder / "kapot.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"not a video" * 50)
    (folder / "notities.txt").write_text("not an episode\n")
    return folder


def rr(*args, root):
    return CliRunner().invoke(main, ["--root", str(root), *map(str, args)], catch_exceptions=False)


def words_of(root: Path, episode: dict) -> str:
    return " ".join(c.text for c in webvtt.read(str(root / episode["vtt"])).captions).lower()


def test_a_folder_is_ingested_one_broken_video_fails_alone_and_a_rerun_resumes(root, season, model_cache):
    first = rr("--json", "ingest", season, "--wijk", "Zilverkamp", "--workers", "1", root=root)
    assert first.exit_code == 1, first.output  # one failed
    summary = json.loads(first.stdout)
    assert (summary["done"], summary["unchanged"], summary["failed"]) == (3, 0, 1)
    failed = [e for e in summary["episodes"] if e["status"] == "failed"]
    assert [Path(e["file"]).name for e in failed] == ["kapot.mp4"] and "not a readable" in failed[0]["reason"]
    catalogue = Catalogue(root)
    ids = sorted(e["id"] for e in catalogue.find("episodes"))
    assert ids == sorted(SCRIPTS), "every video of the folder, titled by its file name; the .txt is no episode"
    for episode in catalogue.find("episodes"):
        assert episode["wijk"] == "zilverkamp" and words_of(root, episode).strip()
        assert catalogue.find("quotes", episode=episode["id"]), "published with its quotes"

    again = rr("ingest", season, "--wijk", "Zilverkamp", root=root)
    assert again.exit_code == 1
    assert "0 done, 3 unchanged, 1 failed, of 4" in again.stdout
    assert "failed: " in again.stdout and "kapot.mp4" in again.stdout, "the summary names the broken file"


def test_a_manifest_gives_each_episode_its_title_article_and_slot(root, season, model_cache, tmp_path):
    assert rr("articles", "import", ARTICLE, root=root).exit_code == 0
    manifest = tmp_path / "seizoen.csv"
    manifest.write_text(
        "file,wijk,title,article,slot,speakers\n"
        f"{os.path.relpath(season / 'kitchen-table.mp4', tmp_path)},Zilverkamp,Aan de keukentafel,"
        "razende-reporter-in-de-zilverkamp,2,2\n"
        f"{season / 'three-voices.mp4'},Huissen,Drie stemmen,,,\n", encoding="utf-8")
    result = rr("ingest", manifest, "--workers", "2", root=root)
    assert result.exit_code == 0, result.output
    assert "2 done, 0 unchanged, 0 failed, of 2" in result.stdout and "2 worker(s) × 1 threads" in result.stdout
    catalogue = Catalogue(root)
    table = catalogue.get("episodes", id="aan-de-keukentafel")
    assert (table["wijk"], table["article"], table["slot"], table["speakers_requested"]) == \
        ("zilverkamp", "razende-reporter-in-de-zilverkamp", 2, 2)
    assert catalogue.get("episodes", id="drie-stemmen")["wijk"] == "huissen"
    assert "Marjolijn" in (root / table["vtt"]).read_text(encoding="utf-8"), "named from the slot's person"
    # The article's names went to Whisper as they do for one video: a single ingest of the same
    # file with the same options finds nothing to redo.
    assert {"Marjolijn", "Zilverkamp"} <= set(transcript_io.load(catalogue.paths(table).sidecar).vocabulary["terms"])
    again = rr("--json", "ingest", season / "kitchen-table.mp4", "--wijk", "Zilverkamp", "--title", "Aan de keukentafel",
               "--article", "razende-reporter-in-de-zilverkamp", "--slot", "2", "--speakers", "2", root=root)
    assert again.exit_code == 0 and json.loads(again.stdout)["status"] == "unchanged", again.output


def test_a_manifest_with_mistakes_says_each_with_its_line_and_ingests_nothing(root, season, tmp_path):
    assert rr("articles", "import", ARTICLE, root=root).exit_code == 0
    before = (root / "catalog.json").read_bytes()
    manifest = tmp_path / "seizoen.yaml"
    manifest.write_text(f"""\
- file: {season / 'kitchen-table.mp4'}
  wijk: Zilverkamp
  article: razende-reporter-in-de-zilverkamp
  slot: 7
- file: {season / 'weg.mp4'}
  wijk: Zilverkamp
- file: {season / 'kitchen-table.mp4'}
  wijk: Zilverkamp
  title: Nog een keer
- file: {season / 'three-voices.mp4'}
  wijk: Zilverkamp
  article: bestaat-niet
- file: {season / 'same-speaker.mp4'}
  wijk: Zilverkamp
  speakers: veel
  kleur: rood
""", encoding="utf-8")
    result = rr("ingest", manifest, root=root)
    assert result.exit_code == 2
    errors = result.stderr.splitlines()
    assert all(line.startswith("error: ") for line in errors) and "Traceback" not in result.output
    for line, words in ((1, "7 is not a video slot"), (5, "not found"), (7, "also on line 1"),
                        (10, "'bestaat-niet' is not in the catalogue"), (13, "unknown column"),
                        (13, "speakers must be a whole number")):
        assert any(f"line {line}:" in e and words in e for e in errors), (line, words, errors)
    assert "nothing ingested; 6 problem(s)" in errors[-1]
    assert (root / "catalog.json").read_bytes() == before and not (root / "media").exists()

    csv = tmp_path / "seizoen.csv"
    csv.write_text(f"file,wijk\n{season / 'kitchen-table.mp4'},Zilverkamp,extra\n,Zilverkamp\n", encoding="utf-8")
    result = rr("ingest", csv, root=root)
    assert result.exit_code == 2
    assert "line 2: 1 more field(s)" in result.stderr and "line 3: no file" in result.stderr


def test_a_batch_killed_mid_way_keeps_what_it_finished_and_a_rerun_does_the_rest(root, season, model_cache, tmp_path):
    folder = tmp_path / "drie"
    folder.mkdir()
    for name in SCRIPTS:
        os.link(season / f"{name}.mp4", folder / f"{name}.mp4")
    cmd = [sys.executable, "-m", "razendereporter", "--root", str(root), "--quiet", "ingest", str(folder),
           "--wijk", "Zilverkamp", "--workers", "1"]
    parent = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and not _published(root):
        time.sleep(0.1)
    assert _published(root), "the first episode was published while the batch ran"
    workers = _children(parent.pid)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    assert workers and _gone(workers), "the workers went with the parent"
    catalogue = Catalogue(root)  # parses: the catalogue is valid
    finished = _published(root)
    assert len(finished) < len(SCRIPTS), "killed before the end"
    for episode in finished:
        assert (root / episode["vtt"]).exists()

    done = subprocess.run(cmd[:-2] + ["--json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["unchanged"], summary["done"]) == (len(finished), len(SCRIPTS) - len(finished))
    assert sorted(e["id"] for e in Catalogue(root).find("episodes") if "subtitles" in e["steps"]) == sorted(SCRIPTS)
    assert not list((root / "media" / "zilverkamp").glob(".*incoming*")), "no half-copied video left"
    del catalogue


def test_ctrl_c_stops_the_workers_and_keeps_what_was_published(root, season, model_cache, tmp_path):
    folder = tmp_path / "drie"
    folder.mkdir()
    for name in SCRIPTS:
        os.link(season / f"{name}.mp4", folder / f"{name}.mp4")
    parent = subprocess.Popen([sys.executable, "-m", "razendereporter", "--root", str(root), "ingest", str(folder),
                               "--wijk", "Zilverkamp", "--workers", "1"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and not _published(root):
        time.sleep(0.1)
    workers = _children(parent.pid)
    parent.send_signal(signal.SIGINT)
    _, stderr = parent.communicate(timeout=60)
    assert parent.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr, stderr
    assert workers and _gone(workers), "the workers stopped with it"
    finished = _published(root)
    assert finished and all((root / e["vtt"]).exists() for e in finished), "what was published stays published"
    assert all("subtitles" in e["steps"] for e in Catalogue(root).find("episodes")), "no half episode"


def _published(root: Path) -> list[dict]:
    try:
        return [e for e in Catalogue(root).find("episodes") if "subtitles" in e["steps"]]
    except Exception:  # not written yet
        return []


def _gone(pids: list[int]) -> bool:
    """Whether ``pids`` end within 10 s: a worker at once (PR_SET_PDEATHSIG), multiprocessing's
    resource tracker soon after its parent."""
    deadline = time.time() + 10
    while time.time() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.1)
    return not any(_alive(pid) for pid in pids)


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(status.parent.name))
    return found


def test_workers_times_threads_never_exceed_the_cores():
    gb = 1024 ** 3
    assert plan_workers(None, cores=2, free_memory=20 * gb) == (1, 2), "this machine: 1 worker × 2 threads"
    assert plan_workers(None, cores=16, free_memory=64 * gb) == (8, 2)
    assert plan_workers(None, cores=16, free_memory=2 * gb) == (2, 8), "memory for two: the cores go to their threads"
    assert plan_workers(None, cores=4, free_memory=0) == (1, 4), "always one"
    assert plan_workers(2, cores=2) == (2, 1)
    assert plan_workers(3, 1, cores=8) == (3, 1)
    for cores in range(1, 33):
        for workers in range(1, cores + 1):
            w, t = plan_workers(workers, cores=cores)
            assert w == workers and w * t <= cores
    for asked in ((3, 0, 2), (2, 2, 2), (None, 4, 2)):
        with pytest.raises(Exception, match="cores|between"):
            plan_workers(asked[0], asked[1], cores=asked[2])


def test_more_workers_than_cores_or_ray_not_installed_is_one_line(root, season, monkeypatch):
    result = rr("ingest", season, "--wijk", "Zilverkamp", "--workers", str((os.cpu_count() or 1) + 1), root=root)
    assert result.exit_code == 2 and result.stderr.startswith("error: --workers must be between 1 and")
    monkeypatch.setitem(sys.modules, "ray", None)  # as if the extra were not installed
    result = rr("ingest", season, "--wijk", "Zilverkamp", "--ray", "auto", root=root)
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: --ray needs Ray, which is not installed: pip install 'razendereporter[ray]'"
