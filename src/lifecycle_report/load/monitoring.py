"""Reading monitoring summaries (``monitoring.csv``) with pandas, all at once.

Every summary is split into cells with the ``csv`` module, then the cells of *all*
summaries are parsed in one vectorised pandas pass (dates, numbers, NaN/inf checks),
sorted by date, and cut back into one :class:`MonitoringSeries` per model. Doing the
parsing once instead of one ``read_csv`` per file keeps a 10,000-model registry fast.

A bad cell, a missing ``date`` column, a duplicated date or an empty file is a
:class:`Problem` naming the file and line; that model then has no usable summary.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from itertools import chain

import numpy as np
import pandas as pd

from ..domain import SIGNALS, MonitoringSeries
from ..i18n import Catalog
from ..problems import Problem
from .yamlio import YamlError, decode


@dataclass
class _Table:
    """Cells of one summary, before parsing."""

    file: str
    signals: tuple[str, ...]
    lines: np.ndarray
    dates: tuple[str, ...]  # as written; stripped when parsed
    cells: dict[str, tuple[str, ...]]


def _split(path: str, file: str, catalog: Catalog) -> tuple[_Table | None, list[Problem]]:
    try:
        with open(path, "rb") as handle:
            text = decode(handle.read())
    except OSError as exc:
        return None, [
            Problem(file, None, catalog("file.unreadable", detail=exc.strerror or str(exc)))
        ]
    except YamlError as exc:
        return None, [Problem(file, exc.line, catalog(exc.message_key, **exc.params))]
    if not text.strip():
        return None, [Problem(file, 1, catalog("csv.empty"))]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [cell.strip() for cell in next(reader)]
        records = list(reader)
    except csv.Error as exc:
        return None, [Problem(file, reader.line_num, catalog("csv.syntax", detail=str(exc)))]
    if "date" not in header:  # also what a headerless file looks like
        return None, [Problem(file, 1, catalog("csv.no_date", columns=", ".join(header)))]
    problems = []
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(file, 1, catalog("csv.duplicate_column", column=name)))
        seen.add(name)
    if problems:
        return None, problems
    width = len(header)
    index = {name: i for i, name in enumerate(header)}
    one_line_each = reader.line_num == len(records) + 1
    columns = _full_columns(records, width, index["date"]) if one_line_each else None
    if columns is not None:
        lines = np.arange(2, len(records) + 2, dtype=np.int64)
    else:
        # Blank rows, short rows or quoted line breaks: read again, row by row. A row's
        # line is the one it starts on (a quoted line break makes a record span two).
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        next(reader)
        rows = []
        start = reader.line_num + 1
        for row in reader:
            if any(row):
                rows.append((start, row))
            start = reader.line_num + 1
        for line, row in rows:
            if len(row) > width:
                problems.append(
                    Problem(
                        file, line, catalog("csv.too_many_cells", found=len(row), expected=width)
                    )
                )
        if problems:
            return None, problems
        padded = [row if len(row) == width else row + [""] * (width - len(row)) for _, row in rows]
        columns = list(zip(*padded, strict=True)) if padded else [()] * width
        lines = np.array([line for line, _ in rows], dtype=np.int64)
    signals = tuple(sig for sig in SIGNALS if sig in index)
    table = _Table(
        file=file,
        signals=signals,
        lines=lines,
        dates=columns[index["date"]],
        cells={name: columns[index[name]] for name in signals},
    )
    return table, []


def _full_columns(
    records: list[list[str]], width: int, date_at: int
) -> list[tuple[str, ...]] | None:
    """The columns of a summary whose records (one line each) are all ``width`` cells
    wide, with a date in every row (so no row is blank); ``None`` for any other summary."""
    if not records:
        return [()] * width
    try:
        columns = list(zip(*records, strict=True))
    except ValueError:  # rows of different widths
        return None
    if len(columns) != width or "" in columns[date_at]:
        return None
    return columns


def read_summaries(
    requests: list[tuple[str, str]], catalog: Catalog
) -> list[tuple[MonitoringSeries | None, list[Problem]]]:
    """Parse every ``(path, shown file name)``; the answers come back in the same order."""
    answers: list[tuple[MonitoringSeries | None, list[Problem]]] = []
    tables: list[tuple[int, _Table]] = []
    for path, file in requests:
        table, problems = _split(path, file, catalog)
        answers.append((None, problems))
        if table is not None:
            tables.append((len(answers) - 1, table))
    if not tables:
        return answers

    counts = np.array([len(t.dates) for _, t in tables], dtype=np.int64)
    bounds = np.concatenate([[0], np.cumsum(counts)])
    owner = np.repeat(np.arange(len(tables), dtype=np.int64), counts)
    lines = np.concatenate([t.lines for _, t in tables])
    dates = _Dates(list(chain.from_iterable(t.dates for _, t in tables)))

    numbers: dict[str, np.ndarray] = {}
    bad_cells: list[tuple[int, int, str, str]] = []
    for signal in SIGNALS:
        cells = np.array(
            list(
                chain.from_iterable(
                    t.cells.get(signal) or ("",) * len(t.dates) for _, t in tables
                )
            ),
            dtype=object,
        )
        # Blank cells become NaN (missing values); surrounding spaces are skipped, so only
        # the few unparsed, non-blank cells are looked at one by one.
        blank = cells == ""
        parsed = _numbers(cells, blank)
        unparsed = np.flatnonzero(~(np.isfinite(parsed) | blank))
        bad = np.zeros(len(parsed), dtype=bool)
        bad[unparsed] = [bool(str(cells[i]).strip()) for i in unparsed]
        for i in np.flatnonzero(bad):
            bad_cells.append((int(owner[i]), int(lines[i]), signal, str(cells[i])))
        parsed[bad] = np.nan
        numbers[signal] = parsed

    valid = dates.valid
    for i in np.flatnonzero(~valid):
        bad_cells.append((int(owner[i]), int(lines[i]), "date", dates.text(int(i))))
    days = dates.days
    # Rows already in date order, table by table (the usual case), need no sort.
    later = (days[1:] > days[:-1]) | (owner[1:] != owner[:-1])
    order: np.ndarray | None = None
    if not (later.all() and valid.all()):
        order = np.lexsort((days, owner))  # stable: the first of equal dates stays first
        key_days, key_owner, key_valid = days[order], owner[order], valid[order]
        repeated = (key_days[1:] == key_days[:-1]) & (key_owner[1:] == key_owner[:-1])
        repeated &= key_valid[1:] & key_valid[:-1]
        for i in order[1:][repeated]:
            bad_cells.append((int(owner[i]), int(lines[i]), "date*", dates.text(int(i))))

    broken: dict[int, list[Problem]] = {}
    for k, line, column, value in sorted(bad_cells, key=lambda c: (c[0], c[1], c[2])):
        file = tables[k][1].file
        if column == "date*":
            message = catalog("csv.duplicate_date", date=value)
        elif column == "date":
            message = catalog("csv.bad_date", value=value)
        else:
            message = catalog("csv.bad_number", column=column, value=value)
        broken.setdefault(k, []).append(Problem(file, line, message))

    for k, (slot, table) in enumerate(tables):
        if k in broken:
            answers[slot] = (None, broken[k])
            continue
        rows: slice | np.ndarray = slice(bounds[k], bounds[k + 1])
        if order is not None:
            rows = order[rows]
        answers[slot] = (
            MonitoringSeries(
                file=table.file,
                dates=dates.objects(rows),
                values={s: numbers[s][rows] for s in table.signals},
                lines=lines[rows].tolist(),
            ),
            [],
        )
    return answers


_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NAN = float("nan")


class _Dates:
    """The date cells of every summary, parsed once per distinct text.

    Summaries of one registry share most of their dates (one row a week), so the cells
    are factorised and only the distinct texts are stripped, matched and parsed.
    """

    def __init__(self, cells: list[str]) -> None:
        codes, distinct = pd.factorize(np.array(cells, dtype=object))
        self._codes = codes
        self._texts = [str(cell).strip() for cell in distinct]
        shaped = pd.Series(
            [t if _DATE_RE.match(t) else "" for t in self._texts], dtype=object
        )
        parsed = pd.to_datetime(shaped, format="%Y-%m-%d", errors="coerce")
        ok = parsed.notna().to_numpy()
        day_numbers = parsed.to_numpy(dtype="datetime64[D]").astype(np.int64)
        self.valid = ok[codes]
        self.days = day_numbers[codes]  # NaT, far below any real day, where not valid
        self._objects = np.empty(len(distinct), dtype=object)
        self._objects[:] = [
            date.fromordinal(_EPOCH + int(d)) if good else None
            for d, good in zip(day_numbers, ok, strict=True)
        ]

    def text(self, i: int) -> str:
        """The stripped text of cell ``i``."""
        return self._texts[self._codes[i]]

    def objects(self, rows: slice | np.ndarray) -> list[date]:
        return self._objects[self._codes[rows]].tolist()  # type: ignore[no-any-return]


_EPOCH = date(1970, 1, 1).toordinal()


def _numbers(cells: np.ndarray, blank: np.ndarray) -> np.ndarray:
    """Cells as floats, NaN where blank or unparsable.

    Clean columns (the usual case) take one pass of ``float`` (in NumPy's loop); a
    column with any cell that is not a number goes through pandas' coercing parser.
    """
    try:
        return np.where(blank, "nan", cells).astype(float)
    except ValueError:
        return pd.to_numeric(cells, errors="coerce").astype(float, copy=True)
