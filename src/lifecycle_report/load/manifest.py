"""Loading one ``model.yaml`` into a :class:`Manifest`, or into problems.

A manifest is *invalid* (the model gets status ``invalid``) when the contract says so:
not a YAML mapping, duplicate or unknown top-level keys, a missing or empty ``id``,
``name``, ``description`` or ``stage``, an id that fails the pattern or differs from the
folder, an unknown stage, a malformed ``history`` entry or waiver. Any other schema
violation (a wrongly typed optional field) is reported as an error and the field is
ignored, so the model is still evaluated.
"""

from __future__ import annotations

import math
import os
import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import Any

from ..domain import (
    Artifact,
    Baseline,
    EvidentlySource,
    HistoryEntry,
    Links,
    Manifest,
    ModelEntry,
    Monitoring,
    Performance,
    PreviousId,
    Readiness,
    Retirement,
    Review,
    Rollback,
    Validation,
    ValidationResult,
    Waiver,
)
from ..i18n import Catalog
from ..positions import YamlMap, line_of
from ..problems import Problem
from ..rule_ids import ID_PATTERN
from ..stages import canonical_stage
from .files import read_mapping
from .schema import MODEL_SCHEMA
from .sources import SummaryRequest
from .validate import SchemaProblem, check_schema

#: Top-level fields whose problems make the whole manifest invalid.
INVALIDATING = frozenset({"id", "name", "description", "stage", "history", "waivers"})
#: Fields judged by a rule rather than by the schema (``owner-explicit`` reports them).
RULE_JUDGED = frozenset({"owner"})


def _invalidates(found: SchemaProblem) -> bool:
    path = found.path
    if len(path) <= 1 and (not path or path[0] not in MODEL_SCHEMA["properties"]):
        return True  # required fields missing, or an unknown top-level key
    if path[:1] == ("waivers",) and path[-1:] == ("rule",):
        return False  # a waiver naming an unknown rule is an error, not a broken manifest
    return path[0] in INVALIDATING


def _names_waiver_rule(path: tuple[Any, ...]) -> bool:
    """A waiver whose ``rule`` names no rule: kept (it covers nothing but still expires)."""
    return len(path) == 3 and path[0] == "waivers" and path[2] == "rule"


def _drop(data: Any, path: tuple[Any, ...]) -> None:
    """Remove the offending value so rules see the field as absent."""
    node = data
    for key in path[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(node, dict) and path and path[-1] in node:
        del node[path[-1]]
    elif isinstance(node, list) and path and isinstance(path[-1], int) and path[-1] < len(node):
        node[path[-1]] = None


def _normalise_stages(data: YamlMap) -> None:
    if isinstance(data.get("stage"), str):
        data["stage"] = unicodedata.normalize("NFC", data["stage"])
    history = data.get("history")
    for entry in history if isinstance(history, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("stage"), str):
            entry["stage"] = unicodedata.normalize("NFC", entry["stage"])


def load_manifest(
    path: str | os.PathLike[str], file: str, folder: str, catalog: Catalog
) -> tuple[Manifest | None, list[Problem]]:
    """The manifest of ``models/<folder>/``, or ``None`` with the problems that make it invalid."""
    data, problems = read_mapping(path, file, catalog)
    if data is None:
        return None, problems
    _normalise_stages(data)
    invalid = False
    dropped: list[tuple[Any, ...]] = []
    for found in check_schema(data, MODEL_SCHEMA, file, catalog):
        if found.path[:1] and found.path[0] in RULE_JUDGED:
            continue
        problems.append(found.problem)
        if _invalidates(found):
            invalid = True
        elif not _names_waiver_rule(found.path):
            dropped.append(found.path)
    if isinstance(data.get("id"), str) and data["id"] != folder:
        problems.append(
            Problem(
                file,
                data.key_lines.get("id"),
                catalog("manifest.id_folder", id=data["id"], folder=folder),
            )
        )
        invalid = True
    if invalid:
        return None, problems
    for bad in sorted(dropped, key=lambda path: tuple(map(repr, path)), reverse=True):
        _drop(data, bad)
    monitoring = data.get("monitoring")
    bounds: Any = monitoring.get("output_range") if isinstance(monitoring, dict) else None
    numeric = isinstance(bounds, list) and all(
        isinstance(b, int | float) and not isinstance(b, bool) for b in bounds
    )
    if numeric and len(bounds) == 2 and bounds[0] > bounds[1]:
        line = line_of(data, ("monitoring", "output_range"))
        problems.append(
            Problem(file, line, catalog("manifest.range_order", low=bounds[0], high=bounds[1]))
        )
        _drop(data, ("monitoring", "output_range"))
    manifest = Manifest(
        id=data["id"],
        name=data["name"].strip(),
        description=data["description"].strip(),
        stage=canonical_stage(data["stage"]) or "",
        file=file,
        data=data,
        owner=data.get("owner"),
        team=_text(data.get("team")),
        version=None if data.get("version") is None else str(data["version"]),
        tags=[tag for tag in data.get("tags") or [] if isinstance(tag, str)],
        artifact=_section(data, "artifact", Artifact),
        tracking=data["tracking"] if isinstance(data.get("tracking"), dict) else {},
        links=_links(data.get("links")),
        history=_history(data),
        validation=_validation(data.get("validation")),
        readiness=_readiness(data.get("readiness")),
        monitoring=_monitoring(data.get("monitoring")),
        rollback=_section(data, "rollback", Rollback),
        retirement=_retirement(data.get("retirement")),
        previous_ids=_previous_ids(data),
        waivers=_waivers(data),
        custom=data["custom"] if isinstance(data.get("custom"), dict) else {},
    )
    return manifest, problems


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: Any) -> Any:
    """An int or float as written (never a bool), else ``None``."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _whole(value: Any) -> int | None:
    """An integer as written, or an integral float (``14.0``) as one, else ``None``."""
    number = _number(value)
    if isinstance(number, float):
        return int(number) if number.is_integer() else None
    return number if isinstance(number, int) else None


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _section(data: Any, key: str, cls: Any) -> Any:
    """A block whose fields the schema has already checked: ``cls(**block)``, or ``None``."""
    block = data.get(key) if isinstance(data, dict) else None
    if not isinstance(block, dict):
        return None
    names = cls.__dataclass_fields__
    return cls(**{name: value for name, value in block.items() if name in names})


def _links(block: Any) -> Links:
    if not isinstance(block, dict):
        return Links()
    named = ("runbook", "dashboard", "repository")
    return Links(
        runbook=_text(block.get("runbook")),
        dashboard=_text(block.get("dashboard")),
        repository=_text(block.get("repository")),
        extra={k: v for k, v in block.items() if k not in named and isinstance(v, str)},
    )


def _validation(block: Any) -> Validation | None:
    if not isinstance(block, dict):
        return None
    return Validation(
        baseline=_section(block, "baseline", Baseline),
        result=_section(block, "result", ValidationResult),
        by=_text(block.get("by")),
        date=_date(block.get("date")),
        next_review=_date(block.get("next_review")),
        report=_text(block.get("report")),
    )


def _readiness(block: Any) -> Readiness | None:
    if not isinstance(block, dict):
        return None
    review = block.get("review")
    return Readiness(
        contract=block.get("contract"),
        tests=block.get("tests"),
        review=(
            Review(by=_text(review.get("by")), date=_date(review.get("date")))
            if isinstance(review, dict)
            else None
        ),
    )


def _monitoring(block: Any) -> Monitoring:
    if not isinstance(block, dict):
        return Monitoring()
    bounds: Any = block.get("output_range")
    finite = (
        isinstance(bounds, list)
        and len(bounds) == 2
        and all(_number(b) is not None and math.isfinite(b) for b in bounds)
    )
    return Monitoring(
        summary=_text(block.get("summary")),
        evidently=_evidently(block.get("evidently")),
        performance=_section(block, "performance", Performance),
        drift_max=_number(block.get("drift_max")),
        error_rate_max=_number(block.get("error_rate_max")),
        output_range=(float(bounds[0]), float(bounds[1])) if finite else None,
        max_age_days=_whole(block.get("max_age_days")),
    )


def _evidently(block: Any) -> EvidentlySource | None:
    """``monitoring.evidently``; a metric is a class name or ``{metric: Name, param: ...}``."""
    if not isinstance(block, dict) or _text(block.get("snapshots")) is None:
        return None
    metrics = block.get("metrics")
    specs = {
        str(signal): {"metric": spec} if isinstance(spec, str) else dict(spec)
        for signal, spec in (metrics.items() if isinstance(metrics, dict) else ())
        if isinstance(spec, str) or (isinstance(spec, dict) and isinstance(spec.get("metric"), str))
    }
    return EvidentlySource(snapshots=block["snapshots"], metrics=specs)


def _retirement(block: Any) -> Retirement | None:
    if not isinstance(block, dict):
        return None
    return Retirement(
        plan=_text(block.get("plan")),
        date=_date(block.get("date")),
        reason=_text(block.get("reason")),
        replaced_by=_text(block.get("replaced_by")),
    )


def _previous_ids(data: Any) -> list[PreviousId]:
    values = data.get("previous_ids")
    if not isinstance(values, list):
        return []
    return [
        PreviousId(old, line_of(data, ("previous_ids", i)))
        for i, old in enumerate(values)
        if isinstance(old, str)
    ]


def _history(data: Any) -> list[HistoryEntry]:
    return [
        HistoryEntry(
            date=date.fromisoformat(entry["date"]),
            stage=canonical_stage(entry["stage"]) or "",
            decision=entry["decision"].strip(),
            version=None if entry.get("version") is None else str(entry["version"]),
            by=entry.get("by"),
            line=data["history"].item_lines[i],
        )
        for i, entry in enumerate(data.get("history") or [])
    ]


def _waivers(data: Any) -> list[Waiver]:
    return [
        Waiver(
            rule=str(entry["rule"]),
            reason=entry["reason"].strip(),
            approved_by=entry["approved_by"].strip(),
            expires=date.fromisoformat(entry["expires"]),
            line=data["waivers"].item_lines[i],
        )
        for i, entry in enumerate(data.get("waivers") or [])
        if entry is not None
    ]


def summary_request(
    manifest: Manifest, folder: str, file_prefix: str, catalog: Catalog
) -> tuple[SummaryRequest | None, list[Problem]]:
    """What to read as the model's monitoring summary, if it has one and it is safe to read.

    ``monitoring.evidently.snapshots`` names a folder of Evidently snapshots; else
    ``monitoring.summary`` (default ``monitoring.csv`` when that file exists) a CSV or,
    ending in ``.parquet``, a Parquet file. Paths must stay inside the model's folder:
    ``..`` escapes, absolute paths and symbolic links are errors and are never read.
    """
    evidently = manifest.monitoring.evidently
    if evidently is not None:
        line = manifest.line("monitoring", "evidently", "snapshots")
        if manifest.monitoring.summary is not None:
            line = manifest.line("monitoring", "summary")
            return None, [Problem(manifest.file, line, catalog("summary.two_sources"))]
        folder_name = evidently.snapshots
        path, problems = _inside(manifest, folder, folder_name, line, catalog)
        if path is None:
            return None, problems
        if not os.path.isdir(path):
            message = catalog("summary.missing", path=folder_name)
            return None, [Problem(manifest.file, line, message)]
        shown = f"{file_prefix}/{folder_name.strip('/')}"
        return SummaryRequest("evidently", path, shown, evidently.metrics), []
    declared = manifest.monitoring.summary
    relative = declared if declared is not None else "monitoring.csv"
    line = manifest.line("monitoring", "summary")
    path, problems = _inside(manifest, folder, relative, line, catalog)
    if path is None:
        return None, problems
    if not os.path.isfile(path):
        if declared is None:
            return None, []
        return None, [Problem(manifest.file, line, catalog("summary.missing", path=relative))]
    kind = "parquet" if relative.lower().endswith(".parquet") else "csv"
    return SummaryRequest(kind, path, f"{file_prefix}/{relative}"), []


def _inside(
    manifest: Manifest, folder: str, relative: str, line: int | None, catalog: Catalog
) -> tuple[str | None, list[Problem]]:
    """``relative`` resolved inside ``folder``, or why it may not be read."""
    parts = [part for part in relative.split("/") if part not in ("", ".")]
    if relative.startswith("/") or ".." in parts:
        return None, [Problem(manifest.file, line, catalog("summary.escapes", path=relative))]
    current = folder
    for part in parts:
        current = f"{current}/{part}"
        if os.path.islink(current):
            return None, [Problem(manifest.file, line, catalog("summary.symlink", path=relative))]
    return current, []


def unknown_waiver_rules(
    entry: ModelEntry, rule_ids: Sequence[str], catalog: Catalog
) -> list[Problem]:
    """A waiver naming no rule (built-in or the policy's own) is an error; the waiver is
    kept (it covers nothing but still expires)."""
    manifest = entry.manifest
    if manifest is None:
        return []
    return [
        Problem(
            manifest.file,
            manifest.line("waivers", i, "rule"),
            catalog(
                "schema.enum",
                field=f"waivers[{i}].rule",
                value=waiver.rule,
                options=", ".join(rule_ids),
            ),
        )
        for i, waiver in enumerate(manifest.waivers)
        if waiver.rule not in rule_ids and ID_PATTERN.fullmatch(waiver.rule)
    ]
