"""The project's one git wrapper: history, trend, base comparison and changed files use it."""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitMissing(Exception):
    """``git`` itself could not run (not installed); its text is the system's reason."""


def git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``git args`` in ``cwd``; a failing git is a return code, never an exception.

    Only a ``git`` that cannot run at all raises (:class:`GitMissing`).
    """
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False
        )
    except OSError as exc:
        raise GitMissing(str(exc)) from exc
