"""owner-explicit: every production model has one explicit owner, a person."""

from __future__ import annotations

from ..stages import PROD
from .base import FAIL, PASS, ModelContext, Outcome, Rule, RuleText

#: Values people write when nobody in particular owns the model.
PLACEHOLDERS = frozenset(
    {"todos", "todas", "equipo", "nadie", "all", "everyone", "team", "tbd", "n/a", "none", "-", "?"}
)


def check(ctx: ModelContext) -> Outcome:
    owner = ctx.manifest.owner
    if owner is None or (isinstance(owner, str) and not owner.strip()):
        return Outcome(FAIL, "missing")
    if not isinstance(owner, str):
        return Outcome(FAIL, "not_single", {"value": str(owner)})
    owner = owner.strip()
    if owner in ctx.owners.teams:
        return Outcome(FAIL, "team", {"owner": owner})
    if owner.casefold() in PLACEHOLDERS:
        return Outcome(FAIL, "placeholder", {"owner": owner})
    person = ctx.owners.people.get(owner)
    if person is None:
        return Outcome(FAIL, "unknown", {"owner": owner})
    if not person.active:
        return Outcome(FAIL, "inactive", {"owner": owner, "name": person.name})
    return Outcome(PASS, "ok", {"owner": owner, "name": person.name})


RULE = Rule(
    id="owner-explicit",
    severity="must",
    stages=PROD,
    section="must-ownership-claro",
    location=("owner",),
    example="owner: ana.garcia   # una persona de owners.yaml, activa\nteam: riesgo        # el equipo va aparte",
    text={
        "es": RuleText(
            title="Owner explícito",
            why=(
                "Todo modelo en producción debe tener un owner explícito: alguien que entiende "
                "el modelo, responde a incidentes y decide cuándo iterar o retirarlo. "
                "«Todos lo cuidamos» suele significar «nadie lo cuida»: un equipo, un "
                "placeholder o una persona que ya no está no responden a las tres de la mañana."
            ),
            fix=(
                "Pon en `owner` el id de **una persona activa** de `owners.yaml`. Si el modelo "
                "pertenece a un equipo, indícalo en `team`; si el owner dejó el rol, asigna uno "
                "nuevo en el mismo pull request que lo marca `active: false`."
            ),
            messages={
                "ok": "owner: {owner} ({name})",
                "missing": "el modelo no tiene owner",
                "not_single": "owner debe ser una sola persona, no {value}",
                "team": "el owner «{owner}» es un equipo, no una persona",
                "placeholder": "«{owner}» no es un owner: «todos lo cuidamos» significa «nadie lo cuida»",
                "unknown": "«{owner}» no es una persona de owners.yaml",
                "inactive": "el owner {owner} ({name}) ya no está activo: el modelo quedó huérfano",
            },
        ),
        "en": RuleText(
            title="Explicit owner",
            why=(
                "Every production model must have one explicit owner who understands it, answers "
                'incidents and decides when to iterate or retire it. "We all look after it" '
                "usually means nobody does."
            ),
            fix=(
                "Set `owner` to the id of **one active person** in `owners.yaml`; put the team "
                "in `team`."
            ),
            messages={
                "ok": "owner: {owner} ({name})",
                "missing": "the model has no owner",
                "not_single": "owner must be one person, not {value}",
                "team": 'owner "{owner}" is a team, not a person',
                "placeholder": '"{owner}" is not an owner: everybody means nobody',
                "unknown": '"{owner}" is not a person in owners.yaml',
                "inactive": "owner {owner} ({name}) is no longer active: the model is orphaned",
            },
        ),
    },
    check=check,
)
