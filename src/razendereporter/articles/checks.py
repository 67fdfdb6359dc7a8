"""What the catalogue keeps of an article, whichever reader found it: clean text of a sane
length, and an address only if it is a web address.

Every reader's articles pass through :func:`checked` (``read_file``). Control characters and
bidi overrides are dropped from every text (they would reach the terminal, the subtitles and
the site as they are); a text longer than its cap in :mod:`razendereporter.limits` stops the
import with the file and line; a ``url`` that is not ``http(s)://`` is left out with a warning
(a ``javascript:`` address must never become a link).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .. import limits
from ..errors import RRError
from ..text import one_line
from .article import Article, fail_at

# Field -> its cap; people's and slots' fields below.
ARTICLE_CAPS = {"title": limits.MAX_TITLE, "url": limits.MAX_URL, "wijk": limits.MAX_NAME,
                "gemeente": limits.MAX_NAME, "province": limits.MAX_NAME, "place": limits.MAX_NAME,
                "summary": limits.MAX_TEXT}
PERSON_CAPS = {"name": limits.MAX_NAME, "role_label": limits.MAX_NAME, "description": limits.MAX_TEXT,
               "evidence": limits.MAX_TEXT}


def web_address(value: str | None) -> str | None:
    """``value`` if it is an http(s) address with a host, else None."""
    text = (value or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _clean(value: str | None) -> str | None:
    return None if value is None else " ".join(one_line(value).split())


def _capped(article: Article, what: str, value: str | None, cap: int) -> str | None:
    try:
        return limits.text_at_most(value, what, cap)
    except RRError as exc:
        raise fail_at(article.source_file, article.line, str(exc)) from None


def checked(article: Article) -> Article:
    """``article`` with its texts cleaned and checked (see the module's docstring)."""
    for name, cap in ARTICLE_CAPS.items():
        setattr(article, name, _capped(article, f"the {name}", _clean(getattr(article, name)), cap))
    if article.url and not web_address(article.url):
        article.warnings.append(f"{article.source_file}:{article.line}: url {article.url[:80]!r} is not an "
                                f"http(s) address; left out")
        article.url = None
    if len(article.people) > limits.MAX_PEOPLE or len(article.slots) > limits.MAX_SLOTS:
        raise fail_at(article.source_file, article.line, f"{len(article.people)} people and {len(article.slots)} "
                      f"videos: at most {limits.MAX_PEOPLE} and {limits.MAX_SLOTS} are kept per article")
    for person in article.people:
        for name, cap in PERSON_CAPS.items():
            value = _clean(getattr(person, name))
            setattr(person, name, _capped(article, f"the {name} of a person", value, cap))
        if not person.name:
            raise fail_at(article.source_file, article.line, "a person's name has no printable characters")
    for slot in article.slots:
        slot.heading = _capped(article, "a video's heading", _clean(slot.heading), limits.MAX_TITLE)
        slot.people = [_clean(name) or name for name in slot.people]
    return article
