"""review-current: the model's periodic review (revalidation) is not overdue."""

from __future__ import annotations

from datetime import date, timedelta

from ..stages import PROD
from .base import FAIL, PASS, Citation, ModelContext, Outcome, Rule, RuleText
from .sources import AI_ACT, EBA_MODELS, SR_11_7, ai_act


def next_review(ctx: ModelContext) -> tuple[date | None, tuple[str, ...]]:
    """``validation.next_review``, else ``validation.date`` + ``review_interval_days``.

    A date that does not parse was an error when loading and is absent here."""
    validation = ctx.manifest.validation
    if validation is not None and validation.next_review is not None:
        return validation.next_review, ("validation", "next_review")
    if validation is not None and validation.date is not None:
        interval = timedelta(days=ctx.thresholds.review_interval_days)
        return validation.date + interval, ("validation", "date")
    return None, ("validation",)


def check(ctx: ModelContext) -> Outcome:
    due, path = next_review(ctx)
    if due is None:
        return Outcome(FAIL, "none", path=path)
    params = {"date": due.isoformat(), "days": (ctx.as_of - due).days}
    if due < ctx.as_of:
        return Outcome(FAIL, "overdue", params, path=path)
    return Outcome(PASS, "ok", params, path=path)


RULE = Rule(
    id="review-current",
    severity="deseable",
    stages=PROD,
    section="monitoreo",
    location=("validation",),
    example=(
        "validation:\n"
        "  by: marta.lopez\n"
        "  date: 2026-06-30          # última validación\n"
        "  next_review: 2027-06-30   # si falta: date + review_interval_days (365)"
    ),
    text={
        "es": RuleText(
            title="Revisión periódica al día",
            why=(
                "Un modelo en producción se sigue en el tiempo: los datos y el negocio cambian, "
                "y la validación de hace años ya no dice si hoy funciona como se espera. La "
                "próxima revisión es `validation.next_review` o, si falta, `validation.date` "
                "más `review_interval_days` días (umbral de policy.yaml, 365 por defecto); la "
                "regla falla cuando esa fecha ya pasó o no hay ninguna."
            ),
            fix=(
                "Revalida el modelo y actualiza `validation.date` (y `validation.by`), o fija "
                "`validation.next_review` con la fecha acordada para la próxima revisión."
            ),
            messages={
                "ok": "próxima revisión el {date}",
                "overdue": "la revisión periódica venció el {date} (hace {days} días)",
                "none": "no hay fecha de revisión: ni validation.next_review ni validation.date",
            },
            sources=(
                Citation(
                    "SR 11-7, sección V: revisión periódica de cada modelo, al menos anual",
                    SR_11_7,
                ),
                EBA_MODELS["es"],
                Citation(
                    ai_act(
                        "es",
                        "9(2)",
                        "gestión de riesgos con revisión y actualización sistemáticas y periódicas",
                    ),
                    AI_ACT,
                ),
            ),
        ),
        "en": RuleText(
            title="Periodic review up to date",
            why=(
                "A production model is followed over time: the validation of years ago no "
                "longer says whether it works today. The next review is "
                "`validation.next_review`, else `validation.date` plus `review_interval_days` "
                "(policy threshold, 365 by default); the rule fails when it has passed or "
                "there is none."
            ),
            fix=(
                "Revalidate the model and update `validation.date`, or set "
                "`validation.next_review` to the agreed date."
            ),
            messages={
                "ok": "next review on {date}",
                "overdue": "the periodic review was due on {date} ({days} days ago)",
                "none": "no review date: neither validation.next_review nor validation.date",
            },
            sources=(
                Citation(
                    "SR 11-7, section V: periodic review of each model, at least annually",
                    SR_11_7,
                ),
                EBA_MODELS["en"],
                Citation(
                    ai_act(
                        "en", "9(2)", "risk management with regular systematic review and updating"
                    ),
                    AI_ACT,
                ),
            ),
        ),
    },
    check=check,
    enabled_by_default=False,
    dated=True,
)
