"""JSON Schemas (Draft 2020-12) of the registry files.

These are the definitions the loader validates with, and what ``lifecycle-report schema``
prints for editors (``# yaml-language-server: $schema=...``), so the two cannot drift.
Rules beyond what a schema can say (an id equal to its folder, a stage matched after
Unicode normalisation) are checked in :mod:`lifecycle_report.load.manifest`.
"""

from __future__ import annotations

from typing import Any

from ..domain import SIGNALS
from ..rule_ids import RULE_IDS
from ..stages import accepted_spellings

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: ``(?!\n)$``: the end of the text. In Python's ``re`` (what the loader runs) a bare ``$``
#: also matches before a final newline, so ``"x\n"`` would pass; ECMA-262's does not,
#: and the lookahead is valid in both.
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*(?!\n)$"
PERSON_PATTERN = r"^[a-z0-9][a-z0-9._-]*(?!\n)$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(?!\n)$"
SEVERITIES = ("must", "deseable", "alerta")
#: Name of each schema's file, written by ``lifecycle-report schema --write`` into the
#: registry's ``schema/`` folder. Each schema's ``$id`` is its own file name: a relative
#: URI that resolves to wherever the file is read from, so the file has no second address.
SCHEMA_FILES = {
    "model": "model.schema.json",
    "owners": "owners.schema.json",
    "policy": "policy.schema.json",
}
ARTIFACT_KINDS = ("mlflow", "package", "container", "notebook", "other")


#: The stages in lower case, each with its accented and English spellings as alternatives
#: (``(o|ó)``: one of the letters). :data:`STAGE_PATTERN` is built from it.
_STAGE_SPELLINGS = (
    "explora(ci(o|ó)n|tion)",
    "valida(ci(o|ó)n|tion)",
    "pre-produc(ci(o|ó)n|tion)",
    "produc(ci(o|ó)n|tion)",
    "monitor(eo|ing)",
    "retir(ada|ed)",
)


def _any_case(template: str) -> str:
    """``template`` matching in any letter case: each letter becomes ``[xX]``. JSON Schema
    patterns are ECMA-262 regular expressions, which have no case-insensitive flag."""
    out = []
    for ch in template:
        lower, upper = ch.lower(), ch.upper()
        out.append(f"[{lower}{upper}]" if lower != upper else ch)
    return "".join(out)


#: Every accepted stage spelling in any letter case, surrounding blanks allowed: what the
#: loader accepts (it also normalises to NFC first). Valid in ECMA-262 (no ``\-``).
STAGE_PATTERN = r"^\s*(" + "|".join(_any_case(s) for s in _STAGE_SPELLINGS) + r")\s*$"


def _stage_names() -> list[str]:
    """The spellings editors offer and list in their message: lower case, then capitalised."""
    lower = accepted_spellings()
    return [*lower, *(s[0].upper() + s[1:] for s in lower)]


_TEXT = {"type": "string", "pattern": r"\S"}
_DATE = {"type": "string", "pattern": DATE_PATTERN, "format": "date"}
_NUMBER = {"type": "number"}
#: An editor offers and lists the ``enum`` (the first alternative); ``check``, like any
#: validator, also takes any other letter case through the pattern.
_STAGE = {
    "type": "string",
    "description": "exploracion, validacion, pre-produccion, produccion, monitoreo or retirada "
    "(accented and English forms accepted, any letter case)",
    "anyOf": [{"enum": _stage_names()}, {"pattern": STAGE_PATTERN}],
}
_URL_MAP = {"type": "object", "additionalProperties": {"type": "string"}}
#: A dotted path into a manifest (``custom.uso_previsto``, ``links.runbook``).
PATH_PATTERN = r"^[^.\s`]+(\.[^.\s`]+)*$"


#: A signal's Evidently metric: its class name, or the name with the parameters that tell
#: it from others of its class and, for a result with several values, which one.
_EVIDENTLY_METRIC: dict[str, Any] = {
    "oneOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "properties": {
                "metric": {"type": "string", "minLength": 1},
                "value_type": {"type": "string", "minLength": 1},
            },
            "required": ["metric"],
            "additionalProperties": {"type": ["string", "number", "boolean"]},
        },
    ]
}


def _obj(
    properties: dict[str, Any], required: tuple[str, ...] = (), closed: bool = True
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    if closed:
        schema["additionalProperties"] = False
    return schema


MODEL_SCHEMA: dict[str, Any] = {
    "$schema": SCHEMA_DIALECT,
    "$id": SCHEMA_FILES["model"],
    "title": "lifecycle-report model manifest (model.yaml)",
    **_obj(
        {
            "id": {
                "type": "string",
                "pattern": ID_PATTERN,
                "maxLength": 64,
                "description": "Equal to the folder name; the page URL models/<id>/.",
            },
            "name": {**_TEXT, "description": "Display name."},
            "description": {**_TEXT, "description": "One or two sentences, plain text."},
            "stage": _STAGE,
            "owner": {
                "type": "string",
                "description": "One person id from owners.yaml (a person, never a team).",
            },
            "team": {"type": "string", "description": "A team id from owners.yaml."},
            "version": {"type": ["string", "number"]},
            "tags": {"type": "array", "items": {"type": "string"}},
            "artifact": _obj({"kind": {"enum": list(ARTIFACT_KINDS)}, "uri": {"type": "string"}}),
            "tracking": {
                "type": "object",
                "properties": {
                    "mlflow": _obj(
                        {
                            "experiment": {"type": ["string", "number"]},
                            "run": {"type": ["string", "number"]},
                            "registered_model": {"type": "string"},
                        },
                        closed=False,
                    ),
                    "url": {"type": "string"},
                },
            },
            "links": {
                **_URL_MAP,
                "properties": {
                    "runbook": {"type": "string"},
                    "dashboard": {"type": "string"},
                    "repository": {"type": "string"},
                },
            },
            "history": {
                "type": "array",
                "description": "Explicit, dated decisions, oldest first.",
                "items": _obj(
                    {
                        "date": _DATE,
                        "stage": _STAGE,
                        "version": {"type": ["string", "number"]},
                        "decision": _TEXT,
                        "by": {"type": "string"},
                    },
                    required=("date", "stage", "decision"),
                ),
            },
            "validation": _obj(
                {
                    "baseline": _obj(
                        {"name": {"type": "string"}, "metric": {"type": "string"}, "value": _NUMBER}
                    ),
                    "result": _obj({"metric": {"type": "string"}, "value": _NUMBER}),
                    "by": {
                        "type": "string",
                        "description": "Who validated the model: a person id, not the owner.",
                    },
                    "date": {**_DATE, "description": "Date of the (last) validation."},
                    "next_review": {**_DATE, "description": "Date the next review is due."},
                    "report": {"type": "string", "description": "URL of the validation report."},
                },
                closed=False,
            ),
            "readiness": _obj(
                {
                    "contract": {},
                    "tests": {},
                    "review": _obj({"by": {"type": "string"}, "date": _DATE}),
                },
                closed=False,
            ),
            "monitoring": _obj(
                {
                    "summary": {"type": "string", "minLength": 1},
                    "evidently": _obj(
                        {
                            "snapshots": {"type": "string", "minLength": 1},
                            "metrics": _obj({signal: _EVIDENTLY_METRIC for signal in SIGNALS}),
                        },
                        required=("snapshots", "metrics"),
                    ),
                    "performance": _obj(
                        {
                            "metric": {"type": "string"},
                            "min": _NUMBER,
                            "not_possible": _TEXT,
                        }
                    ),
                    "drift_max": _NUMBER,
                    "error_rate_max": _NUMBER,
                    "output_range": {
                        "type": "array",
                        "items": _NUMBER,
                        "minItems": 2,
                        "maxItems": 2,
                    },
                    "max_age_days": {"type": "integer", "minimum": 0},
                }
            ),
            "rollback": _obj(
                {
                    "strategy": {"type": "string"},
                    "previous_version": {"type": ["string", "number"]},
                },
                closed=False,
            ),
            "retirement": _obj(
                {
                    "plan": {"type": "string"},
                    "date": _DATE,
                    "reason": {"type": "string"},
                    "replaced_by": {"type": "string", "pattern": ID_PATTERN},
                },
            ),
            "previous_ids": {
                "type": "array",
                "items": {"type": "string", "pattern": ID_PATTERN, "maxLength": 64},
            },
            "custom": {
                "type": "object",
                "description": "The team's own fields (any content), read by policy.yaml's "
                "custom_rules.",
            },
            "waivers": {
                "type": "array",
                "items": _obj(
                    {
                        "rule": {
                            "type": "string",
                            "pattern": ID_PATTERN,
                            "description": "A rule id: built-in ("
                            + ", ".join(RULE_IDS)
                            + ") or one of policy.yaml's custom_rules.",
                        },
                        "reason": _TEXT,
                        "approved_by": _TEXT,
                        "expires": _DATE,
                    },
                    required=("rule", "reason", "approved_by", "expires"),
                ),
            },
        },
        required=("id", "name", "description", "stage"),
    ),
}

OWNERS_SCHEMA: dict[str, Any] = {
    "$schema": SCHEMA_DIALECT,
    "$id": SCHEMA_FILES["owners"],
    "title": "lifecycle-report owner directory (owners.yaml)",
    **_obj(
        {
            "people": {
                "type": "object",
                "propertyNames": {"type": "string", "pattern": PERSON_PATTERN},
                "additionalProperties": _obj(
                    {
                        "name": _TEXT,
                        "email": {"type": "string"},
                        "team": {"type": "string"},
                        "chat": {"type": "string"},
                        "active": {"type": "boolean"},
                    },
                    required=("name",),
                ),
            },
            "teams": {
                "type": "object",
                "propertyNames": {"type": "string", "pattern": PERSON_PATTERN},
                "additionalProperties": _obj(
                    {"name": _TEXT, "channel": {"type": "string"}}, required=("name",)
                ),
            },
        }
    ),
}

_RULE_SETTING = _obj(
    {
        "severity": {"enum": list(SEVERITIES)},
        "enabled": {"type": "boolean"},
        "enforce_from": {
            **_DATE,
            "description": "Before this date a failure counts as alerta (the rule starts later).",
        },
    }
)

POLICY_SCHEMA: dict[str, Any] = {
    "$schema": SCHEMA_DIALECT,
    "$id": SCHEMA_FILES["policy"],
    "title": "lifecycle-report policy (policy.yaml)",
    **_obj(
        {
            "thresholds": _obj(
                {
                    "drift_max": _NUMBER,
                    "error_rate_max": _NUMBER,
                    "max_age_days": {"type": "integer", "minimum": 0},
                    "sustained_periods": {"type": "integer", "minimum": 1},
                    "performance_drop_ratio": {"type": "number", "exclusiveMinimum": 0},
                    "baseline_periods": {"type": "integer", "minimum": 1},
                    "error_increase_factor": {"type": "number", "exclusiveMinimum": 0},
                    "error_rate_floor": {"type": "number", "minimum": 0},
                    "review_interval_days": {"type": "integer", "minimum": 1},
                }
            ),
            "rules": {
                "type": "object",
                "description": "Per rule (built-in or custom): severity, enabled, enforce_from.",
                "propertyNames": {"type": "string", "pattern": ID_PATTERN},
                "additionalProperties": _RULE_SETTING,
                "properties": {rule_id: _RULE_SETTING for rule_id in RULE_IDS},
            },
            "custom_rules": {
                "type": "array",
                "description": "The team's own rules, evaluated after the built-in ones.",
                "items": _obj(
                    {
                        "id": {
                            "type": "string",
                            "pattern": ID_PATTERN,
                            "maxLength": 64,
                            "description": "Like a model id; never a built-in rule id.",
                        },
                        "title": _TEXT,
                        "severity": {"enum": list(SEVERITIES)},
                        "stages": {"type": "array", "items": _STAGE, "minItems": 1},
                        "require": {
                            "type": "array",
                            "items": {"type": "string", "pattern": PATH_PATTERN},
                            "minItems": 1,
                        },
                        "why": {"type": "string"},
                        "fix": {"type": "string"},
                    },
                    required=("id", "severity", "require"),
                ),
            },
        }
    ),
}
