"""catalog.json stays valid and whole: concurrent writers, errors, kill -9."""

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time

import pytest

from razendereporter import catalogue as catalog
from razendereporter.catalogue import Catalogue
from razendereporter.errors import RRError


def _bump(root, n):
    cat = Catalogue(root)
    for _ in range(n):
        with cat.transaction() as db:
            rows = db.table("episodes").all()
            count = rows[0]["count"] if rows else 0
            catalog.upsert(db, "episodes", {"id": "x", "wijk": None, "count": count + 1}, id="x")


def test_two_processes_never_lose_an_update(root):
    procs = [multiprocessing.Process(target=_bump, args=(root, 40)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert Catalogue(root).get("episodes", id="x")["count"] == 80


def test_a_failed_transaction_changes_nothing(root):
    cat = Catalogue(root)
    with cat.transaction() as db:
        db.table("wijken").insert({"slug": "ermelo-west"})
    before = cat.path.read_bytes()
    with pytest.raises(ValueError):
        with cat.transaction() as db:
            db.table("wijken").insert({"slug": "zilverkamp"})
            db.table("episodes").insert({"id": "half", "wijk": "zilverkamp"})
            raise ValueError("boom")
    assert cat.path.read_bytes() == before


def test_unreadable_catalogue_is_a_one_line_error(root):
    (root / "catalog.json").write_text('{"episodes": {"1": {"id": ')
    with pytest.raises(RRError, match=r"not valid JSON \(line 1"):
        Catalogue(root).find("episodes")
    (root / "catalog.json").write_text("[1, 2]")
    with pytest.raises(RRError, match="not a TinyDB database"):
        with Catalogue(root).transaction():
            pass


KILLER = """
import sys, time
from razendereporter import catalogue as catalog
from razendereporter.catalogue import Catalogue
cat = Catalogue(sys.argv[1])
i = 0
while True:
    i += 1
    with cat.transaction() as db:
        db.table("speakers").insert_multiple({"episode": "e", "label": "S1", "n": i, "name": "x" * 200} for _ in range(50))
        catalog.upsert(db, "episodes", {"id": "e", "wijk": None, "n": i}, id="e")
"""


def test_kill_9_mid_write_leaves_a_valid_catalogue(root):
    proc = subprocess.Popen([sys.executable, "-c", KILLER, str(root)])
    time.sleep(1.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    data = json.loads((root / "catalog.json").read_text())
    n = data["episodes"]["1"]["n"]
    assert len(data["speakers"]) == 50 * n, "speakers and episode were written together or not at all"
    with Catalogue(root).transaction() as db:  # the lock was released with the process
        db.table("wijken").insert({"slug": "ok"})
