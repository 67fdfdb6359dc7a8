"""What an editor changes after an ingest: speakers' names, article links, the articles.

Each function is one command's library call; the CLI only parses and prints. Whatever
loads, changes and publishes an episode's transcript holds the episode's lock (locks.py).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from .. import atomic
from ..catalogue import Catalogue
from ..catalogue.articles import ArticleRecords, store_articles
from ..catalogue.links import link
from ..errors import InvalidInput, NotFound, RRError
from ..limits import MAX_NAME, text_at_most
from ..speakers import editor_overrides, name_speakers, summary
from ..text import one_line
from .claim import new_link
from .locks import episode_lock
from .publish import load_episode, publish

_ASSIGN = re.compile(r"^\s*(S\d+)\s*=\s*(.+?)\s*$", re.S)


# ---------------------------------------------------------------------------------------
# Speakers


def rename_speakers(catalogue: Catalogue, episode_id: str) -> dict[str, Any]:
    """Name the speakers again from the stored transcript (after a link or an edit)."""
    with episode_lock(catalogue, catalogue.episode(episode_id)):
        catalogue.refresh()  # as it is now that nobody else changes the episode
        episode, transcript = load_episode(catalogue, episode_id)
        name_speakers(transcript, catalogue.linked_article(episode), episode.get("slot"), editor_overrides(transcript))
        return publish(catalogue, episode["id"], transcript)


def parse_assignment(text: str) -> tuple[str, str]:
    """``S2=Stefan Ramaker`` → ("S2", "Stefan Ramaker")."""
    m = _ASSIGN.match(text)
    if not m:
        raise InvalidInput("assignments", f"want LABEL=NAME, e.g. S2=\"Stefan Ramaker\"; got {text!r}", text)
    name = one_line(m.group(2)).strip("\"'").strip()
    if not name:
        raise InvalidInput("assignments", f"{m.group(1)}= needs a name", text)
    return m.group(1), text_at_most(name, f"the name given to {m.group(1)}", MAX_NAME)


def speakers(catalogue: Catalogue, episode_id: str, assignments: tuple[str, ...] = (), role: str | None = None,
             role_label: str | None = None) -> list[dict[str, Any]]:
    """The episode's speakers; with ``assignments`` (``S2=Naam``) the editor names them first.

    The editor's names win over every later guess; the VTT, sidecar and catalogue follow
    without running the model again.
    """
    if (role or role_label) and not assignments:
        raise InvalidInput("role", "goes with assignments (LABEL=NAME)", role or role_label)
    if role_label is not None:
        role_label = text_at_most(one_line(role_label).strip(), "the role label", MAX_NAME) or None
    if not assignments:
        return summary(load_episode(catalogue, episode_id)[1])
    with episode_lock(catalogue, catalogue.episode(episode_id)):
        catalogue.refresh()  # an ingest may have published while this waited
        record, transcript = load_episode(catalogue, episode_id)
        labels = {w.speaker for w in transcript.words if w.speaker} | set(transcript.speakers)
        overrides = editor_overrides(transcript)
        for text in assignments:
            label, name = parse_assignment(text)
            if label not in labels:
                known = ", ".join(sorted(labels)) or "none"
                raise RRError(f"episode {record['id']} has no speaker {label} (speakers: {known})")
            overrides[label] = {"name": name, **({"role": role} if role else {}),
                                **({"role_label": role_label} if role_label else {})}
        name_speakers(transcript, catalogue.linked_article(record), record.get("slot"), overrides)
        publish(catalogue, record["id"], transcript)
    return summary(transcript)


# ---------------------------------------------------------------------------------------
# Links


def link_episode(catalogue: Catalogue, episode_id: str, article_slug: str, slot: int | None = None) -> dict[str, Any]:
    """Link an episode to its article's video slot; its speakers are named again from the article."""
    result = link(catalogue, episode_id, article_slug, slot)
    if "speakers" in result["episode"].get("steps", []):
        result["episode"] = rename_speakers(catalogue, result["episode"]["id"])
    return result


def relink(catalogue: Catalogue, episode: dict[str, Any], article: str | None,
           slot: int | None) -> tuple[dict[str, Any], list[str]]:
    """Apply an ingest's ``article``/``slot`` when its video is done (see :func:`claim.new_link`)."""
    wanted = new_link(episode, article, slot)
    if wanted is None:
        return episode, []
    linked = link_episode(catalogue, episode["id"], *wanted)
    return linked["episode"], linked["warnings"]


# ---------------------------------------------------------------------------------------
# Articles


def article_files(paths: list[str | os.PathLike]) -> list[Path]:
    """The files to import: each file as given, each folder's article files (recursively, sorted)."""
    from ..articles import SUFFIXES  # the article readers load only for article commands (their rules take a while)

    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                raise RRError(f"{path}: no article files ({', '.join(SUFFIXES)}) in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise NotFound(f"{path}: no such file or folder")
    return files


def import_articles(catalogue: Catalogue, paths: list[str | os.PathLike]) -> list[dict[str, Any]]:
    """Import article files into the catalogue; one result per article: slug, status, ...

    Every file is read first, so a broken one stops the import before anything is written.
    """
    from ..articles import read_file

    read = [a for path in article_files(paths) for a in read_file(path)]
    found = [ArticleRecords(a.record(), a.wijk_record(), f"{a.source_file}:{a.line}") for a in read]
    results = store_articles(catalogue, found)
    for result in results:  # what a reader left out (an address that is not http(s)), per article
        result["warnings"] = [w for a in read if a.slug == result["slug"] for w in a.warnings]
    return results


def new_article(file: str | None, **fields: str | None) -> tuple[str, Path | None]:
    """An editor's article template: its text, and the file it was written to (None: print it).

    An existing file is only overwritten with ``force=True``.
    """
    from ..articles import template

    force = bool(fields.pop("force", False))
    text = template(**fields, filename=file or "FILE.md")
    if not file:
        return text, None
    path = Path(file)
    if path.suffix.lower() not in (".md", ".markdown"):
        raise RRError(f"{path}: an editor's article is a Markdown file; name it *.md")
    if path.exists() and not force:
        raise RRError(f"{path} already exists; use --force to overwrite it")
    atomic.write_text(path, text)
    return text, path
