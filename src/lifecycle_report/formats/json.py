"""The contract's JSON report."""

from __future__ import annotations

import json

from ..report import Report
from .options import FormatOptions


def render(report: Report, options: FormatOptions) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
