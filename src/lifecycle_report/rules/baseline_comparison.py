"""baseline-comparison: validation compared the model with a baseline."""

from __future__ import annotations

from ..stages import PROD
from .base import FAIL, PASS, ModelContext, Outcome, Rule, RuleText, fmt, present


def check(ctx: ModelContext) -> Outcome:
    validation = ctx.manifest.validation
    baseline = validation.baseline if validation else None
    result = validation.result if validation else None
    if not (baseline and present(baseline) and result and present(result)):
        missing = [n for n, v in (("baseline", baseline), ("result", result)) if not present(v)]
        return Outcome(FAIL, "missing", {"fields": ", ".join(f"validation.{m}" for m in missing)})
    if result.value is not None and baseline.value is not None:
        return Outcome(
            PASS,
            "compared",
            {
                "metric": result.metric or "",
                "value": fmt(result.value),
                "baseline": fmt(baseline.value),
                "name": baseline.name or "",
            },
        )
    return Outcome(PASS, "ok")


RULE = Rule(
    id="baseline-comparison",
    severity="deseable",
    stages=frozenset({"validacion", "pre-produccion"}) | PROD,
    section="validacion",
    location=("validation",),
    example=(
        "validation:\n"
        "  baseline: {name: regresión logística, metric: auc, value: 0.71}\n"
        "  result: {metric: auc, value: 0.78}"
    ),
    text={
        "es": RuleText(
            title="Comparación con un baseline",
            why=(
                "Validar es comparar con baselines y tomar decisiones explícitas: confirmar que "
                "vale la pena seguir. Sin baseline no se sabe si el modelo aporta."
            ),
            fix="Registra en `validation` el baseline y el resultado con la misma métrica.",
            messages={
                "ok": "hay baseline y resultado",
                "compared": "{metric} {value} frente a {baseline} del baseline {name}",
                "missing": "falta {fields}",
            },
        ),
        "en": RuleText(
            title="Baseline comparison",
            why="Validation means comparing with baselines and deciding explicitly.",
            fix="Record the baseline and the result, on the same metric, under `validation`.",
            messages={
                "ok": "baseline and result recorded",
                "compared": "{metric} {value} against {baseline} for baseline {name}",
                "missing": "missing {fields}",
            },
        ),
    },
    check=check,
)
