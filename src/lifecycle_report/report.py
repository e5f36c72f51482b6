"""The result of one evaluation: findings per model, and the report every output renders.

One :class:`Finding` type feeds every rendering (terminal, JSON, CI formats, pages).
The JSON shape (:meth:`Report.to_dict`) is the contract's, key for key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .domain import ModelEntry, Registry, Thresholds
from .problems import Problem
from .stages import PROD

#: Model statuses, worst first.
STATUSES: tuple[str, ...] = ("invalid", "fail", "warn", "pass")
SEVERITIES: tuple[str, ...] = ("must", "deseable", "alerta")


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    status: str
    message: str
    file: str
    line: int | None
    #: The waiver that turned a failure into ``waived`` (rendered on pages).
    waiver: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "status": self.status,
            "message": self.message,
            "file": self.file,
            "line": self.line,
        }


@dataclass
class ModelResult:
    id: str
    name: str | None
    stage: str | None
    owner: str | None
    status: str
    findings: list[Finding]
    errors: list[Problem]
    entry: ModelEntry
    #: The thresholds the rules compared against (``None`` for an invalid manifest).
    thresholds: Thresholds | None = None

    @property
    def url(self) -> str:
        return f"models/{self.id}/"

    def failing(self, severity: str | None = None) -> list[Finding]:
        return [
            f
            for f in self.findings
            if f.status == "fail" and (severity is None or f.severity == severity)
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "stage": self.stage,
            "owner": self.owner,
            "status": self.status,
            "url": self.url,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass
class Report:
    as_of: date
    models: list[ModelResult]
    errors: list[Problem]
    registry: Registry = field(repr=False)

    def summary(self) -> dict[str, int]:
        counts = {"models": len(self.models)}
        counts.update({s: 0 for s in ("pass", "warn", "fail", "invalid")})
        for model in self.models:
            counts[model.status] += 1
        return counts

    def exit_code(self) -> int:
        """0 when no model fails or is invalid and there are no errors; 1 otherwise."""
        summary = self.summary()
        return 1 if summary["fail"] or summary["invalid"] or self.errors else 0

    def model(self, model_id: str) -> ModelResult | None:
        return next((m for m in self.models if m.id == model_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "summary": self.summary(),
            "models": [m.to_dict() for m in self.models],
            "errors": [e.to_dict() for e in self.errors],
        }


def must_compliance(models: list[ModelResult]) -> tuple[list[ModelResult], list[ModelResult]]:
    """Production models (``produccion``, ``monitoreo``), and those failing no MUST rule."""
    production = [m for m in models if m.stage in PROD]
    return production, [m for m in production if not m.failing("must")]
