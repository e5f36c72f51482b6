"""Pull-request mode: which models a git change touches (``check --changed-since REF``).

Changed files are those of ``git diff REF...HEAD`` (the branch since it left ``REF``)
plus uncommitted and untracked ones. A model is in scope when a file of its folder
changed; a change to owners.yaml or policy.yaml puts every model in scope.
"""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath

#: Registry files every model depends on.
SHARED_FILES = frozenset({"owners.yaml", "policy.yaml"})

_MESSAGES: dict[str, dict[str, str]] = {
    "es": {
        "no_git": "--changed-since necesita git, y no se pudo ejecutar: {detail}",
        "not_a_repo": "--changed-since necesita un repositorio git: «{path}» no está dentro de uno",
        "unknown_ref": (
            "git no conoce la referencia «{ref}» (¿falta un `git fetch`, o `fetch-depth: 0` "
            "en el checkout del workflow?)"
        ),
        "bad_ref": "referencia de --changed-since inválida «{ref}»",
        "diff_failed": "git no pudo comparar con «{ref}»: {detail}",
        "scope": "--changed-since {ref}: {count} de {total} modelos con cambios",
    },
    "en": {
        "no_git": "--changed-since needs git, which could not run: {detail}",
        "not_a_repo": '--changed-since needs a git repository: "{path}" is not inside one',
        "unknown_ref": (
            'git does not know the ref "{ref}" (missing `git fetch`, or `fetch-depth: 0` in '
            "the workflow's checkout?)"
        ),
        "bad_ref": 'invalid --changed-since ref "{ref}"',
        "diff_failed": 'git could not compare with "{ref}": {detail}',
        "scope": "--changed-since {ref}: {count} of {total} models changed",
    },
}


def message(lang: str, key: str, **params: object) -> str:
    return _MESSAGES.get(lang, _MESSAGES["es"])[key].format(**params)


class ChangesError(Exception):
    """The change set cannot be computed: a usage error (exit status 2)."""

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def describe(self, lang: str) -> str:
        return message(lang, self.key, **self.params)


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise ChangesError("no_git", detail=str(exc)) from exc


def _paths(output: bytes) -> list[str]:
    return [p.decode("utf-8", "surrogateescape") for p in output.split(b"\0") if p]


def changed_files(root: Path, ref: str) -> list[Path]:
    """Absolute paths changed since ``ref`` in the git repository holding ``root``."""
    if not ref or ref.startswith("-"):
        raise ChangesError("bad_ref", ref=ref)
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise ChangesError("not_a_repo", path=str(root))
    toplevel = Path(top.stdout.decode("utf-8", "surrogateescape").strip()).resolve()
    if _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise ChangesError("unknown_ref", ref=ref)
    found: set[str] = set()
    for args in (
        ("diff", "--name-only", "--no-renames", "-z", f"{ref}...HEAD"),
        ("diff", "--name-only", "--no-renames", "-z", "HEAD"),
        ("ls-files", "--others", "--exclude-standard", "-z"),
    ):
        done = _git(toplevel, *args)
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
