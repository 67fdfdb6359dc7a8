"""Lines of text → pages → articles, shared by the site-text and HTML readers.

The site repeats a "Verder lezen?" list of teasers (date, title, summary) after every page:
teasers are navigation and never become articles, but they give the date (and full title)
of pages that show none themselves.
"""

from __future__ import annotations

import re
from pathlib import Path

from .article import Article, Block, Line, Page, Teaser, build_article, parse_date, LOCATION_LINE


NAVIGATION = re.compile(r"^verder lezen\s*\??$", re.I)
# The featured image's file name or alt text that opens each page in the site's text export.
IMAGE_NAME = re.compile(r"_|\d+x\d+|-\d+$|\(\d+\)$|\.(?:jpe?g|png|webp|gif)$|^[Hh]eader-|^[a-z]")
_END_PUNCT = (".", "!", "?", ":", ";", "…", ",")


def _is_paragraph(line: Line) -> bool:
    if line.hint in ("paragraph", "heading", "title", "date", "doctitle"):
        return line.hint == "paragraph"
    text = line.text.rstrip("\"”’')")
    return len(line.text) >= 100 or text.endswith(_END_PUNCT) or bool(re.match(r"^(?:\d+\.|[•*-])\s", line.text))


def _date_of(line: Line) -> str | None:
    if line.iso:
        return parse_date(line.iso)
    return parse_date(line.text)


def segment(lines: list[Line]) -> tuple[list[list[Line]], list[Teaser]]:
    """Split lines into pages, cutting out every "Verder lezen?" teaser list."""
    pages: list[list[Line]] = [[]]
    teasers: list[Teaser] = []
    i = 0
    while i < len(lines):
        if NAVIGATION.match(lines[i].text):
            pages.append([])
            i += 1
            while i + 1 < len(lines) and _date_of(lines[i]) and not _date_of(lines[i + 1]):
                summary = ""
                if i + 2 < len(lines) and not _date_of(lines[i + 2]) and not NAVIGATION.match(lines[i + 2].text):
                    summary = lines[i + 2].text
                teaser = Teaser(_date_of(lines[i]), lines[i + 1].text, summary)
                if teaser not in teasers:  # the same list follows every page
                    teasers.append(teaser)
                i += 3 if summary else 2
            continue
        pages[-1].append(lines[i])
        i += 1
    return [p for p in pages if p], teasers


def _norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split()).rstrip(".…")


def page_from_lines(lines: list[Line], path: Path | str) -> Page | None:
    """Header (title, date, location) then body blocks. None for a page with no title."""
    header: list[Line] = []
    date = None
    location = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if (d := _date_of(line)) and (header or line.hint == "date"):
            date = date or d
            i += 1
            if header:
                break
            continue
        m = LOCATION_LINE.match(line.text)
        if m and header:
            location = (m.group("wijk").strip(), m.group("where").strip())
            i += 1
            break
        if _is_paragraph(line) or (line.hint == "heading" and header):
            break
        header.append(line)
        i += 1
    # the text export opens a page with the image's name; HTML says which block is the title
    titled = [h for h in header if h.hint == "title"]
    if titled:
        header = titled
    elif len(header) >= 2 and header[0].hint is None and IMAGE_NAME.search(header[0].text):
        header = header[1:]
    header = [h for h in header if h.hint != "doctitle"] or header
    if not header:
        return None
    title = " ".join(h.text for h in header)
    if header[0].hint == "doctitle":
        title = re.split(r"\s+[-–|]\s+", title)[0]
    blocks = []
    for line in lines[i:]:
        if _date_of(line) and not date and not blocks:
            date = _date_of(line)
            continue
        kind = "paragraph" if _is_paragraph(line) or len(line.text) >= 100 else "heading"
        blocks.append(Block(kind, line.text, line.line))
    return Page(title=title, line=header[0].line, date=date, location=location, blocks=blocks)


def _match_teaser(page: Page, teasers: list[Teaser]) -> Teaser | None:
    """The teaser for this page: same title, else its summary opens a paragraph of the body."""
    title = _norm(page.title)
    same = [t for t in teasers if _norm(t.title) == title]
    if same:
        return same[0]
    body = _norm(" ".join(b.text for b in page.blocks))
    opening = [t for t in teasers if t.summary and _norm(t.summary)[:80] in body]
    return opening[0] if len(opening) == 1 else None


def pages_to_articles(lines: list[Line], path: Path | str, url: str | None = None,
                      date: str | None = None) -> list[Article]:
    raw_pages, teasers = segment(lines)
    articles = []
    for raw in raw_pages:
        page = page_from_lines(raw, path)
        if page is None:
            continue
        teaser = _match_teaser(page, teasers)
        if teaser:
            page.title = teaser.title  # the site's full title ("Zonnewarmtenet Ramplaankwartier")
            page.date = page.date or teaser.date
            page.teaser_summary = teaser.summary.rstrip(".… ") + "…" if teaser.summary.endswith(("...", "…")) else teaser.summary
        page.date = page.date or date
        page.url = url
        articles.append(build_article(page, path))
    return articles

