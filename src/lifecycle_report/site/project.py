"""A project's whole generated tree, the same for every site engine.

:func:`site_tree` is what both adapters call: the MkDocs plugin (under MkDocs or
ProperDocs) hands the files to the build, ``lifecycle-report generate`` writes them with the
project's docs for engines that run no plugins (Zensical). It runs the pipeline once —
load, evaluate, git history and trend — and renders with :func:`~.render.iter_site`, which
only reads the report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import NamedTuple

from ..evaluate import evaluate
from ..history import judge_history
from ..i18n import catalog
from ..load import load_registry
from ..load.git_history import locate, read_history
from ..load.last_good import last_good
from ..report import LastVersion, Report
from ..trend import WEEKS, compliance_trend
from .chapter import missing_links
from .render import ASSET_DIR, SiteSettings, iter_site

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


@dataclass(frozen=True)
class SiteSource:
    """Where a site's data comes from and how it is judged (the plugin's options)."""

    registry_dir: Path
    #: Git history and trend caches live here (never in ``docs/`` or the registry).
    cache_dir: Path
    as_of: date
    settings: SiteSettings
    trend_weeks: int = WEEKS


class SiteTree(NamedTuple):
    report: Report
    #: Every generated page and asset as ``(docs path, content)``, rendered on demand.
    files: Iterator[tuple[str, str | bytes]]


def is_placeholder(markdown: str) -> bool:
    """Whether a docs page is a stand-in for the generated one (``lifecycle_report:
    placeholder`` in its front matter): the home page a site built without the plugin shows."""
    front = _FRONT_MATTER.match(markdown)
    return front is not None and _PLACEHOLDER.search(front.group(1)) is not None


def site_tree(source: SiteSource, docs: Collection[str], read: Callable[[str], str]) -> SiteTree:
    """Load and evaluate the registry; the tree to render beside the project's ``docs``.

    ``docs`` are the docs paths the project has and ``read`` returns one's text: the
    chapter's links to absent chapters get stub pages, and the home page is generated
    unless the project has its own ``index.md`` (a placeholder does not count).
    Raises :class:`~lifecycle_report.load.RegistryRootError` for an unreadable registry.
    """
    settings = source.settings
    t = catalog(settings.lang)
    registry = load_registry(source.registry_dir, t, shown_as=settings.registry_label)
    report = evaluate(registry, source.as_of, settings.lang)
    chapter = settings.chapter
    missing = missing_links(read(chapter), chapter, set(docs)) if chapter in docs else []
    home = "index.md" not in docs or is_placeholder(read("index.md"))
    checkout = locate(source.registry_dir)
    commits = read_history(checkout, source.cache_dir)
    history = judge_history(registry, checkout, commits)
    for model in report.models:
        if model.status != "invalid":
            continue
        found = last_good(
            checkout,
            commits,
            source.registry_dir,
            model.entry.folder,
            registry.owners,
            registry.policy,
            t,
            settings.registry_label,
        )
        if found is not None:
            judged = evaluate(found.registry, source.as_of, settings.lang).models[0]
            model.last_good = LastVersion(found.commit, judged)
    weeks = source.trend_weeks
    trend = compliance_trend(checkout, source.as_of, weeks, source.cache_dir) if weeks else None
    files = iter_site(report, replace(settings, home=home), missing, history, trend)
    return SiteTree(report, files)


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
