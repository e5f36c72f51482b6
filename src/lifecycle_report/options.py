"""The plugin's options in ``mkdocs.yml``, validated by MkDocs' own config machinery.

Read by the plugin and by ``lifecycle-report generate`` (which runs no plugin); both turn
them into a :class:`~lifecycle_report.pipeline.SiteSource` with :func:`site_source`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from .i18n import LANGUAGES
from .pipeline import SiteSource
from .site import SiteSettings
from .site.project import edit_base
from .trend import WEEKS

#: The plugin's name in ``mkdocs.yml`` (its entry point under MkDocs and ProperDocs).
PLUGIN_NAME = "lifecycle-report"


class LifecycleReportConfig(base.Config):
    registry = c.Type(str, default="registry")
    """The registry folder, relative to ``mkdocs.yml``."""
    as_of = c.Optional(c.Type((str, date)))
    """Evaluation date YYYY-MM-DD (quoted or not); else ``$LIFECYCLE_REPORT_AS_OF``; else today."""
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
    chat_url = c.Optional(c.Type(str))
    """Link for chat handles and team channels: ``{}`` is the handle without ``@``/``#``."""


#: Where a theme folder (a site's ``custom_dir``) keeps page templates that replace ours.
TEMPLATES = "lifecycle-report"


def site_source(options: LifecycleReportConfig, config: MkDocsConfig, as_of: date) -> SiteSource:
    """What the site is built from, given the plugin's options and MkDocs' settings: the
    one place both the plugin and ``generate`` take it from."""
    root = Path(config.config_file_path or ".").parent
    settings = SiteSettings(
        lang=options.language,
        chapter=options.chapter,
        edit_base=options.edit_uri
        or edit_base(options.registry, config.repo_url, config.edit_uri, config.docs_dir),
        registry_label=options.registry,
        repo_url=config.repo_url,
        directory_urls=config.use_directory_urls,
        chat_url=options.chat_url,
        site_url=config.site_url,
        template_dirs=tuple(str(Path(folder, TEMPLATES)) for folder in config.theme.dirs),
    )
    return SiteSource(
        (root / options.registry).resolve(),
        (root / options.cache_dir).resolve(),
        as_of,
        settings,
        options.trend_weeks,
    )
