"""The quote search index, built offline with Pagefind's Python API.

Pagefind's binary ships in a PyPI wheel (``pagefind[bin]``), so this runs without a
network. Instead of one HTML file per quote, each record is one speaker turn (up to
``QUOTES_PER_RECORD`` consecutive quotes of one speaker), added as a custom record with
its link, the speaker, role, wijk and date as metadata and role/wijk/speaker as filters.
The index is Dutch (``nl``), so Pagefind stems Dutch words (woning ~ woningen).
"""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path
from typing import Any

from ..errors import RRError
from ..text import clock, one_line

QUOTES_PER_RECORD = 5
LANGUAGE = "nl"


def _turns(quotes: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    turns: list[list[dict[str, Any]]] = []
    for quote in quotes:
        if turns and turns[-1][-1].get("speaker") == quote.get("speaker") and len(turns[-1]) < QUOTES_PER_RECORD:
            turns[-1].append(quote)
        else:
            turns.append([quote])
    return turns


def records(model: dict[str, Any]) -> list[dict[str, Any]]:
    """One search record per speaker turn of every episode."""
    out = []
    for episode in model["episodes"]:
        roles = {s.get("label"): s for s in episode["speakers"]}
        for turn in _turns(episode["quotes"]):
            first = turn[0]
            speaker = roles.get(first.get("speaker")) or {}
            name = one_line(first.get("person") or speaker.get("name") or "").strip() or "Onbekend"
            role = first.get("role") or speaker.get("role") or "overig"
            start = float(first.get("start") or 0)
            href = f"aflevering/{episode['id']}.html#t={start:g}"
            text = one_line(" ".join((q.get("text") or "").strip() for q in turn))
            # Which quote of the turn matched is decided in the browser, from these parts.
            parts = [[float(q.get("start") or 0), clock(float(q.get("start") or 0)), q.get("text") or ""]
                     for q in turn]
            out.append({
                "url": href, "content": text, "language": LANGUAGE,
                "meta": {"title": episode["title"], "href": href, "speaker": name, "role": role,
                         "wijk": episode["wijk_name"], "date": episode["date"] or "",
                         "start": f"{start:g}", "clock": clock(start), "text": text,
                         "episode": episode["id"], "parts": json.dumps(parts, ensure_ascii=False)},
                "filters": {"rol": [role], "wijk": [episode["wijk_name"]], "spreker": [name]},
                "sort": {"date": episode["date"] or "", "start": f"{start:09.3f}"},
            })
    return out


async def _write(items: list[dict[str, Any]], out: Path) -> None:
    from pagefind.index import PagefindIndex

    config = {"output_path": str(out), "force_language": LANGUAGE}
    async with PagefindIndex(config=config) as index:
        for item in items:
            await index.add_custom_record(**item)


def _run(coroutine_factory) -> None:
    """Run a coroutine to completion in a thread of its own, so that a caller that
    already runs an event loop (Playwright's sync API, a notebook) can build too."""
    errors: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(coroutine_factory())
        except BaseException as exc:  # handed to the caller's thread below
            errors.append(exc)

    thread = threading.Thread(target=target, name="pagefind")
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def write_index(model: dict[str, Any], out_dir: str | Path) -> int:
    """Write ``out_dir/pagefind/`` (index and pagefind.js); returns the number of records."""
    items = records(model)
    target = Path(out_dir) / "pagefind"
    try:
        _run(lambda: _write(items, target))
    except ImportError as exc:
        raise RRError("the search index needs Pagefind: pip install 'pagefind[bin]'") from exc
    except (OSError, RuntimeError, AssertionError) as exc:
        raise RRError(f"Pagefind could not build the search index: {exc}") from exc
    if not (target / "pagefind.js").is_file():
        raise RRError(f"Pagefind wrote no pagefind.js into {target}")
    return len(items)
