"""Static SVG line charts, drawn at build time: data units in, SVG text out.

No JavaScript and no plotting library. :func:`render_svg` draws a :class:`ChartSpec`:
its lines (a gap for each empty cell), threshold lines, an expected-range band and the
periods marked by a finding. The output is deterministic (fixed number formats, ids from
the spec) and styled by the site's CSS classes over ``currentColor``, so it follows the theme's
light and dark schemes. Manifest text in titles and
descriptions is XML-escaped.
"""

from __future__ import annotations

import html
import math
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

WIDTH, HEIGHT = 640, 220
#: The plot area inside the SVG (room for the title and legend above, ticks around).
LEFT, RIGHT, TOP, BOTTOM = 64.0, 628.0, 46.0, 194.0
#: Characters outside XML 1.0 (control characters a YAML string may still carry).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CHAR_WIDTH = 6.2  # average width of an 11px character, to lay out the legend


@dataclass(frozen=True)
class Line:
    """One plotted column: ``key`` names its CSS modifier; NaN is an empty cell."""

    key: str
    name: str
    values: np.ndarray
    #: Drawn dashed, so that two lines differ by more than colour.
    dashed: bool = False
    #: Indexes of the readings past the signal's threshold, drawn as red squares.
    breached: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ChartSpec:
    """What one chart shows, in data units. ``ident`` must be unique in the page."""

    ident: str
    title: str
    desc: str
    dates: Sequence[date]
    lines: Sequence[Line]
    #: Threshold values drawn as dashed lines, and their legend label.
    thresholds: Sequence[float] = ()
    threshold_label: str = ""
    #: Expected range drawn as a band (``output_range``).
    band: tuple[float, float] | None = None
    #: Indexes of the periods that raised a finding, and their legend label.
    marked: frozenset[int] = frozenset()
    marked_label: str = ""
    #: Dates of the model's changes (decisions, versions, manifest commits) within the
    #: chart's dates, drawn as vertical lines, and their legend label.
    changes: Sequence[date] = ()
    changes_label: str = ""
    #: Legend label of the readings past their threshold (shown when a line has any).
    breach_label: str = ""


def _xml(value: str) -> str:
    """Text for SVG, which may be manifest data: XML-escaped, on one line, XML-valid.

    One line matters too: a blank line would end the raw HTML block in Markdown.
    """
    return html.escape(" ".join(_NOT_XML.sub("\ufffd", value).split()), quote=True)


def css_key(key: str) -> str:
    return key.replace("_", "-")


def _stroke(line: Line) -> str:
    """A data line's attributes (its dash is drawn even without the stylesheet)."""
    dash = ' stroke-dasharray="5 3"' if line.dashed else ""
    return f'class="lr-chart__line lr-chart__line--{css_key(line.key)}"{dash}'


#: The largest float: a domain's ends are kept within it (a summary may hold ±1.7e308).
_MAX = sys.float_info.max


def _finite(value: float) -> float:
    return max(-_MAX, min(_MAX, value))


def _scale(values: list[float]) -> tuple[float, float, float]:
    """A y domain (low, high, step) that covers ``values`` and ends on round ticks.

    Differences are taken of halves and quarters, and the ends kept finite, so that
    values near the float limits (±1.7e308) still give a domain."""
    lo, hi = min(values), max(values)
    if hi == lo:
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = _finite(lo - pad), _finite(hi + pad)
    raw = hi / 4 - lo / 4
    magnitude = 10.0 ** math.floor(math.log10(raw))
    norm = raw / magnitude
    step = (1 if norm <= 1 else 2 if norm <= 2 else 5 if norm <= 5 else 10) * magnitude
    low = _finite(math.floor(lo / step + 1e-9) * step)
    high = _finite(math.ceil(hi / step - 1e-9) * step)
    return low, high, step


def _tick(value: float, step: float) -> str:
    if abs(value) < step / 2:
        value = 0.0
    if step >= 1e15:  # beyond what digits with separators read well
        return f"{value:.3g}"
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return f"{value:,.{decimals}f}".replace(",", "\u202f")


def _runs(indexes: frozenset[int]) -> list[tuple[int, int]]:
    """Consecutive indexes as (first, last) pairs."""
    runs: list[tuple[int, int]] = []
    for i in sorted(indexes):
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


@dataclass(frozen=True)
class XAxis:
    """Where each period sits along x: the same for every chart of one summary."""

    xs: list[float]
    #: Each x as written in a path.
    x_text: list[str]
    #: Half the width of a marked period's band.
    half: float


def x_axis(dates: Sequence[date]) -> XAxis:
    """The x positions of ``dates`` (sorted) across the plot area."""
    days = np.array([d.toordinal() for d in dates], dtype=float)
    span = float(days[-1] - days[0]) if len(days) else 0.0
    if span:
        xs: list[float] = (LEFT + (days - days[0]) / span * (RIGHT - LEFT)).tolist()
    else:
        xs = [(LEFT + RIGHT) / 2] * len(days)
    gap = float(np.diff(xs).min()) if len(xs) > 1 else 16.0
    return XAxis(xs, [f"{x:.1f}" for x in xs], max(min(gap, 16.0) / 2, 3.0))


class _Frame:
    """Data units to SVG coordinates: dates along x, a rounded value domain along y."""

    def __init__(self, spec: ChartSpec, guides: list[float], axis: XAxis | None) -> None:
        known = [v[~np.isnan(v)] for v in (line.values for line in spec.lines)]
        bounds = [float(b) for v in known if len(v) for b in (v.min(), v.max())]
        self.low, self.high, self.step = _scale(bounds + guides or [0.0])
        self.axis = axis or x_axis(spec.dates)

    # Halves: the same numbers (halving is exact), and no overflow near the float limits.
    def y(self, value: float) -> float:
        span = self.high / 2 - self.low / 2
        return BOTTOM - (value / 2 - self.low / 2) / span * (BOTTOM - TOP)

    def ys(self, values: np.ndarray) -> np.ndarray:
        """:meth:`y` of a whole column (NaN stays NaN)."""
        span = self.high / 2 - self.low / 2
        return BOTTOM - (values / 2 - self.low / 2) / span * (BOTTOM - TOP)

    def ticks(self) -> list[float]:
        count = round((self.high / 2 - self.low / 2) / (self.step / 2))
        return [_finite(self.low + i * self.step) for i in range(count + 1)]


def _change_xs(spec: ChartSpec) -> list[float]:
    """Where each change date falls along x (the axis is linear in days)."""
    first, last = spec.dates[0].toordinal(), spec.dates[-1].toordinal()
    span = last - first
    return sorted(
        {
            LEFT + (day.toordinal() - first) / span * (RIGHT - LEFT) if span else (LEFT + RIGHT) / 2
            for day in spec.changes
        }
    )


def _legend(spec: ChartSpec, guides: list[float]) -> tuple[list[str], list[str]]:
    """Legend labels (text) and their samples (strokes), laid out left to right."""
    items = [(f"<path {_stroke(line)}", line.name) for line in spec.lines]
    if guides:
        items.append(
            ('<path class="lr-chart__threshold" stroke-dasharray="6 4"', spec.threshold_label)
        )
    if spec.marked:
        items.append(("", spec.marked_label))
    if any(line.breached for line in spec.lines):
        items.append(("breach", spec.breach_label))
    if spec.changes:
        items.append(('<path class="lr-chart__change" stroke-dasharray="2 3"', spec.changes_label))
    labels, samples = [], []
    x = LEFT
    for sample, label in items:
        if sample == "breach":
            samples.append(_breach_mark(x + 8, 29))
        elif sample:
            samples.append(f'{sample} d="M{x:.1f},29h16"/>')
        else:
            samples.append(f'<circle class="lr-chart__mark" cx="{x + 8:.1f}" cy="29" r="4"/>')
        labels.append(f'<text x="{x + 20:.1f}" y="33">{_xml(label)}</text>')
        x += 34 + _CHAR_WIDTH * len(label)
    return labels, samples


def _axes(spec: ChartSpec, frame: _Frame) -> list[str]:
    """Tick labels along y; first, middle and last dates along x."""
    out = [
        f'<text x="{LEFT - 6:.1f}" y="{frame.y(v) + 4:.1f}" text-anchor="end">'
        f"{_tick(v, frame.step)}</text>"
        for v in frame.ticks()
    ]
    last = len(frame.axis.xs) - 1
    shown = sorted({0, last // 2, last}) if last >= 0 else []
    for i in shown:
        anchor = "start" if i == 0 else "end" if i == last else "middle"
        out.append(
            f'<text x="{frame.axis.xs[i]:.1f}" y="{HEIGHT - 8}" text-anchor="{anchor}">'
            f"{spec.dates[i].isoformat()}</text>"
        )
    return out


def _breach_mark(x: float, y: float) -> str:
    """A reading past its threshold: a red square, told from a finding's circle by shape."""
    return f'<rect class="lr-chart__breach" x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6"/>'


def _line(line: Line, frame: _Frame, marked: frozenset[int]) -> tuple[str, list[str]]:
    """A data line as one path (a gap for each empty cell), plus dots and marks.

    A period alone between gaps gets a dot, since a one-point path draws nothing.
    """
    present = ~np.isnan(line.values)
    before = np.concatenate(([False], present[:-1]))
    after = np.concatenate((present[1:], [False]))
    starts = (present & ~before).tolist()
    ys = frame.ys(line.values).tolist()
    shown = np.flatnonzero(present).tolist()
    xs = frame.axis.x_text
    if len(shown) == len(xs) and len(xs) > 0:  # no gaps: one move, then lines
        d = "M" + "L".join(map("{},{:.1f}".format, xs, ys))
    else:
        d = "".join([f"{'M' if starts[i] else 'L'}{xs[i]},{ys[i]:.1f}" for i in shown])
    alone = np.flatnonzero(present & ~before & ~after).tolist()
    dots = [
        f'<circle class="lr-chart__dot" cx="{frame.axis.xs[i]:.1f}" cy="{ys[i]:.1f}" r="2"/>'
        for i in alone
    ]
    dots += [
        f'<circle class="lr-chart__mark" cx="{frame.axis.xs[i]:.1f}" cy="{ys[i]:.1f}" r="4"/>'
        for i in sorted(marked)
        if i < len(ys) and present[i]
    ]
    dots += [
        _breach_mark(frame.axis.xs[i], ys[i])
        for i in sorted(line.breached - marked)
        if i < len(ys) and present[i]
    ]
    path = f'<path {_stroke(line)} stroke-width="2" stroke-linejoin="round" d="{d}"/>'
    return path, dots


def render_svg(spec: ChartSpec, axis: XAxis | None = None) -> str:
    """The chart as one SVG element on one line (so it stays one raw HTML block).

    It is drawn inline in its page, styled by the site's stylesheet. ``axis`` is
    ``x_axis(spec.dates)``, when the caller draws several charts of the same dates.
    """
    guides = [v for v in spec.thresholds if math.isfinite(v)]
    frame = _Frame(spec, guides, axis)
    ident = spec.ident
    labels, samples = _legend(spec, guides)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lr-chart__svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{_xml(spec.title)}</title>',
        f'<desc id="{ident}-desc">{_xml(spec.desc)}</desc>',
        '<g fill="currentColor" font-size="11">',
        f'<text class="lr-chart__title" x="0" y="14" font-size="13" font-weight="700">'
        f"{_xml(spec.title)}</text>",
        *labels,
        *_axes(spec, frame),
        '</g><g fill="none" stroke="currentColor">',
    ]
    grid = "".join(f"M{LEFT:.1f},{frame.y(v):.1f}H{RIGHT:.1f}" for v in frame.ticks())
    out.append(f'<path class="lr-chart__grid" stroke-opacity="0.15" d="{grid}"/>')
    if spec.band is not None:
        top, bottom = frame.y(max(spec.band)), frame.y(min(spec.band))
        out.append(
            f'<rect class="lr-chart__band" x="{LEFT:.1f}" y="{top:.1f}" '
            f'width="{RIGHT - LEFT:.1f}" height="{bottom - top:.1f}" stroke="none" '
            'fill="currentColor" fill-opacity="0.06"/>'
        )
    for first, final in _runs(spec.marked):
        x0 = max(LEFT, frame.axis.xs[first] - frame.axis.half)
        x1 = min(RIGHT, frame.axis.xs[final] + frame.axis.half)
        out.append(
            f'<rect class="lr-chart__marked" x="{x0:.1f}" y="{TOP:.1f}" width="{x1 - x0:.1f}" '
            f'height="{BOTTOM - TOP:.1f}" stroke="none" fill="currentColor" fill-opacity="0.1"/>'
        )
    if guides:
        d = "".join(f"M{LEFT:.1f},{frame.y(v):.1f}H{RIGHT:.1f}" for v in guides)
        out.append(f'<path class="lr-chart__threshold" stroke-dasharray="6 4" d="{d}"/>')
    if spec.changes:
        d = "".join(f"M{x:.1f},{TOP:.1f}V{BOTTOM:.1f}" for x in _change_xs(spec))
        out.append(f'<path class="lr-chart__change" stroke-dasharray="2 3" d="{d}"/>')
    out.extend(samples)
    dots: list[str] = []
    for line in spec.lines:
        path, line_dots = _line(line, frame, spec.marked)
        out.append(path)
        dots.extend(line_dots)
    out.extend(dots)
    out.append("</g></svg>")
    return "".join(out)
