"""Schema validation whose messages name the file, the line and the field concerned."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import fastjsonschema

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

from ..i18n import Catalog
from ..positions import line_of
from ..problems import Problem
from .yamlio import YamlError, is_yaml11_bool


@dataclass(frozen=True)
class SchemaProblem:
    """A schema violation: where it is (``path`` of keys) and what it says."""

    path: tuple[Any, ...]
    problem: Problem


_VALIDATORS: dict[str, Draft202012Validator] = {}
_FAST: dict[str, Callable[[Any], Any]] = {}


def _fast(schema: dict[str, Any]) -> Callable[[Any], Any]:
    """A compiled yes/no check of the same schema (fastjsonschema): the common, valid case
    costs a fraction of jsonschema's; only invalid documents pay for detailed errors."""
    check = _FAST.get(schema["$id"])
    if check is None:
        draft7 = {**schema, "$schema": "http://json-schema.org/draft-07/schema#"}
        check = fastjsonschema.compile(draft7, formats={"date": _is_date})
        _FAST[schema["$id"]] = check
    return check


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    validator = _VALIDATORS.get(schema["$id"])
    if validator is None:
        # Imported on the first invalid document: valid ones never need it (0.04 s).
        from jsonschema import Draft202012Validator, FormatChecker

        validator = Draft202012Validator(schema, format_checker=FormatChecker(formats=("date",)))
        _VALIDATORS[schema["$id"]] = validator
    return validator


def _field(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _unknown_keys(error: ValidationError, catalog: Catalog) -> list[tuple[tuple[Any, ...], str]]:
    """One entry per unknown key; the path keeps the key as written so its line is found."""
    path = tuple(error.absolute_path)
    known = error.schema.get("properties") or {}
    extra = [k for k in error.instance if k not in known]
    return [
        ((*path, key), catalog("schema.unknown_key", field=_field((*path, str(key)))))
        for key in extra
    ]


def _non_finite(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths of ``.nan`` and ``.inf`` values: JSON Schema's ``number`` lets them through."""
    if isinstance(data, float) and not math.isfinite(data):
        yield path
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _non_finite(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _non_finite(value, (*path, i))


def _message(error: ValidationError, catalog: Catalog) -> tuple[tuple[Any, ...], str]:
    """Translate a jsonschema error into (path of the field, a catalog sentence)."""
    path = tuple(error.absolute_path)
    kind = error.validator
    if kind == "required":
        missing = str(error.message.split("'")[1]) if "'" in error.message else "?"
        return path, catalog("schema.required", field=_field((*path, missing)))
    if kind == "propertyNames" or "propertyNames" in error.schema_path:
        # The path names the key itself, so the message points at the key's own line.
        key = error.instance
        if kind == "enum":
            options = ", ".join(str(v) for v in error.validator_value)
            message = catalog("schema.bad_name", field=_field(path), key=str(key), options=options)
        else:
            message = catalog("schema.bad_key", field=_field(path), key=str(key))
        return (*path, key), message
    name = _field(path) or catalog("schema.document")
    if kind == "anyOf" and (path[-1:] == ("stage",) or path[-2:-1] == ("stages",)):
        return path, catalog("schema.stage", field=name, value=_short(error.instance))
    if kind == "type" and error.validator_value == "boolean" and is_yaml11_bool(error.instance):
        return path, catalog("schema.yaml11_bool", field=name, value=error.instance)
    if kind == "type":
        expected = error.validator_value
        names = [
            catalog(f"type.{t}") for t in (expected if isinstance(expected, list) else [expected])
        ]
        return path, catalog(
            "schema.type",
            field=name,
            expected=catalog("or").join(names),
            actual=_type_name(error.instance, catalog),
        )
    if kind == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        return path, catalog(
            "schema.enum", field=name, value=_short(error.instance), options=options
        )
    if kind in ("pattern", "format") and error.schema.get("format") == "date":
        return path, catalog("schema.date", field=name, value=_short(error.instance))
    if kind == "pattern":
        if error.validator_value == r"\S":
            return path, catalog("schema.empty", field=name)
        return path, catalog(
            "schema.pattern",
            field=name,
            value=_short(error.instance),
            pattern=error.validator_value,
        )
    if kind == "maxLength":
        return path, catalog("schema.too_long", field=name, limit=error.validator_value)
    if kind == "minLength":
        return path, catalog("schema.empty", field=name)
    if kind in ("minItems", "maxItems"):
        return path, catalog("schema.items", field=name)
    if kind in ("minimum", "exclusiveMinimum"):
        return path, catalog("schema.minimum", field=name, limit=error.validator_value)
    return path, catalog("schema.other", field=name, detail=error.message)


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _type_name(value: Any, catalog: Catalog) -> str:
    if value is None:
        return catalog("type.null")
    for python, name in (
        (bool, "boolean"),
        (int, "integer"),
        (float, "number"),
        (str, "string"),
        (list, "array"),
        (dict, "object"),
    ):
        if isinstance(value, python):
            return catalog(f"type.{name}")
    return type(value).__name__


def check_schema(
    data: Any, schema: dict[str, Any], file: str, catalog: Catalog
) -> Iterator[SchemaProblem]:
    """Every schema violation of ``data``, each with its line, in document order."""
    found = []
    messages: list[tuple[tuple[Any, ...], str]] = []
    try:
        _fast(schema)(data)
    except fastjsonschema.JsonSchemaException:
        for error in _validator(schema).iter_errors(data):
            if error.validator == "additionalProperties":
                messages.extend(_unknown_keys(error, catalog))
            else:
                messages.append(_message(error, catalog))
    # Checked even when the schema passes: JSON Schema's "number" lets .nan and .inf through.
    # The YAML reader marks documents that hold none, so most skip the walk.
    for path in _non_finite(data) if getattr(data, "non_finite", True) else ():
        messages.append(
            (path, catalog("policy.bad_value", field=_field(path) or catalog("schema.document")))
        )
    for path, message in dict.fromkeys(messages):  # a bad date fails pattern and format alike
        found.append(
            SchemaProblem(path, Problem(file, line_of(data, path) or _root_line(data), message))
        )
    found.sort(key=lambda p: (p.problem.line or 0, p.problem.message))
    yield from found


def _root_line(data: Any) -> int:
    return getattr(data, "line", 1)


def yaml_problem(exc: YamlError, file: str, catalog: Catalog) -> Problem:
    return Problem(file, exc.line, catalog(exc.message_key, **exc.params))
