"""Monitoring summaries from every source, as one kind of series.

A model's summary is a CSV file (contract v1), a Parquet file (contract v2) or a folder
of Evidently snapshots (our extension, see ``docs/monitorizacion.md``). Each reader
turns files into :class:`Table` objects: pandas frames with a ``date`` column and the
signal columns the source has, one row per period, and where each row came from. This
module judges every table the same way, column by column over all its rows at once,
and cuts it into one :class:`MonitoringSeries` per model:

- a date that is not ``YYYY-MM-DD`` (ASCII digits) or a date object, or that repeats;
- a cell that is neither empty nor a finite number (``nan``, ``inf``, ``1_000``,
  digits of other scripts are not numbers);

each is a :class:`Problem` naming the file and line (or snapshot file); that model then
has no usable summary, so ``monitoring-minimum`` fails for it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

from ..domain import SIGNALS, MonitoringSeries
from ..i18n import Catalog
from ..problems import Problem
from .sources import SummaryRequest

Answer = tuple[MonitoringSeries | None, list[Problem]]


@dataclass
class Table:
    """Rows of one or more summaries, read but not judged.

    ``frame`` has a ``date`` column (text, ``date`` objects or missing) and one column
    per signal of ``signals``: floats (NaN = empty cell) or objects (text and numbers,
    judged cell by cell). Row ``i`` belongs to request ``slots[i]`` and was read at line
    ``lines[i]`` (0: the source has no lines) of ``files[i]`` (``None``: the request's
    file).
    """

    frame: pd.DataFrame
    slots: np.ndarray
    lines: np.ndarray
    signals: dict[int, tuple[str, ...]]
    files: list[str] | None = None
    #: A column's cells as written, for messages about cells a float column holds as
    #: infinities (``-Infinity``, ``1e999``); ``None``: the frame's cells are as written.
    written: Callable[[str], pd.Series] | None = None


Reader = Callable[
    [Sequence[tuple[int, SummaryRequest]], Catalog], tuple[list[Table], dict[int, list[Problem]]]
]


def _one_by_one(read: Callable[[int, SummaryRequest, Catalog], Table | list[Problem]]) -> Reader:
    """A reader of many requests from a reader of one: the tables read, and by slot the
    problems of the requests that gave none."""

    def read_all(
        requests: Sequence[tuple[int, SummaryRequest]], catalog: Catalog
    ) -> tuple[list[Table], dict[int, list[Problem]]]:
        tables, problems = [], {}
        for slot, request in requests:
            found = read(slot, request, catalog)
            if isinstance(found, Table):
                tables.append(found)
            else:
                problems[slot] = found
        return tables, problems

    return read_all


def read_summaries(requests: Sequence[SummaryRequest], catalog: Catalog) -> list[Answer]:
    """Read every request; the answers come back in the same order."""
    from .summary_csv import read_csv_tables
    from .summary_evidently import read_snapshots
    from .summary_parquet import read_parquet

    answers: list[Answer] = [(None, []) for _ in requests]
    by_kind: dict[str, list[int]] = {}
    for slot, request in enumerate(requests):
        by_kind.setdefault(request.kind, []).append(slot)
    readers: dict[str, Reader] = {
        "csv": read_csv_tables,
        # Teams keep few Parquet files and snapshot folders: each is read on its own.
        "parquet": _one_by_one(read_parquet),
        "evidently": _one_by_one(read_snapshots),
    }
    for kind, slots in by_kind.items():
        tables, problems = readers[kind]([(slot, requests[slot]) for slot in slots], catalog)
        for slot, found in problems.items():
            answers[slot] = (None, found)
        for table in tables:
            for slot, answer in judge(table, requests, catalog).items():
                answers[slot] = answer
    return answers


#: A number as the contract writes it: ASCII digits, optional sign, point and exponent.
NUMBER = re.compile(r"\s*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
#: The day number of a cell that is not a date: below every real day.
_NOT_A_DAY = np.iinfo(np.int64).min


def as_day(value: object) -> date | None:
    """A ``date`` cell, a timestamp's day, or ``YYYY-MM-DD`` text; ``None`` otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _DATE.fullmatch(text):
            try:
                return date.fromisoformat(text)
            except ValueError:  # no such day (2026-02-30), or year 0
                return None
    return None


def _number(cell: object) -> float | None:
    """A cell of an object column as a float (NaN when empty); ``None`` when it is bad."""
    if cell is None or cell is pd.NA:
        return math.nan
    if isinstance(cell, str):
        if not cell.strip():
            return math.nan
        value = float(cell) if NUMBER.fullmatch(cell) else math.inf
    elif isinstance(cell, bool | np.bool_):
        return None
    elif isinstance(cell, int | float | np.integer | np.floating):
        if cell != cell:  # a float NaN in an object column is a missing cell
            return math.nan
        value = float(cell)
    else:
        return None
    return value if math.isfinite(value) else None


def _text(cell: object) -> str:
    return "" if cell is None or cell is pd.NA or cell != cell else str(cell).strip()


def _column(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A signal column as floats (NaN = empty) and which of its cells are bad."""
    kind = series.dtype.kind
    if kind in "iuf":
        values = series.to_numpy(dtype=float)
        return values, np.isinf(values)
    # Text in a column: some cell did not parse as a number. In a batch of summaries one
    # such cell makes the whole column text: pandas reads it at C speed, and only what it
    # could not read as a finite number (empty, bad or non-finite cells) is judged cell by
    # cell. A column of anything but text (Parquet objects, booleans) is judged whole.
    cells = series.to_numpy(dtype=object)
    values = np.array(pd.to_numeric(series, errors="coerce"), dtype=float)  # a writable copy
    bad = np.zeros(len(cells), dtype=bool)
    if pd.api.types.infer_dtype(series, skipna=True) == "string":
        # pandas' parser stops at a NUL byte ("0.5\x00junk" reads as 0.5): those too.
        cut = series.str.contains("\x00", regex=False, na=False).to_numpy(dtype=bool)
        doubtful = np.flatnonzero(~np.isfinite(values) | cut).tolist()
    else:
        doubtful = list(range(len(cells)))
    for row in doubtful:
        value = _number(cells[row])
        values[row] = math.nan if value is None else value
        bad[row] = value is None
    return values, bad


def judge(table: Table, requests: Sequence[SummaryRequest], catalog: Catalog) -> dict[int, Answer]:
    """Check a table's dates and cells and cut it into one series per request."""
    frame, slots, lines = table.frame, table.slots, table.lines
    codes, uniques = pd.factorize(frame["date"], use_na_sentinel=True)
    parsed = [as_day(value) for value in uniques]
    ordinals = np.array(
        [day.toordinal() if day is not None else _NOT_A_DAY for day in parsed] + [_NOT_A_DAY],
        dtype=np.int64,
    )
    days = ordinals[codes]  # a missing date (code -1) takes the last entry
    objects = np.empty(len(parsed) + 1, dtype=object)
    objects[:-1] = parsed

    bad: list[tuple[int, int, str]] = []  # (row, order among columns, message)
    for row in np.flatnonzero(days == _NOT_A_DAY).tolist():
        code = codes[row]
        value = _text(uniques[code]) if code >= 0 else ""
        bad.append((row, 0, catalog("csv.bad_date", value=value)))
    columns = [name for name in SIGNALS if name in frame.columns]
    values: dict[str, np.ndarray] = {}
    for position, name in enumerate(columns, 1):
        values[name], wrong = _column(frame[name])
        if wrong.any():
            column = frame[name]
            if column.dtype.kind == "f" and table.written is not None:
                column = table.written(name)
            cells = column.to_numpy(dtype=object)
            for row in np.flatnonzero(wrong).tolist():
                message = catalog("csv.bad_number", column=name, value=_text(cells[row]))
                bad.append((row, position, message))

    valid = days != _NOT_A_DAY
    in_order = bool(
        ((slots[1:] > slots[:-1]) | ((slots[1:] == slots[:-1]) & (days[1:] > days[:-1]))).all()
    )
    order = np.arange(len(days)) if in_order else np.lexsort((days, slots))
    key_days, key_slots = days[order], slots[order]
    repeated = (key_days[1:] == key_days[:-1]) & (key_slots[1:] == key_slots[:-1])
    repeated &= valid[order][1:]
    for row in order[1:][repeated].tolist():
        day = objects[codes[row]]
        bad.append((row, 0, catalog("csv.duplicate_date", date=day.isoformat())))

    answers: dict[int, Answer] = {}
    files = table.files
    for row, _, message in sorted(bad, key=lambda b: (int(slots[b[0]]), int(lines[b[0]]), b[1])):
        slot = int(slots[row])
        file = (files[row] if files is not None else None) or requests[slot].file
        answers.setdefault(slot, (None, []))[1].append(
            Problem(file, int(lines[row]) or None, message)
        )

    starts = np.searchsorted(key_slots, list(table.signals), side="left")
    ends = np.searchsorted(key_slots, list(table.signals), side="right")
    for (slot, signals), start, end in zip(table.signals.items(), starts, ends, strict=True):
        if slot in answers:
            continue
        rows = order[start:end]
        answers[slot] = (
            MonitoringSeries(
                file=requests[slot].file,
                dates=objects[codes[rows]].tolist(),
                values={name: values[name][rows] for name in signals if name in values},
                lines=lines[rows].tolist(),
            ),
            [],
        )
    return answers
