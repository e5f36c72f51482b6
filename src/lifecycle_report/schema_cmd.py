"""``lifecycle-report schema``: the JSON Schemas the loader validates with, for editors.

The printed schema is :mod:`lifecycle_report.load.schema` itself, so what the editor
accepts and what ``check`` accepts cannot drift apart. ``--write`` keeps them as files in
the registry's ``schema/`` folder (committed, so they work from a fresh clone), the ones
the modeline of ``lifecycle-report new`` and the documented editor settings point at.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .load.schema import MODEL_SCHEMA, OWNERS_SCHEMA, POLICY_SCHEMA, SCHEMA_FILES

SCHEMAS: dict[str, dict[str, Any]] = {
    "model": MODEL_SCHEMA,
    "owners": OWNERS_SCHEMA,
    "policy": POLICY_SCHEMA,
}

#: The registry's folder of schema files, as written by ``schema --write``.
SCHEMA_DIR = "schema"


def render_schema(name: str) -> str:
    """The schema of one registry file as JSON: indented, keys sorted, deterministic."""
    return json.dumps(SCHEMAS[name], indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_file(registry: Path, name: str) -> Path:
    """Where ``schema --write`` puts the schema ``name`` of ``registry``."""
    return registry / SCHEMA_DIR / SCHEMA_FILES[name]


def write_schemas(registry: Path) -> list[tuple[Path, bool]]:
    """Write every schema into ``registry/schema/``; each path with whether it changed.

    A file already up to date is left untouched (so a pre-commit hook sees no change).
    """
    out = []
    for name in SCHEMAS:
        path = schema_file(registry, name)
        text = render_schema(name)
        changed = not path.is_file() or path.read_text("utf-8") != text
        if changed:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
        out.append((path, changed))
    return out
