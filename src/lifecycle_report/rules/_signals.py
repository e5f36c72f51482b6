"""Shared helpers of the monitoring signal rules: which rows they may judge."""

from __future__ import annotations

import math
from datetime import date

import numpy as np

from .base import NOT_APPLICABLE, ModelContext, Outcome


def latest(ctx: ModelContext, signal: str) -> tuple[np.ndarray | None, Outcome | None]:
    """The signal's column when its latest cell can be judged, else why not."""
    series = ctx.series
    if series is None or not len(series):
        return None, Outcome(NOT_APPLICABLE, "signal.no_summary")
    column = series.column(signal)
    if column is None or not series.monitors(signal):
        return None, Outcome(NOT_APPLICABLE, "signal.no_column", {"column": signal})
    if math.isnan(column[-1]):
        return None, Outcome(NOT_APPLICABLE, "signal.latest_empty", {"column": signal})
    return column, None


def last_periods(ctx: ModelContext, count: int = 1) -> tuple[date, ...]:
    """The dates of the series' last ``count`` periods: what a signal rule judged."""
    return tuple(ctx.series.dates[-count:]) if ctx.series is not None else ()


def earlier_median(column: np.ndarray, recent: int, window: int) -> float | None:
    """Median of up to ``window`` non-empty values before the last ``recent`` rows."""
    before = column[max(0, len(column) - recent - window) : len(column) - recent]
    before = before[~np.isnan(before)]
    return float(np.median(before)) if len(before) else None
