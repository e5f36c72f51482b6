"""Evidently snapshots: one JSON file per period, read as plain JSON (no ``evidently``).

Two shapes come out of Evidently 0.7 (``Report.run(...)`` returns a snapshot):

- ``snapshot.dumps()`` (what ``Snapshot.load`` reads back, and what a workspace keeps):
  ``timestamp`` and ``metric_results``, each result with
  ``metric_value_location.metric.params`` (``type`` and the metric's parameters);
- ``snapshot.save_json(path)``: ``metrics``, a list of ``{metric_name, config, value}``,
  with **no timestamp**. Such a file is read only when its name is the period's date
  (``2026-11-16.json``); otherwise it is an error.

The period is the snapshot's date (the day of its timestamp, as written). The manifest
maps each signal to a metric: its class name (``RowCount``), the parameters that tell
it from others of its class (``column: prediction``), and for results with several
values which one (``value_type: share``). Exactly one result must match.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import Catalog
from ..problems import Problem
from .monitoring import Table, as_day
from .sources import SummaryRequest

#: Keys of a signal's mapping that are not metric parameters.
_OWN_KEYS = ("metric", "value_type")


def _results(snapshot: dict[str, Any]) -> Iterator[tuple[dict[str, Any], Any]]:
    """Each metric result of a snapshot: its parameters (``type`` included) and value."""
    results = snapshot.get("metric_results")
    if isinstance(results, dict):
        for result in results.values():
            if not isinstance(result, dict):
                continue
            location = result.get("metric_value_location") or {}
            params = (location.get("metric") or {}).get("params")
            if isinstance(params, dict):
                value = result.get("value")
                if value is None:  # several values: {"count": {...}, "share": {...}}
                    value = {
                        key: item.get("value")
                        for key, item in result.items()
                        if isinstance(item, dict) and "value" in item
                    }
                yield params, value
        return
    for metric in snapshot.get("metrics") or []:
        if isinstance(metric, dict) and isinstance(metric.get("config"), dict):
            yield metric["config"], metric.get("value")


def _same(wanted: Any, found: Any) -> bool:
    if isinstance(wanted, int | float) and isinstance(found, int | float):
        return float(wanted) == float(found)
    return str(wanted) == str(found)


def _matches(spec: dict[str, Any], params: dict[str, Any]) -> bool:
    kind = str(params.get("type", "")).rsplit(":", 1)[-1]
    if kind != spec["metric"]:
        return False
    return all(
        key in params and _same(value, params[key])
        for key, value in spec.items()
        if key not in _OWN_KEYS
    )


def describe(spec: dict[str, Any]) -> str:
    """A metric as Evidently names it: ``ValueDrift(column=prediction)``."""
    params = ",".join(f"{k}={v}" for k, v in spec.items() if k not in _OWN_KEYS)
    text = f"{spec['metric']}({params})"
    return f"{text}.{spec['value_type']}" if spec.get("value_type") else text


def _value(spec: dict[str, Any], value: Any) -> Any:
    if isinstance(value, dict):
        return value.get(spec.get("value_type") or "value")
    return value if not spec.get("value_type") else None


def _period(snapshot: dict[str, Any], name: str) -> date | None:
    stamp = snapshot.get("timestamp")
    if isinstance(stamp, str):
        try:
            return datetime.fromisoformat(stamp).date()
        except ValueError:
            return None
    if "timestamp" not in snapshot:  # save_json: the period is the file's name
        return as_day(name.removesuffix(".json"))
    return None


def _snapshot_row(
    path: str, file: str, metrics: dict[str, dict[str, Any]], catalog: Catalog
) -> tuple[dict[str, Any], list[Problem]]:
    """One period: the date and one cell per mapped signal, or the snapshot's problems."""
    try:
        with open(path, "rb") as handle:
            snapshot = json.loads(handle.read())
    except OSError as exc:
        detail = exc.strerror or str(exc)
        return {}, [Problem(file, None, catalog("file.unreadable", detail=detail))]
    except ValueError as exc:  # not JSON, or not UTF-8
        return {}, [Problem(file, None, catalog("evidently.not_json", detail=str(exc)))]
    if not isinstance(snapshot, dict) or not (
        "metric_results" in snapshot or "metrics" in snapshot
    ):
        return {}, [Problem(file, None, catalog("evidently.not_snapshot"))]
    day = _period(snapshot, os.path.basename(path))
    problems = []
    if day is None:
        key = "evidently.bad_timestamp" if "timestamp" in snapshot else "evidently.no_timestamp"
        problems.append(Problem(file, None, catalog(key, value=str(snapshot.get("timestamp")))))
    row: dict[str, Any] = {"date": day}
    results = list(_results(snapshot))
    for signal, spec in metrics.items():
        found = [value for params, value in results if _matches(spec, params)]
        if len(found) != 1:
            key = "evidently.missing_metric" if not found else "evidently.ambiguous_metric"
            problems.append(Problem(file, None, catalog(key, signal=signal, metric=describe(spec))))
            continue
        value = _value(spec, found[0])
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or not math.isfinite(value):
            message = catalog("csv.bad_number", column=signal, value=str(value))
            problems.append(Problem(file, None, message))
            continue
        row[signal] = float(value)
    return row, problems


def read_snapshots(slot: int, request: SummaryRequest, catalog: Catalog) -> Table | list[Problem]:
    """One folder of snapshots as a table, or the problems that kept it from giving one."""
    folder, shown = request.path, request.file
    try:
        names = sorted(
            entry.name
            for entry in os.scandir(folder)
            if entry.name.endswith(".json") and not entry.name.startswith(".")
        )
    except OSError as exc:
        detail = exc.strerror or str(exc)
        return [Problem(shown, None, catalog("file.unreadable", detail=detail))]
    if not names:
        return [Problem(shown, None, catalog("evidently.empty"))]
    rows: list[dict[str, Any]] = []
    files: list[str] = []
    problems: list[Problem] = []
    for name in names:
        path, file = f"{folder}/{name}", f"{shown}/{name}"
        if os.path.islink(path):
            problems.append(Problem(file, None, catalog("summary.symlink", path=name)))
            continue
        row, found = _snapshot_row(path, file, request.metrics, catalog)
        problems.extend(found)
        rows.append(row)
        files.append(file)
    if problems:
        return problems
    signals = tuple(request.metrics)
    frame = pd.DataFrame(rows, columns=["date", *signals])
    frame["date"] = frame["date"].astype(object)
    return Table(
        frame,
        slots=np.full(len(rows), slot, dtype=np.int64),
        lines=np.zeros(len(rows), dtype=np.int64),
        signals={slot: signals},
        files=list(files),
    )
