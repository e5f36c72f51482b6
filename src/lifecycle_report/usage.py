"""What both adapters accept from people: dates and week counts, and the usage error.

``cli.py`` turns a :class:`UsageError` into exit status 2; ``plugin.py`` into a
``PluginError`` that stops the build.
"""

from __future__ import annotations

import os
import re
from datetime import date

from .i18n import DEFAULT_LANGUAGE, catalog

AS_OF_ENV = "LIFECYCLE_REPORT_AS_OF"
#: Longest trend accepted (``--weeks``, plugin ``trend_weeks``): ten years.
MAX_WEEKS = 520


class UsageError(Exception):
    """A flag, option or environment value that cannot be used."""


def parse_date(value: str) -> date:
    """A strict YYYY-MM-DD date (Python would also take week dates such as 2026-W47-5)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(value)
    return date.fromisoformat(value)


def resolve_as_of(flag: str | None, lang: str = DEFAULT_LANGUAGE) -> date:
    """The evaluation date: the flag, else ``LIFECYCLE_REPORT_AS_OF``, else today.

    A flag given empty (``--as-of ''``) is a usage error, never "today"."""
    t = catalog(lang)
    if flag is not None:
        try:
            return parse_date(flag)
        except ValueError:
            raise UsageError(t("cli.bad_as_of", value=flag)) from None
    env = os.environ.get(AS_OF_ENV, "").strip()
    if env:
        try:
            return parse_date(env)
        except ValueError:
            raise UsageError(t("cli.bad_env_as_of", value=env)) from None
    return date.today()


def parse_weeks(value: object, lang: str = DEFAULT_LANGUAGE, minimum: int = 1) -> int:
    """A number of weeks between ``minimum`` and :data:`MAX_WEEKS`, else a usage error."""
    try:
        weeks = int(str(value), 10)
    except ValueError:
        weeks = -1
    if not minimum <= weeks <= MAX_WEEKS:
        # --weeks needs at least one week; trend_weeks in mkdocs.yml may be 0 (no trend).
        key = "trend.bad_weeks" if minimum else "trend.bad_trend_weeks"
        raise UsageError(catalog(lang)(key, min=minimum, max=MAX_WEEKS, value=value))
    return weeks
