"""waiver-approver: an exception is approved by someone else than the model's owner."""

from __future__ import annotations

from ..domain import Waiver
from ._people import not_independent
from .base import FAIL, NOT_APPLICABLE, PASS, Citation, ModelContext, Outcome, Rule, RuleText
from .sources import AI_ACT, ai_act


def invalid_approval(waiver: Waiver, ctx: ModelContext) -> str | None:
    """Why the waiver's ``approved_by`` makes it invalid (a message key), or ``None``.

    The evaluator uses it too: an invalid waiver never turns a ``fail`` into ``waived``.
    """
    return not_independent(waiver.approved_by, ctx)


def check(ctx: ModelContext) -> Outcome:
    waivers = ctx.manifest.waivers
    if not waivers:
        return Outcome(NOT_APPLICABLE, "no_waivers")
    invalid = [(i, w, why) for i, w in enumerate(waivers) if (why := invalid_approval(w, ctx))]
    if invalid:
        i, first, why = invalid[0]
        return Outcome(
            FAIL,
            why,
            {"rules": ", ".join(w.rule for _, w, _ in invalid), "approved_by": first.approved_by},
            path=("waivers", i, "approved_by"),
        )
    return Outcome(PASS, "ok", {"count": len(waivers)})


RULE = Rule(
    id="waiver-approver",
    severity="alerta",
    stages=None,
    section="must-ownership-claro",
    location=("waivers",),
    example=(
        "owner: ana.garcia\n"
        "waivers:\n"
        "  - rule: retirement-plan\n"
        "    reason: El plan se define con el reemplazo, previsto para el Q1\n"
        "    approved_by: marta.lopez   # una persona activa que no es el owner\n"
        "    expires: 2027-03-31"
    ),
    text={
        "es": RuleText(
            title="Excepción aprobada por otra persona",
            why=(
                "Una excepción suspende una regla: la decide alguien con responsabilidad, no "
                "el mismo owner que se beneficia de ella. Una excepción aprobada por el owner, "
                "por alguien que ya no está o por un nombre que no figura en `owners.yaml` no "
                "vale: la regla que cubría vuelve a contar (su hallazgo queda como «no cumple»)."
            ),
            fix=(
                "Pide la aprobación a una persona activa de `owners.yaml` que no sea el owner "
                "del modelo (quien responde por el riesgo en tu área) y pon su id en "
                "`approved_by`."
            ),
            messages={
                "ok": "{count} excepción(es) aprobada(s) por otra persona",
                "owner": "la excepción de {rules} no vale: la aprobó {approved_by}, el owner del modelo",
                "inactive": "la excepción de {rules} no vale: {approved_by} ya no está activo",
                "team": "la excepción de {rules} no vale: {approved_by} es un equipo, no una persona",
                "unknown": "la excepción de {rules} no vale: {approved_by} no es una persona de owners.yaml",
                "missing": "la excepción de {rules} no dice quién la aprobó",
                "no_waivers": "el modelo no tiene excepciones",
            },
            sources=(Citation(ai_act("es", "17(1)(m)", "marco de rendición de cuentas"), AI_ACT),),
        ),
        "en": RuleText(
            title="Waiver approved by someone else",
            why=(
                "A waiver suspends a rule: someone accountable decides it, not the owner who "
                "benefits from it. A waiver approved by the owner, by someone who left or by a "
                "name missing from `owners.yaml` is not valid: the rule it covered counts again."
            ),
            fix=(
                "Have an active person of `owners.yaml` other than the model's owner approve "
                "it, and put their id in `approved_by`."
            ),
            messages={
                "ok": "{count} waiver(s) approved by someone else",
                "owner": "the waiver for {rules} is not valid: {approved_by}, the model's owner, approved it",
                "inactive": "the waiver for {rules} is not valid: {approved_by} is no longer active",
                "team": "the waiver for {rules} is not valid: {approved_by} is a team, not a person",
                "unknown": "the waiver for {rules} is not valid: {approved_by} is not a person in owners.yaml",
                "missing": "the waiver for {rules} does not say who approved it",
                "no_waivers": "the model has no waivers",
            },
            sources=(Citation(ai_act("en", "17(1)(m)", "accountability framework"), AI_ACT),),
        ),
    },
    check=check,
    applies_note="models-with-waivers",
)
