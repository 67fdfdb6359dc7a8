"""The Dutch settings bound every number however they are made: the CLI, a script, a benchmark."""

import os

import pytest

from razendereporter.cli import message_of
from razendereporter.config import Config
from razendereporter.errors import InvalidInput, RRError
from razendereporter.transcribe import DutchSettings


@pytest.mark.parametrize("kw, library, cli", [
    ({"beam_size": 0}, "beam size must be between 1 and 10, got 0", "--beam-size must be between 1 and 10, got 0"),
    ({"beam_size": 11}, "beam size must be between 1 and 10, got 11", "--beam-size must be between 1 and 10, got 11"),
    ({"batch_size": 0}, "batch size must be between 1 and 64, got 0", "--batch-size must be between 1 and 64, got 0"),
    ({"batch_size": 65}, "batch size must be between 1 and 64, got 65",
     "--batch-size must be between 1 and 64, got 65"),
    ({"threads": -1}, "threads must be between 0 and", "--threads must be between 0 and"),
    ({"threads": 2000}, "threads 2000 is more than 2 per core", "--threads 2000 is more than 2 per core"),
    ({"threads": 2.5}, "threads must be a whole number, got 2.5", "--threads must be a whole number, got 2.5"),
])
def test_numbers_out_of_range_are_refused(kw, library, cli):
    """The library names the parameter; the CLI names the flag the user typed."""
    with pytest.raises(InvalidInput) as err:
        DutchSettings(**kw)
    assert err.value.param == next(iter(kw))
    assert str(err.value).startswith(library), str(err.value)
    assert message_of(err.value).startswith(cli), message_of(err.value)
    assert "\n" not in str(err.value) and err.value.exit_code == 2


def test_twice_the_cores_is_the_most_threads():
    most = 2 * (os.cpu_count() or 1)
    assert DutchSettings(threads=most).threads == most
    with pytest.raises(RRError, match=f"at most {most}"):
        DutchSettings(threads=most + 1)
    assert DutchSettings(beam_size=1, batch_size=64, threads=0).beam_size == 1


def test_rr_threads_must_be_a_number_in_range():
    """RR_THREADS is read once, into the Config; the message names the variable as it is spelt."""
    from razendereporter.speakers.features import VoiceEncoder

    with pytest.raises(InvalidInput, match=r"^RR_THREADS must be a whole number of threads, not 'lots'$") as err:
        Config.from_env({"RR_THREADS": "lots"})
    assert message_of(err.value) == "RR_THREADS must be a whole number of threads, not 'lots'"
    with pytest.raises(InvalidInput, match=r"^RR_THREADS 100000 is more than 2 per core"):
        Config.from_env({"RR_THREADS": "100000"})
    config = Config.from_env({"RR_THREADS": "1"})
    assert config.threads == 1
    assert VoiceEncoder(threads=config.threads).session is not None


@pytest.mark.parametrize("value, message", [
    ("lots", "error: RR_THREADS must be a whole number of threads, not 'lots'"),
    ("100000", "error: RR_THREADS 100000 is more than 2 per core"),
])
def test_the_cli_refuses_a_bad_rr_threads_in_one_line(tmp_path, monkeypatch, value, message):
    from click.testing import CliRunner

    from razendereporter.cli import main

    monkeypatch.setenv("RR_THREADS", value)
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "episodes"])
    assert result.exit_code == 2
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1, result.stderr
