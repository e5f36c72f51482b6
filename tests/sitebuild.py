"""Helpers to build the real site (``mkdocs build``) of a project copied into tmp_path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-20"


def copy_project(dest: Path, registry: Path | None = None) -> Path:
    """A copy of the bundled mkdocs.yml and docs/, with the example (or given) registry."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "docs", dest / "docs")
    shutil.copytree(registry or REPO / "registry", dest / "registry")
    return dest


def mkdocs_build(
    project: Path, *extra: str, site: str = "site", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real ``mkdocs build`` in ``project``; returns the finished process."""
    environment = {**os.environ, "LIFECYCLE_REPORT_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"}
    environment.pop("SOURCE_DATE_EPOCH", None)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", site, *extra],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def all_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
