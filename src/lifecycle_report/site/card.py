"""The incident card: what a model page shows on its first screen.

A view of a :class:`~lifecycle_report.report.ModelResult` for the ``_card.md.j2``
template: who to call (or who to turn to when there is no valid owner), the findings
failing or waived now, the latest reading of each monitored signal with its threshold,
and what changed in the last days. Rendering only: statuses come from the findings, and
whether a reading is past its threshold from :meth:`Thresholds.breached`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..domain import SIGNALS, HistoryEntry, Owners, Person, Team
from ..history import ModelHistory
from ..report import Finding, ModelResult
from ..rules.base import fmt

#: Days of "what changed lately" on the card.
RECENT_DAYS = 14
#: Finding statuses the card lists (the others are counted).
OPEN = ("fail", "waived")


@dataclass(frozen=True)
class Reading:
    """The latest value of one monitored signal."""

    signal: str
    value: float | None
    threshold: str
    breached: bool


@dataclass(frozen=True)
class Card:
    person: Person | None
    team: Team | None
    #: Why the owner cannot be called (``site.no_owner``…), ``None`` when they can.
    owner_problem: str | None
    open: list[Finding]
    passing: int
    not_applicable: int
    readings: list[Reading]
    #: Date of the latest period and its age in days (``None`` without a summary).
    data_date: date | None = None
    data_age: int | None = None
    stale: bool = False
    decisions: list[HistoryEntry] = field(default_factory=list)
    #: Commits that touched the model's folder in the last days, and how many were silent.
    commits: int = 0
    silent: int = 0
    #: Owner changes of those commits, newest first: ``(date, before, after)``.
    owner_changes: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    #: Dates of those commits that changed the thresholds, newest first.
    threshold_changes: list[str] = field(default_factory=list)


def thresholds_in_words(model: ModelResult) -> list[tuple[str, str]]:
    """Each signal with the threshold it is judged against, in words."""
    limits = model.thresholds
    if limits is None:
        return []
    low_high = limits.output_range
    words = {
        "performance": f"≥ {fmt(limits.performance_min)}"
        if limits.performance_min is not None
        else "—",
        "input_drift": f"< {fmt(limits.drift_max)}",
        "volume": "—",
        "error_rate": f"≤ {fmt(limits.error_rate_max)}"
        if limits.error_rate_max is not None
        else "—",
        "output_min": f"≥ {fmt(low_high[0])}" if low_high else "—",
        "output_max": f"≤ {fmt(low_high[1])}" if low_high else "—",
    }
    return [(signal, words[signal]) for signal in SIGNALS]


def readings(model: ModelResult) -> list[Reading]:
    """The latest value of every signal (``None`` when not monitored), flagged when past
    its threshold."""
    series, limits = model.entry.series, model.thresholds
    if series is None or not series.dates or limits is None:
        return []
    out = []
    for signal, threshold in thresholds_in_words(model):
        value = series.last(signal) if series.monitors(signal) else None
        out.append(Reading(signal, value, threshold, limits.breached(signal, value)))
    return out


def _contacts(model: ModelResult, owners: Owners) -> tuple[Person | None, Team | None, str | None]:
    """The owner (when a person), the team to turn to, and what is wrong with the owner."""
    manifest = model.entry.manifest
    owner: Any = manifest.owner if manifest else model.owner
    person = owners.people.get(owner) if isinstance(owner, str) else None
    team_id: Any = manifest.team if manifest else None
    if not isinstance(team_id, str) or team_id not in owners.teams:
        team_id = person.team if person else owner if isinstance(owner, str) else None
    team = owners.teams.get(team_id) if isinstance(team_id, str) else None
    if person is None:
        problem = "site.no_person" if owner else "site.no_owner"
    elif not person.active:
        problem = "site.inactive"
    else:
        problem = None
    return person, team, problem


def incident_card(
    model: ModelResult, owners: Owners, as_of: date, history: ModelHistory | None
) -> Card:
    person, team, problem = _contacts(model, owners)
    open_findings = [f for f in model.findings if f.status in OPEN]
    series = model.entry.series
    data_date = series.dates[-1] if series and series.dates else None
    age = (as_of - data_date).days if data_date else None
    limits = model.thresholds
    since = as_of - timedelta(days=RECENT_DAYS)
    manifest = model.entry.manifest
    decisions = [h for h in (manifest.history if manifest else []) if since < h.date <= as_of]
    window = (since.isoformat(), as_of.isoformat())
    recent = [
        row for row in (history.rows if history else []) if window[0] < row.commit.date <= window[1]
    ]
    return Card(
        person=person,
        team=team,
        owner_problem=problem,
        open=open_findings,
        passing=sum(1 for f in model.findings if f.status == "pass"),
        not_applicable=sum(1 for f in model.findings if f.status == "not-applicable"),
        readings=readings(model),
        data_date=data_date,
        data_age=age,
        stale=age is not None and limits is not None and age > limits.max_age_days,
        decisions=list(reversed(decisions)),
        commits=len(recent),
        silent=sum(1 for row in recent if row.silent),
        owner_changes=[(row.commit.date, *row.owner) for row in recent if row.owner],
        threshold_changes=[row.commit.date for row in recent if row.thresholds],
    )
