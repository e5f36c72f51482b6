"""The plugin's options in ``mkdocs.yml``, validated by MkDocs' own config machinery.

Read by the plugin and by ``lifecycle-report generate`` (which runs no plugin).
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from .i18n import LANGUAGES
from .trend import WEEKS

#: The plugin's name in ``mkdocs.yml`` (its entry point under MkDocs and ProperDocs).
PLUGIN_NAME = "lifecycle-report"


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
