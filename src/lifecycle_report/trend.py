"""Compliance over time: the registry as it was at past commits, evaluated at past dates.

The series has one point per week: the Sundays that end the weeks before the as-of
date, then the as-of date itself (weeks end on Sundays so that a rebuild during the
week finds all but the last point in the cache). For each point the registry is taken
from the last commit, on ``HEAD``'s first-parent line, made before the end of that day
(UTC); it is written into a temporary folder from git's objects (the first tree in
full, each later one as a diff: :mod:`lifecycle_report.load.git_snapshot`), loaded and
evaluated with that day as the as-of date, exactly as ``check`` would have done. Only
what changed since the previous point is read again: a model folder is reused by its git
tree id, owners.yaml and policy.yaml by their blob ids, so a cold trend costs about one
load of the registry plus one evaluation per point. A point's value is the MUST
compliance of production models: of the models in ``produccion`` or ``monitoreo``, how
many fail no MUST rule; it also keeps each model's status and owner (the site's feeds
of status changes read them).

Results are cached in ``<cache dir>/trend.json``, keyed by the registry's git tree at
that commit (two commits with the same registry share it), the date, and a fingerprint
of this package's code (a changed rule discards the cache). A rebuild evaluates only
the points it has not seen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from .cache import JsonCache
from .domain import ModelEntry, Registry
from .evaluate import Memo, evaluate
from .git import GitMissing, git
from .load import load_registry
from .load.git_history import NO_GIT, OK, Checkout
from .load.git_snapshot import Snapshot, scratch
from .load.registry import Reuse
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
    #: Model id -> (status, owner) at that point.
    models: dict[str, tuple[str, str | None]] = field(default_factory=dict, compare=False)

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

    @property
    def since_start(self) -> list[TrendPoint]:
        """The points from the first week the registry existed: a history shorter than
        the trend is drawn over its own weeks, not as an empty axis."""
        first = next((i for i, p in enumerate(self.points) if p.commit), len(self.points))
        return self.points[first:]


def percent(rate: float | None) -> str:
    """``67 %``; ``—`` when there was no production model to judge."""
    return "—" if rate is None else f"{int(rate * 100 + 0.5)} %"


def week_ends(as_of: date, weeks: int) -> list[date]:
    """``weeks`` dates, oldest first: the Sundays that end the weeks before, then ``as_of``."""
    offset = as_of.isoweekday() % 7
    ends = [] if offset == 0 else [as_of]
    if as_of.toordinal() - offset < 1:
        return ends  # no Sunday before 1 January of year 1
    sunday = as_of - timedelta(days=offset)
    while len(ends) < weeks:
        ends.append(sunday)
        if sunday.toordinal() <= 7:
            break  # the calendar's first week: fewer points
        sunday -= timedelta(days=7)
    return sorted(ends)


def compliance_trend(
    checkout: Checkout, as_of: date, weeks: int = WEEKS, cache_dir: Path | None = None
) -> Trend:
    """The weekly series ending at ``as_of``; ``cache_dir`` keeps results between runs."""
    if checkout.status != OK or checkout.toplevel is None or weeks < 1:
        return Trend(checkout.status, as_of, weeks, [])
    dates = week_ends(as_of, weeks)
    try:
        mainline = _mainline(checkout)
        chosen = {day: _last_before(mainline, day) for day in dates}
        trees = _trees(checkout, sorted({sha for sha in chosen.values() if sha}))
    except GitMissing:  # git stopped answering: no trend, as outside git
        return Trend(NO_GIT, as_of, weeks, [])
    store = JsonCache(cache_dir / CACHE_FILE if cache_dir else None)
    points: dict[date, TrendPoint] = {}
    todo: dict[str, list[date]] = {}
    for day in dates:
        sha = chosen[day]
        tree = trees.get(sha) if sha else None
        if sha is None or tree is None:  # before the registry's first commit
            points[day] = TrendPoint(day, None)
        elif (cached := _cached(store, tree, day, sha)) is not None:
            points[day] = cached
        else:
            todo.setdefault(tree, []).append(day)
    for tree, point in _evaluate(checkout, todo, chosen):
        models = {model: list(value) for model, value in point.models.items()}
        counts = {"production": point.production, "compliant": point.compliant}
        store.put(f"{tree}@{point.date.isoformat()}", {**counts, "models": models})
        points[point.date] = point
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
    end = datetime.combine(day, time(), tzinfo=UTC).timestamp() + 86_400  # 9999-12-31 too
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


def _cached(store: JsonCache, tree: str, day: date, sha: str) -> TrendPoint | None:
    found = store.entries.get(f"{tree}@{day.isoformat()}")
    try:
        if not found:
            return None
        models = {str(k): (str(v[0]), None if v[1] is None else str(v[1]))
                  for k, v in found["models"].items()}  # fmt: skip
        return TrendPoint(day, sha, int(found["production"]), int(found["compliant"]), models)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return None


def _evaluate(
    checkout: Checkout, todo: dict[str, list[date]], chosen: dict[date, str | None]
) -> list[tuple[str, TrendPoint]]:
    """Load each registry tree once, in date order, and evaluate it at each of its days."""
    assert checkout.toplevel is not None
    out = []
    with scratch("lifecycle-trend-") as folder:
        registries = _Registries(checkout, Snapshot(checkout.toplevel, Path(folder) / "registry"))
        memo = Memo()
        for tree, days in todo.items():
            try:
                registry = registries.at(tree)
            except GitMissing:
                break
            except Exception:  # isolation: a past commit git or the loader cannot read
                continue  # has no point; the others are still drawn
            if registry is None:
                continue
            for day in days:
                models = evaluate(registry, day, memo=memo).models
                production, compliant = must_compliance(models)
                statuses = {m.id: (m.status, m.owner) for m in models}
                point = TrendPoint(day, chosen[day], len(production), len(compliant), statuses)
                out.append((tree, point))
    return out


class _Registries:
    """The registry at successive git trees, reading again only what changed: a model
    folder is reused while its tree id stays, owners.yaml and policy.yaml while their
    blob ids do."""

    def __init__(self, checkout: Checkout, snapshot: Snapshot) -> None:
        assert checkout.toplevel is not None
        self.checkout = checkout
        self.snapshot = snapshot
        self.models: dict[tuple[str, str], ModelEntry] = {}
        self.shared: dict[tuple[str, str], Reuse] = {}

    def at(self, tree: str) -> Registry | None:
        if not self.snapshot.move_to(tree):
            return None
        top = self._ls(tree)
        folders = self._ls(top.get("models", ("", ""))[1]) if "models" in top else {}
        ids = {folder: oid for folder, (kind, oid) in folders.items() if kind == "tree"}
        owners = ("owners.yaml", top.get("owners.yaml", ("", ""))[1])
        policy = ("policy.yaml", top.get("policy.yaml", ("", ""))[1])
        reuse = Reuse(
            models={f: self.models[(f, oid)] for f, oid in ids.items() if (f, oid) in self.models},
            owners=self.shared[owners].owners if owners in self.shared else None,
            policy=self.shared[policy].policy if policy in self.shared else None,
        )
        registry = load_registry(
            self.snapshot.folder, shown_as=self.checkout.prefix or ".", reuse=reuse
        )
        kept = {
            (f, oid): self.models[(f, oid)] for f, oid in ids.items() if (f, oid) in self.models
        }
        kept.update({(f, ids[f]): e for f, e in reuse.loaded.items() if f in ids})
        self.models = kept  # only the latest tree's: points come in date order
        self.shared = {owners: reuse, policy: reuse}
        return registry

    def _ls(self, tree: str) -> dict[str, tuple[str, str]]:
        """``name -> (type, object id)`` of one tree's entries."""
        assert self.checkout.toplevel is not None
        done = git(self.checkout.toplevel, "ls-tree", "-z", tree)
        out = {}
        for item in done.stdout.decode("utf-8", "surrogateescape").split("\0"):
            meta, _, name = item.partition("\t")
            parts = meta.split()
            if len(parts) == 3 and name:
                out[name] = (parts[1], parts[2])
        return out
