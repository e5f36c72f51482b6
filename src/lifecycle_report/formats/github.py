"""GitHub Actions workflow commands: one annotation per failing finding or loader error.

``::error`` for ``must`` failures and loader errors, ``::warning`` for ``deseable`` and
``alerta`` failures (and ``must`` ones before their rule's ``enforce_from``), ``::notice``
for waived findings (shown, never hidden). Each points at the YAML line of the field
concerned, line 1 when the field is absent.
"""

from __future__ import annotations

import re

from ..i18n import catalog
from ..report import Report
from .ci import LOAD_ERROR, line_or_first, load_errors
from .options import FormatOptions
from .text import summary_line

#: Control characters other than the line breaks the runner's escapes keep.
_CONTROL = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_KIND_BY_SEVERITY = {"must": "error", "deseable": "warning", "alerta": "warning"}


def escape_data(text: str) -> str:
    """Escape a command's message, as the Actions runner expects; other control
    characters (terminal sequences) are shown as U+FFFD."""
    text = _CONTROL.sub("\ufffd", text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``...): data escapes plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, *, file: str, line: int | None, title: str) -> str:
    """One workflow command line, e.g. ``::error file=a.yaml,line=3,title=rule::text``."""
    properties = ",".join(
        f"{name}={escape_property(value)}"
        for name, value in (("file", file), ("line", str(line_or_first(line))), ("title", title))
    )
    return f"::{kind} {properties}::{escape_data(message)}"


def render(report: Report, options: FormatOptions) -> str:
    t = catalog(options.lang)
    lines: list[str] = []
    for model, problem in load_errors(report):
        prefix = f"{model.id}: " if model is not None else ""
        lines.append(
            command(
                "error",
                prefix + problem.message,
                file=problem.file,
                line=problem.line,
                title=LOAD_ERROR,
            )
        )
    for model in report.models:
        for finding in model.findings:
            if finding.status == "fail":
                kind = _KIND_BY_SEVERITY.get(finding.counts_as, "warning")
            elif finding.status == "waived":
                kind = "notice"
            else:
                continue
            message = f"{model.id} ({t('severity.' + finding.severity)}): {finding.message}"
            lines.append(
                command(kind, message, file=finding.file, line=finding.line, title=finding.rule)
            )
    lines.append(summary_line(report, t))
    return "\n".join(lines) + "\n"
