"""A command waiting for a lock another process holds says so once, and who holds it."""

import logging
import subprocess
import sys
import time
from pathlib import Path

import pytest

from razendereporter.catalogue import Catalogue

HOLDER = """
import sys, time
sys.argv = ["rr", "ingest", "interview.mp4", "--wijk", "Ermelo-West"]
from razendereporter.catalogue import Catalogue
with Catalogue(sys.stdin.readline().strip()).transaction() as db:
    print("holding", flush=True)
    time.sleep(float(sys.stdin.readline()))
"""


def hold_the_catalogue(root, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    proc.stdin.write(f"{root}\n{seconds}\n")
    proc.stdin.flush()
    assert proc.stdout.readline().strip() == "holding"
    return proc


def test_waiting_for_the_catalogue_lock_names_the_holder_once(root, caplog, capsys):
    holder = hold_the_catalogue(root, 1.5)
    began = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="razendereporter"):
        with Catalogue(root).transaction() as db:
            db.table("wijken").insert({"slug": "ermelo-west"})
    waited = time.monotonic() - began
    holder.wait(timeout=30)
    assert [r.getMessage() for r in caplog.records] == [
        f"waiting up to 120 s for the catalogue {root / 'catalog.json'}, held by pid {holder.pid} "
        "(rr ingest interview.mp4 --wijk Ermelo-West): another rr process is changing it"]
    assert capsys.readouterr().err == ""  # the library never prints: the CLI says it
    assert waited > 0.5
    assert sorted(p.name for p in root.iterdir()) == ["catalog.json", "catalog.json.lock"]


def test_a_lock_taken_at_once_says_nothing(root, caplog, capsys):
    with caplog.at_level(logging.DEBUG, logger="razendereporter"):
        with Catalogue(root).transaction() as db:
            db.table("wijken").insert({"slug": "ermelo-west"})
    assert caplog.records == []
    assert capsys.readouterr().err == ""


def test_the_cli_prints_the_wait_as_a_warning(root):
    article = Path(__file__).parents[1] / "fixtures" / "articles" / "editor" / "zilverkamp.md"
    holder = hold_the_catalogue(root, 4)  # longer than the command takes to start
    done = subprocess.run([sys.executable, "-m", "razendereporter", "--root", str(root), "articles", "import",
                           str(article)], capture_output=True, text=True, timeout=60)
    holder.wait(timeout=30)
    assert done.stderr.startswith(f"warning: waiting up to 120 s for the catalogue {root / 'catalog.json'}, "
                                  f"held by pid {holder.pid} (rr ingest interview.mp4 --wijk Ermelo-West)"), done.stderr
    assert done.stderr.count("\n") == 1 and done.returncode == 0, done.stderr


def test_a_holder_note_of_a_killed_process_is_not_believed(root):
    """kill -9 leaves the note behind; the next holder overwrites it, and a waiter checks the pid."""
    from razendereporter.lockfile import describe_holder
    from filelock import FileLock

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    lock = FileLock(str(root / "catalog.json.lock"))
    (root / "catalog.json.lock.holder").write_text(f"{dead.stdout.strip()} rr ingest old.mp4")
    assert describe_holder(lock) == "another process"


@pytest.mark.parametrize("note", ["", "abc rr ingest", "-1 rr", "99999999999999999999 rr"])
def test_a_garbled_holder_note_is_not_believed(root, note):
    from razendereporter.lockfile import describe_holder
    from filelock import FileLock

    (root / "catalog.json.lock.holder").write_text(note)
    assert describe_holder(FileLock(str(root / "catalog.json.lock"))) == "another process"
