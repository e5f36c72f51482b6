"""Writing a rendered tree to disk, touching only files whose content changed."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path


def sync_tree(
    root: Path,
    tree: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]],
    prune: bool = True,
    written: dict[str, str | bytes] | None = None,
) -> dict[str, str]:
    """Make ``root`` hold exactly ``tree``; unchanged files are not touched.

    ``tree`` is a mapping or, so that a big site is never held in memory at once, an
    iterable of ``(path, content)`` pairs consumed one by one. Returns the path of every
    file (``root`` joined with its relative path). With ``prune``, files under ``root``
    that are not in ``tree`` (a deleted model, say) are removed. Paths are handled as
    strings: a site has thousands of files, and ``pathlib`` cost more than the reads.

    ``written`` (``make serve``, one process) maps each file to what an earlier call
    wrote there, and is kept up to date: once it holds something, files are compared
    with it rather than read back, and pruned by it rather than by a walk of ``root``.
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
        if known is not None and relative in known:
            before = known.pop(relative)
            unchanged = before is content or before == content
        else:
            data = content.encode("utf-8") if isinstance(content, str) else content
            try:
                with open(path, "rb") as handle:
                    unchanged = handle.read() == data
            except OSError:
                unchanged = False
        if written is not None:
            written[relative] = content
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
