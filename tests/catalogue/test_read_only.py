"""A catalogue on a read-only share (an archive) can be listed and searched; writing to it is
a one-line error. The share is a read-only bind mount in a mount namespace of the test's own
(root passes every permission check, so chmod would prove nothing)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "catalogue" / "ermelo-west"
RR = [sys.executable, "-m", "razendereporter"]


def read_only(root: Path, *args: str) -> subprocess.CompletedProcess:
    """``rr --root ROOT ARGS`` with ROOT mounted read-only for that process alone."""
    command = " ".join(f"'{a}'" for a in [*RR, "--root", str(root), *args])
    script = f"mount --bind '{root}' '{root}' && mount -o remount,bind,ro '{root}' && exec {command}"
    return subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, cwd="/")


@pytest.fixture
def archive(tmp_path):
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if shutil.which("unshare") is None or probe.returncode != 0:
        (pytest.fail if os.environ.get("CI") else pytest.skip)("needs root and unshare -m for a read-only mount")
    root = tmp_path / "archive"
    shutil.copytree(FIXTURE, root)
    return root


def one_line_error(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0 and len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_a_read_only_catalogue_is_listed_and_searched_without_an_index(archive):
    assert not (archive / ".rr-index").exists()
    before = (archive / "catalog.json").read_bytes()
    listed = read_only(archive, "episodes")
    assert listed.returncode == 0 and "arjen-baatje" in listed.stdout, listed.stderr
    found = read_only(archive, "search", "buurman")
    assert found.returncode == 0 and "1 quote" in found.stdout, found.stderr
    assert "catalogue is read-only: searching a temporary index" in found.stderr
    assert "Traceback" not in found.stderr and not (archive / ".rr-index").exists()
    assert (archive / "catalog.json").read_bytes() == before


def test_a_read_only_catalogue_with_a_fresh_index_is_searched_in_place(archive):
    writable = subprocess.run([*RR, "--root", str(archive), "search", "buurman"], capture_output=True, text=True)
    assert writable.returncode == 0  # builds the index while it can
    found = read_only(archive, "search", "buurman")
    assert found.returncode == 0 and "1 quote" in found.stdout and found.stderr == "", found.stderr


@pytest.mark.parametrize("args, says", [
    (("speakers", "arjen-baatje", "--set", "S1=Kim"), "cannot change episode 'arjen-baatje': Read-only file system"),
    (("link", "arjen-baatje", "razende-reporter-in-ermelo-west"), "cannot change the catalogue"),
    (("index", "rebuild"), "Read-only file system"),
])
def test_writing_to_a_read_only_catalogue_is_one_line(archive, args, says):
    before = (archive / "catalog.json").read_bytes()
    assert says in one_line_error(read_only(archive, *args))
    assert (archive / "catalog.json").read_bytes() == before


def test_a_format_1_catalogue_on_a_read_only_share_says_it_needs_one_upgrade(archive, tmp_path):
    (archive / "catalog.json").write_bytes((FIXTURE.parent / "catalog-v1.json").read_bytes())
    line = one_line_error(read_only(archive, "episodes"))
    assert "written by an earlier release (format 1)" in line and "needs write access" in line
