"""The MkDocs plugin ``lifecycle-report``: wires MkDocs events to the core and renderer.

It loads and evaluates the registry, renders the page tree with
:func:`lifecycle_report.site.render.iter_site`, and hands MkDocs the generated files. Files
are written to a cache folder (never into ``docs/`` or the registry) and only when their
content changed, so ``mkdocs serve --dirty`` rebuilds only what moved.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .cli import UsageError, parse_weeks, resolve_as_of
from .evaluate import evaluate
from .history import judge_history
from .i18n import LANGUAGES, catalog
from .load import RegistryRootError, load_registry
from .load.git_history import locate, read_history
from .report import Report
from .site import SiteSettings
from .site.chapter import missing_links
from .site.render import ASSET_DIR, iter_site, model_page
from .site.tree import sync_tree
from .trend import WEEKS, compliance_trend

log = logging.getLogger("mkdocs.plugins.lifecycle-report")

#: Markdown extensions the generated pages rely on.
REQUIRED_EXTENSIONS = ("tables", "attr_list", "admonition", "toc", "pymdownx.details")


class LifecycleReportConfig(base.Config):
    registry = c.Type(str, default="registry")
    """The registry folder, relative to ``mkdocs.yml``."""
    as_of = c.Optional(c.Type(str))
    """Evaluation date YYYY-MM-DD; else ``$LIFECYCLE_REPORT_AS_OF``; else today."""
    language = c.Choice(LANGUAGES, default="es")
    """Language of the generated pages."""
    chapter = c.Type(str, default="playbook/09-ml-lifecycle-y-produccion.md")
    """Docs path of the playbook chapter that rule pages link to."""
    edit_uri = c.Optional(c.Type(str))
    """Edit URL of the registry folder; default: derived from ``repo_url`` and ``edit_uri``."""
    cache_dir = c.Type(str, default=".cache/lifecycle-report")
    """Where generated files are written, relative to ``mkdocs.yml``."""
    trend_weeks = c.Type(int, default=WEEKS)
    """Weeks in the compliance page's trend (from git history); 0 leaves the trend out."""


class LifecycleReportPlugin(BasePlugin[LifecycleReportConfig]):
    supports_multiple_instances = False
    #: Keep the last report as ``self.report`` (``generate`` returns it). A build lets it
    #: go once the pages are written: MkDocs holds every page in memory after that.
    keep_report = False
    report: Report | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").parent
        self.registry_dir = (root / self.config.registry).resolve()
        self.cache_dir = (root / self.config.cache_dir).resolve()
        try:
            self.as_of = resolve_as_of(self.config.as_of, self.config.language)
            parse_weeks(self.config.trend_weeks, self.config.language, minimum=0)
        except UsageError as exc:
            raise PluginError(str(exc)) from exc
        # Dates MkDocs stamps on pages and the sitemap follow the as-of date: same input,
        # same bytes.
        os.environ.setdefault(
            "SOURCE_DATE_EPOCH",
            str(int(datetime(*self.as_of.timetuple()[:3], tzinfo=UTC).timestamp())),
        )
        self.required_extensions = [
            name for name in REQUIRED_EXTENSIONS if name not in config.markdown_extensions
        ]
        config.markdown_extensions.extend(self.required_extensions)
        for css in (f"{ASSET_DIR}/stylesheets/lifecycle-report.css",):
            if css not in config.extra_css:
                config.extra_css.append(css)
        for js in (
            "javascripts/vendor/tablesort.min.js",
            "javascripts/vendor/tablesort.number.min.js",
            "javascripts/tables.js",
        ):
            path = f"{ASSET_DIR}/{js}"
            if path not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(path)
        return config

    def _edit_base(self, config: MkDocsConfig) -> str | None:
        if self.config.edit_uri:
            return self.config.edit_uri
        repo, edit = config.repo_url, config.edit_uri
        if not repo or not edit or edit.startswith(("?", "#")):
            return None
        docs = Path(config.docs_dir).name
        edit = edit.rstrip("/")
        if not edit.endswith(docs):
            return None
        base_uri = edit[: -len(docs)]
        return repo.rstrip("/") + "/" + base_uri.strip("/") + "/" + self.config.registry.strip("/")

    def evaluate(self) -> Report:
        t = catalog(self.config.language)
        try:
            registry = load_registry(self.registry_dir, t, shown_as=self.config.registry)
        except RegistryRootError as exc:
            raise PluginError(str(exc)) from exc
        return evaluate(registry, self.as_of, self.config.language)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        started = time.perf_counter()
        report = self.evaluate()
        evaluated = time.perf_counter()
        if self.keep_report:
            self.report = report
        for problem in report.errors:
            log.warning("%s: %s", problem.location(), problem.message)
        existing = {f.src_uri for f in files}
        chapter = files.get_file_from_path(self.config.chapter)
        missing: list[str] = []
        if chapter is not None:
            missing = missing_links(chapter.content_string, self.config.chapter, existing)
        settings = SiteSettings(
            lang=self.config.language,
            chapter=self.config.chapter,
            edit_base=self._edit_base(config),
            registry_label=self.config.registry,
            home="index.md" not in existing,
            repo_url=config.repo_url,
            directory_urls=config.use_directory_urls,
        )
        checkout = locate(self.registry_dir)
        commits = read_history(checkout, self.cache_dir)
        history = judge_history(report.registry, checkout, commits)
        weeks = self.config.trend_weeks
        trend = compliance_trend(checkout, self.as_of, weeks, self.cache_dir) if weeks else None
        from_git = time.perf_counter()
        # Pages are written as they are rendered: the site is never in memory as a whole.
        paths = sync_tree(
            self.cache_dir / "docs", iter_site(report, settings, missing, history, trend)
        )
        self.generated = set(paths)
        rendered = time.perf_counter()
        log.debug(
            "%d models: loaded and evaluated in %.2f s, git history and trend %.2f s, "
            "%d files rendered and written in %.2f s",
            len(report.models),
            evaluated - started,
            from_git - evaluated,
            len(paths),
            rendered - from_git,
        )
        for src_uri in sorted(paths):
            if src_uri in existing:
                files.remove(files.get_file_from_path(src_uri))  # type: ignore[arg-type]
            files.append(File.generated(config, src_uri, abs_src_path=paths[src_uri]))
        self.edit_urls = (
            {
                model_page(m.id): f"{settings.edit_base}/models/{m.entry.folder}/model.yaml"
                for m in report.models
            }
            if settings.edit_base
            else {}
        )
        # The bench reads this line (bench/sitebench.py): the plugin's own time in a build.
        log.debug("on_files took %.2f s in all", time.perf_counter() - started)
        return files

    def on_page_context(  # type: ignore[override]
        self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        # Material's edit button opens the manifest, not a generated file.
        if page.file.src_uri in self.generated:
            page.edit_url = self.edit_urls.get(page.file.src_uri)
        return context

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.registry_dir))
        return server
