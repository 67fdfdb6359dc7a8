"""A command waiting for a lock another process holds says so once, and who holds it."""

import subprocess
import sys
import time

import pytest

from razendereporter.catalogue import Catalog

HOLDER = """
import sys, time
sys.argv = ["rr", "ingest", "interview.mp4", "--wijk", "Ermelo-West"]
from razendereporter.catalogue import Catalog
with Catalog(sys.stdin.readline().strip()).transaction() as db:
    print("holding", flush=True)
    time.sleep(float(sys.stdin.readline()))
"""


def hold_the_catalogue(root, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    proc.stdin.write(f"{root}\n{seconds}\n")
    proc.stdin.flush()
    assert proc.stdout.readline().strip() == "holding"
    return proc


def test_waiting_for_the_catalogue_lock_names_the_holder_once(root, capsys):
    holder = hold_the_catalogue(root, 1.5)
    began = time.monotonic()
    with Catalog(root).transaction() as db:
        db.table("wijken").insert({"slug": "ermelo-west"})
    waited = time.monotonic() - began
    holder.wait(timeout=30)
    err = capsys.readouterr().err
    assert err == f"waiting for the catalogue lock held by pid {holder.pid} (rr ingest interview.mp4 --wijk Ermelo-West)\n"
    assert waited > 0.5
    assert sorted(p.name for p in root.iterdir()) == ["catalog.json", "catalog.json.lock"]


def test_a_lock_taken_at_once_says_nothing(root, capsys):
    with Catalog(root).transaction() as db:
        db.table("wijken").insert({"slug": "ermelo-west"})
    assert capsys.readouterr().err == ""


def test_a_holder_note_of_a_killed_process_is_not_believed(root, capsys):
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
