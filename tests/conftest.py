import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import synth  # noqa: E402


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory):
    """Assemble the embedded model once per test run, in the user's cache as users do."""
    from razendereporter.transcribe.model import embedded_model_dir

    return embedded_model_dir()


@pytest.fixture
def root(tmp_path, monkeypatch):
    """An empty catalogue root; tests never touch the repository's own catalog.json."""
    r = tmp_path / "catalogue"
    r.mkdir()
    monkeypatch.delenv("RR_ROOT", raising=False)
    return r


def pytest_collection_modifyitems(config, items):
    if not synth.have_espeak():
        raise pytest.UsageError("espeak-ng is required for the speech fixtures: apt-get install espeak-ng")
