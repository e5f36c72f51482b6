"""``lifecycle-report new``: a commented ``model.yaml`` that already loads as valid.

The skeleton sets the required fields and one ``history`` entry; every optional field of
the contract follows as a commented-out example. Lines starting ``## `` explain (Spanish,
like the site), lines starting ``# `` are fields to uncomment: uncommenting all of them
still gives a valid manifest (the tests check it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .i18n import MessageError, catalog
from .load.schema import ID_PATTERN, PERSON_PATTERN
from .stages import STAGES, canonical_stage

#: Where the skeleton's editor hint finds the schema, relative to ``models/<id>/model.yaml``:
#: ``registry/schema/model.schema.json``, written by ``lifecycle-report schema --write``.
SCHEMA_REF = "../../schema/model.schema.json"
MAX_ID_LENGTH = 64


def message(lang: str, key: str, **params: object) -> str:
    return catalog(lang)(f"new.{key}", **params)


class SkeletonError(MessageError):
    """The model cannot be created: a usage error (exit status 2)."""

    prefix = "new"


@dataclass(frozen=True)
class NewModel:
    id: str
    stage: str = "exploracion"
    owner: str | None = None
    today: date | None = None


def validate(model: NewModel) -> NewModel:
    """The request with its stage canonical; :class:`SkeletonError` when it is not valid."""
    if len(model.id) > MAX_ID_LENGTH or not re.fullmatch(ID_PATTERN, model.id):
        raise SkeletonError("bad_id", id=model.id)
    stage = canonical_stage(model.stage)
    if stage is None:
        raise SkeletonError("bad_stage", stage=model.stage, stages=", ".join(STAGES))
    if model.owner is not None and not re.fullmatch(PERSON_PATTERN, model.owner):
        raise SkeletonError("bad_owner", owner=model.owner)
    return NewModel(model.id, stage, model.owner, model.today)


def render(model: NewModel) -> str:
    """The text of ``model.yaml`` for a validated request."""
    today = (model.today or date.today()).isoformat()
    name = model.id.replace("-", " ").capitalize()
    owner = f"owner: {model.owner}" if model.owner else "# owner: nombre.apellido"
    # Who approved the decision: never pre-filled with the owner, whose own approval
    # fails promotion-reviewed.
    by = "\n    # by: nombre.apellido      # quién aprobó: una persona de owners.yaml, no el owner"
    return _TEMPLATE.format(
        schema=SCHEMA_REF,
        id=model.id,
        name=name,
        stage=model.stage,
        owner=owner,
        today=today,
        by=by,
    )


def create(registry: Path, model: NewModel) -> Path:
    """Write ``registry/models/<id>/model.yaml``; never overwrites an existing folder."""
    model = validate(model)
    if not registry.is_dir():
        raise SkeletonError("no_registry", path=str(registry))
    folder = registry / "models" / model.id
    if folder.exists() or folder.is_symlink():
        raise SkeletonError("exists", path=folder.as_posix())
    folder.mkdir(parents=True)
    path = folder / "model.yaml"
    path.write_text(render(model), encoding="utf-8")
    return path


_TEMPLATE = """\
# yaml-language-server: $schema={schema}
## Manifiesto del modelo {id}. Las líneas «## » explican; las líneas «# » son campos
## opcionales: quítales el «# » cuando tengas el dato. La línea de arriba permite al editor
## (extensión YAML de VS Code) validar el archivo con el esquema del registro.

## Identificador: igual al nombre de la carpeta; es la URL de su página (models/{id}/).
## No lo cambies sin dejar el anterior en previous_ids.
id: {id}
## Nombre para mostrar.
name: "{name}"
## Una o dos frases en texto plano: qué predice el modelo y quién usa sus predicciones.
description: "Pendiente: qué predice el modelo y quién usa sus predicciones."
## Etapa: exploracion, validacion, pre-produccion, produccion, monitoreo o retirada.
stage: {stage}
## Una persona activa de owners.yaml (no un equipo). Obligatorio en producción y monitoreo.
{owner}
## Equipo de owners.yaml, versión actual y etiquetas.
# team: riesgo
# version: "0.1.0"
# tags: [credito, clasificacion]

## Artefacto desplegado. kind: mlflow, package, container, notebook u other
## (un notebook en producción genera una alerta).
# artifact:
#   kind: mlflow
#   uri: models:/{id}/1

## Seguimiento de experimentos: basta con un valor.
# tracking:
#   mlflow:
#     experiment: {id}
#   url: https://mlflow.example.com/#/experiments/1

## Enlaces: runbook, dashboard, repositorio (se admiten otros).
# links:
#   runbook: https://wiki.example.com/runbooks/{id}
#   dashboard: https://grafana.example.com/d/{id}
#   repository: https://git.example.com/{id}

## Decisiones explícitas y fechadas, de la más antigua a la más reciente. Cada cambio de
## etapa o de versión añade una entrada (la regla silent-change lo comprueba).
history:
  - date: {today}
    stage: {stage}
    decision: Alta del modelo en el registro.{by}

## Comparación con un baseline (desde validación).
# validation:
#   baseline: {{name: modelo vigente, metric: auc, value: 0.70}}
#   result: {{metric: auc, value: 0.75}}
#   by: nombre.apellido        # quién validó: una persona de owners.yaml, no el owner
#   date: {today}              # próxima revisión: next_review, o date + review_interval_days
#   report: https://wiki.example.com/validaciones/{id}

## Evidencia de preparación para producción (desde pre-producción).
# readiness:
#   contract: https://git.example.com/{id}/contrato.yaml
#   tests: https://ci.example.com/{id}
#   review: {{by: nombre.apellido, date: {today}}}

## Monitoreo (producción): el resumen monitoring.csv va junto a este archivo, con las
## columnas date,performance,input_drift,volume,error_rate,output_min,output_max.
# monitoring:
#   performance:
#     metric: auc
#     min: 0.70
#     # not_possible: "las etiquetas llegan a los 90 días"
#   drift_max: 0.25
#   error_rate_max: 0.02
#   output_range: [0, 1]
#   max_age_days: 14

## Cómo volver atrás y cómo retirar el modelo (producción).
# rollback:
#   strategy: volver a la versión anterior en el registro de modelos
#   previous_version: "0.0.9"
# retirement:
#   plan: volver a las reglas de negocio si deja de cumplir

## Ids anteriores cuyas URLs deben seguir funcionando.
# previous_ids: []

## Excepciones aprobadas: regla, motivo, quién la aprueba y hasta cuándo.
# waivers:
#   - rule: rollback-plan
#     reason: el artefacto anterior no se puede reconstruir
#     approved_by: nombre.apellido
#     expires: {today}
"""
