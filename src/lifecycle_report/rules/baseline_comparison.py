"""baseline-comparison: validation compared the model with a baseline."""

from __future__ import annotations

from ..stages import PROD
from .base import FAIL, PASS, ModelContext, Outcome, Rule, RuleText, fmt, present


def check(ctx: ModelContext) -> Outcome:
    baseline = ctx.manifest.get("validation", "baseline")
    result = ctx.manifest.get("validation", "result")
    if not (present(baseline) and present(result)):
        missing = [n for n, v in (("baseline", baseline), ("result", result)) if not present(v)]
        return Outcome(FAIL, "missing", {"fields": ", ".join(f"validation.{m}" for m in missing)})
    value, base = result.get("value"), baseline.get("value")
    if isinstance(value, int | float) and isinstance(base, int | float):
        return Outcome(
            PASS,
            "compared",
            {
                "metric": result.get("metric") or "",
                "value": fmt(value),
                "baseline": fmt(base),
                "name": baseline.get("name") or "",
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
