"""``monitoring.csv`` files, many in one pandas parse.

Files with the same header are joined (without their headers) into one text and parsed
once by pandas' C engine: one parse for a 10,000-model registry instead of 10,000.
Blank lines are kept as rows (and dropped afterwards), so row ``i`` of a file is its line
``i + 2``. A file whose records may span lines (it has a quote) or whose lines end in a
lone carriage return is parsed on its own and its lines counted with the ``csv``
module; so is every file of a batch that pandas refuses, so that one bad file never
hides the others and its error names its own line.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from pandas.errors import ParserError, ParserWarning

from ..domain import SIGNALS
from ..i18n import Catalog
from ..problems import Problem
from .monitoring import Table
from .sources import SummaryRequest
from .yamlio import YamlError, decode


class _File:
    """One CSV file split into its header and body."""

    def __init__(self, slot: int, file: str, header: list[str], body: str) -> None:
        self.slot = slot
        self.file = file
        self.header = header
        self.body = body if not body or body.endswith("\n") else body + "\n"
        #: Records span lines only where a quote is; a lone "\r" ends lines pandas-wise.
        self.plain = '"' not in body and "\r" not in body.replace("\r\n", "")

    def lines(self) -> np.ndarray:
        """The line each record starts on (blank records included), as pandas reads them."""
        if self.plain:
            return np.arange(2, self.body.count("\n") + 2, dtype=np.int64)
        reader = csv.reader(io.StringIO(self.body, newline=""), strict=True)
        starts, start = [], 2
        for _ in reader:
            starts.append(start)
            start = reader.line_num + 2
        return np.array(starts, dtype=np.int64)


def _split(slot: int, request: SummaryRequest, catalog: Catalog) -> _File | list[Problem]:
    file = request.file
    try:
        with open(request.path, "rb") as handle:
            text = decode(handle.read())
    except OSError as exc:
        return [Problem(file, None, catalog("file.unreadable", detail=exc.strerror or str(exc)))]
    except YamlError as exc:
        return [Problem(file, exc.line, catalog(exc.message_key, **exc.params))]
    if not text.strip():
        return [Problem(file, 1, catalog("csv.empty"))]
    if "\x00" in text:
        return [Problem(file, text.count("\n", 0, text.index("\x00")) + 1, catalog("csv.nul"))]
    first, newline, body = text.partition("\n")
    try:
        header = [cell.strip() for cell in next(csv.reader([first], strict=True), [])]
    except csv.Error as exc:
        return [Problem(file, 1, catalog("csv.syntax", detail=str(exc)))]
    if "date" not in header:  # also what a headerless file looks like
        return [Problem(file, 1, catalog("csv.no_date", columns=", ".join(header)))]
    seen: set[str] = set()
    problems = []
    for name in header:
        if name in seen:
            problems.append(Problem(file, 1, catalog("csv.duplicate_column", column=name)))
        seen.add(name)
    return problems or _File(slot, file, header, body if newline else "")


def _parse(header: list[str], text: str, as_text: bool = False) -> pd.DataFrame:
    """The columns of ``text`` (CSV rows without a header); every column is read, so
    that a row wider than the header is refused."""
    types: Any = object if as_text else {"date": object}
    with warnings.catch_warnings():
        # A first row wider than the header would be read silently short: refuse it.
        warnings.simplefilter("error", ParserWarning)
        return pd.read_csv(
            io.StringIO(text),
            header=None,
            names=header,
            index_col=False,
            dtype=types,
            na_values=[""],
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
        )


def _locate(one: _File, catalog: Catalog, exc: Exception) -> Problem:
    """The line of a file pandas refused, found with the ``csv`` module."""
    width = len(one.header)
    reader = csv.reader(io.StringIO(one.body, newline=""), strict=True)
    start = 2
    try:
        for row in reader:
            if len(row) > width:
                message = catalog("csv.too_many_cells", found=len(row), expected=width)
                return Problem(one.file, start, message)
            start = reader.line_num + 2
    except csv.Error as error:
        return Problem(one.file, reader.line_num + 1, catalog("csv.syntax", detail=str(error)))
    return Problem(one.file, None, catalog("csv.syntax", detail=str(exc)))


def _table(files: list[_File]) -> Table | Exception:
    """One parse of ``files`` (same header), or why pandas refused it."""
    text = "".join(one.body for one in files)
    try:
        lines = [one.lines() for one in files]
        frame = _parse(files[0].header, text)
    except (ParserError, ParserWarning, ValueError, csv.Error) as exc:
        return exc
    counts = [len(found) for found in lines]
    if len(frame) != sum(counts):
        return ValueError(f"{len(frame)} records read, {sum(counts)} expected")
    slots = np.repeat(np.array([one.slot for one in files], dtype=np.int64), counts)
    line_numbers = np.concatenate(lines) if lines else np.empty(0, dtype=np.int64)
    # Blank records (every cell empty) are no periods.
    keep = frame.notna().to_numpy().any(axis=1)
    signals = tuple(name for name in SIGNALS if name in files[0].header)
    if not keep.all():
        frame = frame[keep].reset_index(drop=True)
        slots, line_numbers = slots[keep], line_numbers[keep]

    def written(column: str) -> pd.Series:
        return _parse(files[0].header, text, as_text=True)[column][keep].reset_index(drop=True)

    return Table(frame, slots, line_numbers, {one.slot: signals for one in files}, None, written)


def read_csv_tables(
    requests: Sequence[tuple[int, SummaryRequest]], catalog: Catalog
) -> tuple[list[Table], dict[int, list[Problem]]]:
    """Read CSV summaries: batched tables, and the problems of files that gave none."""
    problems: dict[int, list[Problem]] = {}
    batches: dict[tuple[str, ...], list[_File]] = {}
    alone: list[_File] = []
    for slot, request in requests:
        found = _split(slot, request, catalog)
        if isinstance(found, list):
            problems[slot] = found
        elif found.plain:
            batches.setdefault(tuple(found.header), []).append(found)
        else:
            alone.append(found)
    tables = []
    for files in [*batches.values(), *([one] for one in alone)]:
        table = _table(files)
        if isinstance(table, Table):
            tables.append(table)
            continue
        for one in files:  # pandas refused the batch: find which file, and where
            alone_table = _table([one]) if len(files) > 1 else table
            if isinstance(alone_table, Table):
                tables.append(alone_table)
            else:
                problems[one.slot] = [_locate(one, catalog, alone_table)]
    return tables, problems
