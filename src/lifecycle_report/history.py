"""Each model's git history, with silent changes marked: what the model page shows.

Judging, not reading: the commits come from :mod:`lifecycle_report.load.git_history`.
A commit is a *silent change* when it changed the manifest's ``stage`` or ``version``
without adding a ``history`` entry (the git-side twin of the ``silent-change`` rule,
which only sees the current manifest). A model's history also holds the commits of the
folders named in its ``previous_ids`` (its life before a rename).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .domain import Registry
from .load.git_history import OK, Checkout, Commit, FolderCommit, GitLog

#: Commits listed on a model page; older ones are counted, and listed only if silent.
SHOWN_COMMITS = 50


@dataclass(frozen=True)
class SilentChange:
    """What changed without a decision: ``(before, after)`` pairs, ``None`` when unchanged."""

    stage: tuple[str | None, str | None] | None
    version: tuple[str | None, str | None] | None


@dataclass(frozen=True)
class HistoryRow:
    commit: Commit
    folder: str
    silent: SilentChange | None = None
    #: ``(before, after)`` when the commit changed the manifest's owner.
    owner: tuple[str | None, str | None] | None = None
    #: Whether the commit changed the manifest's thresholds (``monitoring``).
    thresholds: bool = False


@dataclass
class ModelHistory:
    rows: list[HistoryRow] = field(default_factory=list)
    #: Older commits left off the page.
    hidden: int = 0
    silent: int = 0
    #: Every commit that modified the manifest, newest first (the charts mark them).
    manifest_commits: list[Commit] = field(default_factory=list)


@dataclass
class RegistryHistory:
    """The checkout the site was built from, and the history of every model (by id)."""

    checkout: Checkout
    models: dict[str, ModelHistory] = field(default_factory=dict)

    @property
    def available(self) -> bool:
        return self.checkout.status == OK


def silent_change(entry: FolderCommit) -> SilentChange | None:
    before, after = entry.before, entry.after
    if before is None or after is None or after.decisions > before.decisions:
        return None
    stage = (before.stage, after.stage) if before.stage != after.stage else None
    version = (before.version, after.version) if before.version != after.version else None
    return SilentChange(stage, version) if stage or version else None


def _owner_and_thresholds(
    entry: FolderCommit,
) -> tuple[tuple[str | None, str | None] | None, bool]:
    before, after = entry.before, entry.after
    if before is None or after is None:
        return None, False
    owner = (before.owner, after.owner) if before.owner != after.owner else None
    return owner, before.thresholds != after.thresholds


def judge_history(registry: Registry, checkout: Checkout, log: GitLog) -> RegistryHistory:
    """Every model's commits, newest first, silent changes marked."""
    history = RegistryHistory(checkout)
    if not history.available:
        return history
    old_folders: dict[str, list[str]] = {}
    for old, current in registry.redirects.items():
        old_folders.setdefault(current, []).append(old)
    for entry in registry.models:
        merged: dict[str, tuple[FolderCommit, str]] = {}
        for folder in (entry.folder, *old_folders.get(entry.id, ())):
            for item in log.folders.get(folder, ()):
                merged.setdefault(item.commit.sha, (item, folder))
        ordered = sorted(merged.values(), key=lambda pair: pair[0].order)
        rows = [
            HistoryRow(item.commit, folder, silent_change(item), *_owner_and_thresholds(item))
            for item, folder in ordered
        ]
        shown = rows[:SHOWN_COMMITS] + [r for r in rows[SHOWN_COMMITS:] if r.silent]
        history.models[entry.id] = ModelHistory(
            rows=shown,
            hidden=len(rows) - len(shown),
            silent=sum(1 for r in rows if r.silent),
            manifest_commits=[item.commit for item, _ in ordered if item.after is not None],
        )
    return history
