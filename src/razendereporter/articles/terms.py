"""The words of an article a transcription should spell right: its people, its places, its organisations.

What the decoder is given (transcribe/hints.py) when an episode is linked to an article: the
names of the people it names (not the programme's own reporter, who has no name), the wijk, the
place and the gemeente, and the organisations its people's role labels and descriptions mention
("Energieloket Lingewaard", "Coöperatie Duurzaam Zilverkamp"): a noun that makes the next
capitalised words an organisation (rules.NOUNS_BEFORE_NON_NAMES) followed by those words.
"""

from __future__ import annotations

import re
from typing import Any

from .rules import NOUNS_BEFORE_NON_NAMES, PROGRAMME_NAMES

_CAPITALISED = r"[A-ZÀ-ÖØ-Þ][\w'’&-]*"  # a word starting with a capital (Latin letters, accented ones too)
_ORGANISATION = re.compile(rf"\b((?i:{'|'.join(sorted(NOUNS_BEFORE_NON_NAMES, key=len, reverse=True))})"
                           rf"(?:\s+{_CAPITALISED})+)")


def organisations(text: str | None) -> list[str]:
    """Organisations named in ``text``: "Energieloket Lingewaard", "gemeente Lingewaard"."""
    out = []
    for match in _ORGANISATION.finditer(text or ""):
        noun, *name = match.group(1).split()
        # "Energieloket Lingewaard" is the organisation's name; in "netbeheerder Alliander" the noun is not
        out.append(" ".join([noun, *name] if noun[0].isupper() else name).rstrip(".,;:"))
    return out


def article_terms(article: dict[str, Any] | None, wijk: dict[str, Any] | None = None) -> list[str]:
    """The article's names, places and organisations, people first, each once."""
    if not article:
        return []
    terms = [p.get("name") or "" for p in article.get("people") or []
             if p.get("named", True) and not PROGRAMME_NAMES.fullmatch(p.get("name") or "")]
    wijk = wijk or {}
    terms += [wijk.get("name") or article.get("wijk") or "", wijk.get("place") or article.get("place") or "",
              wijk.get("gemeente") or article.get("gemeente") or ""]
    for person in article.get("people") or []:
        for text in (person.get("role_label"), person.get("description")):
            terms += [o for o in organisations(text) if not o.lower().startswith("gemeente ")]
    return [t for t in terms if t]
