"""The Dutch relevance table (relevance.tsv) through the real index and query path."""

from pathlib import Path

import pytest

import catalogue_gen
from razendereporter.catalogue import Catalogue
from razendereporter.search import Filters, search

ROWS = [line.split("\t") for line in (Path(__file__).parent / "relevance.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")]


def test_table_is_big_enough():
    assert len(ROWS) >= 60
    assert all(len(r) == 3 for r in ROWS)


@pytest.fixture(scope="module")
def rel_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("rel")
    texts = sorted({t for _, good, bad in ROWS for t in (good, bad) if t != "-"})
    catalogue_gen.write(root, catalogue_gen.quotes_table(texts))
    return Catalogue(root)


@pytest.mark.parametrize("query,good,bad", ROWS, ids=[f"{i}:{r[0]}" for i, r in enumerate(ROWS)])
def test_relevance(rel_root, query, good, bad):
    found = {h.text for h in search(rel_root, query, Filters(), limit=1000).hits}
    if good != "-":
        assert good in found, f"{query!r} should find {good!r}"
    if bad != "-":
        assert bad not in found, f"{query!r} should not find {bad!r}"
