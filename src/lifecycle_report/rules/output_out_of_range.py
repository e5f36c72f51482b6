"""output-out-of-range: outputs stay within their expected bounds."""

from __future__ import annotations

from ..stages import PROD
from ._signals import last_periods
from .base import FAIL, NOT_APPLICABLE, PASS, ModelContext, Outcome, Rule, RuleText, fmt


def check(ctx: ModelContext) -> Outcome:
    if ctx.thresholds.output_range is None:
        return Outcome(NOT_APPLICABLE, "no_range")
    low, high = ctx.thresholds.output_range
    series = ctx.series
    if series is None or not len(series):
        return Outcome(NOT_APPLICABLE, "signal.no_summary")
    out_min, out_max = series.last("output_min"), series.last("output_max")
    if out_min is None and out_max is None:
        return Outcome(NOT_APPLICABLE, "signal.latest_empty", {"column": "output_min, output_max"})
    params = {
        "low": fmt(low),
        "high": fmt(high),
        "min": fmt(out_min) if out_min is not None else "—",
        "max": fmt(out_max) if out_max is not None else "—",
    }
    below = out_min is not None and out_min < low
    above = out_max is not None and out_max > high
    status = FAIL if below or above else PASS
    return Outcome(status, "out" if status == FAIL else "ok", params, periods=last_periods(ctx))


RULE = Rule(
    id="output-out-of-range",
    severity="alerta",
    stages=PROD,
    section="must-monitoreo-minimo-esperado",
    location=("monitoring", "output_range"),
    example="monitoring:\n  output_range: [0, 1]   # columnas output_min y output_max del resumen",
    text={
        "es": RuleText(
            title="Outputs fuera de rango",
            why="Outputs fuera del rango esperado son una señal simple de que algo cambió en los datos o en el modelo.",
            fix="Busca qué entradas producen los valores extremos; corrige el preprocesamiento o vuelve a la versión anterior.",
            messages={
                "ok": "último periodo entre {min} y {max}, dentro de [{low}, {high}]",
                "out": "el último periodo va de {min} a {max}, fuera de [{low}, {high}]",
                "no_range": "el manifiesto no declara monitoring.output_range",
            },
        ),
        "en": RuleText(
            title="Outputs out of range",
            why="Outputs outside their expected range signal that data or model changed.",
            fix="Find the inputs behind the extreme values; fix preprocessing or roll back.",
            messages={
                "ok": "last period between {min} and {max}, within [{low}, {high}]",
                "out": "the last period spans {min} to {max}, outside [{low}, {high}]",
                "no_range": "the manifest declares no monitoring.output_range",
            },
        ),
    },
    check=check,
)
