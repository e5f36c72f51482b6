"""Real git repositories in ``tmp_path``: commits with fixed dates and a local identity."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

#: No user or system configuration leaks in (signing, hooks, default branch, aliases).
ISOLATED = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **ISOLATED, **(env or {})},
    )
    return done.stdout


class GitRepo:
    """``git init`` in ``root``; :meth:`commit` stages everything with fixed dates."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        git(root, "init", "--quiet", "--initial-branch=main")
        git(root, "config", "user.name", "Ana García")
        git(root, "config", "user.email", "ana.garcia@example.com")
        git(root, "config", "commit.gpgsign", "false")

    def commit(self, message: str, day: str, author: str | None = None) -> str:
        """Commit every change on ``day`` (YYYY-MM-DD, noon UTC); returns the full sha."""
        stamp = f"{day}T12:00:00+00:00"
        env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        if author:
            name, _, email = author.partition(" <")
            env.update(GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email.rstrip(">"))
        git(self.root, "add", "--all")
        git(self.root, "commit", "--quiet", "-m", message, env=env)
        return self.head()

    def head(self) -> str:
        return git(self.root, "rev-parse", "HEAD").strip()

    def shallow_clone(self, dest: Path) -> Path:
        git(dest.parent, "clone", "--quiet", "--depth", "1", self.root.as_uri(), str(dest))
        return dest
