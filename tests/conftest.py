import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

# synth (espeak-ng speech) is imported by the tests that speak, not here: the pure-Python
# tests (layout, text, catalogue) then run without the media stack (PyAV, ffmpeg).



@pytest.fixture(scope="session")
def model_cache():
    """The embedded model, assembled once into the test run's cache (RR_MODEL_CACHE)."""
    from razendereporter.transcribe.model import embedded_model_dir

    return embedded_model_dir()


@pytest.fixture
def root(tmp_path, monkeypatch):
    """An empty catalogue root; tests never touch the repository's own catalog.json."""
    r = tmp_path / "catalogue"
    r.mkdir()
    monkeypatch.delenv("RR_ROOT", raising=False)
    return r


@pytest.fixture(autouse=True)
def _library_logger_as_it_was():
    """`rr` run in-process (CliRunner) hangs its stderr printer on the `razendereporter` logger
    for the rest of the process; put the logger back so a later test sees the library alone."""
    import logging

    logger = logging.getLogger("razendereporter")
    handlers, propagate, level = list(logger.handlers), logger.propagate, logger.level
    yield
    logger.handlers, logger.propagate = handlers, propagate
    logger.setLevel(level)
