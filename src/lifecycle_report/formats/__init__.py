"""Renderings of a :class:`~lifecycle_report.report.Report` for terminals and machines.

Each format is one function ``render(report, options) -> str``; they never evaluate.
"""

from __future__ import annotations

from collections.abc import Callable

from ..report import Report
from . import github as github_format
from . import json as json_format
from . import junit as junit_format
from . import markdown as markdown_format
from . import sarif as sarif_format
from . import text as text_format
from .options import FormatOptions

Formatter = Callable[[Report, FormatOptions], str]

FORMATS: dict[str, Formatter] = {
    "text": text_format.render,
    "json": json_format.render,
    "github": github_format.render,
    "junit": junit_format.render,
    "markdown": markdown_format.render,
    "sarif": sarif_format.render,
}

__all__ = ["FORMATS", "FormatOptions", "Formatter"]
