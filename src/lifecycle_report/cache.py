"""Build caches: small JSON files in the plugin's cache folder (``.cache/lifecycle-report``).

Each file holds ``{"code": version, "entries": {...}}``. Entries are keyed by what they
were computed from (git object ids, dates), so they never go stale on their own; what
can change is the code that computed them, hence :func:`code_version`: a file written
by other code is ignored. A missing or unreadable cache is an empty one.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__


@cache
def code_version() -> str:
    """The package version and a digest of its code."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"


class JsonCache:
    """``entries`` read from ``path`` (``None``: a cache that never persists)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, Any] = {}
        self.changed = False
        if path is None:
            return
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("code") == code_version():
            entries = data.get("entries")
            if isinstance(entries, dict):
                self.entries = entries

    def put(self, key: str, value: Any) -> None:
        self.entries[key] = value
        self.changed = True

    def save(self, limit: int | None = None, age: Callable[[str], Any] | None = None) -> None:
        """Write the file if anything changed, keeping the ``limit`` newest by ``age``."""
        if self.path is None or not self.changed:
            return
        keys = sorted(self.entries, key=age) if age else list(self.entries)
        kept = keys[-limit:] if limit else keys
        data = {"code": code_version(), "entries": {k: self.entries[k] for k in sorted(kept)}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        partial.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", "utf-8")
        partial.replace(self.path)
        self.changed = False
