"""An article as plain data, and the rules that turn a page into one: Dutch dates, the
kind of article, where the visit was (wijk, gemeente, province) and its people.

The readers (site text, HTML, front matter) all end in :func:`build_article`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import RRError
from ..paths import slug as make_slug
from ..text import sentences
from . import people as people_mod
from .people import Person, Section, Slot


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
    warnings: list[str] = field(default_factory=list)  # what was left out, for the import report

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


def fail_at(path: Path | str, line: int, message: str) -> RRError:
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
    text = " ".join(sentences(first)[:2])
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
    places = tuple(p for p in (wijk, gemeente, place) if p)
    found, slots = people_mod.extract_people(sections, places=places) if kind == "razende-reporter" else ([], [])
    return Article(
        slug=make_slug(page.title, "article title"), title=page.title, date=page.date, kind=kind, url=page.url,
        wijk=wijk, gemeente=gemeente, province=province, place=place,
        summary=summary_of(page.blocks) or page.teaser_summary, people=found, slots=slots,
        source="extracted", source_file=str(path), line=page.line,
    )

