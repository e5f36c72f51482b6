#!/usr/bin/env python3
"""Generate the monitoring summaries of the bundled example registry.

Every ``registry/models/<id>/monitoring.csv`` of the example registry is written by this script
from the series specifications below, so the example can be regenerated (and reviewed) instead of
being edited by hand. The output is deterministic: each series draws from its own
``random.Random(seed)`` and values are rounded to 4 decimals, so rerunning the script produces
byte-identical files.

The specifications are tuned for the reference evaluation date 2026-11-20 (``--as-of``):
most series end on Monday 2026-11-16; ``recomendador-productos`` is deliberately stale, and the
scripted tails make the signal rules (performance-drop, input-drift, error-increase,
output-out-of-range, retired-still-serving) fail where the example wants them to.

Each source is shown at least once: most models keep ``monitoring.csv``;
``prevision-demanda`` keeps ``monitoring.parquet`` (written by pyarrow with fixed options and
no pandas metadata: byte-identical for a given pyarrow version, and ``--check`` compares
the decoded table, so a newer pyarrow's ``created_by`` stamp is not a difference);
``ocr-facturas`` keeps a folder of Evidently snapshots, ``evidently/<date>.json``, one per
week. Those are written here from the same numbers, without Evidently, in the shape
Evidently 0.7.23's ``Snapshot.dumps()`` writes (``timestamp``, ``metric_results`` keyed by
metric id, each with ``metric_value_location.metric.params`` and ``value``), keeping only
what a reader needs (no widgets). The tests prove the reader against snapshots written by
Evidently itself (``tests/test_summaries.py``).

Usage::

    python scripts/make_example_monitoring.py            # (re)write the files
    python scripts/make_example_monitoring.py --check    # exit 1 if any file is out of date
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

REGISTRY = Path(__file__).resolve().parent.parent / "registry"

STANDARD_COLUMNS: tuple[str, ...] = (
    "date",
    "performance",
    "input_drift",
    "volume",
    "error_rate",
    "output_min",
    "output_max",
)

Cell = float | int | None
Row = dict[str, Cell]


@dataclass(frozen=True)
class Signal:
    """A noisy level: each period draws ``level + gauss(0, noise)``, clamped to ``[low, high]``."""

    level: float
    noise: float
    low: float = 0.0
    high: float = math.inf

    def draw(self, rng: random.Random) -> float:
        return min(self.high, max(self.low, self.level + rng.gauss(0.0, self.noise)))


@dataclass(frozen=True)
class Retirement:
    """Traffic moving away: volume falls linearly from full to ``residual`` over the ramp."""

    start: date
    end: date
    residual: float = 0.0

    def factor(self, day: date) -> float:
        if day <= self.start:
            return 1.0
        if day >= self.end:
            return self.residual
        progress = (day - self.start).days / (self.end - self.start).days
        return 1.0 - progress * (1.0 - self.residual)


@dataclass(frozen=True)
class Series:
    """How to generate one model's weekly monitoring summary."""

    model_id: str
    seed: int
    last_date: date
    weeks: int
    volume: float
    volume_noise: float
    seasonality: float
    input_drift: Signal
    error_rate: Signal
    output_min: Signal
    output_max: Signal
    performance: Signal | None = None
    retirement: Retirement | None = None
    extra: Mapping[str, Signal] = field(default_factory=dict)
    # Standard columns this summary does not report at all.
    omit: tuple[str, ...] = ()
    # Scripted values for the last periods, keyed by offset from the end (-1 = last row).
    tail: Mapping[int, Row] = field(default_factory=dict)
    # Cells left empty on purpose, keyed by offset from the end.
    gaps: Mapping[int, tuple[str, ...]] = field(default_factory=dict)

    @property
    def columns(self) -> tuple[str, ...]:
        omitted = set(self.omit) | ({"performance"} if self.performance is None else set())
        columns = tuple(c for c in STANDARD_COLUMNS if c not in omitted)
        return columns + tuple(self.extra)

    def dates(self) -> list[date]:
        first = self.last_date - timedelta(weeks=self.weeks - 1)
        return [first + timedelta(weeks=i) for i in range(self.weeks)]


def generate(series: Series) -> list[tuple[date, Row]]:
    """Draw the rows of one series; the same spec always yields the same rows."""
    rng = random.Random(series.seed)
    rows: list[tuple[date, Row]] = []
    for index, day in enumerate(series.dates()):
        season = 1.0 + series.seasonality * math.sin(2 * math.pi * day.timetuple().tm_yday / 365)
        volume = series.volume * season * (1.0 + rng.gauss(0.0, series.volume_noise))
        if series.retirement is not None:
            volume *= series.retirement.factor(day)
        row: Row = {"volume": round(max(0.0, volume))}
        if series.performance is not None:
            row["performance"] = series.performance.draw(rng)
        row["input_drift"] = series.input_drift.draw(rng)
        row["error_rate"] = series.error_rate.draw(rng)
        row["output_min"] = series.output_min.draw(rng)
        row["output_max"] = series.output_max.draw(rng)
        for name, signal in series.extra.items():
            row[name] = signal.draw(rng)
        offset = index - series.weeks
        row.update(series.tail.get(offset, {}))
        for name in series.gaps.get(offset, ()):
            row[name] = None
        if row["volume"] == 0:
            # No traffic, nothing to measure: only the volume is reported.
            row = {"volume": 0}
        rows.append((day, row))
    return rows


def format_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return repr(round(value, 4))


def render(series: Series) -> str:
    """The CSV text of one series, with a header and ``\\n`` line endings."""
    lines = [",".join(series.columns)]
    for day, row in generate(series):
        cells = [day.isoformat()]
        cells += [format_cell(row.get(column)) for column in series.columns[1:]]
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


LAST_MONDAY = date(2026, 11, 16)  # the last full week before the reference as-of date 2026-11-20

SERIES: tuple[Series, ...] = (
    # Healthy reference model; one week without labels (empty performance cell) mid-series.
    Series(
        model_id="scoring-credito",
        seed=101,
        last_date=LAST_MONDAY,
        weeks=52,
        volume=118_000,
        volume_noise=0.05,
        seasonality=0.10,
        performance=Signal(0.781, 0.006, 0.0, 1.0),
        input_drift=Signal(0.05, 0.015),
        error_rate=Signal(0.003, 0.0008),
        output_min=Signal(0.004, 0.002, 0.0, 1.0),
        output_max=Signal(0.985, 0.006, 0.0, 1.0),
        gaps={-20: ("performance",)},
    ),
    # Fraud labels (chargebacks) arrive months later: no performance column at all.
    # The last week is the Buen Fin campaign: strong (waived) drift and a traffic peak.
    Series(
        model_id="deteccion-fraude",
        seed=202,
        last_date=LAST_MONDAY,
        weeks=40,
        volume=2_400_000,
        volume_noise=0.04,
        seasonality=0.05,
        input_drift=Signal(0.07, 0.02),
        error_rate=Signal(0.003, 0.001),
        output_min=Signal(0.0002, 0.0001, 0.0, 1.0),
        output_max=Signal(0.997, 0.002, 0.0, 1.0),
        tail={-2: {"input_drift": 0.19}, -1: {"input_drift": 0.31, "volume": 3_912_544}},
    ),
    # Orphaned model: scores above 1 since the last week.
    Series(
        model_id="churn-clientes",
        seed=303,
        last_date=LAST_MONDAY,
        weeks=52,
        volume=410_000,
        volume_noise=0.03,
        seasonality=0.0,
        performance=Signal(0.742, 0.007, 0.0, 1.0),
        input_drift=Signal(0.06, 0.02),
        error_rate=Signal(0.0012, 0.0004),
        output_min=Signal(0.012, 0.004, 0.0, 1.0),
        output_max=Signal(0.93, 0.015, 0.0, 1.0),
        tail={-2: {"output_max": 0.9912}, -1: {"output_max": 1.1237}},
    ),
    # Performance is 1 - WAPE; it stays below the floor (0.80) for the last 3 weeks.
    Series(
        model_id="prevision-demanda",
        seed=404,
        last_date=LAST_MONDAY,
        weeks=52,
        volume=480_000,
        volume_noise=0.03,
        seasonality=0.12,
        performance=Signal(0.862, 0.01, 0.0, 1.0),
        input_drift=Signal(0.09, 0.02),
        error_rate=Signal(0.004, 0.001),
        output_min=Signal(0.0, 0.0),
        output_max=Signal(31_000, 2_500),
        tail={
            -5: {"performance": 0.8304},
            -4: {"performance": 0.8121},
            -3: {"performance": 0.7893, "input_drift": 0.14},
            -2: {"performance": 0.7712, "input_drift": 0.16},
            -1: {"performance": 0.7598, "input_drift": 0.17, "output_max": 41_250.0},
        },
    ),
    # A large supplier switched invoice layout: drift and parsing errors climb in the last weeks.
    Series(
        model_id="ocr-facturas",
        seed=505,
        last_date=LAST_MONDAY,
        weeks=30,
        volume=64_000,
        volume_noise=0.08,
        seasonality=0.0,
        performance=Signal(0.955, 0.005, 0.0, 1.0),
        input_drift=Signal(0.05, 0.015),
        error_rate=Signal(0.006, 0.0015),
        output_min=Signal(0.41, 0.05, 0.0, 1.0),
        output_max=Signal(0.999, 0.0005, 0.0, 1.0),
        tail={
            -3: {"performance": 0.9412, "input_drift": 0.12, "error_rate": 0.0113},
            -2: {"performance": 0.9365, "input_drift": 0.22, "error_rate": 0.0241},
            -1: {"performance": 0.9308, "input_drift": 0.34, "error_rate": 0.0417},
        },
    ),
    # Healthy numbers, but the export job stopped after 2026-10-19: the summary is stale.
    Series(
        model_id="recomendador-productos",
        seed=606,
        last_date=date(2026, 10, 19),
        weeks=40,
        volume=5_200_000,
        volume_noise=0.07,
        seasonality=0.08,
        performance=Signal(0.342, 0.006, 0.0, 1.0),
        input_drift=Signal(0.08, 0.02),
        error_rate=Signal(0.002, 0.0006),
        output_min=Signal(0.0, 0.0),
        output_max=Signal(0.97, 0.01, 0.0, 1.0),
    ),
    # Healthy signals, but the call volume is only counted by the telephony platform: no
    # volume column (monitoring-minimum fails). Adds an extra column, allowed by the contract.
    Series(
        model_id="enrutamiento-llamadas",
        seed=707,
        last_date=LAST_MONDAY,
        weeks=26,
        volume=95_000,
        volume_noise=0.06,
        seasonality=0.05,
        performance=Signal(0.884, 0.008, 0.0, 1.0),
        input_drift=Signal(0.04, 0.012),
        error_rate=Signal(0.005, 0.0012),
        output_min=Signal(0.21, 0.03, 0.0, 1.0),
        output_max=Signal(0.992, 0.004, 0.0, 1.0),
        extra={"latencia_p95_ms": Signal(180.0, 20.0)},
        omit=("volume",),
    ),
    # Retired on 2026-03-31: traffic migrated to scoring-credito and is zero afterwards.
    Series(
        model_id="scoring-credito-legacy",
        seed=808,
        last_date=date(2026, 6, 29),
        weeks=35,
        volume=112_000,
        volume_noise=0.05,
        seasonality=0.10,
        performance=Signal(0.712, 0.008, 0.0, 1.0),
        input_drift=Signal(0.11, 0.02),
        error_rate=Signal(0.004, 0.001),
        output_min=Signal(0.01, 0.004, 0.0, 1.0),
        output_max=Signal(0.97, 0.01, 0.0, 1.0),
        retirement=Retirement(start=date(2026, 2, 9), end=date(2026, 3, 30)),
    ),
    # Retired on 2026-09-30, but old app versions still call it (about 3% of the traffic).
    Series(
        model_id="recomendador-v1",
        seed=909,
        last_date=LAST_MONDAY,
        weeks=30,
        volume=3_100_000,
        volume_noise=0.06,
        seasonality=0.08,
        performance=Signal(0.296, 0.007, 0.0, 1.0),
        input_drift=Signal(0.12, 0.03),
        error_rate=Signal(0.003, 0.0008),
        output_min=Signal(0.0, 0.0),
        output_max=Signal(0.95, 0.015, 0.0, 1.0),
        retirement=Retirement(start=date(2026, 8, 3), end=date(2026, 9, 28), residual=0.03),
    ),
)


#: Sources other than CSV: model id -> "parquet" or "evidently".
SOURCES = {"prevision-demanda": "parquet", "ocr-facturas": "evidently"}

#: The Evidently metric behind each signal of ocr-facturas (as its manifest maps them).
EVIDENTLY_METRICS: dict[str, dict[str, object]] = {
    "performance": {"type": "evidently:metric_v2:Accuracy", "classification_name": "default"},
    "input_drift": {
        "type": "evidently:metric_v2:ValueDrift",
        "column": "layout_score",
        "method": "psi",
        "threshold": 0.1,
    },
    "volume": {"type": "evidently:metric_v2:RowCount"},
    "error_rate": {"type": "evidently:metric_v2:MeanValue", "column": "failed"},
    "output_min": {"type": "evidently:metric_v2:MinValue", "column": "confidence"},
    "output_max": {"type": "evidently:metric_v2:MaxValue", "column": "confidence"},
}


def _rounded(value: float | int) -> float:
    """A cell's number as the CSV writes it (4 decimals), as a float."""
    return float(value) if isinstance(value, int) else round(value, 4)


def parquet_bytes(series: Series) -> bytes:
    """The summary as Parquet: a date32 column and one float64 column per signal."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = generate(series)
    columns: dict[str, object] = {"date": pa.array([day for day, _ in rows], pa.date32())}
    for name in series.columns[1:]:
        values = [row.get(name) for _, row in rows]
        columns[name] = pa.array([None if v is None else _rounded(v) for v in values], pa.float64())
    sink = io.BytesIO()
    pq.write_table(
        pa.table(columns),
        sink,
        compression="snappy",
        use_dictionary=False,
        write_statistics=False,
        store_schema=False,
    )
    return sink.getvalue()


def snapshot_files(series: Series) -> dict[str, str]:
    """One Evidently snapshot (``dumps()`` shape) per week: file name -> JSON text."""
    import hashlib
    import json

    files = {}
    for day, row in generate(series):
        results = {}
        for signal, params in EVIDENTLY_METRICS.items():
            value = row.get(signal)
            if value is None:
                continue
            metric_id = hashlib.md5(json.dumps(params, sort_keys=True).encode()).hexdigest()
            results[metric_id] = {
                "type": "evidently:metric_result_v2:SingleValue",
                "display_name": params["type"].rsplit(":", 1)[-1],  # type: ignore[union-attr]
                "metric_value_location": {
                    "metric": {"metric_id": metric_id, "params": params},
                    "param": {},
                },
                "tests": [],
                "value": _rounded(value),
            }
        snapshot = {
            "name": None,
            "timestamp": f"{day.isoformat()}T06:00:00",
            "metadata": {},
            "tags": [],
            "metric_results": results,
            "top_level_metrics": list(results),
        }
        files[f"{day.isoformat()}.json"] = json.dumps(snapshot, indent=1, sort_keys=True) + "\n"
    return files


def _same_parquet(path: Path, data: bytes) -> bool:
    import io

    import pyarrow.parquet as pq

    if not path.is_file():
        return False
    return bool(pq.read_table(path).equals(pq.read_table(io.BytesIO(data))))


def outputs(series: Series, folder: Path) -> list[tuple[Path, str | bytes]]:
    """The files one series writes, under the model's folder."""
    kind = SOURCES.get(series.model_id, "csv")
    if kind == "parquet":
        return [(folder / "monitoring.parquet", parquet_bytes(series))]
    if kind == "evidently":
        return [
            (folder / "evidently" / name, text) for name, text in snapshot_files(series).items()
        ]
    return [(folder / "monitoring.csv", render(series))]


def _current(target: Path, content: str | bytes) -> bool:
    if isinstance(content, bytes):
        return _same_parquet(target, content)
    return target.is_file() and target.read_text(encoding="utf-8") == content


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", type=Path, default=REGISTRY, help="registry root to write to")
    parser.add_argument("--check", action="store_true", help="only report out-of-date files")
    args = parser.parse_args(argv)

    stale = []
    for series in SERIES:
        folder = args.registry / "models" / series.model_id
        if not (folder / "model.yaml").is_file():
            parser.error(f"{folder / 'model.yaml'} does not exist")
        for target, content in outputs(series, folder):
            if _current(target, content):
                continue
            stale.append(target)
            if not args.check:
                target.parent.mkdir(parents=True, exist_ok=True)
                if isinstance(content, bytes):
                    target.write_bytes(content)
                else:
                    target.write_text(content, encoding="utf-8", newline="\n")
                print(f"wrote {target}")
    if args.check and stale:
        for target in stale:
            print(f"out of date: {target}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
