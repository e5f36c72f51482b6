"""What changed in a model's life, and when: the dates its charts mark.

A change is a ``history`` decision, a version change between two decisions, or (with
git history) a commit that modified the model's manifest. :func:`model_changes` lists
them oldest first; :func:`recent_changes` keeps those of the last days before the as-of
date (the first question in an incident: what changed lately?). Nothing here reads
files: the commits come from :class:`~lifecycle_report.history.ModelHistory`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .domain import Manifest
from .load.git_history import Commit

#: Kinds of change, in the order a day's changes are listed.
KINDS = ("decision", "version", "commit")


@dataclass(frozen=True)
class Change:
    """One dated change. ``text`` is registry data (a decision, a commit subject): it is
    escaped by whoever renders it."""

    date: date
    kind: str
    text: str
    #: ``decision``: the stage decided; ``version``: the new version; ``commit``: the sha.
    detail: str = ""


def model_changes(manifest: Manifest | None, commits: Iterable[Commit] = ()) -> list[Change]:
    """The model's decisions, version changes and manifest commits, oldest first."""
    changes: list[Change] = []
    previous: str | None = None
    for entry in manifest.history if manifest is not None else ():
        changes.append(Change(entry.date, "decision", entry.decision, entry.stage))
        if entry.version is not None and entry.version != previous:
            if previous is not None:
                changes.append(Change(entry.date, "version", previous, entry.version))
            previous = entry.version
    for commit in commits:
        try:
            day = date.fromisoformat(commit.date)
        except ValueError:
            continue
        changes.append(Change(day, "commit", commit.subject, commit.sha[:7]))
    changes.sort(key=lambda c: (c.date, KINDS.index(c.kind)))
    return changes


def recent_changes(changes: Sequence[Change], as_of: date, days: int = 14) -> list[Change]:
    """The changes of the ``days`` days up to ``as_of`` (included), newest first."""
    start = as_of - timedelta(days=days)
    return [c for c in reversed(changes) if start < c.date <= as_of]
