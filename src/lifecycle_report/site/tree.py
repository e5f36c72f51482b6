"""Writing a rendered tree to disk, touching only files whose content changed."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

#: What :func:`sync_tree` wrote, by relative path: the content and the file's identity
#: (inode, size, modification time) just after.
Written = dict[str, tuple[str | bytes, tuple[int, int, int]]]


def _identity(path: str) -> tuple[int, int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def sync_tree(
    root: Path,
    tree: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]],
    prune: bool = True,
    written: Written | None = None,
) -> dict[str, str]:
    """Make ``root`` hold exactly ``tree``; unchanged files are not touched.

    ``tree`` is a mapping or, so that a big site is never held in memory at once, an
    iterable of ``(path, content)`` pairs consumed one by one. Returns the path of every
    file (``root`` joined with its relative path). With ``prune``, files under ``root``
    that are not in ``tree`` (a deleted model, say) are removed. Paths are handled as
    strings: a site has thousands of files, and ``pathlib`` cost more than the reads.

    ``written`` (``make serve``, one process) is what earlier calls wrote, kept up to
    date: a file still as it was written (same inode, size and time) is compared with
    that in memory rather than read back, and files are pruned by it rather than by a
    walk of ``root``. A file changed or removed behind its back is read or written again.
    """
    base = os.fspath(root)
    paths: dict[str, str] = {}
    folders: set[str] = set()
    known = dict(written) if written else None
    items = tree.items() if isinstance(tree, Mapping) else tree
    for relative, content in items:
        path = os.path.join(base, relative)
        paths[relative] = path
        data = None
        before = known.pop(relative, None) if known is not None else None
        identity = None
        if before is not None and (identity := _identity(path)) == before[1]:
            unchanged = before[0] is content or before[0] == content
        else:
            data = content.encode("utf-8") if isinstance(content, str) else content
            try:
                with open(path, "rb") as handle:
                    unchanged = handle.read() == data
            except OSError:
                unchanged = False
        if not unchanged:
            if data is None:
                data = content.encode("utf-8") if isinstance(content, str) else content
            folder = os.path.dirname(path)
            if folder not in folders:
                os.makedirs(folder or ".", exist_ok=True)
                folders.add(folder)
            # A new file replaces the old one, never rewrites it in place: a site that
            # links to the old one (the plugin's badges and CSVs) keeps what it showed.
            partial = path + ".partial"
            with open(partial, "wb") as handle:
                handle.write(data)
            os.replace(partial, path)
            identity = None
        if written is not None:  # only once the file holds it
            identity = identity or _identity(path)
            if identity is not None:
                written[relative] = (content, identity)
    if prune and known is not None and written is not None:
        for relative in known:  # written before, not in this tree
            del written[relative]
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(base, relative))
    elif prune and os.path.isdir(base):
        wanted = {os.path.normpath(path) for path in paths.values()}
        for folder, _, names in os.walk(base, topdown=False):
            for name in names:
                file = os.path.join(folder, name)
                if os.path.normpath(file) not in wanted:
                    os.unlink(file)
            if os.path.normpath(folder) != os.path.normpath(base) and not os.listdir(folder):
                os.rmdir(folder)
    return paths
