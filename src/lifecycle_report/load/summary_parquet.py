"""Parquet summaries (contract v2): the CSV's columns, read with pyarrow.

``date`` holds dates, timestamps or ISO text; signal columns hold numbers (a null is
an empty cell; NaN and infinities are errors, as in a CSV) or text judged as a CSV cell.
Row ``i`` (from 0) is reported as line ``i + 2``, as if the file were a CSV with its
header.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..domain import SIGNALS
from ..i18n import Catalog
from ..problems import Problem
from .monitoring import Table
from .sources import SummaryRequest


def _column(column: object) -> pd.Series:
    import pyarrow as pa
    import pyarrow.compute as pc

    assert isinstance(column, pa.ChunkedArray)
    kind = column.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind):
        floats = column.cast(pa.float64())
        if pc.any(pc.is_nan(floats)).as_py():
            # NaN written as a value, not as a null: an error, shown as CSV would.
            cells = [v if v is None or v == v else "NaN" for v in floats.to_pylist()]
            return pd.Series(cells, dtype=object)
        return pd.Series(floats.to_numpy(zero_copy_only=False), dtype=float)
    return pd.Series(column.to_pylist(), dtype=object)


def read_parquet(slot: int, request: SummaryRequest, catalog: Catalog) -> Table | list[Problem]:
    """One Parquet file's table, or the problems that kept it from being read."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        data = pq.read_table(request.path)
    except (OSError, pa.ArrowException) as exc:
        return [Problem(request.file, None, catalog("parquet.unreadable", detail=str(exc)))]
    names = data.column_names
    if "date" not in names:
        return [Problem(request.file, None, catalog("csv.no_date", columns=", ".join(names)))]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        return [
            Problem(request.file, None, catalog("csv.duplicate_column", column=name))
            for name in repeated
        ]
    signals = tuple(name for name in SIGNALS if name in names)
    frame = pd.DataFrame(
        {
            "date": pd.Series(data.column("date").to_pylist(), dtype=object),
            **{name: _column(data.column(name)) for name in signals},
        }
    )
    rows = len(frame)
    return Table(
        frame,
        slots=np.full(rows, slot, dtype=np.int64),
        lines=np.arange(2, rows + 2, dtype=np.int64),
        signals={slot: signals},
    )
