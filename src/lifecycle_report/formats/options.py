"""Options shared by the output formats."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import DEFAULT_LANGUAGE


@dataclass(frozen=True)
class FormatOptions:
    #: Language of messages and rule texts (``es`` or ``en``).
    lang: str = DEFAULT_LANGUAGE
    #: Text format: ANSI colours.
    color: bool = False
    #: Text format: list passing and not-applicable findings too.
    verbose: bool = False
    #: Base URL of the published site, for links (rule pages in SARIF, for instance).
    #: ``None`` or empty: links are relative (``rules/<id>/``).
    site_url: str | None = None
