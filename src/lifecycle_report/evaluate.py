"""Evaluation: every rule on every model, with policy, stages and waivers applied."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from .domain import ModelEntry, Registry, Thresholds
from .i18n import DEFAULT_LANGUAGE, catalog
from .report import Finding, ModelResult, Report
from .rules import FAIL, NOT_APPLICABLE, RULES, WAIVED, ModelContext, Outcome, Rule


def _thresholds(policy: Thresholds, entry: ModelEntry) -> Thresholds:
    """Policy thresholds, overridden and completed by the manifest's ``monitoring`` block.

    The result is what the rules compare against, and what pages draw as thresholds.
    """
    manifest = entry.manifest
    assert manifest is not None
    monitoring = manifest.monitoring
    overrides: dict[str, Any] = {
        key: getattr(monitoring, key)
        for key in ("drift_max", "error_rate_max", "max_age_days", "output_range")
        if getattr(monitoring, key) is not None
    }
    if monitoring.performance and monitoring.performance.min is not None:
        overrides["performance_min"] = float(monitoring.performance.min)
    return replace(policy, **overrides) if overrides else policy


def _status(findings: list[Finding]) -> str:
    failing = {f.severity for f in findings if f.status == FAIL}
    if "must" in failing:
        return "fail"
    return "warn" if failing else "pass"


def evaluate_model(
    entry: ModelEntry, registry: Registry, as_of: date, lang: str = DEFAULT_LANGUAGE
) -> ModelResult:
    manifest = entry.manifest
    if manifest is None:
        return ModelResult(entry.folder, None, None, None, "invalid", [], entry.errors, entry)
    messages = catalog(lang)
    ctx = ModelContext(
        manifest=manifest,
        series=entry.series,
        owners=registry.owners,
        thresholds=_thresholds(registry.policy.thresholds, entry),
        as_of=as_of,
    )
    findings = []
    for rule in RULES:
        setting = registry.policy.rules.get(rule.id)
        severity = (setting.severity if setting else None) or rule.severity
        outcome = _judge(rule, ctx, enabled=setting.enabled if setting else True)
        message = rule.message(lang, outcome)
        status, waiver = outcome.status, None
        if status == FAIL:
            waiver = next(
                (w for w in manifest.waivers if w.rule == rule.id and w.expires >= as_of), None
            )
            if waiver is not None:
                status = WAIVED
                message = messages(
                    "finding.waived",
                    message=message,
                    approved_by=waiver.approved_by,
                    expires=waiver.expires.isoformat(),
                )
        line = manifest.line(*(outcome.path or rule.location))
        findings.append(Finding(rule.id, severity, status, message, manifest.file, line, waiver))
    owner = manifest.owner if isinstance(manifest.owner, str) else None
    return ModelResult(
        manifest.id,
        manifest.name,
        manifest.stage,
        owner,
        _status(findings),
        findings,
        entry.errors,
        entry,
        ctx.thresholds,
    )


def _judge(rule: Rule, ctx: ModelContext, *, enabled: bool) -> Outcome:
    if not enabled:
        return Outcome(NOT_APPLICABLE, "finding.disabled")
    if not rule.applies_to(ctx.manifest.stage):
        return Outcome(NOT_APPLICABLE, "finding.stage", {"stage": ctx.manifest.stage})
    return rule.check(ctx)


def evaluate(registry: Registry, as_of: date, lang: str = DEFAULT_LANGUAGE) -> Report:
    """Judge every model of ``registry`` at ``as_of``; models come out sorted by id."""
    results = [evaluate_model(entry, registry, as_of, lang) for entry in registry.models]
    results.sort(key=lambda m: m.id)
    return Report(as_of=as_of, models=results, errors=registry.all_errors(), registry=registry)
