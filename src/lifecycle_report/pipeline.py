"""The pipeline both adapters run: load → evaluate → git history and trend → render.

:func:`site_tree` is what the MkDocs plugin (under MkDocs or ProperDocs) and
``lifecycle-report generate`` (for engines that run no plugins, such as Zensical) call. It
loads and evaluates the registry once, judges its git history and trend, and hands the
report to :func:`~lifecycle_report.site.render.iter_site`, which only renders it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import NamedTuple

from .evaluate import Memo, evaluate
from .history import judge_history
from .i18n import catalog
from .load import LoadCache, load_registry
from .load.git_history import locate, read_history
from .load.last_good import last_good
from .report import LastVersion, Report
from .site.chapter import missing_links
from .site.project import is_placeholder
from .site.render import PageReuse, SiteSettings, iter_site
from .trend import WEEKS, compliance_trend


@dataclass(frozen=True)
class SiteSource:
    """Where a site's data comes from and how it is judged (the plugin's options)."""

    registry_dir: Path
    #: Git history and trend caches live here (never in ``docs/`` or the registry).
    cache_dir: Path
    as_of: date
    settings: SiteSettings
    trend_weeks: int = WEEKS


@dataclass
class Warm:
    """What one process keeps from build to build (``make serve``): the registry's files
    as loaded, by their stamps, the findings judged from them, and model pages, by a
    digest of what they show."""

    loads: LoadCache = field(default_factory=LoadCache)
    #: Findings that do not depend on the date, for the models whose files are unchanged.
    memo: Memo = field(default_factory=Memo)
    pages: PageReuse = field(default_factory=PageReuse)
    #: What the loads and findings were made for: their texts name files and speak a
    #: language (pages have their own digest).
    made_for: tuple[object, ...] = ()

    def keep_for(self, *made_for: object) -> None:
        """Drop the loads and findings made for another registry or language."""
        if made_for != self.made_for:
            self.loads, self.memo, self.made_for = LoadCache(), Memo(), made_for


class SiteTree(NamedTuple):
    report: Report
    #: Every generated page and asset as ``(docs path, content)``, rendered on demand.
    files: Iterator[tuple[str, str | bytes]]


def site_tree(
    source: SiteSource,
    docs: Collection[str],
    read: Callable[[str], str],
    warm: Warm | None = None,
) -> SiteTree:
    """Load and evaluate the registry; the tree to render beside the project's ``docs``.

    ``docs`` are the docs paths the project has and ``read`` returns one's text: the
    chapter's links to absent chapters get stub pages, and the home page is generated
    unless the project has its own ``index.md`` (a placeholder does not count).
    ``warm`` keeps loads and model pages between calls (:class:`Warm`).
    Raises :class:`~lifecycle_report.load.RegistryRootError` for an unreadable registry.
    """
    settings = source.settings
    t = catalog(settings.lang)
    checkout = locate(source.registry_dir)
    # The trend first: the registries it loads are gone before this one is (peak memory).
    weeks = source.trend_weeks
    trend = compliance_trend(checkout, source.as_of, weeks, source.cache_dir) if weeks else None
    label = settings.registry_label
    if warm is not None:
        warm.keep_for(source.registry_dir, label, settings.lang)
    registry = (
        warm.loads.load(source.registry_dir, t, shown_as=label)
        if warm is not None
        else load_registry(source.registry_dir, t, shown_as=label)
    )
    report = evaluate(registry, source.as_of, settings.lang, warm.memo if warm else None)
    chapter = settings.chapter
    missing = missing_links(read(chapter), chapter, set(docs)) if chapter in docs else []
    home = "index.md" not in docs or is_placeholder(read("index.md"))
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
    pages = warm.pages if warm is not None else None
    files = iter_site(report, replace(settings, home=home), missing, history, trend, pages)
    return SiteTree(report, files)
