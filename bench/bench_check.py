"""Helpers of the `check` measure of bench/bench.py: a cached synthetic registry and
`lifecycle-report check` run in this process."""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import shutil
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import TextIO

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
