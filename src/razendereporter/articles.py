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
Catalogue work (import, link, listing) lives in :mod:`wijken`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from . import people as people_mod
from .errors import RRError
from .people import Person, Section, Slot
from .root import slug as make_slug

KINDS = ("razende-reporter", "kennisatelier", "workshop", "nieuwsbrief", "project", "overig")
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
FRONT_MATTER_SUFFIXES = (".md", ".markdown")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + FRONT_MATTER_SUFFIXES

# ---------------------------------------------------------------------------------------
# Dutch dates

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "okt": 10, "nov": 11, "dec": 12,
}
_WEEKDAY = r"(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) )?"
DATE_LINE = re.compile(r"^" + _WEEKDAY + r"(\d{1,2}) (" + "|".join(MONTHS) + r")\.? (\d{4})$", re.I)
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def parse_date(text: str) -> str | None:
    """``"13 april 2023"`` or ``"2023-04-13"`` -> ``"2023-04-13"``; anything else -> None."""
    text = " ".join(str(text).split())
    m = DATE_LINE.match(text)
    try:
        if m:
            return dt.date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1))).isoformat()
        m = ISO_DATE.match(text)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:  # "31 februari 2023"
        return None
    return None


# ---------------------------------------------------------------------------------------
# Where: wijk, gemeente, province

# Places that are not a gemeente themselves, and the gemeente they belong to.
PLACE_TO_GEMEENTE = {"Huissen": "Lingewaard", "Bemmel": "Lingewaard", "Gendt": "Lingewaard", "Loenen": "Apeldoorn"}

# Province of each gemeente the programme has visited (extend as it travels).
PROVINCE_OF = {
    "Ermelo": "Gelderland", "Lingewaard": "Gelderland", "Apeldoorn": "Gelderland", "Arnhem": "Gelderland",
    "Nijmegen": "Gelderland", "Ede": "Gelderland", "Harderwijk": "Gelderland", "Zutphen": "Gelderland",
    "Haarlem": "Noord-Holland", "Amsterdam": "Noord-Holland", "Leusden": "Utrecht", "Utrecht": "Utrecht",
}
PROVINCES = ("Groningen", "Friesland", "Fryslân", "Drenthe", "Overijssel", "Flevoland", "Gelderland", "Utrecht",
             "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg")

_WORDCAP = r"[A-Z][\w'-]*"
TITLE_WIJK = re.compile(r"\bRazende Reporter (?:in|bij|op|naar) (?:de |het )?(?P<wijk>.+?)\s*$", re.I)
PLACE_WIJK = re.compile(r"\b[Ii]n (?P<place>" + _WORDCAP + r") (?:staat|ligt) de wijk (?P<wijk>" + _WORDCAP + r")")
DE_WIJK = re.compile(r"\b[Dd]e wijk (?P<wijk>" + _WORDCAP + r")")
GEMEENTE = re.compile(r"\b[Gg]emeente (?P<gemeente>" + _WORDCAP + r")")
PROVINCIE = re.compile(r"\bprovincie (?P<province>" + "|".join(PROVINCES) + r")\b")
LOCATION_LINE = re.compile(r"^(?P<wijk>[^|]{2,60}?) \| (?P<where>[^|]{2,60})$")

# Kind of article, from its title; first match wins. A page showing "wijk | gemeente"
# and none of these is a project page.
KIND_RULES = (
    (re.compile(r"\brazende reporter\b", re.I), "razende-reporter"),
    (re.compile(r"\bkennisatelier\b", re.I), "kennisatelier"),
    (re.compile(r"\bworkshop\b", re.I), "workshop"),
    (re.compile(r"\bnieuwsbrief\b", re.I), "nieuwsbrief"),
)


def kind_of(title: str, has_location: bool) -> str:
    for rx, kind in KIND_RULES:
        if rx.search(title):
            return kind
    return "project" if has_location else "overig"


# ---------------------------------------------------------------------------------------
# Plain data between the steps


@dataclass
class Line:
    """One line of text (or one HTML block) with where it came from."""

    text: str
    line: int
    hint: str | None = None  # "title", "heading", "paragraph", "date", "doctitle" (HTML only)
    iso: str | None = None  # from <time datetime>


@dataclass
class Block:
    kind: str  # "heading" or "paragraph"
    text: str
    line: int


@dataclass
class Teaser:
    date: str | None
    title: str
    summary: str


@dataclass
class Page:
    title: str
    line: int
    date: str | None = None
    location: tuple[str, str] | None = None  # ("Ramplaankwartier", "Haarlem")
    blocks: list[Block] = field(default_factory=list)
    url: str | None = None
    teaser_summary: str | None = None


@dataclass
class Article:
    slug: str
    title: str
    date: str | None
    kind: str
    url: str | None
    wijk: str | None  # the wijk's name ("Ermelo-West"); the record stores its slug
    gemeente: str | None
    province: str | None
    place: str | None
    summary: str | None
    people: list[Person]
    slots: list[Slot]
    source: str  # "extracted" or "editor"
    source_file: str
    line: int = 1

    def record(self) -> dict[str, Any]:
        return {
            "slug": self.slug, "title": self.title, "date": self.date, "kind": self.kind, "url": self.url,
            "wijk": make_slug(self.wijk, "wijk") if self.wijk else None, "gemeente": self.gemeente,
            "summary": self.summary, "people": [p.as_record() for p in self.people],
            "slots": [s.as_record() for s in self.slots], "source": self.source, "source_file": self.source_file,
        }

    def wijk_record(self) -> dict[str, Any] | None:
        if not self.wijk:
            return None
        return {"slug": make_slug(self.wijk, "wijk"), "name": self.wijk, "gemeente": self.gemeente,
                "province": self.province, "place": self.place}


def _fail(path: Path | str, line: int, message: str) -> RRError:
    return RRError(f"{path}:{line}: {message}")


# ---------------------------------------------------------------------------------------
# From page to article


def sections_of(blocks: list[Block]) -> list[Section]:
    sections = [Section(None, [])]
    for block in blocks:
        if block.kind == "heading":
            sections.append(Section(block.text, []))
        else:
            sections[-1].paragraphs.append(block.text)
    return [s for s in sections if s.paragraphs or s.heading]


def summary_of(blocks: list[Block], limit: int = 300) -> str | None:
    """The first two sentences of the first paragraph: what the site shows as teaser."""
    first = next((b.text for b in blocks if b.kind == "paragraph"), None)
    if not first:
        return None
    text = " ".join(people_mod.sentences(first)[:2])
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def locate(page: Page, kind: str, body: str) -> tuple[str | None, str | None, str | None, str | None]:
    """(wijk, gemeente, province, place) of a visit or project page; None elsewhere.

    Kennisateliers and workshops mention many wijken in passing; none is theirs.
    """
    if kind not in ("razende-reporter", "project"):
        return None, None, None, None
    wijk = gemeente = place = None
    if page.location:
        wijk, where = page.location
        gemeente = PLACE_TO_GEMEENTE.get(where, where)
        place = where if where != gemeente else None
    m = TITLE_WIJK.search(page.title)
    if m and not wijk:
        wijk = m.group("wijk")
    m = PLACE_WIJK.search(body)
    if m:
        place = place or m.group("place")
        wijk = wijk or m.group("wijk")
    if not wijk and (m := DE_WIJK.search(body)):
        wijk = m.group("wijk")
    if not gemeente and (m := GEMEENTE.search(body)):
        gemeente = m.group("gemeente")
    if not gemeente and place:
        gemeente = PLACE_TO_GEMEENTE.get(place, place)
    m = PROVINCIE.search(body)
    province = m.group("province") if m else PROVINCE_OF.get(gemeente or "")
    return wijk, gemeente, province, place


def build_article(page: Page, path: Path | str) -> Article:
    kind = kind_of(page.title, page.location is not None)
    sections = sections_of(page.blocks)
    body = " ".join(p for s in sections for p in s.paragraphs)
    wijk, gemeente, province, place = locate(page, kind, body)
    found, slots = people_mod.extract_people(sections) if kind == "razende-reporter" else ([], [])
    return Article(
        slug=make_slug(page.title, "article title"), title=page.title, date=page.date, kind=kind, url=page.url,
        wijk=wijk, gemeente=gemeente, province=province, place=place,
        summary=summary_of(page.blocks) or page.teaser_summary, people=found, slots=slots,
        source="extracted", source_file=str(path), line=page.line,
    )


# ---------------------------------------------------------------------------------------
# Lines -> pages (shared by the text and HTML readers)

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


# ---------------------------------------------------------------------------------------
# Readers


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RRError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(path, line, "not UTF-8 text") from exc


def read_site_text(path: Path) -> list[Article]:
    text = _read_text(path)
    lines = [Line(raw.strip(), n) for n, raw in enumerate(text.splitlines(), 1) if raw.strip()]
    articles = pages_to_articles(lines, path)
    if not articles:
        raise _fail(path, 1, "no article found (expected a title line, then the text)")
    return articles


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
    text = _read_text(path)
    parser = _HTMLBlocks()
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:  # html.parser is lenient; this is a last resort
        raise _fail(path, parser.getpos()[0], f"cannot parse HTML: {exc}") from exc
    lines = parser.lines
    if any(line.hint == "title" for line in lines):
        lines = [line for line in lines if line.hint != "doctitle"]
    articles = pages_to_articles(lines, path, url=parser.url, date=parser.published)
    if not articles:
        raise _fail(path, 1, "no article found (expected an <h1> or <title> and paragraphs)")
    return articles


# ---------------------------------------------------------------------------------------
# Front matter (the editors' format)

FRONT_MATTER_KEYS = {"slug", "title", "date", "kind", "url", "wijk", "gemeente", "province", "place", "summary",
                     "people", "slots"}
PERSON_KEYS = {"name", "role", "role_label", "secondary_role", "description", "evidence", "named", "slot"}
SLOT_KEYS = {"heading", "people"}


def _key_lines(node: yaml.Node | None, offset: int) -> dict[Any, Any]:
    """Line numbers (in the file) of a YAML mapping's keys, nested for lists of mappings."""
    lines: dict[Any, Any] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines[key.value] = value.start_mark.line + offset
            if isinstance(value, yaml.SequenceNode):
                lines[(key.value, "items")] = [
                    (item.start_mark.line + offset, _key_lines(item, offset)) for item in value.value
                ]
    return lines


def _markdown_blocks(lines: list[str], first_line: int) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []
    start = first_line

    def flush() -> None:
        if para:
            blocks.append(Block("paragraph", " ".join(para), start))
            para.clear()

    for n, raw in enumerate(lines, first_line):
        text = raw.strip()
        if not text:
            flush()
        elif m := re.match(r"^#{1,6}\s+(.*?)\s*#*$", text):
            flush()
            blocks.append(Block("heading", m.group(1), n))
        elif re.match(r"^(?:[-*+]|\d+\.)\s+", text):
            flush()
            start = n
            para.append(text)
            flush()
        else:
            if not para:
                start = n
            para.append(text)
    flush()
    return blocks


def read_front_matter(path: Path) -> list[Article]:
    text = _read_text(path)
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise _fail(path, 1, "front matter must start with a line '---'")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise _fail(path, 1, "front matter opened with '---' is never closed by another '---' line")
    source = "\n".join(lines[1:end])
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
        data = yaml.safe_load(source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "end of stream" in (exc.problem or ""):
            mark = exc.context_mark  # an unclosed quote: point at where it opened
        line = mark.line + 2 if mark else 1
        what = "; ".join(x for x in (exc.context, exc.problem) if x)
        raise _fail(path, line, f"invalid YAML: {what}") from exc
    if not isinstance(data, dict):
        raise _fail(path, 2, "front matter must be a mapping of fields (title: ..., date: ...)")
    at = _key_lines(node, 2)

    def fail(key: Any, message: str, line: int | None = None) -> RRError:
        return _fail(path, line or at.get(key, 2), message)

    unknown = sorted(set(map(str, data)) - FRONT_MATTER_KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown field {unknown[0]!r} (known: {', '.join(sorted(FRONT_MATTER_KEYS))})")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise fail("title", "'title' is required and must be text")
    date = None
    if data.get("date") is not None:
        date = parse_date(data["date"].isoformat() if isinstance(data["date"], dt.date) else str(data["date"]))
        if date is None:
            raise fail("date", f"date {data['date']!r} is not a date like 2023-04-13 or '13 april 2023'")
    if data.get("kind") is not None and data["kind"] not in KINDS:
        raise fail("kind", f"kind {data['kind']!r} is not one of {', '.join(KINDS)}")
    for key in ("slug", "url", "wijk", "gemeente", "province", "place", "summary"):
        if data.get(key) is not None and not isinstance(data[key], (str, int)):
            raise fail(key, f"{key!r} must be text")

    # HTML comments are notes for editors, not article text; keep the line count for errors
    body = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), "\n".join(lines[end + 1:]), flags=re.S)
    blocks = _markdown_blocks(body.split("\n"), end + 2)
    page = Page(title=title.strip(), line=1, date=date, blocks=blocks)
    if data.get("wijk") and data.get("gemeente"):
        page.location = (str(data["wijk"]), str(data["gemeente"]))
    article = build_article(page, path)
    article.source, article.line = "editor", 1
    if data.get("kind"):
        article.kind = data["kind"]
    if data.get("slug"):
        article.slug = make_slug(str(data["slug"]), "slug")
    for key in ("url", "wijk", "gemeente", "province", "place", "summary"):
        if data.get(key) is not None:
            setattr(article, key, str(data[key]).strip())
    if article.gemeente and not data.get("province"):
        article.province = article.province or PROVINCE_OF.get(article.gemeente)
    if not data.get("place") and article.place == article.gemeente:
        article.place = None

    if "people" in data:
        article.people, slots_from_people = _editor_people(data["people"], at, fail)
        article.slots = slots_from_people or []
    if "slots" in data:
        article.slots = _editor_slots(data["slots"], at, fail, {p.name for p in article.people})
    return [article]


def _editor_people(items: Any, at: dict, fail) -> tuple[list[Person], list[Slot]]:
    if not isinstance(items, list):
        raise fail("people", "'people' must be a list of people (- name: ..., role: ...)")
    where = at.get(("people", "items"), [])
    found: list[Person] = []
    by_slot: dict[int, list[str]] = {}
    slot_lines: dict[int, int] = {}
    for k, item in enumerate(items):
        line, keys = where[k] if k < len(where) else (at.get("people"), {})
        if not isinstance(item, dict):
            raise fail("people", f"person {k + 1} must be a mapping with name and role", line)
        unknown = sorted(set(map(str, item)) - PERSON_KEYS)
        if unknown:
            raise fail("people", f"unknown field {unknown[0]!r} for a person (known: {', '.join(sorted(PERSON_KEYS))})",
                       keys.get(unknown[0], line))
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise fail("people", f"person {k + 1} needs a 'name'", keys.get("name", line))
        role = item.get("role")
        if role not in people_mod.ROLES:
            raise fail("people", f"role {role!r} of {name} is not one of {', '.join(people_mod.ROLES)}",
                       keys.get("role", line))
        secondary = item.get("secondary_role")
        if secondary is not None and secondary not in people_mod.ROLES:
            raise fail("people", f"secondary_role {secondary!r} of {name} is not one of {', '.join(people_mod.ROLES)}",
                       keys.get("secondary_role", line))
        slot = item.get("slot")
        if slot is not None:
            if not isinstance(slot, int) or isinstance(slot, bool) or slot < 1:
                raise fail("people", f"slot of {name} must be a video number 1, 2, …", keys.get("slot", line))
            by_slot.setdefault(slot, []).append(name.strip())
            slot_lines.setdefault(slot, keys.get("slot", line))
        named = item.get("named", True)
        if not isinstance(named, bool):
            raise fail("people", f"'named' of {name} must be true or false", keys.get("named", line))
        text = {key: (str(item[key]).strip() if item.get(key) is not None else None)
                for key in ("role_label", "description", "evidence")}
        found.append(Person(name=name.strip(), role=role, role_label=text["role_label"], secondary_role=secondary,
                            description=text["description"], evidence=text["evidence"] or "editor",
                            source="editor", named=named))
    if by_slot and sorted(by_slot) != list(range(1, len(by_slot) + 1)):
        stray = min(n for n in by_slot if n > len(by_slot))
        raise fail("people", f"video slots must be numbered 1 to {len(by_slot)} without gaps, got {sorted(by_slot)}",
                   slot_lines[stray])
    slots = [Slot(index=n, heading=None, people=by_slot[n]) for n in sorted(by_slot)]
    return found, slots


def _editor_slots(items: Any, at: dict, fail, names: set[str]) -> list[Slot]:
    if not isinstance(items, list):
        raise fail("slots", "'slots' must be a list (- heading: ..., people: [...])")
    where = at.get(("slots", "items"), [])
    slots = []
    for k, item in enumerate(items):
        line, keys = where[k] if k < len(where) else (at.get("slots"), {})
        if not isinstance(item, dict) or set(map(str, item)) - SLOT_KEYS:
            raise fail("slots", f"slot {k + 1} must be a mapping with 'heading' and 'people'", line)
        members = item.get("people") or []
        if isinstance(members, str):
            members = [members]
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise fail("slots", f"people of slot {k + 1} must be a list of names", keys.get("people", line))
        missing = [m for m in members if names and m not in names]
        if missing:
            raise fail("slots", f"slot {k + 1} names {missing[0]!r}, who is not in 'people'", keys.get("people", line))
        heading = item.get("heading")
        slots.append(Slot(index=k + 1, heading=str(heading) if heading is not None else None, people=list(members)))
    return slots


# ---------------------------------------------------------------------------------------


def read_file(path: str | Path) -> list[Article]:
    """Every article in one file, by its suffix; RRError naming file and line if broken."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in FRONT_MATTER_SUFFIXES:
        return read_front_matter(path)
    if suffix in HTML_SUFFIXES:
        return read_html(path)
    if suffix in TEXT_SUFFIXES:
        return read_site_text(path)
    raise RRError(f"{path}: unknown article format {suffix or '(no suffix)'!r}; use {', '.join(SUFFIXES)}")


TEMPLATE = """\
---
# An article about a Razende Reporter visit (see docs/articles.md). Fill in, then:
#   rr articles import {filename}
title: {title}
date: {date}            # 2023-04-13 or "13 april 2023"
kind: razende-reporter  # razende-reporter, kennisatelier, workshop, nieuwsbrief, project, overig
wijk: {wijk}
gemeente: {gemeente}
url: {url}
# summary: one or two sentences (default: the start of the text below)
# Without 'people' they are found in the text below; with it, this list is used as is.
# role: bewoner, ambtenaar, energieadviseur, verslaggever or overig (say what in role_label)
# slot: the video of the article in which the person is interviewed (1, 2, ...)
#people:
#  - name: Arjen Baatje
#    role: bewoner
#    description: woont in de wijk, zat in de werkgroep techniek
#    slot: 1
#  - name: Kim
#    role: verslaggever
---

<!-- Paste or write the article's text below. Each "## heading" starts a section; a
section about one interviewee is one video. -->
"""


def template(title: str | None = None, date: str | None = None, wijk: str | None = None,
             gemeente: str | None = None, url: str | None = None, filename: str = "FILE.md") -> str:
    def value(v: str | None) -> str:
        return "" if v is None else yaml.safe_dump(v, default_flow_style=True, allow_unicode=True).strip().removesuffix("\n...").removesuffix("...").strip()

    iso = parse_date(date) if date else None
    if date and not iso:
        raise RRError(f"date {date!r} is not a date like 2023-04-13 or '13 april 2023'")
    return TEMPLATE.format(title=value(title or (f"Razende Reporter in {wijk}" if wijk else None)),
                           date=iso or "", wijk=value(wijk), gemeente=value(gemeente), url=value(url),
                           filename=filename)


def link(root: str | Path, episode_id: str, article_slug: str, slot: int | None = None) -> dict[str, Any]:
    """Link an episode to its article's video slot (see :func:`wijken.link`)."""
    from .wijken import link as link_episode  # wijken imports this module

    return link_episode(root, episode_id, article_slug, slot)


def import_articles(root: str | Path, paths: list[str | Path]) -> list[dict[str, Any]]:
    """Import article files into the catalogue (see :func:`wijken.import_articles`)."""
    from .wijken import import_articles as import_into

    return import_into(root, paths)
