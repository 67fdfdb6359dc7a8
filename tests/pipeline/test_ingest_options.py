"""The library's ingest checks every number and text it is given, as the CLI does: a script
calling ``razendereporter.ingest`` gets the same one-line errors, before any file is read
(the transcription settings check themselves: tests/transcribe/test_settings.py)."""

import pytest

from razendereporter.catalogue import Catalogue
from razendereporter.cli import message_of
from razendereporter.errors import InvalidInput, RRError
from razendereporter.pipeline import IngestOptions, validate


@pytest.mark.parametrize("options, library, cli", [
    ({"speakers": 0}, "speakers must be between 1 and 12, got 0", "--speakers must be between 1 and 12, got 0"),
    ({"speakers": "3"}, "speakers must be a whole number, got '3'", "--speakers must be a whole number, got '3'"),
    ({"speakers": True}, "speakers must be a whole number, got True", "--speakers must be a whole number, got True"),
    ({"slot": 0, "article": "a"}, "slot must be between 1 and 50, got 0", "--slot must be between 1 and 50, got 0"),
])
def test_bad_numbers_are_refused_by_the_library(root, options, library, cli):
    with pytest.raises(InvalidInput) as err:
        validate(Catalogue(root), IngestOptions(**options))
    assert str(err.value) == library
    assert message_of(err.value) == cli
    assert not (root / "catalog.json").exists()


def test_a_long_title_is_refused_by_the_library(root):
    with pytest.raises(RRError, match="^the title is 301 characters long; at most 300 are kept in the catalogue$"):
        validate(Catalogue(root), IngestOptions(title="T" * 301))
    assert not (root / "catalog.json").exists()


def test_a_title_loses_its_control_characters(root):
    opts = IngestOptions(title="\x1b]0;x\x07Arjen \u202eBaatje")
    validate(Catalogue(root), opts)
    assert opts.title == "]0;xArjen Baatje"
