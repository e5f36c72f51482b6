"""promotion-reviewed: the decision to go to production was taken by someone else."""

from __future__ import annotations

from ..stages import PROD
from ._people import not_independent
from .base import FAIL, NOT_APPLICABLE, PASS, Citation, ModelContext, Outcome, Rule, RuleText
from .sources import AI_ACT, SR_11_7, ai_act


def check(ctx: ModelContext) -> Outcome:
    promotions = [(i, h) for i, h in enumerate(ctx.manifest.history) if h.stage == "produccion"]
    if not promotions:
        return Outcome(NOT_APPLICABLE, "no_promotion")
    # The latest by date; of two on the same day, the one listed last.
    i, latest = max(promotions, key=lambda item: (item[1].date, item[0]))
    params = {"date": latest.date.isoformat(), "by": latest.by or ""}
    why = not_independent(latest.by, ctx)
    if why is not None:
        path = ("history", i, "by") if why != "missing" else ("history", i)
        return Outcome(FAIL, why, params, path=path)
    person = ctx.owners.people[str(latest.by).strip()]
    return Outcome(PASS, "ok", {**params, "name": person.name}, path=("history", i, "by"))


RULE = Rule(
    id="promotion-reviewed",
    severity="alerta",
    stages=PROD,
    section="pre-produccion",
    location=("history",),
    example=(
        "owner: ana.garcia\n"
        "history:\n"
        "  - date: 2026-07-20\n"
        "    stage: produccion\n"
        '    version: "3.2.0"\n'
        "    decision: Aprobado en comité de modelos\n"
        "    by: marta.lopez   # quien aprobó el paso, no el owner"
    ),
    text={
        "es": RuleText(
            title="Paso a producción revisado",
            why=(
                "Pasar a producción acepta un costo real del error: esa decisión la toma o la "
                "revisa alguien distinto de quien construyó el modelo («revisión más estricta» "
                "en pre-producción). La regla mira la última entrada de `history` con etapa "
                "`produccion`: su `by` debe ser una persona activa de `owners.yaml` que no sea "
                "el owner. Sin ninguna entrada de producción, no aplica."
            ),
            fix=(
                "Registra en `history` la decisión de pasar a producción con `by:` = quien la "
                "aprobó (una persona activa distinta del owner). Si la aprobó el owner, pide "
                "una revisión y regístrala como nueva entrada."
            ),
            messages={
                "ok": "paso a producción del {date} aprobado por {by} ({name})",
                "missing": "el paso a producción del {date} no dice quién lo aprobó (by)",
                "owner": "el paso a producción del {date} lo aprobó {by}, el owner del modelo",
                "inactive": "el paso a producción del {date} lo aprobó {by}, que ya no está activo",
                "team": "el paso a producción del {date} lo aprobó {by}, un equipo y no una persona",
                "unknown": "el paso a producción del {date} lo aprobó {by}, que no es una persona de owners.yaml",
                "no_promotion": "history no registra ningún paso a producción",
            },
            sources=(
                Citation(
                    "SR 11-7, sección III: «effective challenge» (análisis crítico por partes "
                    "objetivas e informadas)",
                    SR_11_7,
                ),
                Citation(ai_act("es", "17(1)(m)", "marco de rendición de cuentas"), AI_ACT),
            ),
        ),
        "en": RuleText(
            title="Reviewed promotion",
            why=(
                "Going to production accepts a real cost of error: someone other than the "
                "model's builder takes or reviews that decision. The rule reads the latest "
                "`history` entry with stage `produccion`: its `by` must be an active person of "
                "`owners.yaml` other than the owner."
            ),
            fix=(
                "Record the promotion in `history` with `by:` set to who approved it (an "
                "active person other than the owner)."
            ),
            messages={
                "ok": "promotion of {date} approved by {by} ({name})",
                "missing": "the promotion of {date} does not say who approved it (by)",
                "owner": "the promotion of {date} was approved by {by}, the model's owner",
                "inactive": "the promotion of {date} was approved by {by}, no longer active",
                "team": "the promotion of {date} was approved by {by}, a team and not a person",
                "unknown": "the promotion of {date} was approved by {by}, not a person in owners.yaml",
                "no_promotion": "history records no promotion to production",
            },
            sources=(
                Citation(
                    "SR 11-7, section III: effective challenge (critical analysis by objective, "
                    "informed parties)",
                    SR_11_7,
                ),
                Citation(ai_act("en", "17(1)(m)", "accountability framework"), AI_ACT),
            ),
        ),
    },
    check=check,
    enabled_by_default=False,
)
