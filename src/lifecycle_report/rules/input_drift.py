"""input-drift: the input distribution has shifted strongly."""

from __future__ import annotations

from ..stages import PROD
from ._signals import last_periods, latest
from .base import FAIL, PASS, ModelContext, Outcome, Rule, RuleText, fmt


def check(ctx: ModelContext) -> Outcome:
    column, why_not = latest(ctx, "input_drift")
    if column is None:
        return why_not  # type: ignore[return-value]
    last, limit = float(column[-1]), ctx.thresholds.drift_max
    params = {"last": fmt(last), "max": fmt(limit)}
    failed = last >= limit
    periods = last_periods(ctx)
    return Outcome(FAIL if failed else PASS, "high" if failed else "ok", params, periods=periods)


RULE = Rule(
    id="input-drift",
    severity="alerta",
    stages=PROD,
    section="data-drift-y-performance-sin-obsesion",
    location=("monitoring", "drift_max"),
    example="monitoring:\n  drift_max: 0.25   # PSI; por defecto 0.25 o el de policy.yaml",
    text={
        "es": RuleText(
            title="Cambio en la distribución de inputs",
            why=(
                "El drift existe e ignorarlo no lo elimina. Un cambio fuerte en la distribución "
                "de inputs es una señal simple que pide mirar más de cerca."
            ),
            fix=(
                "Revisa qué variables cambiaron y por qué (fuente, población, estacionalidad). "
                "Si el umbral no refleja al modelo, ajusta `monitoring.drift_max` con una razón."
            ),
            messages={
                "ok": "drift del último periodo {last} (máximo {max})",
                "high": "el drift del último periodo es {last}, igual o mayor que {max}",
            },
        ),
        "en": RuleText(
            title="Input distribution shift",
            why="Drift exists and ignoring it does not remove it: a strong input shift is a signal to look closer.",
            fix="Check which inputs changed and why; adjust `monitoring.drift_max` with a reason if needed.",
            messages={
                "ok": "last period's drift {last} (max {max})",
                "high": "last period's drift is {last}, at or above {max}",
            },
        ),
    },
    check=check,
)
