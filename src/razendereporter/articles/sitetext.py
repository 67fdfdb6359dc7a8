"""The programme site's pages as plain text, many in one file."""

from __future__ import annotations

from pathlib import Path

from ..errors import RRError
from .article import Article, Line, fail_at
from .pages import pages_to_articles



def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RRError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise fail_at(path, line, "not UTF-8 text") from exc


def read_site_text(path: Path) -> list[Article]:
    text = read_text(path)
    lines = [Line(raw.strip(), n) for n, raw in enumerate(text.splitlines(), 1) if raw.strip()]
    articles = pages_to_articles(lines, path)
    if not articles:
        raise fail_at(path, 1, "no article found (expected a title line, then the text)")
    return articles

