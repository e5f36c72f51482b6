"""Writing a rendered tree to disk, touching only files whose content changed."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path


def sync_tree(
    root: Path,
    tree: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]],
    prune: bool = True,
) -> dict[str, Path]:
    """Make ``root`` hold exactly ``tree``; unchanged files keep their mtime.

    ``tree`` is a mapping or, so that a big site is never held in memory at once, an
    iterable of ``(path, content)`` pairs consumed one by one. Returns the absolute path
    of every file. With ``prune``, files under ``root`` that are not in ``tree`` (a
    deleted model, say) are removed.
    """
    paths: dict[str, Path] = {}
    items = tree.items() if isinstance(tree, Mapping) else tree
    for relative, content in items:
        path = root / relative
        data = content.encode("utf-8") if isinstance(content, str) else content
        try:
            unchanged = path.read_bytes() == data
        except OSError:
            unchanged = False
        if not unchanged:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        paths[relative] = path
    if prune and root.is_dir():
        wanted = {os.path.normpath(path) for path in paths.values()}
        for folder, _, names in os.walk(root, topdown=False):
            for name in names:
                file = os.path.join(folder, name)
                if os.path.normpath(file) not in wanted:
                    os.unlink(file)
            if folder != str(root) and not os.listdir(folder):
                os.rmdir(folder)
    return paths
