"""A saved web page: ``<h1>``, ``<time>``, headings and paragraphs; navigation skipped."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from .article import Article, Line, fail_at, parse_date
from .pages import pages_to_articles
from .sitetext import read_text

class _HTMLBlocks(HTMLParser):
    """Collects titled text blocks of a saved page in reading order, skipping navigation."""

    HINTS = {"h1": "title", **{f"h{n}": "heading" for n in range(2, 7)}, "p": "paragraph", "li": "paragraph",
             "blockquote": "paragraph", "figcaption": "paragraph", "dd": "paragraph", "time": "date",
             "title": "doctitle"}
    SKIP = {"nav", "aside", "footer", "script", "style", "noscript", "form", "template", "svg", "button", "select"}
    INLINE = {"a", "strong", "em", "b", "i", "span", "abbr", "small", "sup", "sub", "u", "mark", "code", "q", "cite",
              "br", "img", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self.url: str | None = None
        self.published: str | None = None
        self._skip = 0
        self._buf: list[str] = []
        self._hint: str | None = None
        self._iso: str | None = None
        self._start = 1

    def _flush(self) -> None:
        text = " ".join("".join(self._buf).split())
        if text:
            self.lines.append(Line(text, self._start, self._hint, self._iso))
        self._buf, self._hint, self._iso = [], None, None
        self._start = self.getpos()[0]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag in self.SKIP:
            self._skip += 1
            return
        if self._skip:
            return
        if tag == "meta":
            prop = a.get("property") or a.get("name") or ""
            if prop == "og:url" and not self.url:
                self.url = a.get("content") or None
            if prop in ("article:published_time", "date", "dcterms.date"):
                self.published = parse_date(a.get("content", ""))
        elif tag == "link" and "canonical" in a.get("rel", "").split():
            self.url = a.get("href") or self.url
        elif tag == "br":
            self._buf.append(" ")
        if tag in self.INLINE:
            return
        self._flush()
        self._hint = self.HINTS.get(tag)
        self._iso = a.get("datetime") if tag == "time" else None

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
            return
        if self._skip or tag in self.INLINE:
            return
        self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            if not "".join(self._buf).strip():
                self._start = self.getpos()[0]
            self._buf.append(data)


def read_html(path: Path) -> list[Article]:
    text = read_text(path)
    parser = _HTMLBlocks()
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:  # html.parser is lenient; this is a last resort
        raise fail_at(path, parser.getpos()[0], f"cannot parse HTML: {exc}") from exc
    lines = parser.lines
    if any(line.hint == "title" for line in lines):
        lines = [line for line in lines if line.hint != "doctitle"]
    articles = pages_to_articles(lines, path, url=parser.url, date=parser.published)
    if not articles:
        raise fail_at(path, 1, "no article found (expected an <h1> or <title> and paragraphs)")
    return articles

