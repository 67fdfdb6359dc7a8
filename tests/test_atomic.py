"""Finished files are readable like any other file (a web server serves the VTT)."""

import os
import stat

from razendereporter import atomic


def test_atomic_files_get_the_usual_permissions(tmp_path):
    target = tmp_path / "a.vtt"
    atomic.write_text(target, "WEBVTT\n")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert target.read_text() == "WEBVTT\n"
