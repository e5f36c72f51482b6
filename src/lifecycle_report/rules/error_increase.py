"""error-increase: errors are rising."""

from __future__ import annotations

from ..stages import PROD
from ._signals import earlier_median, last_periods, latest
from .base import FAIL, NOT_APPLICABLE, PASS, ModelContext, Outcome, Rule, RuleText, fmt


def check(ctx: ModelContext) -> Outcome:
    column, why_not = latest(ctx, "error_rate")
    if column is None:
        return why_not  # type: ignore[return-value]
    last = float(column[-1])
    limit = ctx.thresholds.error_rate_max
    if limit is not None:
        params = {"last": fmt(last), "max": fmt(limit)}
        failed = last > limit
        message = "above_max" if failed else "ok_max"
        return Outcome(FAIL if failed else PASS, message, params, periods=last_periods(ctx))
    median = earlier_median(column, 1, ctx.thresholds.baseline_periods)
    if median is None:
        return Outcome(NOT_APPLICABLE, "signal.no_history", {"column": "error_rate"})
    factor, floor = ctx.thresholds.error_increase_factor, ctx.thresholds.error_rate_floor
    params = {"last": fmt(last), "median": fmt(median), "factor": fmt(factor), "floor": fmt(floor)}
    if last > factor * median and last > floor:
        return Outcome(FAIL, "above_median", params, periods=last_periods(ctx))
    return Outcome(PASS, "ok_median", params, periods=last_periods(ctx))


RULE = Rule(
    id="error-increase",
    severity="alerta",
    stages=PROD,
    section="must-monitoreo-minimo-esperado",
    location=("monitoring", "error_rate_max"),
    example="monitoring:\n  error_rate_max: 0.02   # sin él: más del doble de la mediana reciente",
    text={
        "es": RuleText(
            title="Aumento de errores",
            why="El aumento de errores y excepciones es una de las señales simples que avisan cuándo mirar más de cerca.",
            fix=(
                "Revisa los logs del servicio y los cambios recientes de datos o código. Declara "
                "`monitoring.error_rate_max` (o `thresholds.error_rate_max` en policy.yaml) para un umbral explícito."
            ),
            messages={
                "ok_max": "tasa de error del último periodo {last} (máximo {max})",
                "above_max": "la tasa de error del último periodo es {last}, mayor que {max}",
                "ok_median": "tasa de error {last}; mediana previa {median}",
                "above_median": "la tasa de error {last} es más de {factor} veces la mediana previa {median}",
            },
        ),
        "en": RuleText(
            title="Rising errors",
            why="Rising errors and exceptions are one of the simple signals that say when to look closer.",
            fix="Check service logs and recent changes; declare `monitoring.error_rate_max` for an explicit limit.",
            messages={
                "ok_max": "last period's error rate {last} (max {max})",
                "above_max": "last period's error rate is {last}, above {max}",
                "ok_median": "error rate {last}; earlier median {median}",
                "above_median": "error rate {last} is more than {factor} times the earlier median {median}",
            },
        ),
    },
    check=check,
)
