"""What a generated site needs beside its pages, the same for every site engine.

The pages come from :func:`~lifecycle_report.pipeline.site_tree`, which both adapters call
and which renders with :func:`~.render.iter_site`; this module holds the navigation, the
Markdown extensions, assets and theme overrides the adapters declare, and how a project's
own docs mark a page as a stand-in for a generated one.
"""

from __future__ import annotations

import re
from pathlib import Path

from .render import ASSET_DIR

#: Generated pages that belong in the navigation; the others (a page per model, person and
#: rule, the chapter stubs) are reached from these and from search, never the navigation.
NAV_PAGES = frozenset(
    ("index.md", "models/index.md", "owners/index.md", "rules/index.md", "compliance/index.md")
)
#: Markdown extensions the generated pages rely on (all three engines ship them).
REQUIRED_EXTENSIONS = ("tables", "attr_list", "admonition", "toc", "pymdownx.details")
EXTRA_CSS = (f"{ASSET_DIR}/stylesheets/lifecycle-report.css",)
EXTRA_JAVASCRIPT = tuple(
    f"{ASSET_DIR}/javascripts/{name}"
    for name in ("vendor/tablesort.min.js", "vendor/tablesort.number.min.js", "tables.js")
)

#: Templates that override the theme's (the feeds in the page head): the plugin puts the
#: folder before the theme's own, ``generate`` copies it beside its ``mkdocs.yml``.
THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
#: ``extra`` settings those templates read.
FEED_EXTRA = "lifecycle_report_feed"

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t\r]*$", re.S | re.M)
#: The front matter line that marks a docs page as a stand-in for a generated one.
_PLACEHOLDER = re.compile(r"^lifecycle_report:[ \t]*placeholder[ \t\r]*$", re.M)


def is_placeholder(markdown: str) -> bool:
    """Whether a docs page is a stand-in for the generated one (``lifecycle_report:
    placeholder`` in its front matter): the home page a site built without the plugin shows."""
    front = _FRONT_MATTER.match(markdown)
    return front is not None and _PLACEHOLDER.search(front.group(1)) is not None


def edit_base(
    registry: str, repo_url: str | None, edit_uri: str | None, docs_dir: str
) -> str | None:
    """The registry folder's edit URL, derived from MkDocs' ``repo_url`` and ``edit_uri``
    (``.../edit/main/docs/`` gives ``.../edit/main/registry``), or None."""
    if not repo_url or not edit_uri or edit_uri.startswith(("?", "#")):
        return None
    docs = Path(docs_dir).name
    edit = edit_uri.rstrip("/")
    if not edit.endswith(docs):
        return None
    base_uri = edit[: -len(docs)]
    return repo_url.rstrip("/") + "/" + base_uri.strip("/") + "/" + registry.strip("/")
