"""Benchmark: the git features of the site (model history, silent changes, trend).

Builds a synthetic registry (bench/generate.py) in a throw-away git repository, then
commits ``--commits`` weekly changes: each edits ``--touch`` models (a version bump,
recorded in ``history`` half of the time, and a new monitoring row). Then it times what
a site build adds: one ``git log`` + one ``cat-file --batch`` for every model's history
(:func:`read_history` + :func:`judge_history`), and the weekly trend, cold (empty
cache) and warm (second build). The cold trend's ratio to one ``check`` of the same
registry, both run as commands (wall and CPU time), has a goal of at most 3.

    .venv/bin/python bench/bench_git.py --n 1000 --commits 60 --touch 40
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from generate import generate
from lifecycle_report.history import judge_history
from lifecycle_report.load import load_registry
from lifecycle_report.load.git_history import locate, read_history
from lifecycle_report.trend import compliance_trend

ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str, day: date | None = None) -> None:
    env = dict(ENV)
    if day:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T12:00:00+00:00"
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def build_repo(root: Path, n: int, commits: int, touch: int, as_of: date) -> None:
    registry = root / "registry"
    generate(registry, n)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "config", "user.name", "Bench")
    git(root, "config", "user.email", "bench@example.com")
    start = as_of - timedelta(weeks=commits + 1)
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "registry", day=start)
    rng = random.Random(0)
    folders = sorted(p.name for p in (registry / "models").iterdir())
    for week in range(1, commits + 1):
        day = start + timedelta(weeks=week)
        for folder in rng.sample(folders, touch):
            manifest = registry / "models" / folder / "model.yaml"
            text = manifest.read_text("utf-8")
            bumped = re.sub(r"(?m)^version: .*$", f'version: "w{week}"', text, count=1)
            if rng.random() < 0.5 and "\nhistory:\n" in bumped:
                bumped += (
                    f'  - {{date: {day}, stage: produccion, version: "w{week}", decision: x}}\n'
                )
            manifest.write_text(bumped, "utf-8")
            csv = manifest.with_name("monitoring.csv")
            if csv.exists():
                with csv.open("a", encoding="utf-8") as out:
                    out.write(f"{day},0.8,0.05,1000,0.004,0.01,0.98\n")
        git(root, "add", "--all")
        git(root, "commit", "--quiet", "-m", f"week {week}", day=day)


def timed(action):  # noqa: ANN001, ANN201 - bench helper
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def command_seconds(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU time (user + system, with the git processes it ran) of one command."""

    def used() -> float:
        done = resource.getrusage(resource.RUSAGE_CHILDREN)
        return done.ru_utime + done.ru_stime

    start, cpu = time.perf_counter(), used()
    subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, check=False)
    return time.perf_counter() - start, used() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--commits", type=int, default=60)
    parser.add_argument("--touch", type=int, default=40)
    parser.add_argument("--weeks", type=int, default=26)
    parser.add_argument("--rounds", type=int, default=3, help="check/trend pairs for the ratio")
    args = parser.parse_args()
    as_of = date(2026, 11, 20)
    with tempfile.TemporaryDirectory(prefix="bench-git-") as tmp:
        root = Path(tmp)
        seconds, _ = timed(lambda: build_repo(root, args.n, args.commits, args.touch, as_of))
        setup = f"{args.n} models, {args.commits} commits x {args.touch} models"
        print(f"setup: {setup} ({seconds:.1f} s)")
        registry_dir = root / "registry"
        load_s, registry = timed(lambda: load_registry(registry_dir))
        checkout = locate(registry_dir)
        cache = root / "cache"
        log_s, log = timed(lambda: read_history(checkout, cache))
        warm_log_s, _ = timed(lambda: read_history(checkout, cache))
        judge_s, history = timed(lambda: judge_history(registry, checkout, log))
        silent = sum(h.silent for h in history.models.values())
        print(f"load_registry (for scale): {load_s:.2f} s")
        print(
            f"history: git log + cat-file + parse {log_s:.2f} s cold, {warm_log_s:.2f} s warm; "
            f"judge {judge_s:.3f} s; {silent} silent changes"
        )
        cold_s, cold = timed(lambda: compliance_trend(checkout, as_of, args.weeks, cache))
        warm_s, warm = timed(lambda: compliance_trend(checkout, as_of, args.weeks, cache))
        print(
            f"trend ({args.weeks} weeks): cold {cold_s:.2f} s ({cold.evaluated} evaluated), "
            f"warm {warm_s:.3f} s ({warm.evaluated} evaluated)"
        )
        # The ratio, as a user runs them: rounds alternate `lifecycle-report check` and a
        # cold `lifecycle-report trend` (no cache) on the same registry; medians.
        cli = [str(Path(sys.executable).parent / "lifecycle-report")]
        common = ["--registry", "registry", "--as-of", as_of.isoformat(), "--format", "json"]
        check = [*cli, "check", *common]
        trend = [*cli, "trend", *common, "--weeks", str(args.weeks), "--no-cache"]
        checks, trends = [], []
        for _ in range(args.rounds):
            checks.append(command_seconds(check, root))
            trends.append(command_seconds(trend, root))
        for i, kind in enumerate(("wall", "CPU")):
            check = statistics.median(c[i] for c in checks)
            trend = statistics.median(t[i] for t in trends)
            print(f"cold trend / one check, {kind}: {trend:.2f} s / {check:.2f} s = "
                  f"{trend / check:.2f} (goal <= 3)")  # fmt: skip
        shutil.rmtree(cache)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
