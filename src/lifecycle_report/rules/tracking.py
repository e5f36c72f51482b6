"""tracking: experiments and models are tracked (MLflow or similar)."""

from __future__ import annotations

from ..stages import PROD
from .base import FAIL, PASS, ModelContext, Outcome, Rule, RuleText, present


def check(ctx: ModelContext) -> Outcome:
    if present(ctx.manifest.tracking):
        return Outcome(PASS, "ok")
    return Outcome(FAIL, "missing")


RULE = Rule(
    id="tracking",
    severity="deseable",
    stages=frozenset({"validacion", "pre-produccion"}) | PROD,
    section="deseable-tracking-y-herramientas",
    location=("tracking",),
    example=(
        "tracking:\n"
        "  mlflow:\n"
        "    experiment: scoring-credito\n"
        "    run: 8f2c41d0\n"
        "    registered_model: scoring-credito\n"
        "  url: https://mlflow.example.com/#/experiments/12"
    ),
    text={
        "es": RuleText(
            title="Tracking de experimentos",
            why=(
                "Herramientas como MLflow (open-source, en modo local y sin costo) dan tracking "
                "de experimentos, registro de modelos y comparación de runs. No es obligatorio: "
                "es una mejora progresiva que hace reproducible lo que llega a producción."
            ),
            fix="Añade un bloque `tracking` con el experimento, el run o el modelo registrado.",
            messages={"ok": "tiene tracking", "missing": "no hay tracking del modelo"},
        ),
        "en": RuleText(
            title="Experiment tracking",
            why="Tracking (e.g. MLflow) makes what reaches production reproducible. Desirable, not required.",
            fix="Add a `tracking` block with the experiment, run or registered model.",
            messages={"ok": "tracked", "missing": "the model is not tracked"},
        ),
    },
    check=check,
)
