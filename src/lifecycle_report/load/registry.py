"""Loading a whole registry folder into a :class:`Registry`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..domain import ModelEntry, MonitoringSeries, Owners, Policy, Registry
from ..i18n import Catalog
from ..i18n import catalog as get_catalog
from ..problems import Problem, unexpected
from ..rule_ids import RULE_IDS
from .manifest import load_manifest, summary_request, unknown_waiver_rules
from .monitoring import read_summaries
from .owners import load_owners
from .policy import load_policy
from .previous_ids import check_previous_ids
from .sources import SummaryRequest


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


Stamp = tuple[tuple[str, int, int, int], ...]


def _stamp(path: str) -> Stamp:
    """Every file under ``path`` (or ``path`` itself) with its size, modification time
    and inode: what tells a file that changed from one that did not, without reading it."""
    found = []
    try:
        stat = os.stat(path)
        if not os.path.isdir(path):
            return ((path, stat.st_size, stat.st_mtime_ns, stat.st_ino),)
        for folder, _, names in os.walk(path):
            for name in names:
                file = os.path.join(folder, name)
                stat = os.stat(file)
                found.append((file, stat.st_size, stat.st_mtime_ns, stat.st_ino))
    except OSError:
        return ()
    return tuple(sorted(found))


@dataclass
class LoadCache:
    """Loads kept between builds of one process (``make serve``), by the stamp of their
    files (:func:`_stamp`): a build after an edit reads again only the model folders and
    shared files the edit touched."""

    models: dict[str, tuple[Stamp, ModelEntry]] = field(default_factory=dict)
    owners: tuple[Stamp, tuple[Owners, list[Problem]]] | None = None
    policy: tuple[Stamp, tuple[Policy, list[Problem]]] | None = None

    def load(
        self, root: Path, catalog: Catalog | None = None, shown_as: str | None = None
    ) -> Registry:
        """:func:`load_registry`, reusing what the files' stamps say is unchanged."""
        base = os.fspath(root)
        models = os.path.join(base, "models")
        try:
            folders = sorted(os.listdir(models))
        except OSError:
            folders = []
        stamps = {f: _stamp(os.path.join(models, f)) for f in folders}
        owners_stamp = _stamp(os.path.join(base, "owners.yaml"))
        policy_stamp = _stamp(os.path.join(base, "policy.yaml"))
        reuse = Reuse(
            models={
                f: entry
                for f, (stamp, entry) in self.models.items()
                if stamps.get(f) == stamp and stamp
            },
            owners=self.owners[1] if self.owners and self.owners[0] == owners_stamp else None,
            policy=self.policy[1] if self.policy and self.policy[0] == policy_stamp else None,
        )
        registry = load_registry(root, catalog, shown_as, reuse)
        kept = {f: (stamps[f], reuse.models[f]) for f in reuse.models}
        self.models = kept | {f: (stamps[f], e) for f, e in reuse.loaded.items() if f in stamps}
        self.owners = (owners_stamp, reuse.owners) if reuse.owners else None
        self.policy = (policy_stamp, reuse.policy) if reuse.policy else None
        return registry


def _read_summaries(
    summaries: list[tuple[ModelEntry, SummaryRequest]], catalog: Catalog
) -> list[tuple[MonitoringSeries | None, list[Problem]]]:
    """Every summary read at once; if that fails unexpectedly, one at a time, so that
    only the summary at fault becomes an error naming its file."""
    try:
        return read_summaries([request for _, request in summaries], catalog)
    except Exception:
        answers: list[tuple[MonitoringSeries | None, list[Problem]]] = []
        for _, request in summaries:
            try:
                answers.extend(read_summaries([request], catalog))
            except Exception as exc:
                answers.append((None, [unexpected(request.file, exc, catalog)]))
        return answers


def _scan_models(
    models_dir: Path, shown_models: str, catalog: Catalog
) -> tuple[list[str], list[ModelEntry], list[Problem]]:
    """Folder names to load, in order; entries for the folders that cannot be loaded;
    and errors for what is not a model folder. Nothing under ``models/`` vanishes:

    * a symbolic link (to a folder, dangling or looping) or a folder whose name is not
      UTF-8 is an invalid model, named as well as it can be (U+FFFD for bad bytes);
    * a plain file or a hidden folder is an error naming it; hidden files (``.gitkeep``)
      are left alone.
    """
    if not models_dir.is_dir():
        return [], [], []
    folders: list[str] = []
    odd: list[ModelEntry] = []
    errors: list[Problem] = []
    with os.scandir(models_dir) as scan:
        found = sorted(scan, key=lambda e: e.name)
    for item in found:
        name = item.name
        shown_name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        shown = f"{shown_models}/{shown_name}"
        if name.startswith("."):
            if item.is_dir(follow_symlinks=False) or item.is_symlink():
                errors.append(Problem(shown, None, catalog("registry.hidden_folder")))
            continue
        key = None
        if item.is_symlink():
            key = "registry.symlink_folder"
        elif not item.is_dir(follow_symlinks=False):
            errors.append(Problem(shown, None, catalog("registry.not_a_folder")))
            continue
        elif shown_name != name:
            key = "registry.folder_not_utf8"
        if key is not None:
            problem = Problem(shown, None, catalog(key))
            odd.append(ModelEntry(shown_name, f"{shown}/model.yaml", None, [problem]))
        else:
            folders.append(name)
    return folders, odd, errors


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
        file = _shown(root, "owners.yaml")
        try:
            reuse.owners = load_owners(base / "owners.yaml", file, catalog)
        except Exception as exc:  # isolation: a surprise in one file is that file's error
            reuse.owners = Owners(file=file), [unexpected(file, exc, catalog)]
    if reuse.policy is None:
        file = _shown(root, "policy.yaml")
        try:
            reuse.policy = load_policy(base / "policy.yaml", file, catalog)
        except Exception as exc:
            reuse.policy = Policy(file=file), [unexpected(file, exc, catalog)]
    (owners, owner_problems), (policy, policy_problems) = reuse.owners, reuse.policy
    errors: list[Problem] = [*owner_problems, *policy_problems]

    models_dir = base / "models"
    shown_models = _shown(root, "models")
    try:
        folders, odd, odd_errors = _scan_models(models_dir, shown_models, catalog)
    except OSError as exc:
        raise RegistryRootError(
            catalog("registry.unreadable", path=str(models_dir), detail=str(exc))
        ) from exc
    if not models_dir.is_dir():
        errors.append(Problem(_shown(root, "models"), None, catalog("registry.no_models")))

    errors.extend(odd_errors)
    entries: list[ModelEntry] = list(odd)
    summaries: list[tuple[ModelEntry, SummaryRequest]] = []
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
        try:
            manifest, problems = load_manifest(path, file, folder, catalog)
        except Exception as exc:  # isolation: this model is invalid, the others load
            manifest, problems = None, [unexpected(file, exc, catalog)]
        entry = ModelEntry(folder, file, manifest, problems)
        entries.append(entry)
        reuse.loaded[folder] = entry
        if manifest is None:
            continue
        request, path_problems = summary_request(manifest, folder_path, shown_folder, catalog)
        entry.errors.extend(path_problems)
        if request is not None:
            entry.summary_file = request.file
            summaries.append((entry, request))

    answers = _read_summaries(summaries, catalog)
    for (entry, _), (series, problems) in zip(summaries, answers, strict=True):
        entry.series = series
        entry.errors.extend(problems)
    reuse.loaded = {f: replace(e, errors=list(e.errors)) for f, e in reuse.loaded.items()}
    entries.sort(key=lambda e: e.folder)
    rule_ids = (*RULE_IDS, *(spec.id for spec in policy.custom_rules))
    for entry in entries:
        entry.errors.extend(unknown_waiver_rules(entry, rule_ids, catalog))
    redirects = check_previous_ids(entries, catalog)
    return Registry(
        root=base, owners=owners, policy=policy, models=entries, errors=errors, redirects=redirects
    )
