"""Monitoring summaries from Parquet files and Evidently snapshots: the same series as a
CSV, the same errors, each naming its file (and row, or snapshot file).

The Evidently snapshots are written by the real ``evidently`` package (test extra, which
needs pandas 2); where it is not installed (a pandas 3 environment) those tests skip and
the Parquet and CSV tests still run.
"""

from __future__ import annotations

import io
import json
import os
from datetime import date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import GOOD_MODEL, HEADER, edit, finding, weekly_csv
from lifecycle_report.load import load_registry

END = date(2026, 11, 16)


def parquet_bytes(columns: dict[str, list[object]]) -> bytes:
    sink = io.BytesIO()
    pq.write_table(pa.table(columns), sink)
    return sink.getvalue()


def weekly_columns(weeks: int = 12) -> dict[str, list[object]]:
    days = [END - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
    return {
        "date": days,
        "performance": [0.78] * weeks,
        "input_drift": [0.05] * weeks,
        "volume": [1000] * weeks,
        "error_rate": [0.004] * weeks,
        "output_min": [0.01] * weeks,
        "output_max": [0.98] * weeks,
    }


PARQUET_MODEL = edit(
    GOOD_MODEL.format(id="m"), "monitoring:\n", "monitoring:\n  summary: weekly.parquet\n"
)


def test_a_parquet_summary_reads_as_the_same_csv_would(registry):
    registry.model("csv", csv=weekly_csv())
    registry.model("m", PARQUET_MODEL)
    registry.write("models/m/weekly.parquet", parquet_bytes(weekly_columns()))
    entries = {e.id: e for e in load_registry(registry.root).models}
    from_csv, from_parquet = entries["csv"].series, entries["m"].series
    assert from_csv is not None and from_parquet is not None
    assert from_parquet.dates == from_csv.dates
    for signal, values in from_csv.values.items():
        assert from_parquet.values[signal].tolist() == values.tolist(), signal
    assert from_parquet.lines == list(range(2, 14))
    report = registry.evaluate()
    assert report.errors == []
    assert report.model("m").status == "pass"


def test_parquet_dates_may_be_iso_text_and_rows_any_order_and_nulls_are_empty_cells(registry):
    columns = weekly_columns(4)
    columns["date"] = [d.isoformat() for d in reversed(columns["date"])]  # type: ignore[attr-defined]
    columns["performance"] = [0.7, None, 0.8, 0.9]
    registry.model("m", PARQUET_MODEL)
    registry.write("models/m/weekly.parquet", parquet_bytes(columns))
    [entry] = load_registry(registry.root).models
    assert entry.errors == [] and entry.series is not None
    assert entry.series.dates[0] == END - timedelta(weeks=3)
    assert entry.series.lines == [5, 4, 3, 2]
    assert [str(v) for v in entry.series.values["performance"]] == ["0.9", "0.8", "nan", "0.7"]


@pytest.mark.parametrize(
    ("change", "line", "word"),
    [
        ({"volume": [1000, 1000, float("nan"), 1000]}, 4, "NaN"),
        ({"error_rate": [0.1, float("inf"), 0.1, 0.1]}, 3, "inf"),
        ({"performance": ["0.7", "0.8", "1_000", "0.9"]}, 4, "1_000"),
        ({"date": ["2026-10-26", "2026-11-02", "2026-11-02", "2026-11-16"]}, 4, "2026-11-02"),
        ({"date": ["2026-10-26", "2026-11-02", "02/11/2026", "2026-11-16"]}, 4, "02/11/2026"),
        ({"date": ["2026-10-26", None, "2026-11-09", "2026-11-16"]}, 3, "AAAA-MM-DD"),
    ],
    ids=["nan-value", "infinity", "text-not-a-number", "duplicated-date", "bad-date", "no-date"],
)
def test_a_bad_parquet_row_is_an_error_naming_file_and_row(registry, change, line, word):
    columns = {**weekly_columns(4), **change}
    registry.model("good", csv=weekly_csv())
    registry.model("m", PARQUET_MODEL)
    registry.write("models/m/weekly.parquet", parquet_bytes(columns))
    report = registry.evaluate()
    [problem] = report.errors
    assert problem.file == str(registry.root / "models/m/weekly.parquet")
    assert problem.line == line and word in problem.message, problem
    assert finding(report, "m", "monitoring-minimum").status == "fail"
    assert report.model("good").status == "pass"


@pytest.mark.parametrize(
    ("content", "word"),
    [(b"date,volume\n2026-11-16,3\n", "Parquet"), (None, "date")],
    ids=["not-parquet", "no-date-column"],
)
def test_an_unreadable_parquet_file_is_an_error_naming_it(registry, content, word):
    if content is None:
        content = parquet_bytes({"day": ["2026-11-16"], "volume": [3]})
    registry.model("m", PARQUET_MODEL)
    registry.write("models/m/weekly.parquet", content)
    report = registry.evaluate()
    [problem] = report.errors
    assert problem.file.endswith("models/m/weekly.parquet") and word in problem.message
    assert finding(report, "m", "monitoring-minimum").status == "fail"


# --- Evidently snapshots, written by Evidently itself -------------------------------

EVIDENTLY_MODEL = edit(
    GOOD_MODEL.format(id="m"),
    "monitoring:\n",
    """monitoring:
  evidently:
    snapshots: evidently
    metrics:
      performance: RocAuc
      input_drift: {metric: ValueDrift, column: prediction}
      volume: RowCount
      error_rate: {metric: MeanValue, column: failed}
      output_min: {metric: MinValue, column: prediction}
      output_max: {metric: MaxValue, column: prediction}
""",
)
WEEKS = 4


def _frame(rng, rows: int):  # noqa: ANN001, ANN202 - test helper
    import pandas as pd

    target = rng.integers(0, 2, size=rows)
    prediction = (0.3 * target + 0.7 * rng.uniform(size=rows)).clip(0, 1)
    failed = (rng.uniform(size=rows) < 0.004).astype(float)
    return pd.DataFrame({"target": target, "prediction": prediction, "failed": failed})


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Weekly snapshots (``dumps()`` files) and one ``save_json`` file, by Evidently."""
    os.environ.setdefault("DO_NOT_TRACK", "1")
    evidently = pytest.importorskip("evidently", reason="evidently (test extra) not installed")
    import numpy as np
    from evidently.metrics import MaxValue, MeanValue, MinValue, RocAuc, RowCount, ValueDrift

    definition = evidently.DataDefinition(
        classification=[
            evidently.BinaryClassification(target="target", prediction_probas="prediction")
        ],
        numerical_columns=["prediction", "failed"],
    )
    rng = np.random.default_rng(7)
    reference = evidently.Dataset.from_pandas(_frame(rng, 300), data_definition=definition)
    report = evidently.Report(
        [
            RocAuc(),
            ValueDrift(column="prediction", method="psi"),
            RowCount(),
            MeanValue(column="failed"),
            MinValue(column="prediction"),
            MaxValue(column="prediction"),
        ]
    )
    folder = tmp_path_factory.mktemp("evidently")
    for week in range(WEEKS):
        day = END - timedelta(weeks=WEEKS - 1 - week)
        current = evidently.Dataset.from_pandas(
            _frame(rng, 200 + 10 * week), data_definition=definition
        )
        snapshot = report.run(
            current, reference, timestamp=datetime(day.year, day.month, day.day, 6)
        )
        (folder / f"snapshot-{week}.json").write_text(snapshot.dumps(), "utf-8")
        if week == WEEKS - 1:
            snapshot.save_json(str(folder / "saved.json"))
    return folder


def _copy(snapshots: Path, registry, names: list[str]) -> Path:  # noqa: ANN001
    target = registry.root / "models/m/evidently"
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        (target / name).write_bytes((snapshots / name).read_bytes())
    return target


DUMPED = [f"snapshot-{week}.json" for week in range(WEEKS)]


def test_evidently_snapshots_become_a_weekly_series_of_the_mapped_metrics(registry, snapshots):
    registry.model("m", EVIDENTLY_MODEL)
    _copy(snapshots, registry, DUMPED)
    [entry] = load_registry(registry.root).models
    assert entry.errors == [] and entry.series is not None
    series = entry.series
    assert series.dates == [END - timedelta(weeks=WEEKS - 1 - w) for w in range(WEEKS)]
    assert series.values["volume"].tolist() == [200.0, 210.0, 220.0, 230.0]
    last = json.loads((snapshots / DUMPED[-1]).read_text("utf-8"))
    drift = next(
        r["value"]
        for r in last["metric_results"].values()
        if r["metric_value_location"]["metric"]["params"]["type"].endswith(":ValueDrift")
    )
    assert series.values["input_drift"][-1] == drift
    assert 0.5 < series.values["performance"][-1] <= 1
    assert 0 <= series.values["output_min"][-1] < series.values["output_max"][-1] <= 1
    report = registry.evaluate()
    assert finding(report, "m", "monitoring-minimum").status == "pass"
    assert finding(report, "m", "monitoring-fresh").status == "pass"


def test_a_save_json_file_is_read_when_its_name_is_the_period(registry, snapshots):
    registry.model("m", EVIDENTLY_MODEL)
    target = _copy(snapshots, registry, DUMPED[:-1])
    (target / f"{END.isoformat()}.json").write_bytes((snapshots / "saved.json").read_bytes())
    [entry] = load_registry(registry.root).models
    assert entry.errors == [] and entry.series is not None
    assert entry.series.dates[-1] == END and entry.series.values["volume"][-1] == 230.0


def _only_error(registry) -> tuple[str, str]:  # noqa: ANN001
    report = registry.evaluate()
    [problem] = report.errors
    assert finding(report, "m", "monitoring-minimum").status == "fail"
    assert problem.line is None
    return Path(problem.file).relative_to(registry.root / "models/m").as_posix(), problem.message


def test_a_metric_the_mapping_names_but_a_snapshot_lacks_names_that_snapshot(registry, snapshots):
    manifest = edit(EVIDENTLY_MODEL, "      volume: RowCount\n", "      volume: DatasetRowCount\n")
    registry.model("m", manifest)
    _copy(snapshots, registry, DUMPED[:1])
    file, message = _only_error(registry)
    assert file == "evidently/snapshot-0.json" and "DatasetRowCount()" in message


def test_a_save_json_file_without_a_dated_name_is_an_error(registry, snapshots):
    registry.model("m", EVIDENTLY_MODEL)
    target = _copy(snapshots, registry, DUMPED[:1])
    (target / "saved.json").write_bytes((snapshots / "saved.json").read_bytes())
    file, message = _only_error(registry)
    assert file == "evidently/saved.json" and "timestamp" in message


def test_two_snapshots_of_one_day_are_a_duplicated_period(registry, snapshots):
    registry.model("m", EVIDENTLY_MODEL)
    target = _copy(snapshots, registry, DUMPED)
    (target / "snapshot-9.json").write_bytes((snapshots / DUMPED[-1]).read_bytes())
    file, message = _only_error(registry)
    assert file == "evidently/snapshot-9.json" and END.isoformat() in message


def test_a_non_finite_metric_value_names_its_snapshot(registry, snapshots):
    registry.model("m", EVIDENTLY_MODEL)
    target = _copy(snapshots, registry, DUMPED[:2])
    data = json.loads((target / DUMPED[1]).read_text("utf-8"))
    for result in data["metric_results"].values():
        if result["metric_value_location"]["metric"]["params"]["type"].endswith(":RowCount"):
            result["value"] = "NaN"
    (target / DUMPED[1]).write_text(json.dumps(data), "utf-8")
    file, message = _only_error(registry)
    assert file == f"evidently/{DUMPED[1]}" and "volume" in message


@pytest.mark.parametrize(
    ("content", "word"), [(b"{not json", "JSON"), (b"[]", "Evidently")], ids=["not-json", "list"]
)
def test_an_unreadable_snapshot_is_an_error_naming_it(registry, content, word):
    registry.model("m", EVIDENTLY_MODEL)
    registry.write("models/m/evidently/broken.json", content)
    file, message = _only_error(registry)
    assert file == "evidently/broken.json" and word in message


def test_an_empty_snapshot_folder_is_an_error_naming_it(registry):
    registry.model("m", EVIDENTLY_MODEL)
    (registry.root / "models/m/evidently").mkdir()
    file, message = _only_error(registry)
    assert file == "evidently" and ".json" in message


def test_a_mapping_of_an_unknown_signal_is_a_schema_error(registry):
    manifest = edit(EVIDENTLY_MODEL, "      volume: RowCount\n", "      volumen: RowCount\n")
    registry.model("m", manifest)
    report = registry.evaluate()
    assert any("volumen" in e.message and e.file.endswith("model.yaml") for e in report.errors)


def test_a_summary_and_evidently_together_are_an_error_and_neither_is_read(registry):
    manifest = edit(EVIDENTLY_MODEL, "  evidently:\n", "  summary: monitoring.csv\n  evidently:\n")
    registry.model("m", manifest, csv=f"{HEADER}\n2026-11-16,0.78,0.05,1000,0.004,0.01,0.98\n")
    (registry.root / "models/m/evidently").mkdir()
    report = registry.evaluate()
    [problem] = report.errors
    assert problem.file.endswith("model.yaml") and "evidently" in problem.message
    assert finding(report, "m", "monitoring-minimum").status == "fail"
