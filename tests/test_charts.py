"""Monitoring charts: static SVG per signal, thresholds drawn, failing periods marked.

Specs are drawn directly (``render_svg``) where geometry is the point, and built from
real evaluations (``model_charts``) where the point is which finding marks what.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from conftest import GOOD_MODEL, HEADER, edit, finding, weekly_csv
from lifecycle_report.i18n import catalog
from lifecycle_report.report import Report
from lifecycle_report.site import SiteSettings, render_site
from lifecycle_report.site.charts import Chart, data_csv, data_table, model_charts
from lifecycle_report.site.svg import BOTTOM, LEFT, RIGHT, TOP, ChartSpec, Line, render_svg
from sitebuild import copy_project, mkdocs_build

SVG = "{http://www.w3.org/2000/svg}"
GOOD = GOOD_MODEL.format(id="m")
WAIVER = "waivers:\n  - {rule: RULE, reason: se reentrena, approved_by: marta.lopez, expires: 2027-01-31}\n"


def spec(values: list[float], **kwargs) -> ChartSpec:
    start = date(2026, 1, 5)
    dates = [start + timedelta(weeks=i) for i in range(len(values))]
    line = Line("performance", "Performance", np.array(values, dtype=float))
    texts = {"ident": "c", "title": "T", "desc": "D", **kwargs}
    return ChartSpec(dates=dates, lines=[line], **texts)


def data_path(svg: ET.Element, key: str = "performance") -> ET.Element:
    """The plotted line of ``key`` (not its legend sample, which has no line join)."""
    return next(
        p
        for p in svg.iter(f"{SVG}path")
        if f"lr-chart__line--{key}" in p.get("class", "") and p.get("stroke-linejoin")
    )


def points(d: str) -> list[tuple[str, float, float]]:
    return [(cmd, float(x), float(y)) for cmd, x, y in re.findall(r"([ML])([-\d.]+),([-\d.]+)", d)]


def marks(svg: ET.Element) -> list[tuple[float, float]]:
    """Ring marks on data points (the legend's sample sits at y=29)."""
    return [
        (float(c.get("cx", "")), float(c.get("cy", "")))
        for c in svg.iter(f"{SVG}circle")
        if c.get("class") == "lr-chart__mark" and c.get("cy") != "29"
    ]


def x_of(index: int, count: int) -> float:
    """x of period ``index`` of ``count`` evenly spaced periods, as drawn (one decimal)."""
    return round(LEFT + index / (count - 1) * (RIGHT - LEFT), 1)


def charts(report: Report, model_id: str = "m") -> dict[str, Chart]:
    model = report.model(model_id)
    assert model is not None
    return {str(c.ident).removeprefix("lr-chart-"): c for c in model_charts(model, catalog("es"))}


def parse(chart: Chart) -> ET.Element:
    return ET.fromstring(str(chart.svg))


# -- drawing --------------------------------------------------------------------------------


def test_svg_parses_as_xml_and_names_itself_for_screen_readers() -> None:
    svg = ET.fromstring(
        render_svg(spec([0.7, 0.8], title="Performance por periodo", desc="Dos periodos."))
    )
    assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and title.text == "Performance por periodo"
    assert desc is not None and desc.text == "Dos periodos."
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_one_path_point_per_non_empty_period_and_a_gap_for_each_empty_cell() -> None:
    nan = math.nan
    values = [0.7, nan, 0.72, 0.74, nan, nan, 0.71, 0.73]
    svg = ET.fromstring(render_svg(spec(values)))
    drawn = points(data_path(svg).get("d", ""))
    assert len(drawn) == sum(not math.isnan(v) for v in values)
    # A new subpath (M) starts after every gap: [0.7] [0.72 0.74] [0.71 0.73].
    assert [cmd for cmd, _, _ in drawn] == ["M", "M", "L", "M", "L"]
    assert [x for _, x, _ in drawn] == [x_of(i, len(values)) for i in (0, 2, 3, 6, 7)]
    # The lone first period would be invisible as a path: it gets a dot.
    dots = [c for c in svg.iter(f"{SVG}circle") if c.get("class") == "lr-chart__dot"]
    assert [float(c.get("cx", "")) for c in dots] == [x_of(0, len(values))]


def test_threshold_line_and_points_sit_at_the_right_y_for_a_known_scale() -> None:
    # Values 0 and 1 make the y domain exactly [0, 1]: y(v) = BOTTOM - v * (BOTTOM - TOP).
    svg = ET.fromstring(
        render_svg(spec([0.0, 1.0], thresholds=[0.25], threshold_label="mínimo 0.25"))
    )
    threshold = next(
        p
        for p in svg.iter(f"{SVG}path")
        if p.get("class") == "lr-chart__threshold" and p.get("d", "").startswith(f"M{LEFT:.1f}")
    )
    assert threshold.get("d") == f"M{LEFT:.1f},{BOTTOM - 0.25 * (BOTTOM - TOP):.1f}H{RIGHT:.1f}"
    assert [(x, y) for _, x, y in points(data_path(svg).get("d", ""))] == [
        (LEFT, BOTTOM),
        (RIGHT, TOP),
    ]
    assert "mínimo 0.25" in "".join(svg.itertext())


def test_a_threshold_far_from_the_data_stays_inside_the_chart() -> None:
    svg = ET.fromstring(render_svg(spec([0.01, 0.02, 0.015], thresholds=[0.25])))
    threshold = next(
        p
        for p in svg.iter(f"{SVG}path")
        if p.get("class") == "lr-chart__threshold" and p.get("d", "").startswith(f"M{LEFT:.1f}")
    )
    y = float(threshold.get("d", "").split(",")[1].split("H")[0])
    assert TOP <= y <= BOTTOM


def test_same_spec_same_bytes_with_fixed_number_formats() -> None:
    one = render_svg(spec([0.7123456, math.nan, 0.81], thresholds=[0.75], marked=frozenset({2})))
    two = render_svg(spec([0.7123456, math.nan, 0.81], thresholds=[0.75], marked=frozenset({2})))
    assert one == two
    coordinates = re.findall(r'\b(?:x|y|cx|cy|width|height)="([^"]+)"', one.split("</desc>")[1])
    assert coordinates and all(re.fullmatch(r"\d+(\.\d)?", c) for c in coordinates), coordinates
    assert all(
        re.fullmatch(r"(?:[ML]\d+\.\d,\d+\.\d)+", d)
        for d in re.findall(r'stroke-linejoin="round" d="([^"]*)"', one)
    )


# -- a model page's charts ------------------------------------------------------------------


def test_every_monitored_signal_gets_a_chart_in_order(registry) -> None:
    registry.model("m", GOOD, weekly_csv())
    assert list(charts(registry.evaluate())) == [
        "performance",
        "input-drift",
        "volume",
        "error-rate",
        "output",
    ]


def test_absent_or_entirely_empty_columns_give_no_chart(registry) -> None:
    header = HEADER.replace(",performance", "").replace(",output_min", "")
    registry.model("m", GOOD, weekly_csv(header=header, error_rate=None))
    found = charts(registry.evaluate())
    assert list(found) == ["input-drift", "volume", "output"]
    output = parse(found["output"])
    assert [p.get("class") for p in output.iter(f"{SVG}path") if p.get("stroke-linejoin")] == [
        "lr-chart__line lr-chart__line--output-max"
    ]


def test_a_model_without_summary_has_no_charts(registry) -> None:
    registry.model("m", GOOD)
    assert charts(registry.evaluate()) == {}


def test_performance_drop_marks_the_last_sustained_periods(registry) -> None:
    registry.model("m", GOOD, weekly_csv(performance=[0.65, 0.64, 0.63]))
    report = registry.evaluate()
    assert finding(report, "m", "performance-drop").status == "fail"
    found = charts(report)
    assert sorted(x for x, _ in marks(parse(found["performance"]))) == [
        x_of(i, 12) for i in (9, 10, 11)
    ]
    rows = found["performance"].rows
    assert [i for i, row in enumerate(rows) if row[-1]] == [9, 10, 11]
    assert rows[-1][-1].endswith("No cumple: Caída sostenida de performance")
    for other in ("input-drift", "volume", "error-rate", "output"):
        assert marks(parse(found[other])) == [], other


def test_sustained_periods_from_policy_sets_how_many_periods_are_marked(registry) -> None:
    registry.write("policy.yaml", "thresholds:\n  sustained_periods: 2\n")
    registry.model("m", GOOD, weekly_csv(performance=[0.65, 0.64, 0.63]))
    assert len(marks(parse(charts(registry.evaluate())["performance"]))) == 2


def test_a_waived_finding_still_marks_its_periods(registry) -> None:
    manifest = GOOD + WAIVER.replace("RULE", "input-drift")
    registry.model("m", manifest, weekly_csv(input_drift=[0.31]))
    report = registry.evaluate()
    assert finding(report, "m", "input-drift").status == "waived"
    svg = parse(charts(report)["input-drift"])
    assert [x for x, _ in marks(svg)] == [x_of(11, 12)]
    assert "Excepción" in (svg.findtext(f"{SVG}desc") or "")


def test_marks_come_from_findings_not_from_the_values(registry) -> None:
    # Below the floor, but in validation the rule does not apply: nothing is marked.
    manifest = edit(GOOD, "stage: produccion", "stage: validacion")
    registry.model("m", manifest, weekly_csv(performance=[0.65, 0.64, 0.63], input_drift=[0.4]))
    report = registry.evaluate()
    assert finding(report, "m", "performance-drop").status == "not-applicable"
    found = charts(report)
    assert marks(parse(found["performance"])) == [] and marks(parse(found["input-drift"])) == []
    assert all(len(row) == 2 for row in found["performance"].rows)  # date, value: no finding column


def breaches(svg: ET.Element) -> list[float]:
    """x of the squares on readings past their threshold (the legend's sits at y=26)."""
    return [
        float(r.get("x", "")) + 3
        for r in svg.iter(f"{SVG}rect")
        if r.get("class") == "lr-chart__breach" and r.get("y") != "26.0"
    ]


def test_a_reading_past_its_threshold_is_marked_even_when_no_finding_judged_it(registry) -> None:
    drift, performance = [0.05] * 12, [0.78] * 12
    drift[3] = 0.4  # an old breach: input-drift judges only the last period, which is fine
    performance[10] = 0.6  # below the manifest's min (0.70) once: no sustained drop
    registry.model("m", GOOD, weekly_csv(input_drift=drift, performance=performance))
    report = registry.evaluate()
    assert finding(report, "m", "input-drift").status == "pass"
    found = charts(report)
    svg = parse(found["input-drift"])
    assert breaches(svg) == [x_of(3, 12)]
    assert marks(svg) == []
    assert "lectura fuera de umbral" in ET.tostring(svg, encoding="unicode")
    assert finding(report, "m", "performance-drop").status == "pass"
    assert breaches(parse(found["performance"])) == [x_of(10, 12)]
    # Nothing past a threshold: no square, no legend entry.
    volume = parse(found["volume"])
    assert breaches(volume) == []
    assert "fuera de umbral" not in ET.tostring(volume, encoding="unicode")


def test_error_increase_and_output_range_mark_the_last_period(registry) -> None:
    registry.write("policy.yaml", "thresholds:\n  error_rate_max: 0.02\n")
    registry.model("m", GOOD, weekly_csv(error_rate=[0.05], output_max=[1.3]))
    report = registry.evaluate()
    assert finding(report, "m", "error-increase").status == "fail"
    assert finding(report, "m", "output-out-of-range").status == "fail"
    found = charts(report)
    assert [x for x, _ in marks(parse(found["error-rate"]))] == [x_of(11, 12)]
    # Both output lines are ringed at the last period; the expected range is a band.
    output = parse(found["output"])
    assert [x for x, _ in marks(output)] == [x_of(11, 12)] * 2
    assert output.find(f"{SVG}g/{SVG}rect[@class='lr-chart__band']") is not None


def test_error_rate_threshold_comes_from_the_manifest_else_the_policy(registry) -> None:
    registry.model("m", GOOD, weekly_csv())
    assert "máximo" not in (
        parse(charts(registry.evaluate())["error-rate"]).findtext(f"{SVG}desc") or ""
    )
    registry.write("policy.yaml", "thresholds:\n  error_rate_max: 0.02\n")
    report = registry.evaluate()
    model = report.model("m")
    assert model is not None and model.thresholds is not None
    assert model.thresholds.error_rate_max == 0.02
    assert "máximo 0.02" in (parse(charts(report)["error-rate"]).findtext(f"{SVG}desc") or "")
    registry.model(
        "m",
        edit(GOOD, "  output_range: [0, 1]\n", "  output_range: [0, 1]\n  error_rate_max: 0.01\n"),
    )
    desc = parse(charts(registry.evaluate())["error-rate"]).findtext(f"{SVG}desc") or ""
    assert "máximo 0.01" in desc and "0.02" not in desc


def test_performance_and_output_thresholds_come_from_the_manifest(registry) -> None:
    registry.model("m", GOOD, weekly_csv())
    report = registry.evaluate()
    model = report.model("m")
    assert model is not None and model.thresholds is not None
    thresholds = model.thresholds
    assert (thresholds.performance_min, thresholds.output_range) == (0.70, (0.0, 1.0))
    found = charts(report)
    assert "mínimo 0.7" in (parse(found["performance"]).findtext(f"{SVG}desc") or "")
    assert "[0, 1]" in (parse(found["output"]).findtext(f"{SVG}desc") or "")


def test_manifest_text_is_escaped_in_the_svg(registry) -> None:
    hostile = r"</title><script>alert(1)</script> & \"q\" \x01 [a](javascript:x)\n\nnext"
    manifest = edit(GOOD, "    metric: auc\n", f'    metric: "{hostile}"\n')
    registry.model("m", manifest, weekly_csv())
    report = registry.evaluate()
    chart = charts(report)["performance"]
    assert "<script" not in str(chart.svg)
    title = parse(chart).findtext(f"{SVG}title") or ""  # parses: valid XML despite \x01
    assert '</title><script>alert(1)</script> & "q" \ufffd [a](javascript:x) next' in title
    page = render_site(report, SiteSettings())["models/m/index.md"]
    assert "<script" not in page and "\x01" not in page


def test_charts_are_the_same_bytes_in_another_process() -> None:
    code = (
        "from datetime import date\n"
        "from lifecycle_report.evaluate import evaluate\n"
        "from lifecycle_report.load import load_registry\n"
        "from lifecycle_report.site import render_site\n"
        "r = evaluate(load_registry('registry'), date(2026, 11, 20))\n"
        "tree = render_site(r)\n"
        "for path in sorted(tree):\n"
        "    if path.startswith('models/prevision-demanda/'): print(path, tree[path])\n"
    )
    root = Path(__file__).resolve().parent.parent
    outputs = [
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=root,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        ).stdout
        for seed in ("1", "2")
    ]
    assert 'id="lr-chart-performance"><svg' in outputs[0] and outputs[0] == outputs[1]


# -- the real site --------------------------------------------------------------------------


def test_one_data_table_for_all_charts_with_the_findings_of_each_period(registry) -> None:
    registry.write("policy.yaml", "thresholds:\n  error_rate_max: 0.02\n")
    registry.model("m", GOOD, weekly_csv(performance=[0.65, 0.64, 0.63], error_rate=[0.05]))
    report = registry.evaluate()
    found = list(charts(report).values())
    columns, rows = data_table(found, catalog("es"))
    assert columns == [
        "Fecha",
        "Performance",
        "Drift de inputs",
        "Volumen",
        "Tasa de error",
        "Output mínimo",
        "Output máximo",
        "Hallazgo",
    ]
    assert len(rows) == 12 and all(len(row) == len(columns) for row in rows)
    assert [row[0] for row in rows] == [row[0] for row in found[0].rows]
    assert rows[-1][1] == "0.63" and rows[-1][4] == "0.05"
    assert [bool(row[-1]) for row in rows] == [False] * 9 + [True] * 3
    assert (
        rows[-1][-1] == "No cumple: Caída sostenida de performance · No cumple: Aumento de errores"
    )
    # Nothing marked: no finding column.
    registry.model("m", GOOD, weekly_csv())
    columns, rows = data_table(list(charts(registry.evaluate()).values()), catalog("es"))
    assert columns[-1] == "Output máximo" and len(rows[0]) == 7
    assert data_table([], catalog("es")) == ([], [])


def test_the_page_draws_each_chart_inline_and_links_its_data(registry) -> None:
    registry.model("m", GOOD, weekly_csv())
    tree = render_site(registry.evaluate(), SiteSettings())
    page = tree["models/m/index.md"]
    figures = re.findall(r'<figure class="lr-chart" id="([^"]+)">(<svg .*?</svg>)</figure>', page)
    assert [ident for ident, _ in figures] == [
        f"lr-chart-{g}" for g in ("performance", "input-drift", "volume", "error-rate", "output")
    ]
    for _, drawing in figures:
        svg = ET.fromstring(drawing)
        # Styled by the site's stylesheet (dark mode included), never by a <style> of its own.
        assert svg.find(f"{SVG}style") is None and svg.findtext(f"{SVG}title")
    title = ET.fromstring(figures[0][1]).findtext(f"{SVG}desc") or ""
    assert title.startswith("Periodos: 12,")
    # No chart is a file of its own; the data behind them is one CSV file, linked once.
    assert [p for p in tree if p.startswith("models/m/")] == [
        "models/m/index.md",
        "models/m/data.csv",
    ]
    assert page.count('<a href="data.csv" download>') == 1
    assert not re.search(r"<td>\d{4}-\d\d-\d\d</td><td>-?\d", page)  # no data rows inline
    rows = list(csv.reader(io.StringIO(tree["models/m/data.csv"])))
    assert rows[0][0] == "Fecha" and len(rows) == 13


def test_built_model_page_contains_the_charts_and_their_data(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    folder = project / "site" / "models" / "prevision-demanda"
    page = (folder / "index.html").read_text("utf-8")
    monitoring = page[page.index('id="monitoring"') : page.index('id="history"')]
    drawings = re.findall(
        r'<figure class="lr-chart" id="[^"]+">(<svg .*?</svg>)</figure>', monitoring
    )
    svgs = [ET.fromstring(drawing) for drawing in drawings]
    assert [s.get("aria-labelledby", "").split()[0] for s in svgs] == [
        f"lr-chart-{g}-title"
        for g in ("performance", "input-drift", "volume", "error-rate", "output")
    ]
    assert len(marks(svgs[0])) == 3  # performance-drop fails on this example model
    assert monitoring.count('<a href="data.csv" download>') == 1
    data = list(csv.reader(io.StringIO((folder / "data.csv").read_text("utf-8"))))
    assert data[-1][0] == "2026-11-16" and len({len(row) for row in data}) == 1
    # Drawings and their data table stay out of the search index (hundreds of numbers
    # per page would swamp it); the page itself is still found.
    index = (project / "site" / "search" / "search_index.json").read_text("utf-8")
    assert "(1 - wape) por periodo" not in index and "Datos de los gráficos" not in index
    assert "models/prevision-demanda/" in index
    # No performance column in this model's summary: no performance chart.
    fraud = (project / "site" / "models" / "deteccion-fraude" / "index.html").read_text("utf-8")
    assert 'id="lr-chart-input-drift"><svg' in fraud and 'id="lr-chart-performance"' not in fraud
    assert not list(folder.glob("*.svg"))  # drawn in the page, not files of their own


# --- changes marked on the charts ---------------------------------------------------


def test_history_decisions_and_version_changes_are_marked_and_named_in_the_data_table(registry):
    manifest = edit(
        GOOD,
        '  - {date: 2026-02-01, stage: produccion, version: "2.1.0", decision: aprobado, by: ana.garcia}\n',
        '  - {date: 2026-02-01, stage: produccion, version: "2.0.0", decision: aprobado, by: ana.garcia}\n'
        '  - {date: 2026-10-28, stage: produccion, version: "2.1.0", decision: "<b>reentreno</b>", by: ana.garcia}\n',
    )
    registry.model("m", manifest, weekly_csv(weeks=12))
    report = registry.evaluate()
    model = report.model("m")
    t = catalog("es")
    from lifecycle_report.timeline import model_changes, recent_changes

    changes = model_changes(model.entry.manifest)
    assert [(c.date.isoformat(), c.kind) for c in changes] == [
        ("2026-01-05", "decision"),
        ("2026-02-01", "decision"),
        ("2026-10-28", "decision"),
        ("2026-10-28", "version"),
    ]
    assert [c.kind for c in recent_changes(changes, date(2026, 11, 10))] == ["version", "decision"]
    assert recent_changes(changes, date(2026, 11, 20)) == []
    charts = model_charts(model, t, changes)
    assert charts
    for chart in charts:
        svg = ET.fromstring(str(chart.svg))
        [line] = [
            p
            for p in svg.iter(f"{SVG}path")
            if p.get("class") == "lr-chart__change"
            and p.get("d", "").startswith("M")
            and "V" in p.get("d", "")
        ]
        # Only the change inside the chart's dates (2026-08-31 .. 2026-11-16), between
        # two weekly periods: drawn at its own day, from the top of the plot to the bottom.
        first, last = date(2026, 8, 31).toordinal(), date(2026, 11, 16).toordinal()
        x = LEFT + (date(2026, 10, 28).toordinal() - first) / (last - first) * (RIGHT - LEFT)
        assert line.get("d") == f"M{x:.1f},{TOP:.1f}V{BOTTOM:.1f}"
        assert "2026-10-28" in (svg.findtext(f"{SVG}desc") or "")
    columns, rows = data_table(charts, t)
    assert columns[-1] == "Cambios"
    named = {row[0]: row[-1] for row in rows if row[-1]}
    # Listed at the first period on or after the change.
    assert named == {
        "2026-11-02": "Decisión (Producción): <b>reentreno</b> · Versión 2.0.0 → 2.1.0"
    }
    # CSV is not HTML: the text as written, one quoted cell (it holds no separator here).
    assert "2026-11-02," in data_csv(charts, t) and "<b>reentreno</b>" in data_csv(charts, t)


def test_without_changes_in_the_charts_dates_nothing_is_marked(registry):
    registry.model("m", GOOD, weekly_csv(weeks=12))
    report = registry.evaluate()
    from lifecycle_report.timeline import model_changes

    model = report.model("m")
    charts = model_charts(model, catalog("es"), model_changes(model.entry.manifest))
    assert charts and all(chart.changes is None for chart in charts)
    assert 'class="lr-chart__change"' not in str(charts[0].svg)
    assert data_table(charts, catalog("es"))[0][-1] != "Cambios"


def test_the_data_file_keeps_registry_text_from_reading_as_a_formula() -> None:
    from lifecycle_report.site.escape import csv_cell

    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_cell("@x") == "'@x" and csv_cell("Fecha") == "Fecha"
    assert csv_cell("a\nb") == "a b"
