"""Where generated pages live and how pages link to each other.

Docs paths of the generated pages (a model's, a person's, a rule's), the URL MkDocs gives
a page (from MkDocs' own ``File``), and relative URLs for links inside raw HTML, which
MkDocs leaves alone.
"""

from __future__ import annotations

import functools
import hashlib
import re

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from . import escape

_SLUG_BAD = re.compile(r"[^a-z0-9]+")


def page_slug(model_id: str) -> str:
    """A URL-safe folder for a model page.

    A valid id is its own slug. Any other folder name (invalid models) is cleaned,
    shortened and given a hash of the whole name after ``--``, which no valid id
    contains: ``aB``, ``Ab`` and ``AB`` get three pages, none of them a valid id's, and
    a name too long for the file system still makes a short one.
    """
    if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", model_id) and len(model_id) <= 100:
        return model_id
    cleaned = _SLUG_BAD.sub("-", model_id.lower()).strip("-")[:40].strip("-") or "modelo"
    digest = hashlib.blake2s(model_id.encode("utf-8", "surrogateescape"), digest_size=5)
    return f"{cleaned}--{digest.hexdigest()}"


def model_page(model_id: str) -> str:
    return f"models/{page_slug(model_id)}/index.md"


def person_page(person_id: str) -> str:
    return f"owners/{person_id}/index.md"


def rule_page(rule_id: str) -> str:
    return f"rules/{rule_id}/index.md"


def edit_url(edit_base: str, folder: str) -> str:
    """Where a model's manifest is edited: the folder name is one URL-encoded segment."""
    return f"{edit_base.rstrip('/')}/models/{escape.url_segment(folder)}/model.yaml"


@functools.cache
def page_url(docs_path: str, directory_urls: bool) -> str:
    """The URL MkDocs gives docs page ``docs_path``, from the site root (``models/x/``).

    Asked of MkDocs' own ``File`` once per page: a ``File`` costs ~20 µs, and a site of
    1,000 models holds tens of thousands of links to a few thousand pages.
    """
    url = File(docs_path, "", "", directory_urls).url
    return "" if url == "./" else url  # the home page: the site's root


def final_url(here: str, target: str, directory_urls: bool, anchor: str = "") -> str:
    """The URL of docs page ``target`` relative to page ``here``, as the browser needs it:
    for links inside raw HTML, which MkDocs leaves alone."""
    dest = page_url(target, directory_urls) or "./"  # the home page's URL is ""
    relative = get_relative_url(dest, page_url(here, directory_urls))
    return relative + (f"#{anchor}" if anchor else "")
