"""Loading a whole registry folder into a :class:`Registry`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..domain import ModelEntry, Owners, Policy, Registry
from ..i18n import Catalog
from ..i18n import catalog as get_catalog
from ..problems import Problem
from .manifest import load_manifest, summary_path
from .monitoring import read_summaries
from .owners import load_owners
from .policy import load_policy
from .previous_ids import check_previous_ids


class RegistryRootError(Exception):
    """The registry root itself cannot be read (a usage error, exit status 2)."""


def _shown(root_arg: str | Path, *parts: str) -> str:
    """A file path as reached from the ``--registry`` argument, with ``/`` separators."""
    return Path(root_arg, *parts).as_posix()


@dataclass
class Reuse:
    """What an earlier load of the same files gave, so that it is not read again (the
    trend loads the registry at many commits, most of it unchanged between them)."""

    #: Entries of model folders known to be unchanged, by folder.
    models: dict[str, ModelEntry] = field(default_factory=dict)
    #: owners.yaml and policy.yaml as loaded before; ``None``: read the file. After the
    #: load, what was used.
    owners: tuple[Owners, list[Problem]] | None = None
    policy: tuple[Policy, list[Problem]] | None = None
    #: Filled by the load: the entries it read, before registry-wide checks add errors.
    loaded: dict[str, ModelEntry] = field(default_factory=dict)


def load_registry(
    root: str | Path,
    catalog: Catalog | None = None,
    shown_as: str | None = None,
    reuse: Reuse | None = None,
) -> Registry:
    """Read ``root`` (owners, policy, every ``models/<id>/``). Bad files become problems.

    File names in messages start with ``shown_as`` (default: ``root`` as given). What
    ``reuse`` holds is taken as it is instead of being read.
    """
    reuse = reuse or Reuse()
    catalog = catalog or get_catalog()
    base = Path(root)
    root = shown_as if shown_as is not None else root
    if not base.is_dir():
        raise RegistryRootError(catalog("registry.not_a_directory", path=str(root)))
    if reuse.owners is None:
        reuse.owners = load_owners(base / "owners.yaml", _shown(root, "owners.yaml"), catalog)
    if reuse.policy is None:
        reuse.policy = load_policy(base / "policy.yaml", _shown(root, "policy.yaml"), catalog)
    (owners, owner_problems), (policy, policy_problems) = reuse.owners, reuse.policy
    errors: list[Problem] = [*owner_problems, *policy_problems]

    models_dir = base / "models"
    try:
        folders = (
            sorted(
                p.name for p in models_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
            )
            if models_dir.is_dir()
            else []
        )
    except OSError as exc:
        raise RegistryRootError(
            catalog("registry.unreadable", path=str(models_dir), detail=str(exc))
        ) from exc
    if not models_dir.is_dir():
        errors.append(Problem(_shown(root, "models"), None, catalog("registry.no_models")))

    entries: list[ModelEntry] = []
    summaries: list[tuple[ModelEntry, str]] = []
    shown_models = _shown(root, "models")
    models_path = os.fspath(models_dir)
    for folder in folders:
        known = reuse.models.get(folder)
        if known is not None:
            entries.append(replace(known, errors=list(known.errors)))
            continue
        shown_folder = f"{shown_models}/{folder}"
        file = f"{shown_folder}/model.yaml"
        folder_path = f"{models_path}/{folder}"
        path = f"{folder_path}/model.yaml"
        if not os.path.lexists(path):
            entries.append(
                ModelEntry(folder, file, None, [Problem(file, None, catalog("manifest.missing"))])
            )
            continue
        manifest, problems = load_manifest(path, file, folder, catalog)
        entry = ModelEntry(folder, file, manifest, problems)
        entries.append(entry)
        reuse.loaded[folder] = entry
        if manifest is None:
            continue
        csv_path, shown, path_problems = summary_path(manifest, folder_path, shown_folder, catalog)
        entry.errors.extend(path_problems)
        if csv_path is not None and shown is not None:
            entry.summary_file = shown
            summaries.append((entry, csv_path))

    answers = read_summaries([(p, e.summary_file or "") for e, p in summaries], catalog)
    for (entry, _), (series, problems) in zip(summaries, answers, strict=True):
        entry.series = series
        entry.errors.extend(problems)
    reuse.loaded = {f: replace(e, errors=list(e.errors)) for f, e in reuse.loaded.items()}
    redirects = check_previous_ids(entries, catalog)
    return Registry(
        root=base, owners=owners, policy=policy, models=entries, errors=errors, redirects=redirects
    )
