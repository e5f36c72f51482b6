"""Time `lifecycle-report check` against the parsing floor on a synthetic registry.

    python bench/bench_check.py --n 10000 [--repeat 3] [--seed 0]

The registry is generated once per (n, seed, weeks, generator source) and
cached under bench/.cache/. Both measurements run in this one process, best of
`--repeat`, after one untimed warm-up of each. Progress goes to stderr; stdout
holds only the summary and the table, identical between runs apart from the
timings.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import importlib
import io
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TextIO

from floor import parse_floor
from generate import generate

BENCH_DIR = Path(__file__).resolve().parent
AS_OF = "2026-11-20"
GOAL_RATIO = 2.5


def import_cli() -> ModuleType:
    """Import lifecycle_report.cli, from the install or from the source tree."""
    src = BENCH_DIR.parent / "src"
    if src.is_dir() and str(src) not in sys.path:
        sys.path.append(str(src))  # an installed package, if any, still wins
    try:
        return importlib.import_module("lifecycle_report.cli")
    except ImportError as exc:
        raise SystemExit(
            f"bench_check: cannot import lifecycle_report.cli ({exc}); "
            "install the package first (pip install -e .)"
        ) from exc


def cached_registry(cache: Path, n: int, seed: int, weeks: int) -> Path:
    """Return a generated registry, generating it only when no cached copy exists."""
    source = (BENCH_DIR / "generate.py").read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:12]  # new generator code, new registry
    root = cache / f"n{n}-seed{seed}-weeks{weeks}-{digest}"
    if root.is_dir():
        print(f"reusing {root}", file=sys.stderr)
        return root
    partial = root.with_name(root.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    start = time.perf_counter()
    generate(partial, n, seed, weeks)
    partial.rename(root)  # only complete registries ever get the final name
    print(f"generated {root} in {time.perf_counter() - start:.2f} s", file=sys.stderr)
    return root


def run_check(cli: ModuleType, root: Path, out: TextIO) -> int:
    argv = ["check", "--registry", str(root), "--as-of", AS_OF, "--format", "json"]
    with contextlib.redirect_stdout(out):
        try:
            code = cli.main(argv)
        except SystemExit as exc:  # tolerate a main() that exits instead of returning
            code = exc.code
    if code not in (0, 1):
        raise SystemExit(f"bench_check: `check` exited with {code!r}")
    return int(code)


def timed(action: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def describe_report(text: str) -> str:
    report = json.loads(text)
    counts = ", ".join(f"{key} {value}" for key, value in report["summary"].items())
    return f"check summary: {counts}; errors {len(report['errors'])}"


@dataclass(frozen=True)
class CheckResult:
    """Best-of timings of the parse floor and of `check` on one registry."""

    n: int
    floor_s: float
    check_s: float
    summary: str  # counts from the warm-up's JSON report
    exit_code: int  # of the warm-up run (1 is expected: the registry fails on purpose)

    @property
    def ratio(self) -> float:
        return self.check_s / self.floor_s


def measure_check(cli: ModuleType, root: Path, n: int, repeat: int = 3) -> CheckResult:
    """Warm up both, then alternate floor and `check` `repeat` times; keep the best of each."""
    parse_floor(root)  # fills the OS file cache
    raw = io.BytesIO()
    captured = io.TextIOWrapper(raw, encoding="utf-8")  # has .buffer, like sys.stdout
    exit_code = run_check(cli, root, captured)  # also imports and initialises lazily
    captured.flush()
    summary = describe_report(raw.getvalue().decode("utf-8"))

    floor_times: list[float] = []
    check_times: list[float] = []
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for _ in range(max(1, repeat)):
            floor_times.append(timed(lambda: parse_floor(root)))
            check_times.append(timed(lambda: run_check(cli, root, sink)))
    return CheckResult(n, min(floor_times), min(check_times), summary, exit_code)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark `check` against the parsing floor.")
    parser.add_argument("--n", type=int, default=10_000, help="number of models")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is kept")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--weeks", type=int, default=104, help="rows per monitoring.csv")
    parser.add_argument("--cache", type=Path, default=BENCH_DIR / ".cache")
    args = parser.parse_args(argv)

    cli = import_cli()
    root = cached_registry(args.cache, args.n, args.seed, args.weeks)
    result = measure_check(cli, root, args.n, args.repeat)
    verdict = "ok" if result.ratio <= GOAL_RATIO else "over"

    print(f"{result.summary}; exit {result.exit_code}")
    print(f"{'N':>7}  {'floor s':>8}  {'check s':>8}  {'ratio':>6}  goal")
    print(
        f"{args.n:>7}  {result.floor_s:>8.3f}  {result.check_s:>8.3f}  {result.ratio:>6.2f}"
        f"  <= {GOAL_RATIO} {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
