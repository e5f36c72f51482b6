"""rollback-plan: there is a clear way back."""

from __future__ import annotations

from ..stages import PROD
from .base import FAIL, PASS, ModelContext, Outcome, Rule, RuleText, present


def check(ctx: ModelContext) -> Outcome:
    rollback = ctx.manifest.rollback
    if rollback and present(rollback.strategy):
        return Outcome(PASS, "ok")
    return Outcome(FAIL, "missing")


RULE = Rule(
    id="rollback-plan",
    severity="alerta",
    stages=PROD,
    section="antipatrones-senales-de-alerta",
    location=("rollback",),
    example=(
        "rollback:\n"
        "  strategy: Reapuntar el alias 'champion' a la versión anterior en MLflow\n"
        '  previous_version: "3.1.0"'
    ),
    text={
        "es": RuleText(
            title="Camino de rollback",
            why=(
                "«No hay forma clara de rollback» es un antipatrón: en un incidente, volver "
                "atrás tiene que ser una decisión, no una investigación."
            ),
            fix="Escribe en `rollback.strategy` cómo se vuelve atrás y en `previous_version` a qué versión.",
            messages={"ok": "tiene estrategia de rollback", "missing": "no hay rollback.strategy"},
        ),
        "en": RuleText(
            title="Rollback path",
            why="No clear way to roll back is an anti-pattern: in an incident, going back must be a decision.",
            fix="Write how to roll back in `rollback.strategy` and to what in `previous_version`.",
            messages={"ok": "has a rollback strategy", "missing": "no rollback.strategy"},
        ),
    },
    check=check,
)
