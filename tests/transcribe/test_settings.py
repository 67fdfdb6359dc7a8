"""The Dutch settings bound every number however they are made: the CLI, a script, a benchmark."""

import os

import pytest

from razendereporter.errors import RRError
from razendereporter.transcribe import DutchSettings


@pytest.mark.parametrize("kw, pattern", [
    ({"beam_size": 0}, "--beam-size must be between 1 and 10, got 0"),
    ({"beam_size": 11}, "--beam-size must be between 1 and 10, got 11"),
    ({"batch_size": 0}, "--batch-size must be between 1 and 64, got 0"),
    ({"batch_size": 65}, "--batch-size must be between 1 and 64, got 65"),
    ({"threads": -1}, "--threads must be between 0 and"),
    ({"threads": 2000}, "--threads 2000 is more than 2 per core"),
    ({"threads": 2.5}, "--threads must be a whole number, got 2.5"),
])
def test_numbers_out_of_range_are_refused(kw, pattern):
    with pytest.raises(RRError, match=pattern):
        DutchSettings(**kw)


def test_twice_the_cores_is_the_most_threads():
    most = 2 * (os.cpu_count() or 1)
    assert DutchSettings(threads=most).threads == most
    with pytest.raises(RRError, match=f"at most {most}"):
        DutchSettings(threads=most + 1)
    assert DutchSettings(beam_size=1, batch_size=64, threads=0).beam_size == 1


def test_rr_threads_must_be_a_number_in_range(monkeypatch):
    from razendereporter.speakers.features import VoiceEncoder

    monkeypatch.setenv("RR_THREADS", "lots")
    with pytest.raises(RRError, match=r"\$RR_THREADS must be a whole number of threads, got 'lots'"):
        VoiceEncoder()
    monkeypatch.setenv("RR_THREADS", "100000")
    with pytest.raises(RRError, match=r"\$RR_THREADS 100000 is more than 2 per core"):
        VoiceEncoder()
    monkeypatch.setenv("RR_THREADS", "1")
    assert VoiceEncoder().session is not None
