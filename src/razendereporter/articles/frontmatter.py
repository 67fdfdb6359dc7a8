"""Markdown with YAML front matter, written by editors (docs/articles.md).

What it states is taken as given; what it leaves out is extracted from its body like any
other page. :func:`template` writes an empty one for an editor to fill in.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from .. import limits
from ..errors import RRError
from ..paths import slug as make_slug
from ..vocabulary import ARTICLE_KINDS, ROLES
from .article import PROVINCE_OF, Article, Block, Page, build_article, fail_at, parse_date
from .checks import ARTICLE_CAPS, PERSON_CAPS
from .people import Person, Slot
from .sitetext import read_text


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
    lines = read_text(path).splitlines()
    data, node, end = _front_matter(path, lines)
    at = _key_lines(node, 2)

    def fail(key: Any, message: str, line: int | None = None) -> RRError:
        return fail_at(path, line or at.get(key, 2), message)

    title, date = _check_fields(data, fail)
    # HTML comments are notes for editors, not article text; keep the line count for errors
    body = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), "\n".join(lines[end + 1:]), flags=re.S)
    page = Page(title=title.strip(), line=1, date=date, blocks=_markdown_blocks(body.split("\n"), end + 2))
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


def _front_matter(path: Path, lines: list[str]) -> tuple[dict[str, Any], yaml.Node | None, int]:
    """The YAML between the '---' lines: (data, its node tree for line numbers, the closing line's index)."""
    if not lines or lines[0].strip() != "---":
        raise fail_at(path, 1, "front matter must start with a line '---'")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise fail_at(path, 1, "front matter opened with '---' is never closed by another '---' line")
    source = "\n".join(lines[1:end])
    try:
        _refuse_aliases(path, source)
        node = yaml.compose(source, Loader=_Loader)
        data = yaml.load(source, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "end of stream" in (exc.problem or ""):
            mark = exc.context_mark  # an unclosed quote: point at where it opened
        line = mark.line + 2 if mark else 1
        what = "; ".join(x for x in (exc.context, exc.problem) if x)
        raise fail_at(path, line, f"invalid YAML: {what}") from exc
    if not isinstance(data, dict):
        raise fail_at(path, 2, "front matter must be a mapping of fields (title: ..., date: ...)")
    return data, node, end


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, but a date stays text: ``date: 2023-02-30`` is then refused with
    its line like any other bad date, instead of ending in a ValueError from inside PyYAML."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _refuse_aliases(path: Path, source: str) -> None:
    """An alias (``*name``) repeats a value wherever it is used: nested, a few hundred bytes
    expand to a catalogue of hundreds of megabytes ("billion laughs"). No article needs one."""
    for event in yaml.parse(source, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise fail_at(path, event.start_mark.line + 2, f"YAML alias *{event.anchor} is not allowed in "
                          "front matter; write the value out")


def _check_length(fail, key: Any, value: Any, cap: int, what: str | None = None, line: int | None = None) -> None:
    if isinstance(value, str) and len(value) > cap:
        raise fail(key, f"{what or repr(key)} is {len(value)} characters long; at most {cap} are kept", line)


def _check_fields(data: dict[str, Any], fail) -> tuple[str, str | None]:
    """The known fields with the right types; returns (title, ISO date or None)."""
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
    if data.get("kind") is not None and data["kind"] not in ARTICLE_KINDS:
        raise fail("kind", f"kind {data['kind']!r} is not one of {', '.join(ARTICLE_KINDS)}")
    for key in ("slug", "url", "wijk", "gemeente", "province", "place", "summary"):
        if data.get(key) is not None and not isinstance(data[key], (str, int)):
            raise fail(key, f"{key!r} must be text")
    for key, cap in (("title", limits.MAX_TITLE), ("slug", limits.MAX_NAME), *ARTICLE_CAPS.items()):
        _check_length(fail, key, data.get(key), cap)
    for key, cap in (("people", limits.MAX_PEOPLE), ("slots", limits.MAX_SLOTS)):
        if isinstance(data.get(key), list) and len(data[key]) > cap:
            raise fail(key, f"{len(data[key])} entries in {key!r}; at most {cap} are kept")
    return title, date


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
        if role not in ROLES:
            raise fail("people", f"role {role!r} of {name} is not one of {', '.join(ROLES)}",
                       keys.get("role", line))
        secondary = item.get("secondary_role")
        if secondary is not None and secondary not in ROLES:
            raise fail("people", f"secondary_role {secondary!r} of {name} is not one of {', '.join(ROLES)}",
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
        for key, cap in PERSON_CAPS.items():
            _check_length(fail, "people", item.get(key), cap, f"{key!r} of person {k + 1}", keys.get(key, line))
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
        _check_length(fail, "slots", heading, limits.MAX_TITLE, f"heading of slot {k + 1}", keys.get("heading", line))
        slots.append(Slot(index=k + 1, heading=str(heading) if heading is not None else None, people=list(members)))
    return slots



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

