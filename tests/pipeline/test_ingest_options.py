"""The library's ingest checks every number and text it is given, as the CLI does: a script
calling ``razendereporter.ingest`` gets the same one-line errors, before any file is read
(the transcription settings check themselves: tests/transcribe/test_settings.py)."""

import pytest

from razendereporter.catalogue import Snapshot
from razendereporter.errors import RRError
from razendereporter.pipeline import IngestOptions, validate


@pytest.mark.parametrize("options, pattern", [
    ({"speakers": 0}, "--speakers must be between 1 and 12, got 0"),
    ({"speakers": "3"}, "--speakers must be a whole number, got '3'"),
    ({"speakers": True}, "--speakers must be a whole number, got True"),
    ({"slot": 0, "article": "a"}, "--slot must be between 1 and 50, got 0"),
    ({"title": "T" * 301}, "--title is 301 characters long; at most 300"),
])
def test_bad_options_are_refused_by_the_library(options, pattern):
    with pytest.raises(RRError, match=pattern):
        validate(Snapshot({}, None), IngestOptions(**options))


def test_a_title_loses_its_control_characters():
    opts = IngestOptions(title="\x1b]0;x\x07Arjen \u202eBaatje")
    validate(Snapshot({}, None), opts)
    assert opts.title == "]0;xArjen Baatje"
