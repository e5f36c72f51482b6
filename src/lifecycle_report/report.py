"""The result of one evaluation: findings per model, and the report every output renders.

One :class:`Finding` type feeds every rendering (terminal, JSON, CI formats, pages).
The JSON shape (:meth:`Report.to_dict`) is the contract's, key for key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from .domain import ModelEntry, Registry, Thresholds
from .problems import Problem
from .rules import RULES, Rule
from .stages import PROD

if TYPE_CHECKING:
    from .load.git_history import Commit

#: Model statuses, worst first.
STATUSES: tuple[str, ...] = ("invalid", "fail", "warn", "pass")
SEVERITIES: tuple[str, ...] = ("must", "deseable", "alerta")
#: Registry files every model depends on.
SHARED_FILES = frozenset({"owners.yaml", "policy.yaml"})


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
    #: The monitoring periods the rule judged (charts mark them when it fails).
    periods: tuple[date, ...] = ()
    #: A failure of a rule that policy.yaml enforces only from this later date.
    enforce_from: date | None = None

    @property
    def counts_as(self) -> str:
        """The severity the finding weighs with now: ``alerta`` until its rule is enforced."""
        return "alerta" if self.enforce_from is not None else self.severity

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "status": self.status,
            "message": self.message,
            "file": self.file,
            "line": self.line,
        }
        if self.enforce_from is not None:
            out["enforce_from"] = self.enforce_from.isoformat()
        return out


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
    #: An invalid manifest's last committed version that loaded, evaluated (site only).
    last_good: LastVersion | None = None

    @property
    def known_stage(self) -> str | None:
        """The stage, or for an invalid manifest the stage its last good version had."""
        if self.stage is None and self.last_good is not None:
            return self.last_good.result.stage
        return self.stage

    @property
    def url(self) -> str:
        return f"models/{self.id}/"

    def failing(self, severity: str | None = None) -> list[Finding]:
        """Failing findings; of one severity as they count now (see ``Finding.counts_as``)."""
        return [
            f
            for f in self.findings
            if f.status == "fail" and (severity is None or f.counts_as == severity)
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
    #: The same registry at a git revision (``check --base``), when compared with one.
    base: Base | None = None
    #: The rules judged, in findings order: built-in, then the team's (policy order).
    rules: tuple[Rule, ...] = field(default=RULES, repr=False)

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def enforce_from(self, rule_id: str) -> date | None:
        """The date policy.yaml enforces ``rule_id`` from, when it is after the as-of date."""
        setting = self.registry.policy.rules.get(rule_id)
        later = setting.enforce_from if setting else None
        return later if later is not None and later > self.as_of else None

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

    def shared_errors(self) -> list[Problem]:
        """Problems of owners.yaml and policy.yaml (they concern every model)."""
        return [p for p in self.registry.errors if p.file.rpartition("/")[2] in SHARED_FILES]

    def to_dict(self) -> dict[str, Any]:
        models = [m.to_dict() for m in self.models]
        if self.base is None:
            return {
                "as_of": self.as_of.isoformat(),
                "summary": self.summary(),
                "models": models,
                "errors": [e.to_dict() for e in self.errors],
            }
        return {
            "as_of": self.as_of.isoformat(),
            "base": {"ref": self.base.ref, "commit": self.base.commit},
            "summary": self.summary(),
            "models": [self.base.annotate(m, d) for m, d in zip(self.models, models, strict=True)],
            "removed": self.base.removed(self),
            "errors": [e.to_dict() for e in self.errors],
        }


@dataclass(frozen=True)
class Base:
    """The registry as it was at a git revision, evaluated at the same as-of date."""

    #: The revision as given (``origin/main``) and its full commit sha.
    ref: str
    commit: str
    #: ``None`` when the registry folder did not exist at that revision.
    report: Report | None

    def model(self, model_id: str) -> ModelResult | None:
        return self.report.model(model_id) if self.report else None

    def status(self, model_id: str) -> str | None:
        """The model's status at the base, ``None`` when it did not exist there."""
        found = self.model(model_id)
        return found.status if found else None

    def finding_statuses(self, model_id: str) -> dict[str, str]:
        """Rule id -> status of the model's findings at the base (empty when unknown)."""
        found = self.model(model_id)
        return {f.rule: f.status for f in found.findings} if found else {}

    def removed(self, now: Report) -> list[str]:
        """Ids of the models present at the base and absent now, in id order."""
        current = {m.id for m in now.models}
        return (
            sorted(m.id for m in self.report.models if m.id not in current) if self.report else []
        )

    def annotate(self, model: ModelResult, data: dict[str, Any]) -> dict[str, Any]:
        """``data`` (the model's JSON) with ``base_status`` after each ``status``."""
        rules = self.finding_statuses(model.id)
        out = _after_status(data, self.status(model.id))
        out["findings"] = [_after_status(f, rules.get(f["rule"])) for f in data["findings"]]
        return out


def _after_status(data: dict[str, Any], base_status: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        out[key] = value
        if key == "status":
            out["base_status"] = base_status
    return out


def must_compliance(models: list[ModelResult]) -> tuple[list[ModelResult], list[ModelResult]]:
    """Production models (``produccion``, ``monitoreo``), and those failing no MUST rule.

    A broken manifest never improves the figures: an invalid model is never compliant,
    and it stays in production when its last good version was (:attr:`known_stage`).
    """
    production = [m for m in models if m.known_stage in PROD]
    return production, [m for m in production if m.status != "invalid" and not m.failing("must")]


@dataclass(frozen=True)
class LastVersion:
    """The commit of an invalid manifest's last good version, and that version judged."""

    commit: Commit
    result: ModelResult
