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
from dataclasses import dataclass
from datetime import date
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd

from ..domain import SIGNALS, MonitoringSeries
from ..i18n import Catalog
from ..problems import Problem
from .yamlio import YamlError, decode

_DATE_RE = r"^\d{4}-\d{2}-\d{2}$"


@dataclass
class _Table:
    """Cells of one summary, before parsing."""

    file: str
    signals: tuple[str, ...]
    lines: list[int]
    dates: list[str]
    cells: dict[str, tuple[str, ...]]


def _split(path: Path, file: str, catalog: Catalog) -> tuple[_Table | None, list[Problem]]:
    try:
        text = decode(path.read_bytes())
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
        rows = [(reader.line_num, row) for row in reader if any(row)]
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
    for line, row in rows:
        if len(row) > width:
            problems.append(
                Problem(file, line, catalog("csv.too_many_cells", found=len(row), expected=width))
            )
    if problems:
        return None, problems
    index = {name: i for i, name in enumerate(header)}
    signals = tuple(sig for sig in SIGNALS if sig in index)
    padded = [row if len(row) == width else row + [""] * (width - len(row)) for _, row in rows]
    columns = list(zip(*padded, strict=True)) if padded else [()] * width
    table = _Table(
        file=file,
        signals=signals,
        lines=[line for line, _ in rows],
        dates=[cell.strip() for cell in columns[index["date"]]],
        cells={name: columns[index[name]] for name in signals},
    )
    return table, []


def read_summaries(
    requests: list[tuple[Path, str]], catalog: Catalog
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

    owner = np.concatenate(
        [np.full(len(t.dates), k, dtype=np.int64) for k, (_, t) in enumerate(tables)]
    )
    lines = np.concatenate([np.asarray(t.lines, dtype=np.int64) for _, t in tables])
    raw_dates = pd.Series(list(chain.from_iterable(t.dates for _, t in tables)), dtype=object)
    dates = pd.to_datetime(raw_dates, format="%Y-%m-%d", errors="coerce")
    bad_date = (~raw_dates.str.match(_DATE_RE)) | dates.isna()

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
        parsed = _numbers(cells)
        unparsed = np.flatnonzero(~np.isfinite(parsed) & (cells != ""))
        bad = np.zeros(len(parsed), dtype=bool)
        bad[unparsed] = [bool(str(cells[i]).strip()) for i in unparsed]
        for i in np.flatnonzero(bad):
            bad_cells.append((int(owner[i]), int(lines[i]), signal, str(cells[i])))
        parsed[bad] = np.nan
        numbers[signal] = parsed
    for i in np.flatnonzero(bad_date.to_numpy()):
        bad_cells.append((int(owner[i]), int(lines[i]), "date", str(raw_dates.iat[i])))

    frame = pd.DataFrame({"owner": owner, "date": dates, "line": lines})
    duplicated = frame.duplicated(["owner", "date"], keep="first") & ~bad_date
    for i in np.flatnonzero(duplicated.to_numpy()):
        k = int(owner[i])
        bad_cells.append((k, int(lines[i]), "date*", tables[k][1].dates[i - _start(owner, k)]))

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

    order = np.lexsort((dates.to_numpy(dtype="datetime64[ns]"), owner))
    bounds = np.searchsorted(owner[order], np.arange(len(tables) + 1))
    day_numbers = dates.to_numpy(dtype="datetime64[D]")
    for k, (slot, table) in enumerate(tables):
        if k in broken:
            answers[slot] = (None, broken[k])
            continue
        rows = order[bounds[k] : bounds[k + 1]]
        days = day_numbers[rows].astype("int64").tolist()
        answers[slot] = (
            MonitoringSeries(
                file=table.file,
                dates=[date.fromordinal(_EPOCH + d) for d in days],
                values={s: numbers[s][rows] for s in table.signals},
                lines=lines[rows].tolist(),
            ),
            [],
        )
    return answers


_EPOCH = date(1970, 1, 1).toordinal()
_NAN = float("nan")


def _numbers(cells: np.ndarray) -> np.ndarray:
    """Cells as floats, NaN where blank or unparsable.

    Clean columns (the usual case) take one pass of ``float``; a column with any cell
    that is not a number goes through pandas' coercing parser instead.
    """
    try:
        return np.array([float(c) if c else _NAN for c in cells], dtype=float)
    except ValueError:
        return pd.to_numeric(cells, errors="coerce").astype(float, copy=True)


def _start(owner: np.ndarray, k: int) -> int:
    return int(np.searchsorted(owner, k))
