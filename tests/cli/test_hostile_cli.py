"""The command line against hostile input: numbers out of range, control characters in names,
a root that is not there, Ctrl-C while `rr` starts or waits. One line each, nothing written."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from test_cli_errors import assert_clean_failure, run, speaking, videos, with_the_repository_episode  # noqa: F401


@pytest.mark.parametrize("option, pattern", [
    (("--threads", "-1"), "Invalid value for '--threads': -1 is not in the range x>=0"),
    (("--threads", "100000"), "--threads 100000 is more than 2 per core"),
    (("--beam-size", "0"), "Invalid value for '--beam-size': 0 is not in the range 1<=x<=10"),
    (("--beam-size", "11"), "'--beam-size': 11 is not in the range 1<=x<=10"),
    (("--batch-size", "65"), "'--batch-size': 65 is not in the range 1<=x<=64"),
    (("--speakers", "0"), "'--speakers': 0 is not in the range 1<=x<=12"),
    (("--slot", "0"), "'--slot': 0 is not in the range x>=1"),
    (("--beam-size", "many"), "'--beam-size': 'many' is not a valid integer"),
])
def test_numeric_options_out_of_range_are_one_line_before_anything_is_written(root, speaking, option, pattern):
    result = run(root, "ingest", speaking / "good.mp4", "--wijk", "Ermelo-West", *option)
    assert_clean_failure(result, root, pattern)
    assert not (root / "catalog.json").exists() and not (root / ".rr-work").exists()


@pytest.mark.parametrize("option, pattern", [
    (("--limit", "0"), "'--limit': 0 is not in the range 1<=x<=10000"),
    (("--limit", "99999999999999999999"), "is not in the range 1<=x<=10000"),
    (("--context", "-1"), "'--context': -1 is not in the range 0<=x<=20"),
    (("--from", "2023-02-30"), "--from '2023-02-30' is not a date"),
    (("--to", "2023-13"), "--to '2023-13' is not a date"),
])
def test_search_options_out_of_range_are_one_line(root, option, pattern):
    with_the_repository_episode(root)
    before = (root / "catalog.json").read_bytes()
    result = run(root, "search", "isolatie", *option)
    assert result.exit_code != 0 and "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and pattern in lines[0], result.stderr
    assert (root / "catalog.json").read_bytes() == before


@pytest.mark.parametrize("command", [("episodes",), ("search", "isolatie"), ("articles", "list"), ("wijken",),
                                     ("export", "arjen-baatje"), ("speakers", "arjen-baatje"), ("index", "status"),
                                     ("site", "build", "out"), ("quotes", "export")])
def test_read_commands_refuse_a_root_that_does_not_exist(tmp_path, command):
    missing = tmp_path / "typo"
    result = run(missing, *command)
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [f"error: catalogue root {missing} does not exist; "
                                                  "check --root or $RR_ROOT"]
    assert not missing.exists()


def test_control_characters_in_a_speakers_name_reach_neither_terminal_nor_files(root):
    episode = with_the_repository_episode(root)
    hostile = "\x1b[2J\x1b]0;pwned\x07Stefan\u202e Ramaker\x1b[0m"
    result = run(root, "speakers", episode, "--set", f"S1={hostile}")
    assert result.exit_code == 0, result.output
    shown = run(root, "speakers", episode)
    as_json = run(root, "--json", "speakers", episode)
    files = [(root / "catalog.json").read_text(encoding="utf-8"),
             *(p.read_text(encoding="utf-8") for p in (root / "transcripts").rglob("*.nl.*"))]
    for text in (result.output, shown.output, as_json.output, *files):
        assert not any(ch in text for ch in ("\x1b", "\x07", "\u202e")), text[:200]
    assert "[2J]0;pwnedStefan Ramaker[0m" in shown.output
    vtt = next((root / "transcripts").rglob("*.nl.vtt")).read_text(encoding="utf-8")
    assert "<v [2J]0;pwnedStefan Ramaker[0m>" in vtt


STARTERS = {
    "python -m razendereporter": [sys.executable, "-X", "importtime", "-m", "razendereporter"],
    "the rr entry point": [sys.executable, "-X", "importtime", "-c",
                           "import sys; from razendereporter.cli import main; sys.exit(main())"],
}
# Moments while `rr` loads, each just after a module of the command line finished importing
# (-X importtime reports it on stderr): signals sent then land while the modules load, before
# click runs, however slow the machine. Before the first of them the interpreter starts, and
# no package can catch a Ctrl-C there.
WHILE_LOADING = ("click", "razendereporter.cli.common", "razendereporter.cli.articles")


def start_until(command: list[str], module: str) -> tuple[subprocess.Popen, list[str]]:
    """``command`` started and read on stderr until ``module`` finished importing."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if line.startswith("import time:") and line.rstrip().rpartition("|")[2].strip() == module:
            return proc, seen
    raise AssertionError(f"{module} was never imported: {''.join(seen)[-2000:]}")


def without_import_times(lines) -> str:
    return "".join(line for line in lines if not line.startswith("import time:"))


@pytest.mark.parametrize("module", WHILE_LOADING)
@pytest.mark.parametrize("starter", STARTERS)
def test_ctrl_c_while_rr_starts_shows_no_traceback(tmp_path, starter, module):
    (tmp_path / "catalog.json").write_text("{}\n")
    proc, seen = start_until([*STARTERS[starter], "--root", str(tmp_path), "episodes"], module)
    proc.send_signal(signal.SIGINT)
    out, rest = proc.communicate(timeout=60)
    err = without_import_times(seen + rest.splitlines(True))
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert proc.returncode == 130 and err.startswith("interrupted"), (proc.returncode, err)
    assert (tmp_path / "catalog.json").read_text() == "{}\n"
    assert os.listdir(tmp_path) == ["catalog.json"]


HOLDER = """
import sys, time
from razendereporter.catalogue import Catalogue
with Catalogue(sys.argv[1]).transaction():
    print("holding", flush=True)
    time.sleep(30)
"""


@pytest.mark.parametrize("starter", STARTERS)
def test_ctrl_c_while_a_command_waits_for_the_catalogue_is_one_line(tmp_path, starter):
    """The interrupt lands while the command runs: it waits for the lock another rr holds."""
    (tmp_path / "catalog.json").write_text("{}\n")
    article = Path(__file__).parents[1] / "fixtures" / "articles" / "editor" / "zilverkamp.md"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        proc = subprocess.Popen([*STARTERS[starter], "--root", str(tmp_path), "articles", "import", str(article)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        seen = []
        for line in proc.stderr:
            seen.append(line)
            if line.startswith("warning: waiting up to"):
                break
        proc.send_signal(signal.SIGINT)
        out, rest = proc.communicate(timeout=60)
    finally:
        holder.kill()
        holder.wait()
    err = without_import_times(seen + rest.splitlines(True)).splitlines()
    assert proc.returncode == 130 and out == "", (proc.returncode, out, err)
    assert len(err) == 2 and err[0].startswith("warning: waiting up to 120 s for the catalogue"), err
    assert err[1] == "interrupted: nothing half-written; run the same command again to resume"
    assert (tmp_path / "catalog.json").read_text() == "{}\n"
