"""The Jinja2 environment: templates from ``site/templates``, every value HTML-escaped."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from ..text import printable

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
# The editor's files: served by `rr serve --edit` alone, never copied into a built site.
EDIT_ASSETS = ("editor.js", "editor.css")

# One policy for the header `rr serve` sends and the <meta> in every static page.
# No inline script or style anywhere; 'wasm-unsafe-eval' is what Pagefind's WebAssembly needs.
CSP_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
)
CSP = "; ".join(CSP_DIRECTIVES)
# frame-ancestors is ignored in a <meta>, so only the HTTP header carries it.
CSP_HEADER = CSP + "; frame-ancestors 'self'"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every template, whatever its name: catalogue text is never trusted
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_shown,
    )
    env.globals["csp"] = CSP
    env.filters["http_url"] = http_url
    return env


def _shown(value: Any) -> Any:
    """Every value a template prints: text without control characters or bidi overrides
    (autoescaping handles markup; these would still reorder or garble the page)."""
    if isinstance(value, Markup):  # already escaped (a join): dropping characters adds no markup
        return Markup(printable(str(value)))
    return printable(value) if isinstance(value, str) else value


def http_url(value: Any) -> str | None:
    """``value`` if it is an http(s) address, else None: a catalogue written before
    articles' addresses were checked may hold a ``javascript:`` one, never made a link."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else None


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
