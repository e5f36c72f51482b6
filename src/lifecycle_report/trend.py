"""Compliance over time: the registry as it was at past commits, evaluated at past dates.

The series has one point per week: the Sundays that end the weeks before the as-of
date, then the as-of date itself (weeks end on Sundays so that a rebuild during the
week finds all but the last point in the cache). For each point the registry is taken
from the last commit, on ``HEAD``'s first-parent line, made before the end of that day
(UTC); it is written into a temporary folder from git's objects (the first tree in
full, each later one as a diff: :mod:`lifecycle_report.load.git_snapshot`), loaded and
evaluated with that day as the as-of date, exactly as ``check`` would have done. A
point's value is the MUST compliance of production models: of the models in
``produccion`` or ``monitoreo``, how many fail no MUST rule.

Results are cached in ``<cache dir>/trend.json``, keyed by the registry's git tree at
that commit (two commits with the same registry share it), the date, and a fingerprint
of this package's code (a changed rule discards the cache). A rebuild evaluates only
the points it has not seen.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from .cache import JsonCache
from .changes import ChangesError, git
from .evaluate import evaluate
from .load import load_registry
from .load.git_history import OK, Checkout
from .load.git_snapshot import Snapshot
from .report import must_compliance

#: Points in the series unless configured (plugin ``trend_weeks``, CLI ``--weeks``).
WEEKS = 26
CACHE_FILE = "trend.json"
#: Cached points kept at most (the oldest dates go first).
CACHE_LIMIT = 5000


@dataclass(frozen=True)
class TrendPoint:
    date: date
    #: The commit whose registry was evaluated; ``None`` before the registry existed.
    commit: str | None
    production: int = 0
    compliant: int = 0

    @property
    def rate(self) -> float | None:
        return self.compliant / self.production if self.production else None


@dataclass
class Trend:
    #: A :class:`~lifecycle_report.load.git_history.Checkout` status; points only if ``ok``.
    status: str
    as_of: date
    weeks: int
    points: list[TrendPoint]
    #: Points evaluated in this run; the others came from the cache.
    evaluated: int = 0

    @property
    def available(self) -> bool:
        return self.status == OK


def week_ends(as_of: date, weeks: int) -> list[date]:
    """``weeks`` dates, oldest first: the Sundays that end the weeks before, then ``as_of``."""
    sunday = as_of - timedelta(days=as_of.isoweekday() % 7)
    ends = [] if sunday == as_of else [as_of]
    while len(ends) < weeks:
        ends.append(sunday)
        sunday -= timedelta(days=7)
    return sorted(ends)


def compliance_trend(
    checkout: Checkout, as_of: date, weeks: int = WEEKS, cache_dir: Path | None = None
) -> Trend:
    """The weekly series ending at ``as_of``; ``cache_dir`` keeps results between runs."""
    if checkout.status != OK or checkout.toplevel is None or weeks < 1:
        return Trend(checkout.status, as_of, weeks, [])
    dates = week_ends(as_of, weeks)
    mainline = _mainline(checkout)
    chosen = {day: _last_before(mainline, day) for day in dates}
    trees = _trees(checkout, sorted({sha for sha in chosen.values() if sha}))
    store = JsonCache(cache_dir / CACHE_FILE if cache_dir else None)
    points: dict[date, TrendPoint] = {}
    todo: dict[str, list[date]] = {}
    for day in dates:
        sha = chosen[day]
        tree = trees.get(sha) if sha else None
        if tree is None:  # before the registry's first commit
            points[day] = TrendPoint(day, None)
        elif (counts := _cached(store, tree, day)) is not None:
            points[day] = TrendPoint(day, sha, *counts)
        else:
            todo.setdefault(tree, []).append(day)
    for tree, day, counts in _evaluate(checkout, todo):
        store.put(f"{tree}@{day.isoformat()}", {"production": counts[0], "compliant": counts[1]})
        points[day] = TrendPoint(day, chosen[day], *counts)
    for days in todo.values():  # a tree git could not produce: no value
        for day in days:
            points.setdefault(day, TrendPoint(day, chosen[day]))
    store.save(CACHE_LIMIT, age=lambda key: (key.rpartition("@")[2], key))
    evaluated = sum(len(days) for days in todo.values())
    return Trend(OK, as_of, weeks, [points[day] for day in dates], evaluated)


def _mainline(checkout: Checkout) -> list[tuple[str, int]]:
    """``(sha, commit time)`` of first-parent commits that changed the registry, newest first."""
    assert checkout.toplevel is not None
    paths = ("--", checkout.prefix) if checkout.prefix else ()
    done = git(
        checkout.toplevel,
        "--literal-pathspecs",
        "log",
        "--first-parent",
        "--format=%H %ct",
        "HEAD",
        *paths,
    )
    out = []
    for line in done.stdout.decode("ascii", "replace").splitlines():
        sha, _, when = line.partition(" ")
        if len(sha) == 40 and when.isdigit():
            out.append((sha, int(when)))
    return out


def _last_before(mainline: list[tuple[str, int]], day: date) -> str | None:
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=UTC).timestamp()
    return next((sha for sha, when in mainline if when < end), None)


def _trees(checkout: Checkout, commits: list[str]) -> dict[str, str]:
    """The registry's tree id at each commit (left out where it did not exist)."""
    assert checkout.toplevel is not None
    if not commits:
        return {}
    suffix = f":{checkout.prefix}" if checkout.prefix else "^{tree}"
    done = git(
        checkout.toplevel,
        "cat-file",
        "--batch-check",
        stdin="".join(f"{sha}{suffix}\n" for sha in commits).encode(),
    )
    out = {}
    for sha, line in zip(
        commits, done.stdout.decode("ascii", "replace").splitlines(), strict=False
    ):
        parts = line.split()
        if len(parts) == 3 and parts[1] == "tree":
            out[sha] = parts[0]
    return out


def _cached(store: JsonCache, tree: str, day: date) -> tuple[int, int] | None:
    found = store.entries.get(f"{tree}@{day.isoformat()}")
    try:
        return (int(found["production"]), int(found["compliant"])) if found else None
    except (KeyError, TypeError, ValueError):
        return None


def _evaluate(
    checkout: Checkout, todo: dict[str, list[date]]
) -> list[tuple[str, date, tuple[int, int]]]:
    """Load each registry tree once, in date order, and evaluate it at each of its days."""
    assert checkout.toplevel is not None
    out = []
    with tempfile.TemporaryDirectory(prefix="lifecycle-trend-") as folder:
        snapshot = Snapshot(checkout.toplevel, Path(folder) / "registry")
        for tree, days in todo.items():
            try:
                if not snapshot.move_to(tree):
                    continue
            except ChangesError:
                break
            registry = load_registry(snapshot.folder, shown_as=checkout.prefix or ".")
            for day in days:
                production, compliant = must_compliance(evaluate(registry, day).models)
                out.append((tree, day, (len(production), len(compliant))))
    return out
