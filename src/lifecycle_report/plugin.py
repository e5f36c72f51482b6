"""The MkDocs plugin ``lifecycle-report``: wires MkDocs events to the core and renderer.

It hands MkDocs the tree :func:`lifecycle_report.pipeline.site_tree` renders (the same
tree ``lifecycle-report generate`` writes for engines that run no plugins). Files are
written to a cache folder (never into ``docs/`` or the registry) and only when their
content changed, so ``mkdocs serve --dirty`` rebuilds only what moved; the files that
are not pages (badges, data CSVs, feeds) are hard-linked into the site.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .i18n import catalog
from .load import RegistryRootError
from .options import LifecycleReportConfig, site_source
from .pipeline import Warm, site_tree
from .site.feeds import site_feed
from .site.project import (
    EXTRA_CSS,
    EXTRA_JAVASCRIPT,
    FEED_EXTRA,
    NAV_PAGES,
    REQUIRED_EXTENSIONS,
    THEME_DIR,
)
from .site.rawhtml import RawHtml
from .site.render import COMPILED_TEMPLATES
from .site.tree import Written, sync_tree
from .site.urls import edit_url, model_page
from .usage import UsageError, parse_weeks, resolve_as_of

log = logging.getLogger("mkdocs.plugins.lifecycle-report")

#: Under ``mkdocs serve``, the loads and model pages kept from one rebuild to the next,
#: and what the plugin's cache folder holds. MkDocs makes new plugin instances for each
#: rebuild, so this lives in the module, for the server's life.
_serving: Warm | None = None
_written: Written = {}


class LifecycleReportPlugin(BasePlugin[LifecycleReportConfig]):
    supports_multiple_instances = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        global _serving
        _serving = Warm() if command == "serve" else None
        _written.clear()

    def on_shutdown(self) -> None:
        global _serving
        _serving = None
        _written.clear()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").parent
        self.registry_dir = (root / self.config.registry).resolve()
        self.cache_dir = (root / self.config.cache_dir).resolve()
        try:
            pinned = self.config.as_of
            self.as_of = resolve_as_of(
                None if pinned is None else str(pinned), self.config.language
            )
            parse_weeks(self.config.trend_weeks, self.config.language, minimum=0)
        except UsageError as exc:
            raise PluginError(str(exc)) from exc
        # Dates MkDocs stamps on pages and the sitemap follow the as-of date: same input,
        # same bytes.
        os.environ.setdefault(
            "SOURCE_DATE_EPOCH",
            str(int(datetime(*self.as_of.timetuple()[:3], tzinfo=UTC).timestamp())),
        )
        config.markdown_extensions.extend(
            name for name in REQUIRED_EXTENSIONS if name not in config.markdown_extensions
        )
        for css in EXTRA_CSS:
            if css not in config.extra_css:
                config.extra_css.append(css)
        for js in EXTRA_JAVASCRIPT:
            if js not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(js)
        # Our templates (the feeds in the page head) override the theme's, never a
        # site's own custom_dir; they read the site's feed from ``extra``.
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        config.extra[FEED_EXTRA] = site_feed(catalog(self.config.language))
        self.raw_html = RawHtml()
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        started = time.perf_counter()
        source = site_source(self.config, config, self.as_of)
        existing = {f.src_uri for f in files}

        def read(src_uri: str) -> str:
            file = files.get_file_from_path(src_uri)
            return file.content_string if file is not None else ""

        try:
            report, tree = site_tree(source, existing, read, _serving)
            # Written as they are rendered (the site is never in memory at once), each only
            # if its content changed: `mkdocs serve --dirty` rebuilds only what moved.
            written = _written if _serving is not None else None
            paths = sync_tree(self.cache_dir / "docs", tree, written=written)
        except RegistryRootError as exc:
            raise PluginError(str(exc)) from exc
        except Exception as exc:  # the last guard (one model's surprise is that model's)
            detail = f"{type(exc).__name__}: {exc}"[:300]
            raise PluginError(
                catalog(self.config.language)("cli.unexpected", detail=detail)
            ) from exc
        # After rendering: a page that could not be rendered adds its error.
        for problem in report.errors:
            log.warning("%s: %s", problem.location(), problem.message)
        self.generated = set(paths)
        for src_uri in sorted(paths):
            if src_uri in existing:
                files.remove(files.get_file_from_path(src_uri))  # type: ignore[arg-type]
            # A page per model, person and rule (and the chapter stubs) is reached through
            # the tables and search, never the navigation: MkDocs neither lists it nor warns.
            inclusion = (
                InclusionLevel.UNDEFINED if src_uri in NAV_PAGES else InclusionLevel.NOT_IN_NAV
            )
            file = File.generated(config, src_uri, abs_src_path=paths[src_uri], inclusion=inclusion)
            if not file.is_documentation_page():
                _link(file)
            files.append(file)
        self.edit_urls = (
            {model_page(m.id): edit_url(edit, m.entry.folder) for m in report.models}
            if (edit := source.settings.edit_base)
            else {}
        )
        # `mkdocs build -v` shows the plugin's own share of a build.
        log.debug("on_files took %.2f s in all", time.perf_counter() - started)
        return files

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        # The theme's templates, too, are compiled once per process (``make serve``).
        env.bytecode_cache = COMPILED_TEMPLATES
        return env

    # Generated pages' raw HTML blocks skip Markdown (site/rawhtml.py): taken out before
    # it runs, put back after; blocks out of the search index, after search read the page.
    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri in self.generated:
            return self.raw_html.take(page.file.src_uri, markdown)
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.raw_html.put_back(page.file.src_uri, html)

    @event_priority(-100)  # after the search plugin's
    def on_page_context(  # type: ignore[override]
        self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        if page.file.src_uri in self.generated:
            # Material's edit button opens the manifest, not a generated file.
            page.edit_url = self.edit_urls.get(page.file.src_uri)
            if page.content is not None:
                page.content = self.raw_html.put_back(
                    page.file.src_uri, page.content, after_search=True
                )
        return context

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.registry_dir))
        return server


def _link(file: File) -> None:
    """Put a generated static file (a badge, a data CSV) in the site as a hard link to its
    cached copy, which MkDocs then leaves alone (it skips copying a file onto itself). A
    new link costs a fraction of a new file, and a build has two such files per model.
    Where links are not possible (another file system), MkDocs copies the file.

    A file already there (a ``--dirty`` build) is replaced by the link, never written
    through: it may be a link to an older cached copy that an earlier site shares."""
    source, dest = file.abs_src_path, file.abs_dest_path
    assert source is not None
    try:
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        try:
            os.link(source, dest)
        except FileExistsError:
            if not os.path.samefile(source, dest):
                os.unlink(dest)
                os.link(source, dest)
    except OSError:
        pass  # MkDocs copies it (into a new file: the one there was unlinked)
