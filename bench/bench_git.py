"""A synthetic registry with a git history, for the trend measure of bench/bench.py.

:func:`build_repo` commits a registry (bench/generate.py), then ``commits`` weekly changes:
each edits ``touch`` models (a version bump, recorded in ``history`` half of the time, and a
new monitoring row).
"""

from __future__ import annotations

import os
import random
import re
import subprocess
from datetime import date, timedelta
from pathlib import Path

from generate import generate

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
