"""What the CI formats (GitHub annotations, JUnit, SARIF) share.

Loader errors have no rule of their own; every CI format reports them under the one
pseudo-rule :data:`LOAD_ERROR`, so a dashboard can filter them like any rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..problems import Problem
from ..report import ModelResult, Report

#: Pseudo-rule of loader errors (invalid manifests, unreadable CSV, owners or policy).
LOAD_ERROR = "invalid-manifest"

LOAD_ERROR_TEXT: dict[str, dict[str, str]] = {
    "es": {
        "title": "Archivo del registro inválido",
        "why": (
            "Un manifiesto que no se puede cargar deja al modelo sin evaluar: ninguna regla "
            "puede decir si cumple. Lo mismo vale para owners.yaml, policy.yaml o un resumen "
            "de monitoreo que no se puede leer."
        ),
        "fix": (
            "Corrige el archivo en la línea indicada: una clave desconocida, un campo "
            "obligatorio que falta, una etapa o una fecha que no se reconocen."
        ),
    },
    "en": {
        "title": "Invalid registry file",
        "why": (
            "A manifest that cannot be loaded leaves the model unjudged: no rule can say "
            "whether it complies. The same goes for owners.yaml, policy.yaml or an unreadable "
            "monitoring summary."
        ),
        "fix": (
            "Fix the file at the line given: an unknown key, a missing required field, an "
            "unknown stage or date."
        ),
    },
}


def line_or_first(line: int | None) -> int:
    """CI tools need a line: the field's line, or 1 when the field is absent."""
    return line if line is not None and line >= 1 else 1


def load_errors(report: Report) -> Iterator[tuple[ModelResult | None, Problem]]:
    """Every loader error once, with the model it belongs to (``None``: registry-level).

    ``report.errors`` is the source of truth and gives the order; errors of an invalid
    model missing from it are added after, so no invalid model goes unreported.
    """
    owner_of = {id(problem): model for model in report.models for problem in model.errors}
    seen: set[int] = set()
    for problem in report.errors:
        seen.add(id(problem))
        yield owner_of.get(id(problem)), problem
    for model in report.models:
        if model.status == "invalid":
            for problem in model.errors:
                if id(problem) not in seen:
                    seen.add(id(problem))
                    yield model, problem
