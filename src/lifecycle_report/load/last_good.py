"""The last committed version of a broken manifest that still loads.

When a ``model.yaml`` becomes invalid, its page must still say who to call and how to roll
back: the model's commits (newest first, from :mod:`.git_history`) are tried one by one,
their ``model.yaml`` read from git's objects with one ``git cat-file --batch``, until one
loads. That version is loaded beside the model's current files (its monitoring summary is
today's), with the registry's current owners and policy, in a temporary folder: the loader
and the rules see an ordinary one-model registry.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..domain import Owners, Policy, Registry
from ..i18n import Catalog
from .git_history import OK, Checkout, Commit, GitLog, read_blobs
from .git_snapshot import scratch
from .manifest import load_manifest
from .registry import Reuse, load_registry

#: Commits of one folder tried at most (each is a manifest parse).
MAX_TRIED = 20


@dataclass(frozen=True)
class LastGood:
    """The commit whose manifest loaded, and a one-model registry with that version."""

    commit: Commit
    registry: Registry


def last_good(
    checkout: Checkout,
    log: GitLog,
    registry_dir: Path,
    folder: str,
    owners: Owners,
    policy: Policy,
    catalog: Catalog,
    shown_as: str,
) -> LastGood | None:
    """The newest commit of ``models/<folder>/`` whose manifest loads, or ``None``."""
    if checkout.status != OK or checkout.toplevel is None:
        return None
    commits = [item.commit for item in log.folders.get(folder, ())][:MAX_TRIED]
    path = checkout.path("models", folder, "model.yaml")
    blobs = read_blobs(checkout.toplevel, [f"{c.sha}:{path}" for c in commits])
    with scratch("lifecycle-last-good-") as temp:
        probe = Path(temp, "model.yaml")
        file = f"{shown_as.rstrip('/')}/models/{folder}/model.yaml"
        for commit in commits:
            raw = blobs.get(f"{commit.sha}:{path}")
            if raw is None:
                continue
            probe.write_bytes(raw)
            manifest, _ = load_manifest(probe, file, folder, catalog)
            if manifest is None:
                continue
            root = Path(temp, "registry")
            target = root / "models" / folder
            shutil.copytree(registry_dir / "models" / folder, target, symlinks=True)
            (target / "model.yaml").write_bytes(raw)
            reuse = Reuse(owners=(owners, []), policy=(policy, []))
            loaded = load_registry(root, catalog, shown_as=shown_as, reuse=reuse)
            if [e.folder for e in loaded.models if e.manifest] != [folder]:
                return None
            return LastGood(commit, loaded)
    return None
