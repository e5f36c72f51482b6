"""The playbook chapter beside the reports: its sections and its links to other chapters."""

from __future__ import annotations

import posixpath
import re

from ..rules.base import SECTIONS

__all__ = ["SECTIONS", "missing_links", "stub_title"]

_LINK = re.compile(r"\]\(\s*<?([^)\s>#]+\.md)(#[^)\s>]*)?>?\s*\)")


def missing_links(markdown: str, page: str, existing: set[str]) -> list[str]:
    """Docs paths of ``.md`` files that ``page`` links to but the docs do not contain."""
    missing = set()
    for match in _LINK.finditer(markdown):
        target = match.group(1)
        if "://" in target or target.startswith("/"):
            continue
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
        if not path.startswith("..") and path not in existing:
            missing.add(path)
    return sorted(missing)


def stub_title(path: str) -> str:
    """A readable title from a chapter file name: ``08-experimentacion-y-trazabilidad.md``."""
    stem = posixpath.splitext(posixpath.basename(path))[0]
    number, _, rest = stem.partition("-")
    words = rest.replace("-", " ") if number.isdigit() else stem.replace("-", " ")
    title = words[:1].upper() + words[1:]
    return f"{number} · {title}" if number.isdigit() else title
