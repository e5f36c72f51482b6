"""Evaluation: every rule on every model, with policy, stages and waivers applied."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from .domain import ModelEntry, Registry, RuleSetting, Thresholds, Waiver
from .i18n import DEFAULT_LANGUAGE, Catalog, catalog
from .problems import unexpected
from .report import Finding, ModelResult, Report
from .rules import FAIL, NOT_APPLICABLE, RULES, WAIVED, ModelContext, Outcome, Rule, rule_set
from .rules.waiver_approver import RULE as WAIVER_APPROVER
from .rules.waiver_approver import invalid_approval


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
    failing = {f.counts_as for f in findings if f.status == FAIL}
    if "must" in failing:
        return "fail"
    return "warn" if failing else "pass"


class Memo:
    """Findings that do not depend on the as-of date, kept for evaluating the same loaded
    files again at other dates: the trend evaluates every week, and most models are
    unchanged from one week to the next (their entries, owners and policy are then the
    same objects). Only rules marked ``dated`` are judged again; waivers and
    ``enforce_from``, which depend on the date, are applied afterwards.
    Entries not used by an evaluation are dropped at its end."""

    def __init__(self) -> None:
        #: id(manifest) -> (the inputs, thresholds, rule id -> finding before waivers).
        self.models: dict[int, tuple[tuple[object, ...], Thresholds, dict[str, Finding]]] = {}
        self.used: set[int] = set()

    def known(
        self, entry: ModelEntry, registry: Registry
    ) -> tuple[Thresholds | None, dict[str, Finding]]:
        inputs = (entry.manifest, entry.series, registry.owners, registry.policy)
        key = id(entry.manifest)
        self.used.add(key)
        found = self.models.get(key)
        if found is not None and all(a is b for a, b in zip(found[0], inputs, strict=True)):
            return found[1], found[2]
        return None, {}

    def keep(
        self,
        entry: ModelEntry,
        registry: Registry,
        thresholds: Thresholds,
        found: dict[str, Finding],
    ) -> None:
        inputs = (entry.manifest, entry.series, registry.owners, registry.policy)
        self.models[id(entry.manifest)] = (inputs, thresholds, found)

    def forget_unused(self) -> None:
        self.models = {k: v for k, v in self.models.items() if k in self.used}
        self.used = set()


def _enabled(rule: Rule, setting: RuleSetting | None) -> bool:
    if setting is None or setting.enabled is None:
        return rule.enabled_by_default
    return setting.enabled


def _enforced(setting: RuleSetting | None, as_of: date) -> bool:
    return setting is None or setting.enforce_from is None or setting.enforce_from <= as_of


def _valid_waivers(ctx: ModelContext, registry: Registry) -> list[Waiver]:
    """Unexpired waivers, less those ``waiver-approver`` (when on and enforced) rejects."""
    waivers = [w for w in ctx.manifest.waivers if w.expires >= ctx.as_of]
    setting = registry.policy.rules.get(WAIVER_APPROVER.id)
    if _enabled(WAIVER_APPROVER, setting) and _enforced(setting, ctx.as_of):
        waivers = [w for w in waivers if invalid_approval(w, ctx) is None]
    return waivers


def evaluate_model(
    entry: ModelEntry,
    registry: Registry,
    as_of: date,
    lang: str = DEFAULT_LANGUAGE,
    memo: Memo | None = None,
    rules: tuple[Rule, ...] = RULES,
) -> ModelResult:
    """The model's findings and status. An unexpected error in a rule makes this model
    ``invalid`` with an error naming its manifest; the other models are not touched."""
    try:
        return _evaluate_model(entry, registry, as_of, lang, memo, rules)
    except Exception as exc:  # isolation: one model's surprise never stops the report
        entry.errors.append(unexpected(entry.file, exc, catalog(lang)))
        return ModelResult(entry.folder, None, None, None, "invalid", [], entry.errors, entry)


def _evaluate_model(
    entry: ModelEntry,
    registry: Registry,
    as_of: date,
    lang: str,
    memo: Memo | None,
    rules: tuple[Rule, ...],
) -> ModelResult:
    manifest = entry.manifest
    if manifest is None:
        return ModelResult(entry.folder, None, None, None, "invalid", [], entry.errors, entry)
    messages = catalog(lang)
    thresholds, known = memo.known(entry, registry) if memo else (None, {})
    if thresholds is None:
        thresholds = _thresholds(registry.policy.thresholds, entry)
    ctx = ModelContext(
        manifest=manifest,
        series=entry.series,
        owners=registry.owners,
        thresholds=thresholds,
        as_of=as_of,
    )
    valid_waivers = _valid_waivers(ctx, registry)
    findings = []
    for rule in rules:
        setting = registry.policy.rules.get(rule.id)
        # The finding before waivers: reused when the rule does not read the date.
        finding = None if rule.dated else known.get(rule.id)
        if finding is None:
            severity = (setting.severity if setting else None) or rule.severity
            outcome = _judge(rule, ctx, setting)
            line = manifest.line(*(outcome.path or rule.location))
            message = rule.message(lang, outcome)
            finding = Finding(
                rule.id,
                severity,
                outcome.status,
                message,
                manifest.file,
                line,
                periods=outcome.periods,
            )
            if not rule.dated:
                known[rule.id] = finding
        if finding.status == FAIL:
            finding = _dated(finding, setting, manifest.waivers, valid_waivers, as_of, messages)
        findings.append(finding)
    if memo is not None:
        memo.keep(entry, registry, thresholds, known)
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
        thresholds,
    )


def _dated(
    finding: Finding,
    setting: RuleSetting | None,
    waivers: list[Waiver],
    valid: list[Waiver],
    as_of: date,
    messages: Catalog,
) -> Finding:
    """A failure as of ``as_of``: ``waived`` by a valid waiver, else marked when its rule
    is enforced only later (``enforce_from``) or when its waiver is not valid."""
    waiver = next((w for w in valid if w.rule == finding.rule), None)
    if waiver is not None:
        message = messages(
            "finding.waived",
            message=finding.message,
            approved_by=waiver.approved_by,
            expires=waiver.expires.isoformat(),
        )
        return replace(finding, status=WAIVED, message=message, waiver=waiver)
    message = finding.message
    if any(w.rule == finding.rule and w.expires >= as_of for w in waivers):
        message = messages("finding.waiver_invalid", message=message)
    if _enforced(setting, as_of):
        return replace(finding, message=message)
    assert setting is not None and setting.enforce_from is not None
    later = setting.enforce_from
    message = messages("finding.enforce_from", message=message, date=later.isoformat())
    return replace(finding, message=message, enforce_from=later)


def _judge(rule: Rule, ctx: ModelContext, setting: RuleSetting | None) -> Outcome:
    if setting is not None and setting.skipped:
        return Outcome(NOT_APPLICABLE, "finding.skipped")
    if not _enabled(rule, setting):
        if setting is None or setting.enabled is None:
            return Outcome(NOT_APPLICABLE, "finding.off")
        return Outcome(NOT_APPLICABLE, "finding.disabled")
    if not rule.applies_to(ctx.manifest.stage):
        return Outcome(NOT_APPLICABLE, "finding.stage", {"stage": ctx.manifest.stage})
    return rule.check(ctx)


def evaluate(
    registry: Registry, as_of: date, lang: str = DEFAULT_LANGUAGE, memo: Memo | None = None
) -> Report:
    """Judge every model of ``registry`` at ``as_of``; models come out sorted by id.

    ``memo`` carries what does not depend on the date from one evaluation to the next.
    """
    rules, rule_problems = rule_set(registry.policy, catalog(lang))
    results = [
        evaluate_model(entry, registry, as_of, lang, memo, rules) for entry in registry.models
    ]
    if memo is not None:
        memo.forget_unused()
    results.sort(key=lambda m: m.id)
    errors = registry.all_errors()
    # A refused custom rule is a registry-level problem, after those of the loaded files.
    errors[len(registry.errors) : len(registry.errors)] = rule_problems
    return Report(as_of=as_of, models=results, errors=errors, registry=registry, rules=rules)
