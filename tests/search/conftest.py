import shutil
import sys
from pathlib import Path

import pytest

from razendereporter.search import index

sys.path.insert(0, str(Path(__file__).parent))

import catalogue_gen  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_handles():
    yield
    index.forget_open_indexes()


@pytest.fixture
def cat(tmp_path):
    """A generated catalogue root."""
    root = tmp_path / "cat"
    catalogue_gen.write(root, catalogue_gen.tables())
    return root


@pytest.fixture
def repo_cat(tmp_path):
    """A copy of the repository's own catalog.json."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy(REPO / "catalog.json", root / "catalog.json")
    return root
