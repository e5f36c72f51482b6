"""Reading monitoring summaries (``monitoring.csv``), all at once.

Every summary is split into cells with the ``csv`` module, then the cells of *all*
summaries are parsed together, column by column with NumPy (dates once per distinct
text, numbers in one pass, NaN/inf checks), sorted by date, and cut back into one
:class:`MonitoringSeries` per model. Parsing once instead of once per file keeps a
10,000-model registry fast; pandas is not needed (its import alone cost a 1,000-model
site build 0.2 s).

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
                chain.from_iterable(t.cells.get(signal) or ("",) * len(t.dates) for _, t in tables)
            ),
            dtype=object,
        )
        # Blank cells become NaN (missing values); surrounding spaces are skipped, so only
        # the few unparsed, non-blank cells are looked at one by one.
        blank = cells == ""
        parsed = _numbers(cells, blank, bounds)
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
#: The day number of a cell that is not a date: below every real day.
_NOT_A_DAY = np.iinfo(np.int64).min


def _parse_date(text: str) -> date | None:
    """``YYYY-MM-DD`` (any Unicode decimal digits, as ``int`` reads them), else ``None``."""
    if not _DATE_RE.match(text):
        return None
    try:
        return date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:  # no such day (2026-02-30), or year 0
        return None


class _Dates:
    """The date cells of every summary, parsed once per distinct text.

    Summaries of one registry share most of their dates (one row a week), so only the
    distinct texts are stripped, matched and parsed; each cell keeps an index into them.
    """

    def __init__(self, cells: list[str]) -> None:
        distinct = list(dict.fromkeys(cells))
        index = {cell: i for i, cell in enumerate(distinct)}
        codes = np.fromiter(map(index.__getitem__, cells), dtype=np.intp, count=len(cells))
        self._codes = codes
        self._texts = [cell.strip() for cell in distinct]
        parsed = [_parse_date(text) for text in self._texts]
        ok = np.array([day is not None for day in parsed], dtype=bool)
        day_numbers = np.array(
            [day.toordinal() if day is not None else _NOT_A_DAY for day in parsed],
            dtype=np.int64,
        )
        self.valid = ok[codes]
        self.days = day_numbers[codes]
        self._objects = np.empty(len(distinct), dtype=object)
        self._objects[:] = parsed

    def text(self, i: int) -> str:
        """The stripped text of cell ``i``."""
        return str(self._texts[self._codes[i]])

    def objects(self, rows: slice | np.ndarray) -> list[date]:
        return self._objects[self._codes[rows]].tolist()  # type: ignore[no-any-return]


def _numbers(cells: np.ndarray, blank: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Cells as floats (what ``float()`` reads), NaN where blank or unparsable.

    Clean columns (the usual case) take one pass of ``float`` in NumPy's loop. A column
    with a cell that is not a number is parsed again summary by summary (``bounds``), and
    only a summary that fails is read cell by cell.
    """
    filled = np.where(blank, "nan", cells)
    try:
        return filled.astype(float)
    except ValueError:
        pass
    out = np.empty(len(filled), dtype=float)
    for start, end in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        try:
            out[start:end] = filled[start:end].astype(float)
        except ValueError:
            out[start:end] = [_float_or_nan(cell) for cell in filled[start:end].tolist()]
    return out


def _float_or_nan(cell: str) -> float:
    try:
        return float(cell)
    except ValueError:
        return _NAN
