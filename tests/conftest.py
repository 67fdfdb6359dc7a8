import functools
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import synth  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
# The test run's own model cache (build/ is ignored by git), not the user's ~/.cache.
TEST_MODEL_CACHE = REPO / "build" / "test-model-cache"


def pytest_configure(config):
    # Set in os.environ, not with monkeypatch: every test and every `rr` subprocess a test
    # starts (which inherits the environment) assembles and finds the model here. A caller
    # who set RR_MODEL_CACHE keeps theirs.
    os.environ.setdefault("RR_MODEL_CACHE", str(TEST_MODEL_CACHE))


def _needs_espeak(speak):
    """``speak`` that skips the calling test when espeak-ng is missing, or fails it on CI.

    Only tests that synthesise speech need espeak-ng; the rest run without it. On CI
    (CI set) a missing espeak-ng is a failure, so the speech tests can never silently
    drop out there.
    """

    @functools.wraps(speak)
    def guarded(*args, **kwargs):
        if not synth.have_espeak():
            reason = "espeak-ng is not installed (apt-get install espeak-ng); this test synthesises speech with it"
            if "CI" in os.environ:
                pytest.fail(f"{reason}, and CI must run it", pytrace=False)
            pytest.skip(reason)
        return speak(*args, **kwargs)

    return guarded


# synth.conversation and tests/diarize_fixtures.py look synth.espeak up when they run,
# so every synthesised utterance passes through the guard.
synth.espeak = _needs_espeak(synth.espeak)


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
