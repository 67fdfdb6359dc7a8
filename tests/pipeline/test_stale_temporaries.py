"""What kill -9 leaves of an ingest (a half-copied video in media/<wijk>/, scratch audio) is
removed by the next ingest, whichever video and wijk it is for; what a running one has is kept."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1] / "cli"))

from test_cli_errors import run, speaking, videos  # noqa: E402,F401

# The Ermelo-West catalogue: its video media/ermelo-west/arjen-baatje.mp4 must survive the cleaning.
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "catalogue" / "ermelo-west"


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


@pytest.fixture
def running_pid():
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield proc.pid
    proc.kill()
    proc.wait()


def test_the_next_ingest_removes_what_killed_ingests_left(root, speaking, running_pid):
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    video = (root / "media" / "ermelo-west" / "arjen-baatje.mp4").read_bytes()
    catalog = (root / "catalog.json").read_bytes()
    gone = dead_pid()
    sha = "0123456789abcdef"
    stale = [root / "media" / "ermelo-west" / f".incoming-{sha}-{gone}.mp4",  # staged, killed before the claim
             root / "media" / "ermelo-west" / f"..incoming-{sha}-{gone}.mp4.k2j4x9_q.tmp",  # killed during the copy
             root / "media" / "zilverkamp" / f"..incoming-fedcba9876543210-{gone}.mkv.a1b2c3d4.tmp",
             root / ".rr-work" / f"{sha}-{gone}" / "audio.wav"]
    kept = [root / "media" / "ermelo-west" / f"..incoming-{sha}-{running_pid}.mp4.zz99yy88.tmp",  # still copying
            root / "media" / "ermelo-west" / "arjen-baatje.mp4",  # a video of the catalogue
            root / "media" / "ermelo-west" / ".incoming-notes.txt"]  # no pid: not ours
    for path in stale + kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_bytes(b"\0" * 1000)
    result = run(root, "ingest", speaking / "truncated.mp4", "--wijk", "Lingewaard")  # fails, after the cleaning
    assert result.exit_code != 0 and "file looks truncated" in result.stderr
    assert [p for p in stale if p.exists()] == []
    assert [p for p in kept if not p.exists()] == []
    assert (root / "media" / "ermelo-west" / "arjen-baatje.mp4").read_bytes() == video
    assert (root / "catalog.json").read_bytes() == catalog
