"""The loaded registry: typed, validated objects that rules judge and pages show.

Everything here is built by :mod:`lifecycle_report.load`; nothing here reads files.
"""

from __future__ import annotations

import datetime as dt
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
    #: ``review-current``: days from ``validation.date`` to the next review.
    review_interval_days: int = 365
    #: Manifest-only: ``monitoring.performance.min`` when it is a number.
    performance_min: float | None = None
    #: Manifest-only: ``monitoring.output_range`` when it is two finite numbers.
    output_range: tuple[float, float] | None = None

    def breaches(self, signal: str, values: np.ndarray) -> np.ndarray:
        """Which readings of ``signal`` are past its threshold, as a boolean array (the
        rules judge periods; this is what table cells and chart points show). Empty
        cells (NaN) never are."""
        low_high = self.output_range
        if signal == "performance" and self.performance_min is not None:
            return values < self.performance_min
        if signal == "input_drift":
            return values >= self.drift_max
        if signal == "error_rate" and self.error_rate_max is not None:
            return values > self.error_rate_max
        if signal == "output_min" and low_high is not None:
            return values < low_high[0]
        if signal == "output_max" and low_high is not None:
            return values > low_high[1]
        return np.zeros(values.shape, dtype=bool)

    def breached(self, signal: str, value: float | None) -> bool:
        """Whether one reading of ``signal`` is past its threshold."""
        return value is not None and bool(self.breaches(signal, np.array([value]))[0])


@dataclass(frozen=True)
class RuleSetting:
    """One entry of policy.yaml's ``rules:``. ``None`` keeps the rule's own default."""

    enabled: bool | None = None
    severity: str | None = None
    #: Before this date a failing finding counts as ``alerta`` (a rule that starts later).
    enforce_from: date | None = None
    #: The entry has errors: the rule is skipped (``not-applicable``), never guessed.
    skipped: bool = False


@dataclass(frozen=True)
class CustomRuleSpec:
    """A rule the team declared in policy.yaml's ``custom_rules`` (validated by the loader)."""

    id: str
    title: str
    severity: str
    #: Canonical stage ids; ``None`` for every stage.
    stages: frozenset[str] | None
    #: Dotted paths into the manifest that must hold a value.
    require: tuple[str, ...]
    why: str
    fix: str
    line: int | None = None


@dataclass
class Policy:
    file: str | None
    thresholds: Thresholds = field(default_factory=Thresholds)
    rules: dict[str, RuleSetting] = field(default_factory=dict)
    #: The team's own rules, in policy order (those with a wrong definition left out).
    custom_rules: list[CustomRuleSpec] = field(default_factory=list)


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


@dataclass(frozen=True)
class Performance:
    """``monitoring.performance``."""

    metric: str | None = None
    min: float | None = None
    #: Why performance cannot be monitored ("cuando sea posible"): makes it optional.
    not_possible: str | None = None


@dataclass(frozen=True)
class EvidentlySource:
    """``monitoring.evidently``: a folder of Evidently snapshots, one per period."""

    snapshots: str
    #: Signal -> the metric that gives it: ``{"metric": class name, parameter: value,
    #: "value_type": which value}`` (see ``load/summary_evidently.py``).
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Monitoring:
    """``monitoring``: where the summary is and the thresholds that override policy."""

    summary: str | None = None
    evidently: EvidentlySource | None = None
    performance: Performance | None = None
    drift_max: float | None = None
    error_rate_max: float | None = None
    #: Two finite numbers, low ≤ high (the loader refuses anything else).
    output_range: tuple[float, float] | None = None
    max_age_days: int | None = None


@dataclass(frozen=True)
class Links:
    """``links``: the contract names three; others are allowed and kept in ``extra``."""

    runbook: str | None = None
    dashboard: str | None = None
    repository: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Artifact:
    kind: str | None = None
    uri: str | None = None


@dataclass(frozen=True)
class Baseline:
    name: str | None = None
    metric: str | None = None
    value: float | None = None


@dataclass(frozen=True)
class ValidationResult:
    metric: str | None = None
    value: float | None = None


@dataclass(frozen=True)
class Validation:
    """``validation``: the comparison with a baseline and who validated, when, until when."""

    baseline: Baseline | None = None
    result: ValidationResult | None = None
    by: str | None = None
    date: dt.date | None = None
    next_review: dt.date | None = None
    report: str | None = None


@dataclass(frozen=True)
class Review:
    by: str | None = None
    date: date | None = None


@dataclass(frozen=True)
class Readiness:
    """``readiness``: pre-production evidence; ``contract`` and ``tests`` may be any value."""

    contract: Any = None
    tests: Any = None
    review: Review | None = None


@dataclass(frozen=True)
class Rollback:
    strategy: str | None = None
    previous_version: str | int | float | None = None


@dataclass(frozen=True)
class Retirement:
    plan: str | None = None
    date: date | None = None
    reason: str | None = None
    replaced_by: str | None = None


@dataclass(frozen=True)
class PreviousId:
    """An old id whose URL must keep working, and the line that lists it."""

    id: str
    line: int | None


@dataclass
class Manifest:
    """A valid ``model.yaml``, typed: field names are the contract's YAML keys.

    A block that is absent (or that the loader refused) is ``None``; one that is present
    but empty is an instance whose fields are all ``None``. ``data`` keeps the raw mapping
    with its line numbers, for :meth:`line` and for paths a team's own rules name.
    """

    id: str
    name: str
    description: str
    stage: str
    file: str
    data: Any
    owner: Any = None  # the contract wants one person id; a rule judges anything else
    team: str | None = None
    version: str | None = None
    tags: list[str] = field(default_factory=list)
    artifact: Artifact | None = None
    tracking: dict[str, Any] = field(default_factory=dict)
    links: Links = field(default_factory=Links)
    history: list[HistoryEntry] = field(default_factory=list)
    validation: Validation | None = None
    readiness: Readiness | None = None
    monitoring: Monitoring = field(default_factory=Monitoring)
    rollback: Rollback | None = None
    retirement: Retirement | None = None
    previous_ids: list[PreviousId] = field(default_factory=list)
    waivers: list[Waiver] = field(default_factory=list)
    #: The team's own fields (``custom:``), any content.
    custom: dict[str, Any] = field(default_factory=dict)

    def get(self, *path: str) -> Any:
        """The raw value at ``path`` (``None`` when any part is absent or not a mapping):
        for dotted paths named in data, such as a team's own rules; code uses the fields."""
        node = self.data
        for key in path:
            if not isinstance(node, dict) or key not in node:
                return None
            node = node[key]
        return node

    def line(self, *path: str | int) -> int | None:
        return line_of(self.data, tuple(path))


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
