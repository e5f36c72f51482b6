"""retired-still-serving: a retired model no longer receives traffic."""

from __future__ import annotations

from .base import FAIL, NOT_APPLICABLE, PASS, ModelContext, Outcome, Rule, RuleText, fmt


def check(ctx: ModelContext) -> Outcome:
    retired = ctx.manifest.retirement.date if ctx.manifest.retirement else None
    if retired is None:
        return Outcome(NOT_APPLICABLE, "no_date")
    raw = retired.isoformat()
    series = ctx.series
    if series is None or not len(series):
        return Outcome(NOT_APPLICABLE, "signal.no_summary")
    volume = series.column("volume")
    if volume is None or not series.monitors("volume"):
        return Outcome(NOT_APPLICABLE, "signal.no_column", {"column": "volume"})
    serving = [
        (day, float(v))
        for day, v in zip(series.dates, volume, strict=True)
        if day > retired and v > 0
    ]
    if serving:
        day, value = serving[-1]
        return Outcome(
            FAIL,
            "serving",
            {
                "retired": raw,
                "date": day.isoformat(),
                "volume": fmt(value),
                "periods": len(serving),
            },
        )
    return Outcome(PASS, "ok", {"retired": raw})


RULE = Rule(
    id="retired-still-serving",
    severity="alerta",
    stages=frozenset({"retirada"}),
    section="retirada",
    location=("retirement", "date"),
    example="retirement:\n  date: 2026-06-30\n  reason: Reemplazado por churn-v2\n  replaced_by: churn-v2",
    text={
        "es": RuleText(
            title="Retirado pero sirviendo",
            why="Retirar es una decisión válida, pero sólo si se cumple: un modelo retirado que sigue recibiendo tráfico no tiene owner ni monitoreo.",
            fix="Apaga el endpoint o redirige el tráfico al reemplazo; si la retirada se pospuso, corrige `retirement.date` y la etapa.",
            messages={
                "ok": "sin volumen después de la retirada ({retired})",
                "serving": "retirado el {retired} pero con volumen {volume} el {date} ({periods} periodos con tráfico)",
                "no_date": "el manifiesto no declara retirement.date",
            },
        ),
        "en": RuleText(
            title="Retired but still serving",
            why="A retired model that still receives traffic has neither owner nor monitoring.",
            fix="Switch the endpoint off or route traffic to the replacement; or fix `retirement.date`.",
            messages={
                "ok": "no volume after retirement ({retired})",
                "serving": "retired on {retired} but volume {volume} on {date} ({periods} periods with traffic)",
                "no_date": "the manifest declares no retirement.date",
            },
        ),
    },
    check=check,
)
