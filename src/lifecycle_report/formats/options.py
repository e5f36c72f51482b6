"""Options shared by the output formats."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import DEFAULT_LANGUAGE


@dataclass(frozen=True)
class FormatOptions:
    lang: str = DEFAULT_LANGUAGE
    color: bool = False
    verbose: bool = False
    #: Base URL of the published site, for links (rule pages in SARIF, for instance).
    site_url: str | None = None
