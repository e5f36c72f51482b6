"""The registry as it was at past git trees, written into one folder that the loader reads.

No ``git worktree`` and no checkout: the first tree's files are listed with
``git ls-tree`` and read with one ``git cat-file --batch``; each later tree is reached by
applying ``git diff-tree`` to the folder, so successive weeks of a large registry cost
the files that changed, not the whole registry. Symbolic links become links to nowhere
(the loader refuses links whatever they point at) and paths that would leave the folder
are skipped.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from ..git import git
from .git_history import raw_entries, read_blobs

_SYMLINK, _GITLINK = "120000", "160000"
#: A memory-backed folder (Linux), and the room it must have left to be used.
_RAM, _RAM_ROOM = "/dev/shm", 1 << 30


def scratch(prefix: str) -> tempfile.TemporaryDirectory[str]:
    """A temporary folder for registries written from git.

    A snapshot is thousands of small files written, read once and deleted: in memory
    (``/dev/shm``) when the machine has one with room to spare, since creating files
    costs far more on some disks (ext4 here: a cold trend spent more time creating
    files than evaluating); else, or when ``TMPDIR`` (``TEMP``, ``TMP``) says where, the
    usual folder.
    """
    ram = None
    chosen = any(os.environ.get(name) for name in ("TMPDIR", "TEMP", "TMP"))
    if not chosen and os.path.isdir(_RAM) and os.access(_RAM, os.W_OK):
        try:
            stat = os.statvfs(_RAM)
            ram = _RAM if stat.f_bavail * stat.f_frsize >= _RAM_ROOM else None
        except OSError:
            pass
    return tempfile.TemporaryDirectory(prefix=prefix, dir=ram)


class Snapshot:
    """``folder`` holds the registry at :attr:`tree` after :meth:`move_to`."""

    def __init__(self, repository: Path, folder: Path) -> None:
        self.repository = repository
        self.folder = folder
        self.tree: str | None = None

    def move_to(self, tree: str) -> bool:
        """Make ``folder`` hold ``tree``; ``False`` (folder left empty) when that fails."""
        if self.tree is not None:
            try:
                if self._apply(self._diff(self.tree, tree)):
                    self.tree = tree
                    return True
            except OSError:
                pass  # a file where a folder was, say: start again from an empty folder
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            self.tree = tree if self._apply(self._listing(tree)) else None
        except OSError:
            self.tree = None
        return self.tree is not None

    def _apply(self, changes: list[tuple[str, str, str]] | None) -> bool:
        if changes is None:
            return False
        blobs = read_blobs(
            self.repository,
            sorted({blob for _, mode, blob in changes if mode != _GITLINK and blob}),
        )
        made: set[Path] = set()  # folders known to exist: one mkdir per folder, not per file
        for path, mode, blob in changes:
            target = self._inside(path)
            if target is None:
                continue
            # A file that stays a file is rewritten in place: a new file where one was
            # just deleted costs many times more on some file systems. Anything else
            # (deleted, a link, a submodule, a blob git did not give) leaves no file.
            rewrite = mode not in (_SYMLINK, _GITLINK) and blob in blobs
            if target.is_symlink() or (target.is_file() and not rewrite):
                target.unlink()
            if not blob:
                made.clear()  # the folder may go with its last file
                self._prune(target.parent)
            elif mode == _SYMLINK or rewrite:
                if target.parent not in made:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    made.add(target.parent)
                if mode == _SYMLINK:
                    target.symlink_to("symlink-from-git")
                else:
                    target.write_bytes(blobs[blob])
        return True

    def _listing(self, tree: str) -> list[tuple[str, str, str]] | None:
        """Every file of ``tree``: (path, mode, blob)."""
        done = git(self.repository, "ls-tree", "-r", "-z", "--full-tree", tree)
        if done.returncode != 0:
            return None
        out = []
        for item in done.stdout.decode("utf-8", "surrogateescape").split("\0"):
            meta, _, path = item.partition("\t")
            parts = meta.split()
            if len(parts) == 3 and path:
                out.append((path, parts[0], parts[2]))
        return out

    def _diff(self, old: str, new: str) -> list[tuple[str, str, str]] | None:
        """What changed from ``old`` to ``new``: (path, new mode, new blob or "" if deleted)."""
        done = git(self.repository, "diff-tree", "-r", "-z", "--raw", "--no-abbrev",
                   "--no-renames", old, new)  # fmt: skip
        if done.returncode != 0:
            return None
        out = []
        for parts, paths in raw_entries(done.stdout.decode("utf-8", "surrogateescape")):
            deleted = parts[4].startswith("D")
            out.append((paths[0], parts[1], "" if deleted else parts[3]))
        return out

    def _inside(self, path: str) -> Path | None:
        parts = PurePosixPath(path).parts
        if not parts or path.startswith("/") or any(p in ("", ".", "..") for p in parts):
            return None
        return self.folder.joinpath(*parts)

    def _prune(self, folder: Path) -> None:
        """Remove ``folder`` and its parents while empty (a deleted model leaves no folder)."""
        while folder != self.folder and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
