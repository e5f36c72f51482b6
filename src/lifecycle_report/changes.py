"""Pull-request mode: which models a git change touches (``check --changed-since REF``).

Changed files are those of ``git diff REF...HEAD`` (the branch since it left ``REF``)
plus uncommitted and untracked ones. A model is in scope when a file of its folder
changed; a change to owners.yaml or policy.yaml puts every model in scope.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from .git import GitMissing, git
from .i18n import MessageError, catalog

#: Registry files every model depends on.
SHARED_FILES = frozenset({"owners.yaml", "policy.yaml"})


def message(lang: str, key: str, **params: object) -> str:
    return catalog(lang)(f"changes.{key}", **params)


class ChangesError(MessageError):
    """The change set cannot be computed: a usage error (exit status 2)."""

    prefix = "changes"


def _paths(output: bytes) -> list[str]:
    return [p.decode("utf-8", "surrogateescape") for p in output.split(b"\0") if p]


def changed_files(root: Path, ref: str) -> list[Path]:
    """Absolute paths changed since ``ref`` in the git repository holding ``root``."""
    if not ref or ref.startswith("-"):
        raise ChangesError("bad_ref", ref=ref)
    try:
        return _changed_files(root, ref)
    except GitMissing as exc:
        raise ChangesError("no_git", detail=str(exc)) from exc


def _changed_files(root: Path, ref: str) -> list[Path]:
    top = git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise ChangesError("not_a_repo", path=str(root))
    toplevel = Path(top.stdout.decode("utf-8", "surrogateescape").strip()).resolve()
    if git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise ChangesError("unknown_ref", ref=ref)
    found: set[str] = set()
    for args in (
        ("diff", "--name-only", "--no-renames", "-z", f"{ref}...HEAD"),
        ("diff", "--name-only", "--no-renames", "-z", "HEAD"),
        ("ls-files", "--others", "--exclude-standard", "-z"),
    ):
        done = git(toplevel, *args)
        if done.returncode != 0:
            detail = done.stderr.decode("utf-8", "replace").strip()
            raise ChangesError("diff_failed", ref=ref, detail=detail)
        found.update(_paths(done.stdout))
    return [toplevel / p for p in sorted(found)]


def models_in_scope(root: Path, changed: list[Path], folders: list[str]) -> set[str]:
    """The model folders among ``folders`` that ``changed`` touches (all on a shared file)."""
    base = root.resolve()
    touched: set[str] = set()
    for path in changed:
        try:
            parts = PurePosixPath(path.relative_to(base).as_posix()).parts
        except ValueError:
            continue  # outside the registry
        if parts and parts[0] in SHARED_FILES and len(parts) == 1:
            return set(folders)
        if len(parts) >= 3 and parts[0] == "models":
            touched.add(parts[1])
    return touched & set(folders)
