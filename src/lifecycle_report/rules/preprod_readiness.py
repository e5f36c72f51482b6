"""preprod-readiness: pre-production evidence (contract, tests, review)."""

from __future__ import annotations

from ..stages import PROD
from .base import FAIL, PASS, ModelContext, Outcome, Rule, RuleText, present

PARTS = ("contract", "tests", "review")


def check(ctx: ModelContext) -> Outcome:
    readiness = ctx.manifest.readiness
    missing = [p for p in PARTS if not (readiness and present(getattr(readiness, p)))]
    if missing:
        return Outcome(FAIL, "missing", {"parts": ", ".join(f"readiness.{p}" for p in missing)})
    return Outcome(PASS, "ok")


RULE = Rule(
    id="preprod-readiness",
    severity="deseable",
    stages=frozenset({"pre-produccion"}) | PROD,
    section="pre-produccion",
    location=("readiness",),
    example=(
        "readiness:\n"
        "  contract: https://git.example.com/ml/scoring/blob/main/contract.yaml\n"
        "  tests: https://ci.example.com/ml/scoring/builds/512\n"
        "  review: {by: marta.lopez, date: 2026-09-02}"
    ),
    text={
        "es": RuleText(
            title="Preparación para producción",
            why=(
                "Pre-producción pide código más estable, contratos claros, tests mínimos y una "
                "revisión más estricta: evita llevar experimentos frágiles a producción."
            ),
            fix="Enlaza en `readiness` el contrato de entrada/salida, los tests y la revisión (quién y cuándo).",
            messages={"ok": "contrato, tests y revisión registrados", "missing": "falta {parts}"},
        ),
        "en": RuleText(
            title="Pre-production readiness",
            why="Pre-production asks for clear contracts, minimum tests and a stricter review.",
            fix="Link the contract, the tests and the review (by whom, when) under `readiness`.",
            messages={"ok": "contract, tests and review recorded", "missing": "missing {parts}"},
        ),
    },
    check=check,
)
