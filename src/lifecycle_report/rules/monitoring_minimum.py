"""monitoring-minimum: a production model has its basic monitoring signals."""

from __future__ import annotations

from ..stages import PROD
from .base import FAIL, PASS, ModelContext, Outcome, Rule, RuleText, present

#: Signals always required; ``performance`` too unless a reason says it is not possible.
REQUIRED = ("input_drift", "volume", "error_rate")


def check(ctx: ModelContext) -> Outcome:
    series = ctx.series
    if series is None:
        return Outcome(FAIL, "no_summary")
    wanted = list(REQUIRED)
    performance = ctx.manifest.monitoring.performance
    if not (performance and present(performance.not_possible)):
        wanted.insert(0, "performance")
    missing = [signal for signal in wanted if not series.monitors(signal)]
    if missing:
        return Outcome(FAIL, "missing", {"signals": ", ".join(missing), "file": series.file})
    return Outcome(PASS, "ok", {"signals": ", ".join(wanted), "file": series.file})


RULE = Rule(
    id="monitoring-minimum",
    severity="must",
    stages=PROD,
    section="must-monitoreo-minimo-esperado",
    location=("monitoring",),
    example=(
        "monitoring:\n"
        "  summary: monitoring.csv   # date,performance,input_drift,volume,error_rate,...\n"
        "  performance:\n"
        "    metric: auc\n"
        "    min: 0.70\n"
        "    # o, si las etiquetas llegan tarde:\n"
        '    # not_possible: "las etiquetas llegan a los 90 días"'
    ),
    text={
        "es": RuleText(
            title="Monitoreo mínimo",
            why=(
                "Un modelo en producción debe tener, como mínimo, señales de monitoreo claras: "
                "performance (cuando sea posible), distribución de inputs, volumen de uso y "
                "errores. Un modelo sin monitoreo no está realmente en producción."
            ),
            fix=(
                "Publica un resumen `monitoring.csv` junto al manifiesto con las columnas "
                "`performance`, `input_drift`, `volume` y `error_rate`. Si la performance no se "
                "puede medir todavía, explica por qué en `monitoring.performance.not_possible`."
            ),
            messages={
                "ok": "{file} cubre {signals}",
                "no_summary": "no hay un resumen de monitoreo utilizable (monitoring.csv)",
                "missing": "{file} no monitorea: {signals}",
            },
        ),
        "en": RuleText(
            title="Minimum monitoring",
            why=(
                "A production model must have clear monitoring signals: performance (when "
                "possible), input distribution, volume and errors."
            ),
            fix=(
                "Publish a `monitoring.csv` summary with `performance`, `input_drift`, `volume` "
                "and `error_rate`, or give `monitoring.performance.not_possible` a reason."
            ),
            messages={
                "ok": "{file} covers {signals}",
                "no_summary": "no usable monitoring summary (monitoring.csv)",
                "missing": "{file} does not monitor: {signals}",
            },
        ),
    },
    check=check,
)
