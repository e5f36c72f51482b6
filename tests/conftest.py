"""Shared fixtures: small registries written into ``tmp_path``, evaluated for real."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from lifecycle_report.evaluate import evaluate
from lifecycle_report.load import load_registry
from lifecycle_report.report import Report

AS_OF = date(2026, 11, 20)
REPO = Path(__file__).resolve().parent.parent

OWNERS = """\
people:
  ana.garcia:
    name: Ana García
    email: ana.garcia@example.com
    team: riesgo
    chat: "@ana.garcia"
  jorge.ramirez:
    name: Jorge Ramírez
    email: jorge.ramirez@example.com
    active: false
  marta.lopez:
    name: Marta López
    email: marta.lopez@example.com
teams:
  riesgo:
    name: Riesgo de crédito
    channel: "#riesgo-ml"
"""

#: A production manifest that passes every rule when paired with ``weekly_csv()``.
GOOD_MODEL = """\
id: {id}
name: Scoring de crédito
description: Probabilidad de impago a 12 meses.
stage: produccion
owner: ana.garcia
team: riesgo
version: "2.1.0"
artifact:
  kind: mlflow
  uri: models:/scoring/7
tracking:
  mlflow:
    experiment: scoring
links:
  runbook: https://wiki.example.com/runbooks/scoring
validation:
  baseline: {{name: logreg, metric: auc, value: 0.70}}
  result: {{metric: auc, value: 0.78}}
readiness:
  contract: contract.yaml
  tests: https://ci.example.com/1
  review: {{by: ana.garcia, date: 2026-01-10}}
monitoring:
  performance:
    metric: auc
    min: 0.70
  output_range: [0, 1]
rollback:
  strategy: volver a la versión anterior
  previous_version: "2.0.0"
retirement:
  plan: volver a reglas de negocio
history:
  - {{date: 2026-01-05, stage: validacion, version: "2.0.0", decision: supera baseline}}
  - {{date: 2026-02-01, stage: produccion, version: "2.1.0", decision: aprobado, by: ana.garcia}}
"""

HEADER = "date,performance,input_drift,volume,error_rate,output_min,output_max"


def weekly_csv(
    weeks: int = 12,
    end: date = date(2026, 11, 16),
    performance: float | list[float] = 0.78,
    input_drift: float | list[float] = 0.05,
    volume: float | list[float] = 1000,
    error_rate: float | list[float] = 0.004,
    output_min: float | list[float] = 0.01,
    output_max: float | list[float] = 0.98,
    header: str = HEADER,
) -> str:
    """A weekly summary ending at ``end``; a list gives the last values of a column."""
    columns = {
        "performance": performance,
        "input_drift": input_drift,
        "volume": volume,
        "error_rate": error_rate,
        "output_min": output_min,
        "output_max": output_max,
    }
    names = header.split(",")
    rows = [header]
    for i in range(weeks):
        day = end - timedelta(weeks=weeks - 1 - i)
        cells = [day.isoformat()]
        for name in names[1:]:
            value = columns.get(name, "")
            if isinstance(value, list):
                offset = weeks - len(value)
                value = value[i - offset] if i >= offset else value[0]
            cells.append("" if value is None else str(value))
        rows.append(",".join(cells))
    return "\n".join(rows) + "\n"


class RegistryBuilder:
    """Writes a registry under ``root``; ``evaluate()`` loads and judges it for real."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "models").mkdir(parents=True, exist_ok=True)
        self.write("owners.yaml", OWNERS)

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, "utf-8")
        return path

    def model(self, model_id: str, manifest: str | None = None, csv: str | None = None) -> Path:
        """Write ``models/<id>/model.yaml`` (default: the passing manifest) and a CSV."""
        text = GOOD_MODEL.format(id=model_id) if manifest is None else manifest
        path = self.write(f"models/{model_id}/model.yaml", text)
        if csv is not None:
            self.write(f"models/{model_id}/monitoring.csv", csv)
        return path

    def evaluate(self, as_of: date = AS_OF) -> Report:
        return evaluate(load_registry(self.root), as_of)


@pytest.fixture
def registry(tmp_path: Path) -> RegistryBuilder:
    return RegistryBuilder(tmp_path / "registry")


def finding(report: Report, model_id: str, rule: str):  # noqa: ANN201 - test helper
    model = report.model(model_id)
    assert model is not None, f"model {model_id} missing from the report"
    return next(f for f in model.findings if f.rule == rule)


def edit(manifest: str, old: str, new: str) -> str:
    """Replace one exact fragment of a manifest; fails loudly when it is absent."""
    assert old in manifest, old
    return manifest.replace(old, new, 1)


BuildRegistry = Callable[..., RegistryBuilder]
