"""The docs name only what exists: files, modules, library functions and `rr` commands.

Like sqlite-utils' test of its documentation: a rename that forgets the docs fails here, not
in a reader's hands. Checked: README.md, docs/*.md and the docstrings and comments of the
package (which cite each other's files).
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import re
from pathlib import Path

import click
import pytest

from razendereporter.cli import main

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "razendereporter"
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
SOURCES = sorted(PACKAGE.rglob("*.py"))

# `search/index.py`, `tests/site/test_pages.py`, `docs/site.md`, `rules.py` (not a user's
# own `articles/ermelo.md` in an example command)
FILE = re.compile(r"(?<![\w./-])((?:[\w-]+/)*[\w-]+\.py|(?:docs/)?[\w-]+\.md)\b")
# rr index rebuild, rr speakers --set …: the words after `rr` up to the first option or argument
COMMAND = re.compile(r"(?:^|[`(]|\$ )rr((?: [a-z][a-z-]+)+)", re.M)
# catalogue.Catalogue.transaction, search.update_episode(, Catalogue.snapshot, rr.ingest
NAME = re.compile(r"(?<![\w./-])((?:rr|razendereporter|catalogue|search|pipeline|site|media|transcribe|speakers|"
                  r"subtitles|articles|transcript|config|errors|Catalogue|QuoteIndex|Config)"
                  r"(?:\.[A-Za-z_]\w*)+)(?![\w-]|\.\w)")
ROOTS = {"rr": "razendereporter", "Catalogue": "razendereporter.catalogue.Catalogue",
         "QuoteIndex": "razendereporter.search.QuoteIndex", "Config": "razendereporter.config.Config",
         "Transcript": "razendereporter.transcript.Transcript"}
NAME = re.compile(NAME.pattern.replace("|Config)", "|Config|Transcript)"))
EXTENSIONS = {"py", "md", "json", "txt", "vtt", "srt", "html", "lock", "yaml", "mp4", "bak", "tsv", "csv", "onnx"}


def code_of(path: Path, blocks: bool = True) -> str:
    """The parts of a doc that name code: inline code spans and (with ``blocks``) fenced
    blocks (Markdown), or the whole text (Python sources: docstrings and comments cite files)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return text
    fenced = re.findall(r"```[^\n]*\n(.*?)```", text, flags=re.S) if blocks else []
    spans = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    return "\n".join(fenced + spans)


def file_exists(name: str) -> bool:
    if any((base / name).exists() for base in (REPO, PACKAGE, REPO / "src", REPO / "docs")):
        return True
    if "/" in name and importlib.util.find_spec(name.split("/")[0]) is not None:  # a library's own file
        spec = importlib.util.find_spec(name.split("/")[0])
        return (Path(spec.origin).parent.parent / name).exists()
    if "/" not in name:  # a bare `rules.py`: a file of that name somewhere in the package or tests
        return any(p.name == name for p in [*SOURCES, *REPO.glob("tests/**/*.py"), *REPO.glob("bench/*.py")])
    return any(p.as_posix().endswith("/" + name) for p in [*SOURCES, *REPO.glob("tests/**/*")])


def resolves(dotted: str) -> bool:
    first, *rest = dotted.split(".")
    target = ROOTS.get(first, f"razendereporter.{first}" if first != "razendereporter" else first)
    parts = target.split(".") + rest
    obj, i = None, len(parts)
    while i > 0:  # the longest importable prefix, then attributes
        try:
            obj = importlib.import_module(".".join(parts[:i]))
            break
        except ImportError:
            i -= 1
    if obj is None:
        return False
    for attribute in parts[i:]:
        fields = {f.name for f in dataclasses.fields(obj)} if dataclasses.is_dataclass(obj) else set()
        if not hasattr(obj, attribute) and attribute not in fields:
            return False
        obj = getattr(obj, attribute, None)
    return True


def command_exists(words: list[str]) -> bool:
    group: click.Command = main
    for n, word in enumerate(words):
        sub = group.commands.get(word) if isinstance(group, click.Group) else None
        if sub is None:
            return n > 0  # the rest are arguments (`rr search isolatie`)
        group = sub
    return True


def mentions(pattern: re.Pattern, paths, blocks: bool = True) -> list[tuple[str, str]]:
    return [(p.relative_to(REPO).as_posix(), m.group(1)) for p in paths for m in pattern.finditer(code_of(p, blocks))]


def test_every_file_the_docs_and_docstrings_name_exists():
    missing = sorted({(where, name) for where, name in mentions(FILE, DOCS + SOURCES)
                      if not file_exists(name) and not Path(name).stem.isupper()})  # FILE.md: a placeholder
    assert not missing, missing


def test_every_library_name_the_docs_use_exists():
    # Inline code only: an example block's variables (`transcript.text`) are not the package's.
    missing = sorted({(where, name) for where, name in mentions(NAME, DOCS, blocks=False)
                      if name.rsplit(".", 1)[-1] not in EXTENSIONS and not resolves(name)})
    assert not missing, missing


def test_every_module_path_the_docstrings_cite_exists():
    dotted = re.compile(r"\b(razendereporter(?:\.[a-z_]\w*)+)")
    missing = sorted({(where, name) for where, name in mentions(dotted, SOURCES) if not resolves(name)})
    assert not missing, missing


def test_every_rr_command_the_docs_show_exists():
    missing = sorted({(where, words.strip()) for where, words in mentions(COMMAND, DOCS)
                      if not command_exists(words.split())})
    assert not missing, missing


@pytest.mark.parametrize("name, exists", [("catalogue.Catalogue.transaction", True), ("Catalogue.snapshot", True),
                                          ("search.remove_episode", False), ("catalogue.Catalog", False)])
def test_the_check_tells_a_real_name_from_a_stale_one(name, exists):
    assert resolves(name) is exists


def test_the_check_tells_a_real_command_from_a_stale_one():
    assert command_exists(["index", "rebuild"]) and command_exists(["search", "isolatie"])
    assert not command_exists(["reindex"])
