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
from ..catalogue import Catalog, Snapshot, find_episode, linked_article
from ..catalogue.articles import ArticleRecords, store_articles
from ..catalogue.links import link
from ..errors import NotFound, RRError
from ..limits import MAX_NAME, text_at_most
from ..speakers import editor_overrides, name_speakers, summary
from ..text import one_line
from .claim import new_link
from .locks import episode_lock
from .publish import load_episode, publish

_ASSIGN = re.compile(r"^\s*(S\d+)\s*=\s*(.+?)\s*$", re.S)


# ---------------------------------------------------------------------------------------
# Speakers


def rename_speakers(root: str | os.PathLike, episode_id: str, snapshot: Snapshot | None = None) -> dict[str, Any]:
    """Name the speakers again from the stored transcript (after a link or an edit)."""
    snapshot = snapshot or Catalog(root).read()
    with episode_lock(root, find_episode(root, episode_id, snapshot)):
        snapshot = Catalog(root).fresh(snapshot)  # as it is now that nobody else changes the episode
        episode, transcript = load_episode(root, episode_id, snapshot)
        article = linked_article(snapshot, episode)
        name_speakers(transcript, article, episode.get("slot"), editor_overrides(transcript))
        return publish(root, episode["id"], transcript, snapshot=snapshot)


def parse_assignment(text: str) -> tuple[str, str]:
    """``S2=Stefan Ramaker`` → ("S2", "Stefan Ramaker")."""
    m = _ASSIGN.match(text)
    if not m:
        raise RRError(f"--set wants LABEL=NAME, e.g. --set S2=\"Stefan Ramaker\"; got {text!r}")
    name = one_line(m.group(2)).strip("\"'").strip()
    if not name:
        raise RRError(f"--set {m.group(1)}= needs a name")
    return m.group(1), text_at_most(name, f"the name given to {m.group(1)}", MAX_NAME)


def speakers(root: str | os.PathLike, episode_id: str, assignments: tuple[str, ...] = (), role: str | None = None,
             role_label: str | None = None) -> list[dict[str, Any]]:
    """The episode's speakers; with ``assignments`` (``S2=Naam``) the editor names them first.

    The editor's names win over every later guess; the VTT, sidecar and catalogue follow
    without running the model again.
    """
    if (role or role_label) and not assignments:
        raise RRError("--role and --role-label go with --set LABEL=NAME")
    if role_label is not None:
        role_label = text_at_most(one_line(role_label).strip(), "--role-label", MAX_NAME) or None
    snapshot = Catalog(root).read()
    if not assignments:
        return summary(load_episode(root, episode_id, snapshot)[1])
    with episode_lock(root, find_episode(root, episode_id, snapshot)):
        snapshot = Catalog(root).fresh(snapshot)  # an ingest may have published while this waited
        record, transcript = load_episode(root, episode_id, snapshot)
        labels = {w.speaker for w in transcript.words if w.speaker} | set(transcript.speakers)
        overrides = editor_overrides(transcript)
        for text in assignments:
            label, name = parse_assignment(text)
            if label not in labels:
                known = ", ".join(sorted(labels)) or "none"
                raise RRError(f"episode {record['id']} has no speaker {label} (speakers: {known})")
            overrides[label] = {"name": name, **({"role": role} if role else {}),
                                **({"role_label": role_label} if role_label else {})}
        article = linked_article(snapshot, record)
        name_speakers(transcript, article, record.get("slot"), overrides)
        publish(root, record["id"], transcript, snapshot=snapshot)
    return summary(transcript)


# ---------------------------------------------------------------------------------------
# Links


def link_episode(root: str | os.PathLike, episode_id: str, article_slug: str, slot: int | None = None,
                 snapshot: Snapshot | None = None) -> dict[str, Any]:
    """Link an episode to its article's video slot; its speakers are named again from the article."""
    snapshot = snapshot or Catalog(root).read()
    result = link(root, episode_id, article_slug, slot, snapshot)
    if "speakers" in result["episode"].get("steps", []):
        result["episode"] = rename_speakers(root, result["episode"]["id"], snapshot)
    return result


def relink(root: str | os.PathLike, episode: dict[str, Any], article: str | None, slot: int | None,
           snapshot: Snapshot | None = None) -> tuple[dict[str, Any], list[str]]:
    """Apply ``--article``/``--slot`` of a re-ingest whose video is done (see :func:`claim.new_link`)."""
    wanted = new_link(episode, article, slot)
    if wanted is None:
        return episode, []
    linked = link_episode(root, episode["id"], *wanted, snapshot)
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


def import_articles(root: str | os.PathLike, paths: list[str | os.PathLike]) -> list[dict[str, Any]]:
    """Import article files into the catalogue; one result per article: slug, status, ...

    Every file is read first, so a broken one stops the import before anything is written.
    """
    from ..articles import read_file

    read = [a for path in article_files(paths) for a in read_file(path)]
    found = [ArticleRecords(a.record(), a.wijk_record(), f"{a.source_file}:{a.line}") for a in read]
    results = store_articles(root, found)
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
