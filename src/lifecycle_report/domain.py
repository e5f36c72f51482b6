"""The loaded registry: typed, validated objects that rules judge and pages show.

Everything here is built by :mod:`lifecycle_report.load`; nothing here reads files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from .positions import line_of
from .problems import Problem

#: Monitoring signal columns the contract names, in display order.
SIGNALS: tuple[str, ...] = (
    "performance",
    "input_drift",
    "volume",
    "error_rate",
    "output_min",
    "output_max",
)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str | None = None
    team: str | None = None
    chat: str | None = None
    active: bool = True
    line: int | None = None


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    channel: str | None = None
    line: int | None = None


@dataclass
class Owners:
    """The owner directory (``owners.yaml``)."""

    file: str
    people: dict[str, Person] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)


@dataclass(frozen=True)
class Thresholds:
    """Numbers the rules compare against; policy.yaml and manifests override them."""

    drift_max: float = 0.25
    error_rate_max: float | None = None
    max_age_days: int = 14
    sustained_periods: int = 3
    performance_drop_ratio: float = 0.95
    baseline_periods: int = 8
    error_increase_factor: float = 2.0
    error_rate_floor: float = 0.001
    #: Manifest-only: ``monitoring.performance.min`` when it is a number.
    performance_min: float | None = None
    #: Manifest-only: ``monitoring.output_range`` when it is two finite numbers.
    output_range: tuple[float, float] | None = None


@dataclass(frozen=True)
class RuleSetting:
    enabled: bool = True
    severity: str | None = None


@dataclass
class Policy:
    file: str | None
    thresholds: Thresholds = field(default_factory=Thresholds)
    rules: dict[str, RuleSetting] = field(default_factory=dict)


@dataclass(frozen=True)
class Waiver:
    rule: str
    reason: str
    approved_by: str
    expires: date
    line: int | None


@dataclass(frozen=True)
class HistoryEntry:
    date: date
    stage: str
    decision: str
    version: str | None = None
    by: str | None = None
    line: int | None = None


@dataclass
class MonitoringSeries:
    """A model's monitoring summary, sorted by date.

    ``values[column]`` is a float array aligned with ``dates``; an empty cell is NaN
    and never compared as a number. ``columns`` lists the signal columns in the file.
    """

    file: str
    dates: list[date]
    values: dict[str, np.ndarray]
    lines: list[int]

    def __len__(self) -> int:
        return len(self.dates)

    def monitors(self, signal: str) -> bool:
        """A column that is absent or entirely empty is not monitored."""
        column = self.values.get(signal)
        return column is not None and bool((~np.isnan(column)).any())

    def column(self, signal: str) -> np.ndarray | None:
        return self.values.get(signal)

    def last(self, signal: str) -> float | None:
        column = self.values.get(signal)
        if column is None or not len(column) or math.isnan(column[-1]):
            return None
        return float(column[-1])


@dataclass
class Manifest:
    """A valid ``model.yaml``. ``data`` keeps the raw mapping with its line numbers."""

    id: str
    name: str
    description: str
    stage: str
    file: str
    data: Any
    history: list[HistoryEntry] = field(default_factory=list)
    waivers: list[Waiver] = field(default_factory=list)

    def get(self, *path: str) -> Any:
        """The value at ``path`` (``None`` when any part is absent or not a mapping)."""
        node = self.data
        for key in path:
            if not isinstance(node, dict) or key not in node:
                return None
            node = node[key]
        return node

    def line(self, *path: str | int) -> int | None:
        return line_of(self.data, tuple(path))

    @property
    def owner(self) -> Any:
        return self.get("owner")

    @property
    def version(self) -> str | None:
        value = self.get("version")
        return None if value is None else str(value)


@dataclass
class ModelEntry:
    """One folder under ``models/``: always present in the report, even when invalid."""

    folder: str
    file: str
    manifest: Manifest | None
    errors: list[Problem] = field(default_factory=list)
    series: MonitoringSeries | None = None
    summary_file: str | None = None
    #: One of its ``previous_ids`` is a current id or is listed twice: what other folders
    #: hold decides this model's errors (set by ``check_previous_ids``).
    old_id_collides: bool = False

    @property
    def id(self) -> str:
        return self.manifest.id if self.manifest else self.folder


@dataclass
class Registry:
    root: Path
    owners: Owners
    policy: Policy
    models: list[ModelEntry]
    errors: list[Problem] = field(default_factory=list)
    #: ``previous_ids`` that lead somewhere: old id → current model id (the ambiguous
    #: and colliding ones are errors instead).
    redirects: dict[str, str] = field(default_factory=dict)

    def all_errors(self) -> list[Problem]:
        """Registry-level problems, then each model's, in folder order."""
        out = list(self.errors)
        for entry in self.models:
            out.extend(entry.errors)
        return out
