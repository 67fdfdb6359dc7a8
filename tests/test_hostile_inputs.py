"""A zoo of bad input across the commands, as a new user or an attacker types it.

Every case runs `rr` (click's CliRunner, in-process) on a fresh copy of the Ermelo-West
fixture catalogue (tests/fixtures/catalogue/ermelo-west) and must end either in one clean line
on stderr starting ``error:`` with a non-zero exit, catalog.json byte for byte as it was, or in
a clean success (exit 0, at most ``warning:`` lines). Never a traceback. Whisper never runs: every ingest here fails before the
transcription or finds its video done. The inputs are made here (tiny silent clips, small
files); the per-hole tests are in the packages' own folders.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
import synth
from click.testing import CliRunner

from razendereporter.cli import main
from razendereporter.media import ffmpeg_exe

# The Ermelo-West catalogue the repository held until its real-voice sample: one espeak-ng
# episode (arjen-baatje), its article, video, transcripts and quotes.
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "catalogue" / "ermelo-west"
EPISODE = "arjen-baatje"
VIDEO = "media/ermelo-west/arjen-baatje.mp4"
ARTICLE = "razende-reporter-in-ermelo-west"
FRONT = "---\ntitle: Razende Reporter in Ermelo-West\n{extra}---\n\nTekst over de wijk.\n"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """Bad and good input files, made once: clips, articles, a taken port's number."""
    d = tmp_path_factory.mktemp("inputs")
    clip = synth.make_video(synth.silence(3.0), d / "stil.mp4").read_bytes()
    (d / "stil.mp4").write_bytes(clip)
    (d / "half.mp4").write_bytes(clip[: len(clip) // 2])
    (d / "leeg.mp4").write_bytes(b"")
    (d / "tekst.mp4").write_text("geen video\n" * 40)
    (d / "map.mp4").mkdir()
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-f", "lavfi", "-i", "color=s=64x64:d=1", "-c:v", "libx264",
                    str(d / "stom.mp4")], check=True)
    articles = {
        "bom.md": FRONT.format(extra="people:\n  - {name: A, role: bewoner, description: &a [x, x]}\n"
                                     "  - {name: B, role: bewoner, description: [*a, *a]}\n"),
        "onbekend.md": FRONT.format(extra="auteur: Kim\n"),
        "kapot.md": FRONT.format(extra="date: [2023\n"),
        "zonder-titel.md": "---\ndate: 2023-04-13\n---\n\nTekst.\n",
        "datum.md": FRONT.format(extra="date: 2023-02-30\n"),
        "soort.md": FRONT.format(extra="kind: roddel\n"),
        "lang.md": FRONT.format(extra=f"summary: {'bla ' * 600}\n"),
        "rol.md": FRONT.format(extra="people:\n  - name: Kim\n    role: koning\n"),
        "open.md": "---\ntitle: Nooit dicht\n",
        "javascript.md": FRONT.format(extra="url: javascript:alert(document.cookie)\n"),
        "esc.md": FRONT.format(extra='people:\n  - name: "Kim\\e[31m\\u202e"\n    role: verslaggever\n'),
        "leeg.html": "<html><body><nav>menu</nav></body></html>",
        "latin1.txt": None,
        "notities.doc": "geen artikel",
    }
    for name, text in articles.items():
        if text is not None:
            (d / name).write_text(text, encoding="utf-8")
    (d / "latin1.txt").write_bytes("Razende Reporter in Café Ĳssel\n\nTekst.\n".encode("utf-16"))
    (d / "lege-map").mkdir()
    (d / "een-bestand").write_text("geen map")
    return d


@pytest.fixture(scope="module")
def taken_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def no_index(root: Path) -> None:
    (root / ".rr-index").write_text("a file where the search index folder belongs")


def no_video(root: Path) -> None:
    (root / VIDEO).unlink()


def bad_catalogue(root: Path) -> None:
    (root / "catalog.json").write_text("{ geen json")


def no_catalogue(root: Path) -> None:
    (root / "catalog.json").unlink()


@dataclass
class Case:
    area: str
    args: tuple[str, ...]
    expect: str  # "ok", or what the one error line says
    setup: Callable[[Path], None] | None = None
    root: str = "{root}"
    id: str = field(default="")


I, R = "{inputs}", "{root}"
CASES = [
    # ingest: unusable files, names, options; nothing is transcribed
    Case("ingest", ("ingest", f"{I}/nergens.mp4", "--wijk", "Ermelo-West"), "no such file"),
    Case("ingest", ("ingest", f"{I}/leeg.mp4", "--wijk", "Ermelo-West"), "file is empty"),
    Case("ingest", ("ingest", f"{I}/tekst.mp4", "--wijk", "Ermelo-West"), "not a readable audio or video file"),
    Case("ingest", ("ingest", f"{I}/stom.mp4", "--wijk", "Ermelo-West"), "has no audio stream"),
    Case("ingest", ("ingest", f"{I}/half.mp4", "--wijk", "Ermelo-West"), "half.mp4: "),  # truncated: unreadable
    Case("ingest", ("ingest", f"{I}/map.mp4", "--wijk", "Ermelo-West"), "no video files in"),  # a folder is a batch: here an empty one
    Case("ingest", ("ingest", f"{I}/stil.mp4", "--wijk", "../../etc"), "may not contain path separators"),
    Case("ingest", ("ingest", f"{I}/stil.mp4", "--wijk", "\x1b\x07\u202e"), "has no letters or digits"),
    Case("ingest", ("ingest", f"{I}/stil.mp4", "--wijk", "W", "--threads", "-1"), "'--threads': -1 is not in the range"),
    Case("ingest", ("ingest", f"{I}/stil.mp4", "--wijk", "W", "--threads", "2000"), "--threads 2000 is more than 2 per core"),
    Case("ingest", ("ingest", f"{I}/stil.mp4", "--wijk", "W", "--beam-size", "0"), "'--beam-size': 0 is not in the range"),
    Case("ingest", ("ingest", f"{I}/stil.mp4", "--wijk", "W", "--batch-size", "1000"), "'--batch-size': 1000 is not in"),
    Case("ingest", ("ingest", f"{I}/stil.mp4", "--wijk", "W", "--speakers", "99"), "'--speakers': 99 is not in the range"),
    Case("ingest", ("ingest", f"{I}/stil.mp4", "--wijk", "W", "--slot", "2"), "--slot needs an article to go with it"),
    Case("ingest", ("ingest", f"{I}/stil.mp4", "--wijk", "W", "--article", "nergens"),
         "--article 'nergens' is not in the catalogue"),
    Case("ingest", ("ingest", f"{I}/stil.mp4", "--wijk", "W", "--article", ARTICLE, "--slot", "9"),
         "--slot 9 is not a video slot of article"),
    Case("ingest", ("ingest", f"{I}/stil.mp4", "--wijk", "W", "--language", "klingon"), "unknown language 'klingon'"),
    Case("ingest", ("ingest", f"{I}/stil.mp4", "--wijk", "W", "--engine", "siri"), "'--engine': 'siri' is not one of"),
    Case("ingest", ("ingest", f"{I}/stil.mp4", "--wijk", "W", "--diarizer", "x"),
         "--diarizer 'x' is unknown; choose one of"),
    Case("ingest", ("ingest", f"{I}/stil.mp4", "--wijk", "W", "--title", "T" * 400),
         "the title is 400 characters long; at most 300"),
    Case("ingest", ("ingest", f"{R}/{VIDEO}", "--wijk", "Zilverkamp"), "already catalogued as episode 'arjen-baatje'"),
    Case("ingest", ("ingest", f"{R}/{VIDEO}", "--wijk", "Ermelo-West"), "ok"),  # done already: nothing to transcribe
    Case("ingest", ("ingest", "--wijk", "W"), "Missing argument 'VIDEO'"),
    # articles
    Case("articles", ("articles", "import", f"{I}/bom.md"), "bom.md:5: YAML alias *a is not allowed"),
    Case("articles", ("articles", "import", f"{I}/onbekend.md"), "unknown field 'auteur'"),
    Case("articles", ("articles", "import", f"{I}/kapot.md"), "kapot.md:3: invalid YAML"),
    Case("articles", ("articles", "import", f"{I}/zonder-titel.md"), "'title' is required"),
    Case("articles", ("articles", "import", f"{I}/datum.md"), "datum.md:3: date '2023-02-30' is not a date like"),
    Case("articles", ("articles", "import", f"{I}/soort.md"), "kind 'roddel' is not one of"),
    Case("articles", ("articles", "import", f"{I}/lang.md"), "'summary' is 2399 characters long; at most 2000"),
    Case("articles", ("articles", "import", f"{I}/rol.md"), "role 'koning' of Kim is not one of"),
    Case("articles", ("articles", "import", f"{I}/open.md"), "is never closed"),
    Case("articles", ("articles", "import", f"{I}/leeg.html"), "no article found"),
    Case("articles", ("articles", "import", f"{I}/latin1.txt"), "not UTF-8 text"),
    Case("articles", ("articles", "import", f"{I}/notities.doc"), "unknown article format '.doc'"),
    Case("articles", ("articles", "import", f"{I}/lege-map"), "no article files"),
    Case("articles", ("articles", "import", f"{I}/nergens.md"), "no such file or folder"),
    Case("articles", ("articles", "import", f"{I}/javascript.md"), "ok"),  # imported, the url left out with a warning
    Case("articles", ("articles", "import", f"{I}/esc.md"), "ok"),  # imported, the name cleaned
    Case("articles", ("articles", "show", "nergens"), "no article 'nergens'"),
    Case("articles", ("articles", "list", "--kind", "roddel"), "'--kind': 'roddel' is not one of"),
    # speakers and links
    Case("speakers", ("speakers", "nergens"), "no episode 'nergens'"),
    Case("speakers", ("speakers", EPISODE, "--set", "S1"), "LABEL=NAME, e.g. S2=\"Stefan Ramaker\"; got 'S1'"),
    Case("speakers", ("speakers", EPISODE, "--set", "S9=Iemand"), "has no speaker S9"),
    Case("speakers", ("speakers", EPISODE, "--set", "S1=\"\""), "--set S1= needs a name"),
    Case("speakers", ("speakers", EPISODE, "--set", "S1=" + "N" * 500), "the name given to S1 is 500 characters"),
    Case("speakers", ("speakers", EPISODE, "--role", "ambtenaar"), "--role goes with assignments (LABEL=NAME)"),
    Case("speakers", ("speakers", EPISODE, "--set", "S1=Kim", "--role", "koning"), "'--role': 'koning' is not one of"),
    Case("speakers", ("speakers", EPISODE, "--set", "S1=\x1b]0;x\x07Kim\u202e"), "ok"),
    Case("speakers", ("link", EPISODE, "nergens"), "no article 'nergens'"),
    Case("speakers", ("link", "nergens", ARTICLE), "no episode 'nergens'"),
    Case("speakers", ("link", EPISODE, ARTICLE, "--slot", "0"), "'--slot': 0 is not in the range x>=1"),
    # search
    Case("search", ("search", "isolatie", "--limit", "0"), "'--limit': 0 is not in the range 1<=x<=10000"),
    Case("search", ("search", "isolatie", "--context", "500"), "'--context': 500 is not in the range 0<=x<=20"),
    Case("search", ("search", "isolatie", "--from", "2023-02-30"), "--from '2023-02-30' is not a date"),
    Case("search", ("search", "isolatie", "--from", "2024", "--to", "2023"), "--from 2024 is after the end date 2023"),
    Case("search", ("search", "isolatie", "--role", "koning"), "--role 'koning' is unknown; roles are"),
    Case("search", ("search", "isolatie", "--speaker", "!!!"), "--speaker '!!!' has no letters in it"),
    Case("search", ("search", "isolatie"), ".rr-index is a file, not a folder; remove it", no_index),
    Case("search", ("search", "\x1b[2J" * 50 + "isolatie"), "ok"),
    Case("search", ("search", '"isolatie' + " OR (" * 300), "query too long (1509 characters; at most 1000)"),
    Case("search", ("search", "((((isolatie)))) OR ★ OR 😀 OR NOT NOT warmte*"), "ok"),
    Case("search", ("search", '"isolatie'), "unbalanced double quote in query"),
    Case("search", ("search", "AND"), "has no words to search for"),
    Case("search", ("search", "isolatie", "--format", "xml"), "'--format': 'xml' is not one of"),
    Case("search", ("quotes", "export", "--format", "jsonl", "--excel"), "--excel applies to --format csv only"),
    Case("search", ("quotes", "export", "--format", "opensearch"), "--format opensearch needs -o FILE"),
    # export
    Case("export", ("export", "nergens"), "no episode 'nergens'"),
    Case("export", ("export", EPISODE, "--format", "docx"), "'--format': 'docx' is not one of"),
    Case("export", ("export", EPISODE, "-o", f"{I}/een-bestand/x.vtt"), "cannot write"),
    Case("export", ("export", EPISODE, "-o", f"{I}/lege-map"), "is a directory"),
    # site and serve
    Case("site", ("site", "build", f"{R}/media"), "is inside the catalogue's media/"),
    Case("site", ("site", "build", f"{R}/transcripts/site"), "is inside the catalogue's transcripts/"),
    Case("site", ("site", "build", R), "would contain the catalogue"),
    Case("site", ("site", "build", f"{I}/een-bestand"), "is a file"),
    Case("site", ("site", "build", "{tmp}/site"), f"missing from the catalogue folder: {VIDEO}", no_video),
    Case("site", ("site", "build", "{tmp}/site"), "no catalogue at", no_catalogue),
    Case("site", ("site", "embed", "nergens"), "no published episode 'nergens'"),
    Case("site", ("site", "embed", EPISODE, "--base-url", "javascript:alert(1)//"), "--base-url must start with"),
    Case("serve", ("serve", "--port", "70000"), "'--port': 70000 is not in the range 0<=x<=65535"),
    Case("serve", ("serve", "--port", "{port}"), "cannot listen on 127.0.0.1:{port}"),
    Case("serve", ("serve", "--host", "999.1.1.1", "--port", "0"), "cannot listen on 999.1.1.1:0"),
    Case("serve", ("serve",), "is not valid JSON", bad_catalogue),
    # the catalogue root
    Case("root", ("episodes",), "catalogue root", root="{tmp}/typo"),
    Case("root", ("episodes",), "een-bestand' is a file", root=f"{I}/een-bestand"),
    Case("root", ("episodes",), "is not valid JSON", bad_catalogue),
    Case("root", ("--bogus", "episodes"), "No such option '--bogus'"),
]


def case_id(case: Case) -> str:
    words = " ".join(a for a in case.args if len(a) < 40 and "\x1b" not in a).replace("{inputs}/", "")
    return f"{case.area}: {words}".replace("{root}/", "")


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory) -> Path:
    """The fixture catalogue (one episode, its article), copied once; each case copies it again."""
    base = tmp_path_factory.mktemp("base") / "catalogue"
    shutil.copytree(FIXTURE, base)
    return base


def test_the_zoo_is_big_enough():
    assert len(CASES) >= 40 and {c.area for c in CASES} >= {"ingest", "articles", "speakers", "search", "export",
                                                            "site", "serve"}


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_bad_input_is_one_clean_line_and_changes_nothing(case, catalogue, inputs, taken_port, tmp_path):
    root = tmp_path / "catalogue"
    shutil.copytree(catalogue, root)
    if case.setup:
        case.setup(root)
    before = (root / "catalog.json").read_bytes() if (root / "catalog.json").exists() else None
    fill = {"root": str(root), "inputs": str(inputs), "tmp": str(tmp_path), "port": str(taken_port)}
    args = ["--root", case.root.format(**fill), *(a.format(**fill) if "{" in a else a for a in case.args)]
    result = CliRunner().invoke(main, args)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.strip().splitlines()
    if case.expect == "ok":
        assert result.exit_code == 0, result.output
        assert all(line.startswith("warning: ") for line in lines), result.stderr
        return
    assert result.exit_code != 0
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert case.expect.format(**fill) in lines[0], lines[0]
    after = (root / "catalog.json").read_bytes() if (root / "catalog.json").exists() else None
    assert after == before, "catalog.json changed although the command failed"
