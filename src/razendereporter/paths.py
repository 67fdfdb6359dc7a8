"""Where the catalogue lives and how wijk and episode names become safe folder names."""

from __future__ import annotations

import os
from pathlib import Path

from slugify import slugify as _slugify

from .errors import RRError


def resolve_root(option: str | os.PathLike | None = None) -> Path:
    """The catalogue root: ``--root`` (which click also takes from ``$RR_ROOT``), else the current folder."""
    value = option or "."
    root = Path(value).expanduser()
    if root.exists() and not root.is_dir():
        raise RRError(f"catalogue root {root} is not a folder")
    return root.resolve()


def slug(name: str, what: str = "name", strict: bool = True) -> str:
    """``"Ermelo-West"`` -> ``"ermelo-west"``; refuses names that would escape a folder.

    Dutch letters are transliterated (``"Café Ĳsselstreek"`` -> ``"cafe-ijsselstreek"``).
    ``strict=False`` is for free text such as a title ("Ramplaankwartier 2023/2024"): a
    slash becomes a dash like any other punctuation, since the slug never holds one.
    """
    if name is None or not str(name).strip():
        raise RRError(f"{what} is empty")
    text = str(name).strip()
    if strict and ("/" in text or "\\" in text or text.startswith(".") or "\x00" in text):
        raise RRError(f"{what} {text!r} may not contain path separators or start with a dot")
    result = _slugify(text, lowercase=True, max_length=80, word_boundary=True)
    if not result:
        raise RRError(f"{what} {text!r} has no letters or digits to make a folder name from")
    return result


def portable_path(path: str | os.PathLike, root: str | os.PathLike) -> str:
    """``path`` relative to the catalogue root, so a committed catalogue means the same on
    every machine (``samples/x.mp4``, ``../shared/seeds/site.txt``)."""
    return Path(os.path.relpath(Path(path).resolve(), Path(root).resolve())).as_posix()
