"""What a batch ingests: every video of a folder, or the rows of a manifest (CSV or YAML).

A manifest is checked whole before anything starts. Every problem (a malformed line, a missing
or unreadable file, an unknown article, a bad slot, the same file or the same title in one wijk
twice) is one message with its line number, and :class:`BadManifest` carries them all; nothing
is ingested. Whether a file that exists is a usable video is only known when it is decoded:
that fails alone, inside the batch.

    file,wijk,title,article,slot,language,model,speakers
    kaart/gesprek-1.mp4,Bloemenbuurt,In gesprek,razende-reporter-in-de-bloemenbuurt,1,,,2

File paths are relative to the manifest. A YAML manifest is a list of the same mappings.
"""

from __future__ import annotations

import csv
import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalogue import Catalogue
from ..errors import InvalidInput, NotFound, RRError
from ..paths import slug
from .ingest import IngestOptions, validate

MANIFEST_SUFFIXES = (".csv", ".yaml", ".yml")
# What a folder's files must end in to be taken as episodes (the containers ffmpeg reads that
# cameras and phones write; audio alone is an episode too).
MEDIA_SUFFIXES = (".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".mts", ".m2ts", ".mpg", ".mpeg", ".3gp",
                  ".wav", ".mp3", ".m4a", ".aac", ".flac", ".ogg", ".opus")
COLUMNS = ("file", "wijk", "title", "article", "slot", "language", "model", "speakers")


@dataclass(frozen=True)
class BatchItem:
    """One episode of a batch: the video, where it goes, and what differs from the batch's options."""

    video: Path
    wijk: str
    title: str | None = None
    article: str | None = None
    slot: int | None = None
    language: str | None = None
    model: str | None = None
    speakers: int | None = None
    line: int | None = None  # in the manifest, for messages

    def options(self, base: IngestOptions) -> IngestOptions:
        """The batch's options with this item's title, article, slot, language, model, speakers."""
        settings = dataclasses.replace(base.settings, language=self.language) if self.language else base.settings
        return dataclasses.replace(base, title=self.title or base.title, article=self.article or base.article,
                                   slot=self.slot if self.slot is not None else base.slot,
                                   model=self.model or base.model, speakers=self.speakers or base.speakers,
                                   settings=settings)


class BadManifest(InvalidInput):
    """A manifest that cannot be ingested; ``problems`` is one line per problem, each with its line."""

    def __init__(self, manifest: Path, problems: list[str]):
        self.problems = problems
        super().__init__("manifest", f"{manifest} has {len(problems)} problem(s): " + "; ".join(problems), str(manifest))


def is_batch(source: str | os.PathLike) -> bool:
    """A folder or a manifest, rather than one video."""
    path = Path(source)
    return path.is_dir() or path.suffix.lower() in MANIFEST_SUFFIXES


def read_folder(folder: str | os.PathLike, wijk: str, base: IngestOptions | None = None) -> list[BatchItem]:
    """Every media file directly in ``folder``, sorted by name, each titled by its file name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise NotFound(f"folder {folder} does not exist")
    files = sorted(p for p in folder.iterdir()
                   if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in MEDIA_SUFFIXES)
    if not files:
        raise NotFound(f"no video files in {folder} (looked for {', '.join(MEDIA_SUFFIXES[:6])} …)")
    slug(wijk, "wijk")
    return [BatchItem(video=p, wijk=wijk, title=p.stem) for p in files]


def read_manifest(catalogue: Catalogue, manifest: str | os.PathLike, *, wijk: str | None = None,
                  base: IngestOptions | None = None) -> list[BatchItem]:
    """The manifest's episodes, checked against the files and the catalogue; :class:`BadManifest` if any is wrong.

    ``wijk`` is for rows that leave theirs empty; ``base`` the batch's other options.
    """
    manifest = Path(manifest)
    try:
        text = manifest.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise NotFound(f"manifest {manifest} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput("manifest", f"{manifest} cannot be read: {getattr(exc, 'strerror', None) or exc}",
                           str(manifest)) from None
    reader = _csv_rows if manifest.suffix.lower() == ".csv" else _yaml_rows
    rows, problems = reader(text)
    if not rows and not problems:
        problems.append("line 1: no episodes in it")
    items, engines = [], {}
    for line, row in rows:
        item, wrong = _item(catalogue, manifest.parent, line, row, wijk, base or IngestOptions())
        problems.extend(f"line {line}: {message}" for message in wrong)
        if item is not None:  # checked for duplicates even when the row has other problems
            items.append(item)
            engines.setdefault(_engine_of(item, base or IngestOptions()), line)
    problems.extend(_engine_problems(engines, base or IngestOptions()))
    problems.extend(_duplicates(items))
    if problems:
        raise BadManifest(manifest, sorted(problems, key=_line_number))
    return items


def _csv_rows(text: str) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    reader = csv.DictReader(text.splitlines(keepends=True))
    problems = _columns(reader.fieldnames or [], 1)
    rows = []
    try:
        for row in reader:
            if None in row:
                problems.append(f"line {reader.line_num}: {len(row[None])} more field(s) than the header has columns")
            rows.append((reader.line_num, {k: v for k, v in row.items() if k is not None}))
    except csv.Error as exc:
        problems.append(f"line {reader.line_num}: not CSV ({exc})")
    return rows, problems


def _yaml_rows(text: str) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    import yaml  # only for a YAML manifest: a single ingest never loads it

    try:
        data, node = yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [], [f"line {mark.line + 1 if mark else 1}: not YAML ({getattr(exc, 'problem', None) or exc})"]
    if not isinstance(data, list):
        return [], ["line 1: a YAML manifest is a list of episodes (- file: …, wijk: …)"]
    rows, problems = [], []
    for value, child in zip(data, node.value):
        line = child.start_mark.line + 1
        if not isinstance(value, dict):
            problems.append(f"line {line}: an episode is a mapping of {', '.join(COLUMNS)}")
            continue
        problems.extend(_columns([str(k) for k in value], line))
        rows.append((line, {str(k): v for k, v in value.items()}))
    return rows, problems


def _columns(names: list[str], line: int) -> list[str]:
    unknown = [n for n in names if n not in COLUMNS]
    missing = [] if "file" in names else ["file"]
    found = [f"line {line}: unknown column(s) {', '.join(map(repr, unknown))}; the columns are "
             f"{', '.join(COLUMNS)}"] if unknown else []
    return found + [f"line {line}: no {m!r} column" for m in missing]


def _item(catalogue: Catalogue, folder: Path, line: int, row: dict[str, Any], wijk: str | None,
          base: IngestOptions) -> tuple[BatchItem | None, list[str]]:
    """The row as a :class:`BatchItem`, or the reasons it cannot be one."""
    value = {k: (str(v).strip() if v is not None else "") for k, v in row.items()}
    problems = []
    video = _video(folder, value.get("file", ""), problems)
    place = value.get("wijk") or wijk
    if not place:
        problems.append("no wijk (fill in the column, or give --wijk for the rows without one)")
    else:
        _check(problems, slug, place, "wijk")
    numbers = {name: _whole(value.get(name, ""), name, problems) for name in ("slot", "speakers")}
    if video is None or not place or problems:
        return None, problems
    item = BatchItem(video=video, wijk=place, title=value.get("title") or video.stem, article=value.get("article") or None,
                     slot=numbers["slot"], language=value.get("language") or None, model=value.get("model") or None,
                     speakers=numbers["speakers"], line=line)
    _check(problems, validate, catalogue, item.options(base))
    return item, problems


def _video(folder: Path, name: str, problems: list[str]) -> Path | None:
    if not name:
        problems.append("no file")
        return None
    path = Path(name).expanduser()
    path = path if path.is_absolute() else folder / path
    if not path.is_file():
        problems.append(f"file {name!r} not found ({path})" if not path.exists() else f"file {name!r} is not a file")
    elif not os.access(path, os.R_OK):
        problems.append(f"file {name!r} cannot be read (permission denied)")
    else:
        return path
    return None


def _whole(text: str, name: str, problems: list[str]) -> int | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        problems.append(f"{name} must be a whole number, not {text!r}")
        return None


def _check(problems: list[str], check, *args) -> None:
    try:
        check(*args)
    except RRError as exc:
        problems.append(str(exc))


def _engine_of(item: BatchItem, base: IngestOptions) -> tuple[str, str | None, str]:
    opts = item.options(base)
    return opts.engine, opts.model, opts.settings.language


def _engine_problems(engines: dict[tuple[str, str | None, str], int], base: IngestOptions) -> list[str]:
    """Each language and model asked for, checked once (the first line that asks for it)."""
    from ..transcribe import check_engine

    problems: list[str] = []
    for (engine, model, language), line in engines.items():
        _check(found := [], check_engine, engine, model, language, base.settings.config)
        problems.extend(f"line {line}: {message}" for message in found)
    return problems


def _duplicates(items: list[BatchItem]) -> list[str]:
    files: dict[Path, int] = {}
    titles: dict[tuple[str, str], int] = {}
    problems = []
    for item in items:
        first = files.setdefault(item.video.resolve(), item.line)
        if first != item.line:
            problems.append(f"line {item.line}: file {str(item.video)!r} is also on line {first}")
        key = (slug(item.wijk, "wijk"), slug(item.title or item.video.stem, "episode title", strict=False))
        first = titles.setdefault(key, item.line)
        if first != item.line:
            problems.append(f"line {item.line}: title {item.title!r} in wijk {item.wijk!r} is also on line {first}")
    return problems


def _line_number(problem: str) -> int:
    number = problem.split(":", 1)[0].removeprefix("line ")
    return int(number) if number.isdigit() else 0
