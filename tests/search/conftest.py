import shutil
import sys
from pathlib import Path

import pytest

from razendereporter.catalogue import Catalogue

sys.path.insert(0, str(Path(__file__).parent))

import catalogue_gen  # noqa: E402

# The Ermelo-West catalogue the repository held until its real-voice sample (see tests/site).
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "catalogue" / "ermelo-west"


@pytest.fixture
def cat(tmp_path):
    """The generated catalogue (format 2), opened as a command opens it."""
    root = tmp_path / "cat"
    catalogue_gen.write(root, catalogue_gen.tables())
    return Catalogue(root)


@pytest.fixture
def repo_cat(tmp_path):
    """A copy of the Ermelo-West fixture catalogue: catalog.json and its quote files."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy(FIXTURE / "catalog.json", root / "catalog.json")
    shutil.copytree(FIXTURE / "quotes", root / "quotes")
    return Catalogue(root)
