"""Narrowing a report to some models (pull-request mode) without touching the original.

Registry-level errors (owners.yaml, policy.yaml) always stay: they concern every model.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from .report import Report


def restrict(report: Report, folders: Collection[str]) -> Report:
    """A new :class:`Report` with only the models whose folder is in ``folders``."""
    kept = [m for m in report.models if m.entry.folder in folders]
    left_out = {id(p) for m in report.models if m.entry.folder not in folders for p in m.errors}
    return Report(
        as_of=report.as_of,
        models=kept,
        errors=[p for p in report.errors if id(p) not in left_out],
        registry=replace(
            report.registry,
            models=[e for e in report.registry.models if e.folder in folders],
        ),
        rules=report.rules,
    )
