"""The project's one git wrapper: history, trend, base comparison and changed files use it."""

from __future__ import annotations

import math
import os
import subprocess
from pathlib import Path

#: Seconds one git command may take (``$LIFECYCLE_REPORT_GIT_TIMEOUT``): a git that
#: hangs (a lock, a credential prompt, a network filesystem) is given up on.
GIT_TIMEOUT = 300.0


class GitMissing(Exception):
    """``git`` itself could not run (not installed); its text is the system's reason."""


def git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``git args`` in ``cwd``; a failing git is a return code, never an exception.

    Only a ``git`` that cannot run at all, or that does not answer within
    :func:`git_timeout`, raises (:class:`GitMissing`): callers then go on without git.
    """
    seconds = git_timeout()
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            check=False,
            timeout=seconds,
        )
    except subprocess.TimeoutExpired:
        raise GitMissing(
            f"git {args[0] if args else ''}: no answer within {seconds:g} s"
            " (LIFECYCLE_REPORT_GIT_TIMEOUT)"
        ) from None
    except OSError as exc:
        raise GitMissing(str(exc)) from exc


def git_timeout() -> float:
    """:data:`GIT_TIMEOUT`, or ``$LIFECYCLE_REPORT_GIT_TIMEOUT`` when it is a positive number."""
    try:
        seconds = float(os.environ.get("LIFECYCLE_REPORT_GIT_TIMEOUT", GIT_TIMEOUT))
    except ValueError:
        return GIT_TIMEOUT
    return seconds if seconds > 0 and math.isfinite(seconds) else GIT_TIMEOUT
