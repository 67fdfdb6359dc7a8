"""A small generated catalogue for the search tests: three wijken, articles, episodes, quotes.

Deterministic. :func:`tables` gives the data as one dict in the format-1 layout (the quotes
as a table beside the others), which is the easiest to write and change in a test;
:func:`write` stores it as the current catalogue does (format 2: catalog.json without the
quotes, each episode's quotes in ``quotes/<id>.json``), through the library's own upgrade
and store functions, so a test never goes through the upgrade-on-first-read path by
accident. :func:`write_v1` writes the old layout, for the test of that upgrade.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from razendereporter.catalogue import Catalogue
from razendereporter.catalogue import quotes as quote_files
from razendereporter.catalogue import store
from razendereporter.catalogue.upgrade import upgrade_v1

WIJKEN = [
    {"slug": "ermelo-west", "name": "Ermelo-West", "gemeente": "Ermelo", "province": "Gelderland"},
    {"slug": "zilverkamp", "name": "Zilverkamp", "gemeente": "Lingewaard", "province": "Gelderland"},
    {"slug": "ramplaankwartier", "name": "Ramplaankwartier", "gemeente": "Haarlem", "province": "Noord-Holland"},
]
ARTICLES = [
    {"slug": "rr-ermelo-west", "title": "Razende Reporter in Ermelo-West", "date": "2023-04-13",
     "url": "https://example.org/ermelo-west", "wijk": "ermelo-west", "gemeente": "Ermelo", "kind": "razende-reporter", "people": []},
    {"slug": "rr-zilverkamp", "title": "Razende Reporter in Zilverkamp", "date": "2022-10-01",
     "url": "https://example.org/zilverkamp", "wijk": "zilverkamp", "gemeente": "Lingewaard", "kind": "razende-reporter", "people": []},
    {"slug": "rr-haarlem", "title": "Zonnewarmtenet Ramplaankwartier", "date": "2023-09-06",
     "url": None, "wijk": "ramplaankwartier", "gemeente": "Haarlem", "kind": "project", "people": []},
]
# episode id, wijk, article, [(person, role, text)]
EPISODES = [
    ("kim-en-jan", "ermelo-west", "rr-ermelo-west", [
        ("Kim", "verslaggever", "Wat vindt u van de isolatie in deze wijk?"),
        ("Jan de Vries", "bewoner", "Ons huis is goed geïsoleerd, maar de subsidie was lastig."),
        ("Kim", "verslaggever", "En de warmtepomp?"),
        ("Jan de Vries", "bewoner", "Warmtepompen zijn duur; de kosten vallen tegen."),
        ("Kim", "verslaggever", "Dank u wel."),
    ]),
    ("ambtenaar-ermelo", "ermelo-west", "rr-ermelo-west", [
        ("Kim", "verslaggever", "Wat doet de gemeente aan isolatie?"),
        ("Petra Bakker", "ambtenaar", "De gemeente subsidieert isolatie van woningen tot 2025."),
        ("Petra Bakker", "ambtenaar", "Het warmtenet komt er misschien, dat weten we nog niet."),
    ]),
    ("zilverkamp-coach", "zilverkamp", "rr-zilverkamp", [
        ("Kim", "verslaggever", "Wie helpt de bewoners?"),
        ("Ahmed El Amrani", "energieadviseur", "De energiecoaches komen langs voor een warmtescan."),
        ("Ahmed El Amrani", "energieadviseur", "Isoleren is stap één, daarna aardgasvrij koken."),
        ("Els Jansen", "bewoner", "Ik vind het gemeen dat huurders niets te zeggen hebben."),
        ("Els Jansen", "?", "=SUM(A1:A9) zei mijn buurman nog."),
    ]),
    ("haarlem-net", "ramplaankwartier", "rr-haarlem", [
        ("Kim", "verslaggever", "Hoe staat het met het zonnewarmtenet?"),
        ("Tom Smit", "ambtenaar", "De gemeente Haarlem stelt 2,5 miljoen euro beschikbaar voor het warmtenet."),
        ("Tom Smit", "ambtenaar", "Alle woningen worden aardgasvrij, ook de \"oude\" huizen, zei hij."),
        ("Lies Smit", None, "-Geen idee; ik heb er niets over gehoord."),
    ]),
    ("los-fragment", None, None, [
        ("Onbekend", "overig", "Over isolatie hebben we het nog niet gehad."),
    ]),
]


def tables(episodes=EPISODES) -> dict:
    """The catalogue as TinyDB data: {table: {"1": row, …}}."""
    eps, quotes = [], []
    for n, (ep, wijk, article, lines) in enumerate(episodes):
        video = f"media/{wijk or 'los'}/{ep}.mp4"
        eps.append({"id": ep, "title": ep.replace("-", " ").title(), "wijk": wijk, "article": article, "slot": 1,
                    "video": video, "vtt": video.replace("media", "transcripts").replace(".mp4", ".nl.vtt"),
                    "duration": 120.0, "added": "2024-01-01T00:00:00+00:00", "updated": "2024-01-01T00:00:00+00:00"})
        for k, (person, role, text) in enumerate(lines):
            quotes.append({"episode": ep, "start": 10.0 * k + 3.25 + n, "end": 10.0 * k + 9.0 + n,
                           "speaker": f"S{1 + (person != 'Kim')}", "person": person, "role": role, "text": text})
    return {"wijken": _numbered(WIJKEN), "articles": _numbered(ARTICLES), "episodes": _numbered(eps),
            "quotes": _numbered(quotes), "speakers": {}}


def _numbered(rows: list[dict]) -> dict:
    return {str(i + 1): dict(r) for i, r in enumerate(rows)}


def write(root: Path, data: dict) -> None:
    """Store ``data`` (as :func:`tables` gives it) as a format-2 catalogue under ``root``.

    The quote files are written first and catalog.json replaced whole last, as the
    catalogue does; the quote file of an episode that has no quotes any more is removed.
    """
    root.mkdir(parents=True, exist_ok=True)
    upgraded = upgrade_v1(Catalogue(root), copy.deepcopy(data))
    keep = {q["episode"] for q in (data.get("quotes") or {}).values()}
    for path in (root / quote_files.QUOTES_DIR).glob("*.json"):
        if path.stem not in keep:
            path.unlink()
    store.write(root / store.CATALOG_NAME, upgraded)


def write_v1(root: Path, data: dict) -> None:
    """Write ``data`` as a format-1 catalog.json (quotes inside), as releases before format 2 did."""
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / ".catalog.json.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(root / "catalog.json")


def quotes_table(texts: list[str], episode: str = "rel") -> dict:
    """A catalogue holding one episode whose quotes are ``texts`` (for the relevance table)."""
    rows = [{"episode": episode, "start": float(i), "end": i + 0.5, "speaker": "S1", "person": "P",
             "role": "bewoner", "text": t} for i, t in enumerate(texts)]
    return {"wijken": {}, "articles": {}, "speakers": {},
            "episodes": {"1": {"id": episode, "title": "Rel", "wijk": "w", "article": None, "video": "media/w/rel.mp4"}},
            "quotes": _numbered(rows)}
