"""monitoring-fresh: the monitoring summary is recent."""

from __future__ import annotations

from ..stages import PROD
from .base import FAIL, NOT_APPLICABLE, PASS, ModelContext, Outcome, Rule, RuleText


def check(ctx: ModelContext) -> Outcome:
    series = ctx.series
    if series is None or not len(series):
        return Outcome(NOT_APPLICABLE, "signal.no_summary")
    last = series.dates[-1]
    age = (ctx.as_of - last).days
    params = {"last": last.isoformat(), "age": age, "max": ctx.thresholds.max_age_days}
    if age > ctx.thresholds.max_age_days:
        return Outcome(FAIL, "stale", params)
    return Outcome(PASS, "ok", params)


RULE = Rule(
    id="monitoring-fresh",
    severity="must",
    stages=PROD,
    section="must-monitoreo-minimo-esperado",
    dated=True,
    location=("monitoring",),
    example="monitoring:\n  max_age_days: 14   # por defecto 14; policy.yaml puede cambiarlo",
    text={
        "es": RuleText(
            title="Monitoreo al día",
            why=(
                "Las señales sólo sirven si se miran: un resumen que dejó de actualizarse es "
                "un modelo sin métricas post-deploy, uno de los antipatrones del capítulo."
            ),
            fix=(
                "Automatiza la exportación del resumen (por ejemplo semanal) y haz commit del "
                "CSV actualizado. Si el periodo natural es más largo, ajusta "
                "`monitoring.max_age_days`."
            ),
            messages={
                "ok": "último periodo {last} (hace {age} días, máximo {max})",
                "stale": "el último periodo es {last}: hace {age} días, más de {max}",
            },
        ),
        "en": RuleText(
            title="Fresh monitoring",
            why="Signals only help when they are current: a stale summary means no post-deploy metrics.",
            fix="Export the summary on a schedule and commit it, or adjust `monitoring.max_age_days`.",
            messages={
                "ok": "last period {last} ({age} days ago, at most {max})",
                "stale": "the last period is {last}: {age} days ago, more than {max}",
            },
        ),
    },
    check=check,
)
