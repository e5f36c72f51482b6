"""validation-independent: someone other than the owner validated the model."""

from __future__ import annotations

from ..stages import PROD
from ._people import not_independent
from .base import FAIL, NOT_APPLICABLE, PASS, Citation, ModelContext, Outcome, Rule, RuleText
from .sources import AI_ACT, EBA_MODELS, SR_11_7, ai_act


def check(ctx: ModelContext) -> Outcome:
    validation = ctx.manifest.validation
    if validation is None:
        return Outcome(NOT_APPLICABLE, "no_validation")
    by = validation.by
    # A validator who has since left still validated independently: only ``active`` is not asked.
    why = not_independent(by, ctx, must_be_active=False)
    if why is not None:
        path = ("validation", "by") if why != "missing" else ("validation",)
        return Outcome(FAIL, why, {"by": str(by or "")}, path=path)
    person = ctx.owners.people[str(by).strip()]
    return Outcome(
        PASS, "ok", {"by": str(by).strip(), "name": person.name}, path=("validation", "by")
    )


RULE = Rule(
    id="validation-independent",
    severity="deseable",
    stages=frozenset({"validacion", "pre-produccion"}) | PROD,
    section="validacion",
    location=("validation",),
    example=(
        "owner: ana.garcia\n"
        "validation:\n"
        "  baseline: {name: regresión logística, metric: auc, value: 0.71}\n"
        "  result: {metric: auc, value: 0.78}\n"
        "  by: marta.lopez          # validación independiente: no es el owner\n"
        "  date: 2026-06-30\n"
        "  report: https://wiki.example.com/validaciones/scoring-3.2"
    ),
    text={
        "es": RuleText(
            title="Validación independiente",
            why=(
                "Validar es «confirmar que vale la pena seguir» con decisiones explícitas; lo "
                "confirma alguien que no construyó el modelo ni depende de que resulte válido. "
                "La regla pide en `validation.by` una persona de `owners.yaml` distinta del "
                "owner. Un modelo sin bloque `validation` no la evalúa (eso lo mira "
                "`baseline-comparison`)."
            ),
            fix=(
                "Pon en `validation.by` el id de quien validó el modelo (una persona de "
                "`owners.yaml` que no sea el owner) y, si lo tienes, el informe en "
                "`validation.report` y la fecha en `validation.date`."
            ),
            messages={
                "ok": "validado por {by} ({name})",
                "missing": "validation no dice quién validó el modelo (validation.by)",
                "owner": "validation.by es {by}, el owner del modelo: la validación no es independiente",
                "team": "validation.by es {by}, un equipo y no una persona",
                "unknown": "validation.by es {by}, que no es una persona de owners.yaml",
                "no_validation": "el manifiesto no tiene bloque validation",
            },
            sources=(
                Citation(
                    "SR 11-7, sección V: la validación la hacen personas que no desarrollan ni "
                    "usan el modelo",
                    SR_11_7,
                ),
                EBA_MODELS["es"],
                Citation(
                    ai_act("es", "17(1)(d)", "procedimientos de examen, prueba y validación"),
                    AI_ACT,
                ),
            ),
        ),
        "en": RuleText(
            title="Independent validation",
            why=(
                "Validation is confirmed by someone who did not build the model and has no "
                "stake in it being found valid. The rule asks for a person of `owners.yaml` "
                "other than the owner in `validation.by`."
            ),
            fix=(
                "Put the validator's person id in `validation.by` (not the owner), and the "
                "report and date in `validation.report` and `validation.date`."
            ),
            messages={
                "ok": "validated by {by} ({name})",
                "missing": "validation does not say who validated the model (validation.by)",
                "owner": "validation.by is {by}, the model's owner: the validation is not independent",
                "team": "validation.by is {by}, a team and not a person",
                "unknown": "validation.by is {by}, not a person in owners.yaml",
                "no_validation": "the manifest has no validation block",
            },
            sources=(
                Citation(
                    "SR 11-7, section V: validation by people not responsible for development "
                    "or use",
                    SR_11_7,
                ),
                EBA_MODELS["en"],
                Citation(
                    ai_act("en", "17(1)(d)", "examination, test and validation procedures"),
                    AI_ACT,
                ),
            ),
        ),
    },
    check=check,
    enabled_by_default=False,
)
