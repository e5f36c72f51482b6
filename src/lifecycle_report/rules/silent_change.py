"""silent-change: the current stage and version were announced in the history."""

from __future__ import annotations

from ..stages import STAGES
from .base import FAIL, PASS, ModelContext, Outcome, Rule, RuleText


def check(ctx: ModelContext) -> Outcome:
    manifest = ctx.manifest
    if not manifest.history:
        return Outcome(FAIL, "no_history")
    last = manifest.history[-1]
    where = ("history", len(manifest.history) - 1)
    if last.stage != manifest.stage:
        return Outcome(
            FAIL,
            "stage",
            {"recorded": last.stage, "stage": manifest.stage, "date": last.date},
            where,
        )
    if (
        manifest.version is not None
        and last.version is not None
        and last.version != manifest.version
    ):
        return Outcome(
            FAIL,
            "version",
            {"recorded": last.version, "version": manifest.version, "date": last.date},
            where,
        )
    return Outcome(PASS, "ok", {"date": last.date.isoformat(), "stage": last.stage}, where)


RULE = Rule(
    id="silent-change",
    severity="alerta",
    stages=frozenset(STAGES) - {"exploracion"},
    section="antipatrones-senales-de-alerta",
    location=("history",),
    example=(
        "stage: produccion\n"
        'version: "1.1.0"\n'
        "history:\n"
        '  - {date: 2026-03-02, stage: validacion, version: "1.0.0", decision: Supera al baseline, by: ana.garcia}\n'
        '  - {date: 2026-05-18, stage: produccion, version: "1.1.0", decision: Aprobado en comité, by: marta.lopez}'
    ),
    text={
        "es": RuleText(
            title="Cambios silenciosos",
            why=(
                "Los cambios silenciosos son un antipatrón: cada paso de etapa y cada versión "
                "nueva es una decisión explícita, con fecha y responsable."
            ),
            fix=(
                "Añade al final de `history` una entrada con la fecha, la etapa y la versión "
                "actuales, la decisión y quién la tomó."
            ),
            messages={
                "ok": "la última decisión ({date}) registra la etapa {stage}",
                "no_history": "no hay history: ningún cambio de etapa quedó registrado",
                "stage": "la etapa es {stage} pero la última decisión ({date}) registra {recorded}",
                "version": "la versión es {version} pero la última decisión ({date}) registra {recorded}",
            },
        ),
        "en": RuleText(
            title="Silent changes",
            why="Silent changes are an anti-pattern: every stage move and version is an explicit decision.",
            fix="Append a `history` entry with today's date, the current stage and version, the decision and who took it.",
            messages={
                "ok": "the last decision ({date}) records stage {stage}",
                "no_history": "no history: no stage change was recorded",
                "stage": "the stage is {stage} but the last decision ({date}) records {recorded}",
                "version": "the version is {version} but the last decision ({date}) records {recorded}",
            },
        ),
    },
    check=check,
    applies_note="every-but-exploration",
)
