"""Articles about the visits: read the site's text, saved HTML pages and editors' files.

Three readers turn a file into the same plain data:

* :func:`read_site_text` - the site's pages as plain text, many in one file. Each page is
  a header (the featured image's name, the title, maybe a date or "wijk | gemeente"),
  then its body, then the "Verder lezen?" list of teasers (date, title, summary) that the
  site repeats after every page. Teasers are navigation: they never become articles, but
  they do give the date (and the full title) of pages that show none themselves.
* :func:`read_html` - a saved web page: ``<h1>``, ``<time>``, headings and paragraphs;
  navigation (``<nav>``, ``<aside>``, ``<footer>``) is skipped.
* :func:`read_front_matter` - Markdown with YAML front matter, written by editors
  (docs/articles.md). What it states is taken as given; what it leaves out is extracted
  from its body like any other page.

Everything ends in :func:`build_article`, which decides kind, wijk, gemeente, summary and,
for a Razende Reporter visit, the people and video slots (see :mod:`people`).
Storing them is the catalogue's work (:mod:`razendereporter.catalogue.articles`).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import RRError
from .article import Article, build_article
from .checks import checked, web_address
from .frontmatter import read_front_matter, template
from .html import read_html
from .sitetext import read_site_text

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
FRONT_MATTER_SUFFIXES = (".md", ".markdown")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + FRONT_MATTER_SUFFIXES


def read_file(path: str | Path) -> list[Article]:
    """Every article in one file, by its suffix; RRError naming file and line if broken.

    Whatever the reader, the texts are cleaned and bounded and a non-web ``url`` is left out
    with a warning in ``article.warnings`` (checks.py).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    readers = {**dict.fromkeys(FRONT_MATTER_SUFFIXES, read_front_matter), **dict.fromkeys(HTML_SUFFIXES, read_html),
               **dict.fromkeys(TEXT_SUFFIXES, read_site_text)}
    if suffix not in readers:
        raise RRError(f"{path}: unknown article format {suffix or '(no suffix)'!r}; use {', '.join(SUFFIXES)}")
    return [checked(article) for article in readers[suffix](path)]


__all__ = ["SUFFIXES", "Article", "build_article", "checked", "read_file", "read_front_matter", "read_html",
           "read_site_text", "template", "web_address"]
