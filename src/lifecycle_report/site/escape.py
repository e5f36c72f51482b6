"""Manifest text is data: escape it so that Markdown, HTML and templates keep it inert.

:func:`text` turns every ASCII punctuation character into an HTML character reference.
Python-Markdown leaves references alone, browsers show them literally, and nothing in
the result can open a tag, a link, an attribute list, a table cell or a template tag.
The same escaped text is valid inside Markdown and inside raw HTML blocks.
"""

from __future__ import annotations

import re
from html import escape as html_escape
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
#: Every ASCII punctuation character to its character reference, for ``str.translate``.
_REFERENCES = {code: f"&#{code};" for code in range(128) if _PUNCTUATION.fullmatch(chr(code))}
#: Control characters (besides whitespace), never meaningful in a page: shown as U+FFFD.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Whitespace (``str.isspace``) or a C0 control character: never inside a link's URL.
_BREAKS_URL = re.compile(r"[\s\x00-\x1f]")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def text(value: Any, *, inline: bool = True) -> Markup:
    """Escape ``value`` for Markdown and HTML; ``inline`` folds newlines into spaces."""
    if value is None:
        return Markup("")
    raw = str(value)
    if inline:
        raw = " ".join(raw.split())
    return Markup(raw.translate(_REFERENCES))


def safe_url(value: Any) -> str | None:
    """``value`` when it is an absolute http(s) or mailto URL, else ``None``."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if _BREAKS_URL.search(url):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in SAFE_SCHEMES else None


def link(url: Any, label: Any = None) -> Markup:
    """An ``<a>`` for a safe URL; anything else is shown as inert text."""
    safe = safe_url(url)
    shown = text(label if label is not None else url)
    if safe is None:
        return shown
    return Markup(f'<a href="{html_escape(safe, quote=True)}">{shown}</a>')


def finalize(value: Any) -> Any:
    """Jinja ``finalize``: every ``{{ value }}`` is escaped unless it is already Markup."""
    if isinstance(value, Markup):
        return value
    return text(value)


def html_text(value: Any) -> Markup:
    """Escape ``value`` for a raw HTML block, which Markdown leaves alone: HTML escaping
    suffices there (and keeps big data tables small), newlines folded as in :func:`text`."""
    if isinstance(value, Markup):
        return value
    shown = _CONTROL.sub("\ufffd", " ".join(str(value).split()))
    return Markup(html_escape(shown, quote=True))
