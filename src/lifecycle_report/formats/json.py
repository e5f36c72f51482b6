"""The contract's JSON report."""

from __future__ import annotations

import json

from ..report import Report
from .options import FormatOptions


def render(report: Report, options: FormatOptions) -> str:
    """One object per line for models and errors: readable, diffable, and written by the
    C encoder (``indent=`` would switch to the pure-Python one, 5x slower)."""
    data = report.to_dict()
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    models = ",\n    ".join(dumps(m) for m in data["models"])
    errors = ",\n    ".join(dumps(e) for e in data["errors"])
    base = f'  "base": {dumps(data["base"])},\n' if "base" in data else ""
    removed = f'  "removed": {dumps(data["removed"])},\n' if "removed" in data else ""
    return (
        "{\n"
        f'  "as_of": {dumps(data["as_of"])},\n'
        f"{base}"
        f'  "summary": {dumps(data["summary"])},\n'
        f'  "models": [' + (f"\n    {models}\n  " if models else "") + "],\n"
        f"{removed}"
        '  "errors": [' + (f"\n    {errors}\n  " if errors else "") + "]\n"
        "}\n"
    )
