"""A model page's monitoring charts: one inline SVG per signal, and the data behind them.

A chart is drawn (:mod:`lifecycle_report.site.svg`) from a model's
:class:`~lifecycle_report.domain.MonitoringSeries`, the thresholds its evaluation used
(:attr:`ModelResult.thresholds <lifecycle_report.report.ModelResult.thresholds>`) and
its findings. Nothing here judges a rule: a period is marked because a finding that
failed (or was waived) says so. :func:`model_charts` builds the charts of one page;
:func:`data_csv` the one file of their data.
"""

from __future__ import annotations

import bisect
import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
from markupsafe import Markup

from ..domain import MonitoringSeries, Thresholds
from ..i18n import Catalog
from ..report import Finding, ModelResult
from ..rules import RULES_BY_ID
from ..rules.base import fmt
from ..timeline import Change
from . import escape
from .svg import ChartSpec, Line, XAxis, css_key, render_svg, x_axis

#: Periods a page draws and tabulates at most (the last ones): ten years of weeks.
MAX_PERIODS = 520
#: Charts of a model page: a signal group and the columns it plots.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("performance", ("performance",)),
    ("input_drift", ("input_drift",)),
    ("volume", ("volume",)),
    ("error_rate", ("error_rate",)),
    ("output", ("output_min", "output_max")),
)
#: The rule whose failing finding marks periods on a chart.
MARKING_RULES = {
    "performance": "performance-drop",
    "input_drift": "input-drift",
    "error_rate": "error-increase",
    "output": "output-out-of-range",
}
MARKED_STATUSES = ("fail", "waived")
#: The data behind a model page's charts, next to the page.
DATA_FILE = "data.csv"


@dataclass(frozen=True)
class Chart:
    """One chart of a model page: its SVG and the data behind it.

    The SVG is drawn inline, in a raw HTML block the plugin keeps away from Markdown and
    the search index (:mod:`lifecycle_report.site.rawhtml`); its ``<title>`` and
    ``<desc>`` name it for screen readers.
    """

    ident: Markup
    #: One ``<svg>`` element on one line, styled by the site's stylesheet.
    svg: Markup
    #: The periods (ISO dates), the name of each plotted line and its table cells.
    days: list[str]
    names: list[str]
    cells: list[list[str]]
    #: Per period, the finding that marks it ("" if none); ``None`` if nothing is marked.
    flags: list[str] | None = None
    #: Periods in the whole summary (more than ``days`` when the page shows the last ones).
    total: int = 0
    #: Per period, the model's changes since the period before ("" if none); ``None``
    #: when no change falls within the chart's dates. The same for every chart of a page.
    changes: list[str] | None = None

    @property
    def rows(self) -> list[tuple[str, ...]]:
        """The chart's data as table rows: a date, one cell per line, the flag if any."""
        columns = [self.days, *self.cells, *([self.flags] if self.flags is not None else [])]
        return list(zip(*columns, strict=True))


def _cells(values: np.ndarray) -> list[str]:
    """Table cells of a column: fixed formats, "—" for an empty (NaN) cell.

    Digits, signs, dots, ``e`` and the dash only: the cells need no HTML escaping.
    """
    magnitude = np.abs(values)
    if (magnitude < 1e6).all() and not (np.signbit(values) & (values == 0)).any():
        # No NaN, no -0 and nothing of seven digits or more (the usual column): there
        # ``.6g`` writes a whole number exactly as ``int`` does.
        return list(map("{:.6g}".format, values.tolist()))
    whole = ((values == np.trunc(values)) & (magnitude < 1e15)).tolist()
    return [
        "—" if value != value else str(int(value)) if is_whole else f"{value:.6g}"
        for value, is_whole in zip(values.tolist(), whole, strict=True)
    ]


def _guides(group: str, th: Thresholds, t: Catalog) -> tuple[list[float], str]:
    """The threshold values drawn on a chart, and how the legend names them."""
    if group == "performance" and th.performance_min is not None:
        return [th.performance_min], t("chart.threshold_min", value=fmt(th.performance_min))
    if group == "input_drift":
        return [th.drift_max], t("chart.threshold_max", value=fmt(th.drift_max))
    if group == "error_rate" and th.error_rate_max is not None:
        return [th.error_rate_max], t("chart.threshold_max", value=fmt(th.error_rate_max))
    if group == "output" and th.output_range is not None:
        low, high = th.output_range
        return [low, high], t("chart.threshold_range", low=fmt(low), high=fmt(high))
    return [], ""


def _marked(
    model: ModelResult, group: str, series: MonitoringSeries
) -> tuple[Finding | None, frozenset[int]]:
    """The finding that marks this chart, if it failed (or was waived), and the
    positions of the periods it judged."""
    rule = MARKING_RULES.get(group)
    found = next(
        (f for f in model.findings if f.rule == rule and f.status in MARKED_STATUSES), None
    )
    if found is None:
        return None, frozenset()
    judged = set(found.periods)
    return found, frozenset(i for i, day in enumerate(series.dates) if day in judged)


def _title(model: ModelResult, group: str, name: str, t: Catalog) -> str:
    manifest = model.entry.manifest
    performance = manifest.monitoring.performance if manifest else None
    metric = performance.metric if performance else None
    if group == "performance" and metric and metric.strip():
        return t("chart.title_metric", signal=name, metric=metric)
    return t("chart.title", signal=name)


def change_label(change: Change, t: Catalog) -> str:
    """A change as the data table names it (registry text: escaped where rendered)."""
    if change.kind == "decision":
        stage = t(f"stage.{change.detail}") if change.detail else ""
        return t("chart.change_decision", decision=change.text, stage=stage)
    if change.kind == "version":
        return t("chart.change_version", old=change.text, new=change.detail)
    return t("chart.change_commit", sha=change.detail, subject=change.text)


def _change_cells(
    dates: Sequence[date], changes: Sequence[Change], t: Catalog
) -> tuple[list[date], list[str] | None]:
    """The change dates within ``dates``, and per period the changes since the period
    before (a change between two periods is listed at the later one)."""
    if not dates:
        return [], None
    inside = [c for c in changes if dates[0] <= c.date <= dates[-1]]
    if not inside:
        return [], None
    cells: list[list[str]] = [[] for _ in dates]
    for change in inside:
        cells[bisect.bisect_left(dates, change.date)].append(change_label(change, t))
    return sorted({c.date for c in inside}), [" · ".join(cell) for cell in cells]


def _describe(line: Line, days: list[str], t: Catalog) -> str:
    """One line's data in a sentence: latest value, range, empty cells."""
    values = line.values
    present = np.flatnonzero(~np.isnan(values))
    known = values[present]
    last = int(present[-1])
    text = t(
        "chart.line",
        name=line.name,
        latest=fmt(float(values[last])),
        date=days[last],
        low=fmt(float(known.min())),
        high=fmt(float(known.max())),
    )
    empty = len(days) - len(present)
    return f"{text} {t('chart.gaps', empty=empty)}" if empty else text


def _chart(
    model: ModelResult,
    series: MonitoringSeries,
    days: list[str],
    group: str,
    columns: tuple[str, ...],
    t: Catalog,
    axis: XAxis,
    changes: tuple[list[date], list[str] | None],
) -> Chart | None:
    th = model.thresholds or Thresholds()
    lines = [
        Line(
            c,
            t(f"signal_name.{c}"),
            series.values[c],
            dashed=c == "output_min",
            breached=frozenset(np.flatnonzero(th.breaches(c, series.values[c])).tolist()),
        )
        for c in columns
        if series.monitors(c)
    ]
    if not lines:
        return None
    name = t("chart.output") if group == "output" else t(f"signal_name.{group}")
    guides, guide_label = _guides(group, th, t)
    finding, marked = _marked(model, group, series)
    desc = [t("chart.periods", periods=len(days), first=days[0], last=days[-1])]
    desc += [_describe(line, days, t) for line in lines]
    desc.append(t("chart.threshold", threshold=guide_label) if guides else t("chart.no_threshold"))
    flags = None
    if finding is not None:
        rule_title = RULES_BY_ID[finding.rule].text[t.lang].title
        dates = ", ".join(days[i] for i in sorted(marked))
        status = t(f"status.{finding.status}")
        desc.append(t("chart.marked", rule=rule_title, status=status, dates=dates))
        flag = f"{status}: {rule_title}"  # words, not emoji a reader's fonts may lack
        flags = [flag if i in marked else "" for i in range(len(days))]
    change_dates, change_cells = changes
    if change_dates:
        listed = ", ".join(day.isoformat() for day in change_dates)
        desc.append(t("chart.changes", dates=listed))
    ident = f"lr-chart-{css_key(group)}"
    spec = ChartSpec(
        ident=ident,
        title=_title(model, group, name, t),
        desc=" ".join(desc),
        dates=series.dates,
        lines=lines,
        thresholds=guides,
        threshold_label=guide_label,
        band=th.output_range if group == "output" else None,
        marked=marked,
        marked_label=t("chart.legend_marked"),
        changes=change_dates,
        changes_label=t("chart.legend_changes"),
        breach_label=t("chart.legend_breach"),
    )
    return Chart(
        ident=Markup(ident),
        svg=Markup(render_svg(spec, axis=axis)),
        days=days,
        names=[line.name for line in lines],
        cells=[_cells(line.values) for line in lines],
        flags=flags,
        changes=change_cells,
    )


def model_charts(model: ModelResult, t: Catalog, changes: Sequence[Change] = ()) -> list[Chart]:
    """The charts of a model page, in signal order; none for an absent or empty column.

    At most the last :data:`MAX_PERIODS` periods are drawn and tabulated (the table says
    so): a page's cost stays bounded whatever the summary's length. ``changes``
    (:func:`lifecycle_report.timeline.model_changes`) are marked on every chart and
    named in the data table."""
    series = model.entry.series
    if series is None or not len(series):
        return []
    total = len(series)
    if total > MAX_PERIODS:
        series = MonitoringSeries(
            series.file,
            series.dates[-MAX_PERIODS:],
            {column: values[-MAX_PERIODS:] for column, values in series.values.items()},
            series.lines[-MAX_PERIODS:],
        )
    days = [day.isoformat() for day in series.dates]
    axis = x_axis(series.dates)
    marks = _change_cells(series.dates, changes, t)
    charts = (
        _chart(model, series, days, group, columns, t, axis, marks) for group, columns in GROUPS
    )
    return [replace(chart, total=total) for chart in charts if chart is not None]


def data_table(charts: Sequence[Chart], t: Catalog) -> tuple[list[str], list[tuple[str, ...]]]:
    """One table for all of a page's charts: a date, every plotted column, and the
    findings that mark each period (joined), if any chart is marked."""
    if not charts:
        return [], []
    columns = [t("site.col_date")] + [name for chart in charts for name in chart.names]
    values: list[list[str]] = [cells for chart in charts for cells in chart.cells]
    flags = [chart.flags for chart in charts if chart.flags is not None]
    if flags:
        columns.append(t("chart.col_finding"))
        values.append([" · ".join(f for f in period if f) for period in zip(*flags, strict=True)])
    if charts[0].changes is not None:
        columns.append(t("chart.col_changes"))
        values.append(charts[0].changes)
    return columns, list(zip(charts[0].days, *values, strict=True))


def data_csv(charts: Sequence[Chart], t: Catalog) -> str:
    """:func:`data_table` as a CSV file, next to the page (``data.csv``) rather than a
    table in it: hundreds of cells cost Markdown and the search index far more than the
    reader gains from seeing them inline. Dates and numbers are ours; headers and finding
    flags go through :func:`escape.csv_cell`."""
    columns, rows = data_table(charts, t)
    # Finding flags and change labels (registry text) come last; dates and numbers are ours.
    texts = any(chart.flags is not None for chart in charts) + (charts[0].changes is not None)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([escape.csv_cell(c) for c in columns])
    for row in rows:
        if texts:
            row = (*row[:-texts], *map(escape.csv_cell, row[-texts:]))
        writer.writerow(row)
    return out.getvalue()
