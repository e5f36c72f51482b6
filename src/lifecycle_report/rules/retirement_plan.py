"""retirement-plan: a production model knows how it will be switched off."""

from __future__ import annotations

from ..stages import PROD
from .base import FAIL, PASS, ModelContext, Outcome, Rule, RuleText, present


def check(ctx: ModelContext) -> Outcome:
    retirement = ctx.manifest.retirement
    if retirement and present(retirement.plan):
        return Outcome(PASS, "ok")
    return Outcome(FAIL, "missing")


RULE = Rule(
    id="retirement-plan",
    severity="deseable",
    stages=PROD,
    section="retirada",
    location=("retirement",),
    example=(
        "retirement:\n"
        "  plan: >-\n"
        "    Si el AUC cae bajo 0.65 dos meses seguidos, volver a reglas de negocio\n"
        "    y apagar el endpoint tras avisar a riesgo."
    ),
    text={
        "es": RuleText(
            title="Plan de retirada",
            why=(
                "Los modelos también se apagan y retirar es una decisión válida: planear la "
                "salida desde el inicio es sano."
            ),
            fix="Describe en `retirement.plan` cuándo y cómo se apagaría el modelo y qué lo reemplaza.",
            messages={"ok": "tiene plan de retirada", "missing": "no hay retirement.plan"},
        ),
        "en": RuleText(
            title="Retirement plan",
            why="Models get switched off too; planning the exit from the start is healthy.",
            fix="Describe in `retirement.plan` when and how the model would be switched off.",
            messages={"ok": "has a retirement plan", "missing": "no retirement.plan"},
        ),
    },
    check=check,
)
