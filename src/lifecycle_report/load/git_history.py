"""Reading the registry's git history: which commits touched each model folder, and how.

Loading, not judging. :func:`locate` finds the repository, the commit checked out and
whether the clone is shallow. :func:`read_history` runs **one** ``git log`` over
``models/`` for the whole registry (files and blob ids of every commit), then **one**
``git cat-file --batch`` for the manifests those commits replaced and wrote, each
parsed with the project's safe YAML reader (once: parsed blobs are cached). Outside a
repository, without commits or in a shallow clone the history is *unavailable*: a
status, never an exception.
"""

from __future__ import annotations

import json
import os
from dataclasses import astuple, dataclass, field, fields
from pathlib import Path, PurePosixPath

from ..cache import JsonCache
from ..git import GitMissing, git
from ..stages import canonical_stage
from .files import MAX_FILE_BYTES
from .yamlio import YamlError, decode, parse

#: ``Checkout.status`` values; only ``ok`` has a readable history.
OK, SHALLOW, NO_GIT, NO_COMMITS = "ok", "shallow", "no-git", "no-commits"

# Global options: no pathspec magic, no signature output in custom formats.
_GIT = ("--literal-pathspecs", "-c", "log.showSignature=false", "-c", "core.quotePath=false")
_RECORD, _FIELD = "\x1e", "\x1f"
_FORMAT = "%x1e%H%x1f%aI%x1f%an%x1f%s"
#: Parsed manifests by blob id, in the cache folder.
MANIFEST_CACHE = "git-manifests-2.json"


@dataclass(frozen=True)
class Checkout:
    """Where the registry's files come from."""

    status: str
    #: The repository's top folder (``None`` outside git).
    toplevel: Path | None = None
    #: The registry folder inside the repository, ``/``-separated, ``""`` at its root.
    prefix: str = ""
    #: Full sha of ``HEAD`` (also known in a shallow clone).
    commit: str | None = None
    #: Model folders (``models/<folder>/``) whose files differ from ``HEAD`` (modified or
    #: untracked).
    dirty_folders: frozenset[str] = frozenset()
    #: Such files outside any model folder (``owners.yaml``, ``policy.yaml``): they can
    #: change every page.
    dirty_shared: bool = False

    def path(self, *parts: str) -> str:
        """A registry path as the repository names it (``registry/models/x/model.yaml``)."""
        return str(PurePosixPath(self.prefix, *parts))

    @property
    def dirty(self) -> bool:
        """Files under the registry differ from ``HEAD`` (modified or untracked)."""
        return bool(self.dirty_folders) or self.dirty_shared

    def dirty_for(self, folder: str | None) -> bool:
        """Whether a page built from model ``folder`` (any page: ``None``) may show
        uncommitted changes. A model page stays clean while only other models change,
        so editing one manifest rewrites one page, not the whole site."""
        if folder is None:
            return self.dirty
        return self.dirty_shared or folder in self.dirty_folders


def _dirty_paths(porcelain: bytes, prefix: str) -> tuple[frozenset[str], bool]:
    """Model folders and "anything else" touched, from ``git status --porcelain -z``.

    Entries are ``XY path``; a rename or copy is followed by its source path, which
    counts too (the page of the model it left changes as well).
    """
    folders: set[str] = set()
    shared = False
    models = PurePosixPath(prefix, "models").parts if prefix else ("models",)
    fields = porcelain.split(b"\0")
    i = 0
    while i < len(fields):
        entry = fields[i]
        i += 1
        if len(entry) < 4:
            continue
        paths = [entry[3:]]
        if (entry[:1] in (b"R", b"C") or entry[1:2] in (b"R", b"C")) and i < len(fields):
            paths.append(fields[i])
            i += 1
        for raw in paths:
            # As the loader names folders (undecodable bytes kept, not replaced).
            parts = PurePosixPath(os.fsdecode(raw)).parts
            inside = parts[: len(models)] == models and len(parts) > len(models)
            # models/<folder>/<file>, or models/<folder>/ (an untracked folder); an
            # untracked models/ itself, or a file right in it, counts as shared.
            if inside and (len(parts) > len(models) + 1 or raw.endswith(b"/")):
                folders.add(parts[len(models)])
            else:
                shared = True
    return frozenset(folders), shared


@dataclass(frozen=True)
class Commit:
    sha: str
    #: Author date, ``YYYY-MM-DD`` in the author's time zone.
    date: str
    author: str
    subject: str


@dataclass(frozen=True)
class ManifestVersion:
    """What a silent-change check needs from one version of a ``model.yaml``."""

    stage: str | None
    version: str | None
    decisions: int
    owner: str | None = None
    #: The manifest's thresholds (``monitoring`` less where its summary comes from), as
    #: canonical JSON: equal text, equal thresholds.
    thresholds: str = ""


@dataclass(frozen=True)
class FolderCommit:
    """A commit that touched one model folder."""

    commit: Commit
    #: Position in ``git log`` (0 = newest): orders commits merged from several folders.
    order: int
    #: The manifest before and after the commit, when the commit modified it (both
    #: ``None`` when it did not touch ``model.yaml``, created or deleted it, or either
    #: version is not a readable mapping).
    before: ManifestVersion | None = None
    after: ManifestVersion | None = None


@dataclass
class GitLog:
    """Commits per model folder, newest first."""

    folders: dict[str, list[FolderCommit]] = field(default_factory=dict)


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def locate(registry: Path) -> Checkout:
    """The repository holding ``registry`` and the state of its checkout."""
    try:
        where = git(
            registry, "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository"
        )
        if where.returncode != 0:
            return Checkout(NO_GIT)
        top, prefix, shallow = (_text(where.stdout).split("\n") + ["", "", ""])[:3]
        head = git(registry, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
        if head.returncode != 0:
            return Checkout(NO_COMMITS, Path(top), prefix.rstrip("/"))
        status = git(
            registry,
            "--no-optional-locks",
            *_GIT,
            "status",
            "--porcelain",
            "-z",
            "--untracked-files=normal",
            "--ignore-submodules",
            "--",
            ".",
        )
    except GitMissing:
        return Checkout(NO_GIT)
    prefix = prefix.rstrip("/")
    folders, shared = _dirty_paths(status.stdout, prefix)
    return Checkout(
        SHALLOW if shallow.strip() == "true" else OK,
        Path(top),
        prefix,
        _text(head.stdout).strip(),
        dirty_folders=folders,
        dirty_shared=shared,
    )


def read_history(checkout: Checkout, cache_dir: Path | None = None) -> GitLog:
    """Every commit reachable from ``HEAD`` that touched ``models/``, grouped by folder.

    Merges are left out (their changes are the merged commits'); renames count as a
    deletion in the old folder and a creation in the new one. ``cache_dir`` keeps the
    parsed manifests between builds.
    """
    if checkout.status != OK or checkout.toplevel is None:
        return GitLog()
    models = checkout.path("models")
    try:
        done = git(
            checkout.toplevel,
            *_GIT,
            "log",
            "--no-merges",
            "--root",
            "--raw",
            "--no-abbrev",
            "--no-renames",
            "--no-color",
            "-z",
            f"--format={_FORMAT}",
            "HEAD",
            "--",
            models,
        )
    except GitMissing:
        return GitLog()
    if done.returncode != 0:
        return GitLog()
    # (folder, commit, order, (old blob, new blob) when model.yaml was modified)
    rows: list[tuple[str, Commit, int, tuple[str, str] | None]] = []
    prefix = models + "/"
    for order, record in enumerate(_text(done.stdout).split(_RECORD)[1:]):
        header, _, changes = record.partition("\0")
        fields = header.split(_FIELD)
        if len(fields) != 4 or len(fields[0]) != 40:
            continue  # a subject holding our separators: skip rather than misattribute
        sha, when, author, subject = fields
        commit = Commit(sha, when[:10], author, subject)
        touched: dict[str, tuple[str, str] | None] = {}
        for parts, paths in raw_entries(changes):
            for path in paths:
                if not path.startswith(prefix):
                    continue
                folder, _, rest = path[len(prefix) :].partition("/")
                if rest == "model.yaml" and parts[4][:1] in ("M", "T"):
                    touched[folder] = (parts[2], parts[3])
                else:
                    touched.setdefault(folder, None)
        rows.extend((folder, commit, order, blobs) for folder, blobs in touched.items())
    wanted = {blob for *_, blobs in rows if blobs for blob in blobs}
    versions = _manifest_versions(checkout.toplevel, wanted, cache_dir) if wanted else {}
    log = GitLog()
    for folder, commit, order, blobs in rows:
        before = after = None
        if blobs is not None:
            before, after = versions.get(blobs[0]), versions.get(blobs[1])
            if before is None or after is None:
                before = after = None
        log.folders.setdefault(folder, []).append(FolderCommit(commit, order, before, after))
    return log


def raw_entries(changes: str) -> list[tuple[list[str], list[str]]]:
    """``--raw -z`` lines: (``:mode mode blob blob status`` fields, the path or paths)."""
    items = changes.lstrip("\n").split("\0")
    out: list[tuple[list[str], list[str]]] = []
    i = 0
    while i < len(items):
        parts = items[i].split()
        if len(parts) != 5 or not parts[0].startswith(":"):
            i += 1
            continue
        count = 2 if parts[4][:1] in ("R", "C") else 1  # renames and copies name two paths
        out.append((parts, items[i + 1 : i + 1 + count]))
        i += 1 + count
    return out


def read_blobs(cwd: Path, blobs: list[str]) -> dict[str, bytes]:
    """The contents of ``blobs`` with one ``git cat-file --batch`` (missing ones left out)."""
    if not blobs:
        return {}
    try:
        done = git(cwd, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in blobs).encode())
    except GitMissing:
        return {}
    out: dict[str, bytes] = {}
    data, at = done.stdout, 0
    for blob in blobs:
        end = data.find(b"\n", at)
        if end < 0:
            break
        header = data[at:end].split()
        at = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # "<sha> missing"
        size = int(header[2])
        out[blob] = data[at : at + size]
        at += size + 1
    return out


def _manifest_versions(
    cwd: Path, blobs: set[str], cache_dir: Path | None
) -> dict[str, ManifestVersion]:
    """Each blob's :class:`ManifestVersion` (unreadable manifests are left out).

    Blobs never change, so what was parsed once is kept in ``git-manifests-2.json``.
    """
    store = JsonCache(cache_dir / MANIFEST_CACHE if cache_dir else None)
    missing = sorted(b for b in blobs if b not in store.entries)
    for blob, raw in read_blobs(cwd, missing).items():
        version = _manifest_version(raw)
        store.put(blob, None if version is None else list(astuple(version)))
    store.save()
    out: dict[str, ManifestVersion] = {}
    for blob in blobs:
        found = store.entries.get(blob)
        if isinstance(found, list) and len(found) == len(fields(ManifestVersion)):
            out[blob] = ManifestVersion(*found)
    return out


def _manifest_version(raw: bytes) -> ManifestVersion | None:
    if len(raw) > MAX_FILE_BYTES:
        return None
    try:
        data = parse(decode(raw))
    except YamlError:
        return None
    if not isinstance(data, dict):
        return None
    stage = data.get("stage")
    version = data.get("version")
    history = data.get("history")
    owner = data.get("owner")
    monitoring = data.get("monitoring")
    if isinstance(monitoring, dict):
        monitoring = {k: v for k, v in monitoring.items() if k not in ("summary", "evidently")}
    return ManifestVersion(
        stage=(canonical_stage(stage) or stage.strip()) if isinstance(stage, str) else None,
        version=None if version is None else str(version),
        decisions=len(history) if isinstance(history, list) else 0,
        owner=owner if isinstance(owner, str) else None,
        thresholds=json.dumps(monitoring, sort_keys=True, default=str),
    )
