"""Registry text is data: one escaping function per output context.

Every value that comes from the registry (manifests, owners.yaml, policy.yaml, folder
names, summary cells) reaches a page through exactly one of these:

* :func:`markdown` -- inline Markdown (a heading, a paragraph, a table cell, a list
  item). HTML's own characters become references (``&lt;``), Markdown's punctuation gets
  a backslash, which Python-Markdown consumes: the built HTML reads ``Versión 3.2.0``.
* :func:`html` -- element text or a quoted attribute value inside raw HTML (an HTML
  block, which Markdown leaves alone), in an HTML file, or in SVG.
* :func:`markdown_link` / :func:`html_link` -- an ``<a>`` when the value is an http(s)
  or mailto URL (:func:`safe_url`), else the value as text, in either context.
* :func:`url_segment` -- one path segment of a URL (a folder name in an edit link).
* :func:`page_title` -- the ``title`` of a page's front matter, which MkDocs hands the
  theme as HTML (Material prints it unfiltered in ``<title>`` and in the header).
* :func:`xml` -- text or an attribute value in XML written with ElementTree (the feeds).
* :func:`csv_cell` -- a cell of a CSV file written with the ``csv`` module (the data
  behind a model's charts): no cell a spreadsheet would read as a formula.

Each one folds newlines into spaces and shows control characters as U+FFFD.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup
from markupsafe import escape as _markup_escape

#: Control characters (besides tab, newline and carriage return, which fold into spaces),
#: the C1 controls, lone surrogates and non-characters: never meaningful in a page, and
#: some (ESC) drive a terminal. Shown as U+FFFD.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: Whitespace (``str.isspace``) or a C0 control character: never inside a link's URL.
_BREAKS_URL = re.compile(r"[\s\x00-\x1f\x7f]")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

#: Python-Markdown's backslash-escapable characters that open something anywhere in a
#: line (code, emphasis, links, attribute lists, table cells, headings' closing hashes),
#: plus ``~`` and ``^`` (pymdownx's tilde/caret, fences), which take a reference instead.
_MARKDOWN_ANYWHERE = {
    **{ord(c): "\\" + c for c in "\\`*_{}[]|#"},
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord(">"): "&gt;",
    ord("~"): "&#126;",
    ord("^"): "&#94;",
}
#: Python-Markdown's other escapable characters: they matter only where a line starts
#: (lists ``-``/``+``/``1.``, rules, admonitions ``!!!``), so only the first is escaped.
_BACKSLASHED = frozenset("\\`*_{}[]()>#+-.!|")
_ORDERED = re.compile(r"(\d+)(\.)(?= )")


def plain(value: Any) -> str:
    """``value`` as one line of text: whitespace folded, control characters as U+FFFD."""
    if value is None:
        return ""
    return _CONTROL.sub("\ufffd", " ".join(str(value).split()))


def markdown(value: Any) -> Markup:
    """Escape ``value`` for inline Markdown: it shows as written, opens nothing."""
    if isinstance(value, Markup):
        return value
    text = plain(value)
    if not text:
        return Markup("")
    shown = text.translate(_MARKDOWN_ANYWHERE)
    first = text[0]
    if ord(first) in _MARKDOWN_ANYWHERE:
        pass  # escaped already
    elif first in _BACKSLASHED:
        shown = "\\" + shown
    elif first < "\x80" and not first.isalnum() and first != " ":
        shown = f"&#{ord(first)};{shown[1:]}"
    else:
        ordered = _ORDERED.match(shown)  # "1. x" would start a list
        if ordered:
            shown = f"{ordered.group(1)}\\{ordered.group(2)}{shown[ordered.end() :]}"
    return Markup(shown)


def html(value: Any) -> Markup:
    """Escape ``value`` for HTML element text or a quoted attribute value (markupsafe)."""
    if isinstance(value, Markup):
        return value
    return _markup_escape(plain(value))


def safe_url(value: Any) -> str | None:
    """``value`` when it is an absolute http(s) or mailto URL, else ``None``."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or _BREAKS_URL.search(url) or _CONTROL.search(url):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in SAFE_SCHEMES else None


def html_link(url: Any, label: Any = None) -> Markup:
    """An ``<a>`` for a safe URL inside raw HTML; anything else is shown as text."""
    safe = safe_url(url)
    shown = html(label if label is not None else url)
    if safe is None:
        return shown
    return Markup('<a href="{}">{}</a>').format(safe, shown)


def markdown_link(url: Any, label: Any = None) -> Markup:
    """An ``<a>`` for a safe URL in Markdown (whose label Markdown reads); else text."""
    safe = safe_url(url)
    shown = markdown(label if label is not None else url)
    if safe is None:
        return shown
    return Markup('<a href="{}">').format(safe) + shown + Markup("</a>")


def url_segment(value: str) -> str:
    """One path segment of a URL: every character but ``A-Za-z0-9_.-~`` percent-encoded."""
    return quote(value.encode("utf-8", "surrogateescape"), safe="")


def page_title(value: Any) -> Markup:
    """A front-matter ``title:`` line's value: the text HTML-escaped (MkDocs and the
    theme treat a page title as HTML), as a JSON string (which YAML reads as is)."""
    return Markup(json.dumps(str(html(value)), ensure_ascii=True))


def xml(value: Any) -> str:
    """Element text or an attribute value written with ElementTree (the Atom feeds),
    which escapes ``<``, ``&`` and quotes itself: :func:`plain` leaves nothing that XML
    cannot hold."""
    return plain(value)


#: A cell a spreadsheet reads as a formula starts with one of these.
_FORMULA_START = ("=", "+", "-", "@")


def csv_cell(value: Any) -> str:
    """A cell of a CSV file written with the ``csv`` module (which quotes separators,
    quotes and newlines itself): :func:`plain`, with a leading apostrophe where the text
    would start a spreadsheet formula."""
    text = plain(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
