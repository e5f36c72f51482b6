"""performance-drop: performance has stayed low for several periods."""

from __future__ import annotations

import numpy as np

from ..stages import PROD
from ._signals import earlier_median, last_periods, latest
from .base import FAIL, NOT_APPLICABLE, PASS, ModelContext, Outcome, Rule, RuleText, fmt


def check(ctx: ModelContext) -> Outcome:
    column, why_not = latest(ctx, "performance")
    if column is None:
        return why_not  # type: ignore[return-value]
    periods = ctx.thresholds.sustained_periods
    if len(column) < periods:
        return Outcome(
            NOT_APPLICABLE, "signal.too_few_rows", {"needed": periods, "found": len(column)}
        )
    recent = column[-periods:]
    if np.isnan(recent).any():
        return Outcome(NOT_APPLICABLE, "signal.gaps", {"column": "performance", "periods": periods})
    judged = last_periods(ctx, periods)
    floor = ctx.thresholds.performance_min
    if floor is not None:
        params = {"periods": periods, "floor": fmt(floor), "last": fmt(recent[-1])}
        failed = bool((recent < floor).all())
        message = "below_min" if failed else "ok_min"
        return Outcome(FAIL if failed else PASS, message, params, periods=judged)
    median = earlier_median(column, periods, ctx.thresholds.baseline_periods)
    if median is None:
        return Outcome(NOT_APPLICABLE, "signal.no_history", {"column": "performance"})
    ratio = ctx.thresholds.performance_drop_ratio
    limit = ratio * median
    params = {
        "periods": periods,
        "ratio": fmt(ratio),
        "percent": fmt(ratio * 100),
        "limit": fmt(limit),
        "median": fmt(median),
        "last": fmt(recent[-1]),
    }
    failed = bool((recent < limit).all())
    message = "below_median" if failed else "ok_median"
    return Outcome(FAIL if failed else PASS, message, params, periods=judged)


RULE = Rule(
    id="performance-drop",
    severity="alerta",
    stages=PROD,
    section="must-monitoreo-minimo-esperado",
    location=("monitoring", "performance"),
    example="monitoring:\n  performance:\n    metric: auc\n    min: 0.70   # piso esperado",
    text={
        "es": RuleText(
            title="Caída sostenida de performance",
            why=(
                "Una caída sostenida de performance es la primera señal simple del capítulo: no "
                "lo explica todo, pero avisa cuándo mirar más de cerca."
            ),
            fix=(
                "Investiga la causa (datos, población, etiquetas), reentrena o vuelve a la "
                "versión anterior. Declara `monitoring.performance.min` para que el umbral sea "
                "explícito en lugar de relativo."
            ),
            messages={
                "ok_min": "último valor {last}; los últimos {periods} periodos no están todos bajo {floor}",
                "below_min": "los últimos {periods} periodos están bajo el mínimo {floor} (último {last})",
                "ok_median": "último valor {last}; sin caída sostenida bajo {limit} ({ratio} × mediana {median})",
                "below_median": "los últimos {periods} periodos están bajo {limit}, el {percent} % de la mediana previa {median} (último {last})",
            },
        ),
        "en": RuleText(
            title="Sustained performance drop",
            why="A sustained performance drop is the chapter's first simple signal: time to look closer.",
            fix="Find the cause, retrain or roll back; declare `monitoring.performance.min` for an explicit floor.",
            messages={
                "ok_min": "last value {last}; the last {periods} periods are not all below {floor}",
                "below_min": "the last {periods} periods are below the minimum {floor} (last {last})",
                "ok_median": "last value {last}; no sustained drop below {limit} ({ratio} × median {median})",
                "below_median": "the last {periods} periods are below {limit}, {percent}% of the earlier median {median} (last {last})",
            },
        ),
    },
    check=check,
)
