"""Rendering the site: a :class:`~lifecycle_report.report.Report` becomes a Markdown tree.

:func:`render_site` returns ``{path: content}`` for MkDocs to build, either through the
plugin (in memory) or from the files ``lifecycle-report generate`` writes. Rendering
never evaluates: it only reads the report.
"""

from .render import SiteSettings, render_site

__all__ = ["SiteSettings", "render_site"]
