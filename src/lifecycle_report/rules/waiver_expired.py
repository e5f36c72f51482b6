"""waiver-expired: an exception to a rule has run out."""

from __future__ import annotations

from .base import FAIL, NOT_APPLICABLE, PASS, ModelContext, Outcome, Rule, RuleText


def check(ctx: ModelContext) -> Outcome:
    waivers = ctx.manifest.waivers
    if not waivers:
        return Outcome(NOT_APPLICABLE, "no_waivers")
    expired = [(i, w) for i, w in enumerate(waivers) if w.expires < ctx.as_of]
    if expired:
        i, first = expired[0]
        return Outcome(
            FAIL,
            "expired",
            {
                "rules": ", ".join(w.rule for _, w in expired),
                "expires": first.expires.isoformat(),
                "approved_by": first.approved_by,
            },
            path=("waivers", i),
        )
    return Outcome(PASS, "ok", {"count": len(waivers)})


RULE = Rule(
    id="waiver-expired",
    severity="alerta",
    stages=None,
    section="cierre",
    dated=True,
    location=("waivers",),
    example=(
        "waivers:\n"
        "  - rule: retirement-plan\n"
        "    reason: El plan se define con el reemplazo, previsto para el Q1\n"
        "    approved_by: marta.lopez\n"
        "    expires: 2027-03-31"
    ),
    text={
        "es": RuleText(
            title="Excepción vencida",
            why=(
                "Una excepción (waiver) es una decisión explícita y con fecha, no un olvido: "
                "cuando vence, la regla que cubría vuelve a contar."
            ),
            fix="Corrige lo que la regla pide, o renueva la excepción con una razón y una fecha nuevas aprobadas por alguien.",
            messages={
                "ok": "{count} excepción(es) vigente(s)",
                "expired": "venció la excepción de {rules} (el {expires}, aprobada por {approved_by})",
                "no_waivers": "el modelo no tiene excepciones",
            },
        ),
        "en": RuleText(
            title="Expired waiver",
            why="A waiver is an explicit, dated decision; when it expires the rule it covered counts again.",
            fix="Do what the rule asks, or renew the waiver with a new reason, approver and date.",
            messages={
                "ok": "{count} waiver(s) in force",
                "expired": "the waiver for {rules} expired ({expires}, approved by {approved_by})",
                "no_waivers": "the model has no waivers",
            },
        ),
    },
    check=check,
    applies_note="models-with-waivers",
)
