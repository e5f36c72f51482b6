"""Comparing with a base (``check --base REF``): the registry as it was at a git revision.

The base is read from git's objects into a temporary folder (as the trend reads past
commits: :mod:`lifecycle_report.load.git_snapshot`), never by touching the work tree,
then loaded and evaluated once, at the same as-of date and with the policy it had then.
A base whose files are broken still compares: its models are ``invalid`` there.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .evaluate import evaluate
from .git import GitMissing, git
from .i18n import DEFAULT_LANGUAGE, MessageError, catalog
from .load import load_registry
from .load.git_history import NO_GIT, SHALLOW, locate
from .load.git_snapshot import Snapshot, scratch
from .report import Base, Report

#: Statuses that make the exit status 1 (``--strict`` adds ``warn``).
FAILING = frozenset({"fail", "invalid"})


class BaseError(MessageError):
    """The base cannot be read: a usage error (exit status 2)."""

    prefix = "base"


def load_base(
    registry: Path, ref: str, as_of: date, lang: str = DEFAULT_LANGUAGE, shown_as: str = ""
) -> Base:
    """The registry at ``ref``, evaluated at ``as_of``; :class:`BaseError` if unreachable."""
    if not ref or ref.startswith("-") or any(c in ref for c in "\0\n"):
        raise BaseError("bad_ref", ref=ref)
    try:
        checkout = locate(registry)
        if checkout.status == NO_GIT or checkout.toplevel is None:
            raise BaseError("not_a_repo", path=shown_as or str(registry))
        found = git(checkout.toplevel, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        if found.returncode != 0:
            raise BaseError("shallow" if checkout.status == SHALLOW else "unknown_ref", ref=ref)
        commit = found.stdout.decode("ascii", "replace").strip()
        where = f"{commit}:{checkout.prefix}" if checkout.prefix else f"{commit}^{{tree}}"
        found = git(checkout.toplevel, "cat-file", "--batch-check", stdin=f"{where}\n".encode())
    except GitMissing as exc:
        raise BaseError("no_git", detail=str(exc)) from None
    tree, kind, *_ = found.stdout.decode("ascii", "replace").split() + ["", ""]
    if kind != "tree":  # the registry folder did not exist at that revision
        return Base(ref, commit, None)
    with scratch("lifecycle-base-") as folder:
        snapshot = Snapshot(checkout.toplevel, Path(folder) / "registry")
        try:
            if not snapshot.move_to(tree):
                raise BaseError("unreadable", ref=ref)
        except GitMissing as exc:
            raise BaseError("no_git", detail=str(exc)) from None
        loaded = load_registry(snapshot.folder, catalog(lang), shown_as=shown_as or ".")
        return Base(ref, commit, evaluate(loaded, as_of, lang))


def new_failures(report: Report, *, strict: bool = False) -> bool:
    """``--fail-on new``: a model failing now that did not fail at the base (a model new
    since the base counts), or owners.yaml/policy.yaml errors now and none at the base."""
    assert report.base is not None
    failing = FAILING | {"warn"} if strict else FAILING
    for model in report.models:
        if model.status in failing and report.base.status(model.id) not in failing:
            return True
    before = report.base.report
    return bool(report.shared_errors()) and not (before and before.shared_errors())
