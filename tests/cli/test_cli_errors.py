"""Bad input: one line naming the problem, a non-zero exit code, nothing half-written."""

import errno
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import synth
from click.testing import CliRunner

from razendereporter import atomic
from razendereporter.cli import main
from razendereporter.errors import RRError
from razendereporter.media import ffmpeg_exe
from razendereporter.transcribe.model import resolve_ct2_model

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def videos(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    (d / "empty.mp4").write_bytes(b"")
    (d / "notes.mp4").write_text("Dit is een tekstbestand, geen video.\n" * 50)
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-f", "lavfi", "-i", "color=s=64x64:d=2", "-c:v", "libx264",
                    str(d / "mute.mp4")], check=True)
    return d


@pytest.fixture(scope="module")
def speaking(videos):
    """``videos`` plus good.mp4 (synthesised speech) and truncated.mp4, its first half."""
    speech, _ = synth.conversation([synth.Line("a", "Wij praten over de isolatie van de woningen in de wijk.")] * 2)
    good = synth.make_video(speech, videos / "good.mp4").read_bytes()
    (videos / "truncated.mp4").write_bytes(good[: len(good) // 2])
    return videos


def run(root, *args):
    result = CliRunner().invoke(main, ["--root", str(root), *map(str, args)])
    return result


def assert_clean_failure(result, root, pattern):
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert pattern in lines[0], lines[0]
    assert "Traceback" not in result.output
    assert not (root / "media").exists() and not (root / "transcripts").exists()


@pytest.mark.parametrize("name,pattern", [
    ("missing.mp4", "no such file"),
    ("empty.mp4", "file is empty"),
    ("notes.mp4", "not a readable audio or video file"),
    ("mute.mp4", "has no audio stream"),
])
def test_unusable_files(root, videos, name, pattern):
    assert_clean_failure(run(root, "ingest", videos / name, "--wijk", "Ermelo-West"), root, pattern)
    assert not (root / "catalog.json").exists()


def test_truncated_file_leaves_no_episode_half_done(root, speaking):
    result = run(root, "ingest", speaking / "truncated.mp4", "--wijk", "Ermelo-West")
    assert result.exit_code != 0 and "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [result.stderr.strip().splitlines()[-1]]
    assert "truncated.mp4: file looks truncated" in errors[0]
    assert not (root / "media").exists() and not (root / "transcripts").exists()
    assert not (root / "catalog.json").exists()


@pytest.mark.parametrize("wijk", ["../etc", "..", "/tmp/x", ".verborgen", "   ", "!!!"])
def test_path_tricks_and_empty_wijk_names_are_refused(root, speaking, wijk):
    result = run(root, "ingest", speaking / "good.mp4", "--wijk", wijk)
    assert_clean_failure(result, root, "wijk")


def test_wijk_names_become_safe_folder_names():
    from razendereporter.paths import slug

    assert slug("Ermelo-West") == "ermelo-west"
    assert slug("Zilverkamp (Huissen)") == "zilverkamp-huissen"
    assert slug("Café Ĳsselstreek") == "cafe-ijsselstreek"


def test_unreadable_catalogue(root, speaking):
    (root / "catalog.json").write_text("{ dit is geen json")
    result = run(root, "ingest", speaking / "good.mp4", "--wijk", "Ermelo-West")
    assert_clean_failure(result, root, "is not valid JSON")
    assert (root / "catalog.json").read_text() == "{ dit is geen json"
    assert_clean_failure(run(root, "episodes"), root, "is not valid JSON")


def test_unknown_model_says_what_to_do(root, videos):
    with pytest.raises(RRError, match="not available offline"):
        resolve_ct2_model("large-v3")
    with pytest.raises(RRError, match="no model.bin"):
        resolve_ct2_model(str(videos))


def test_disk_full_is_one_line_and_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "catalog.json"
    target.write_text("{}\n")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(RRError, match="disk full while writing"):
        atomic.write_text(target, '{"episodes": {}}')
    assert target.read_text() == "{}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["catalog.json"]


def test_an_engine_that_is_not_installed_fails_before_any_work(root, speaking, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    result = run(root, "ingest", speaking / "good.mp4", "--wijk", "Ermelo-West", "--engine", "openai-whisper")
    assert_clean_failure(result, root, "pip install torch==2.13.0")
    assert not (root / "catalog.json").exists() and not (root / ".rr-work").exists()


def test_the_catalogue_root_comes_from_rr_root(tmp_path, monkeypatch):
    (tmp_path / "catalog.json").write_text('{"episodes": {"1": {"id": "x", "wijk": "w", "duration": 1.0}}}')
    monkeypatch.setenv("RR_ROOT", str(tmp_path))
    result = CliRunner().invoke(main, ["--json", "episodes"])
    assert result.exit_code == 0 and '"id": "x"' in result.stdout
    (tmp_path / "file").write_text("")
    result = CliRunner().invoke(main, ["--root", str(tmp_path / "file"), "episodes"])
    assert result.exit_code != 0 and "is a file" in result.stderr and "Traceback" not in result.output


def test_unwritable_places_are_one_line_errors(root, speaking):
    blocked = root / "blocked"
    blocked.write_text("a file where a folder should be")
    assert_clean_failure(run(blocked / "sub", "ingest", speaking / "good.mp4", "--wijk", "Ermelo-West"), root, "cannot")
    with pytest.raises(RRError, match="cannot write"):
        atomic.write_text(blocked / "x.vtt", "WEBVTT\n")


def with_the_repository_episode(root):
    """The repository's sample episode (catalogue row, quotes and transcript) in ``root``."""
    shutil.copy(REPO / "catalog.json", root / "catalog.json")
    for folder in ("transcripts", "quotes"):
        shutil.copytree(REPO / folder, root / folder)
    return "in-gesprek-in-de-bloemenbuurt"


def test_export_of_a_real_episode_to_an_unwritable_path_is_a_one_line_error(root):
    episode = with_the_repository_episode(root)
    assert run(root, "export", episode, "-o", root / "ok.vtt").exit_code == 0  # the episode exports fine
    assert (root / "ok.vtt").read_text().startswith("WEBVTT")
    blocked = root / "blocked"
    blocked.write_text("a file where a folder should be")
    result = run(root, "export", episode, "-o", blocked / "x.vtt")
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit), repr(result.exception)  # not a crash
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot write"), result.stderr
    assert "x.vtt" in lines[0] and "Traceback" not in result.output
    assert blocked.read_text() == "a file where a folder should be"


def test_export_of_an_unknown_episode_is_a_one_line_error(root):
    with_the_repository_episode(root)
    result = run(root, "export", "nope", "-o", root / "x.vtt")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("error: no episode 'nope'"), result.stderr
    assert not (root / "x.vtt").exists()


@pytest.mark.parametrize("option, pattern", [
    (("--language", "xx"), "unknown language 'xx'"),
    (("--model", "nonexistent"), "nonexistent"),
    (("--engine", "openai-whisper", "--model", "nonexistent"), "unknown model 'nonexistent'"),
    (("--diarizer", "nonsense"), "--diarizer 'nonsense' is unknown"),
    (("--article", "nergens"), "--article 'nergens' is not in the catalogue"),
    (("--slot", "2"), "--slot needs an article"),
])
def test_bad_options_are_refused_before_anything_is_written(root, speaking, option, pattern):
    """Checked before the video is read: no media/, no transcripts/, no catalogue, no half episode."""
    result = run(root, "ingest", speaking / "good.mp4", "--wijk", "Ermelo-West", *option)
    assert_clean_failure(result, root, pattern)
    assert not (root / "catalog.json").exists() and not (root / ".rr-work").exists()


def test_a_title_with_a_slash_becomes_a_slug_but_a_wijk_with_one_is_refused():
    from razendereporter.paths import slug
    from razendereporter.pipeline import IngestOptions, validate
    from razendereporter.catalogue import Snapshot

    assert slug("Ramplaankwartier 2023/2024", "episode title", strict=False) == "ramplaankwartier-2023-2024"
    validate(Snapshot({}, None), IngestOptions(title="Ramplaankwartier 2023/2024"))  # no error
    with pytest.raises(RRError, match="path separators"):
        slug("../etc", "wijk")


def test_an_unfinished_ingest_is_marked_in_the_episode_list_with_the_command_that_finishes_it(root):
    """An ingest that stopped after the claim (killed, or failed after the video was copied)
    leaves an episode at step `media`: `rr episodes` says so instead of listing it as done."""
    (root / "catalog.json").write_text(json.dumps({"catalogue": {"1": {"format": 2}}, "episodes": {"1": {
        "id": "stuck", "wijk": "ermelo-west", "steps": ["media"], "video": "media/ermelo-west/stuck.mp4",
        "source": {"path": "../clips/stuck.mp4", "size": 1, "mtime_ns": 1}}, "2": {
        "id": "done", "wijk": "ermelo-west", "steps": ["media", "transcript", "speakers", "subtitles"],
        "cues": 3, "duration": 9.5}}}))
    result = run(root, "episodes")
    assert result.exit_code == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert "INCOMPLETE (done: media; finish with `rr ingest ../clips/stuck.mp4 --wijk ermelo-west`)" in lines["stuck"]
    assert "INCOMPLETE" not in lines["done"]
    listed = json.loads(run(root, "--json", "episodes").stdout)
    assert {e["id"]: e["complete"] for e in listed} == {"done": True, "stuck": False}


def test_version_is_the_installed_distribution():
    from importlib.metadata import version

    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output == f"razendereporter, version {version('razendereporter')}\n"
