"""``lifecycle-report schema``: the JSON Schemas the loader validates with, for editors.

The printed schema is :mod:`lifecycle_report.load.schema` itself, so what the editor
accepts and what ``check`` accepts cannot drift apart.
"""

from __future__ import annotations

import json
from typing import Any

from .load.schema import MODEL_SCHEMA, OWNERS_SCHEMA, POLICY_SCHEMA

SCHEMAS: dict[str, dict[str, Any]] = {
    "model": MODEL_SCHEMA,
    "owners": OWNERS_SCHEMA,
    "policy": POLICY_SCHEMA,
}


def render_schema(name: str) -> str:
    """The schema of one registry file as JSON: indented, keys sorted, deterministic."""
    return json.dumps(SCHEMAS[name], indent=2, sort_keys=True, ensure_ascii=False) + "\n"
