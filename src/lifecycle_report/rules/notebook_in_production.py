"""notebook-in-production: what serves users is not a notebook."""

from __future__ import annotations

from ..domain import Artifact
from ..stages import PROD
from .base import FAIL, NOT_APPLICABLE, PASS, ModelContext, Outcome, Rule, RuleText, present


def check(ctx: ModelContext) -> Outcome:
    artifact = ctx.manifest.artifact or Artifact()
    kind, uri = artifact.kind, artifact.uri
    if not present(kind) and not present(uri):
        return Outcome(NOT_APPLICABLE, "no_artifact")
    if kind == "notebook":
        return Outcome(FAIL, "kind", path=("artifact", "kind"))
    if isinstance(uri, str) and uri.strip().lower().endswith(".ipynb"):
        return Outcome(FAIL, "uri", {"uri": uri.strip()}, path=("artifact", "uri"))
    return Outcome(PASS, "ok", {"kind": kind or "?"})


RULE = Rule(
    id="notebook-in-production",
    severity="alerta",
    stages=PROD,
    section="antipatrones-senales-de-alerta",
    location=("artifact",),
    example="artifact:\n  kind: container\n  uri: registry.example.com/ml/churn:2.4.1",
    text={
        "es": RuleText(
            title="Notebook en producción",
            why=(
                "«Este notebook ya está en prod» es el primer antipatrón del capítulo: los "
                "notebooks son para explorar, no para servir a usuarios reales."
            ),
            fix="Empaqueta el modelo (paquete, contenedor o modelo registrado) y apunta `artifact` a ese artefacto.",
            messages={
                "ok": "el artefacto es {kind}",
                "no_artifact": "el manifiesto no declara artifact",
                "kind": "el artefacto en producción es un notebook",
                "uri": "el artefacto en producción es un notebook ({uri})",
            },
        ),
        "en": RuleText(
            title="Notebook in production",
            why='"This notebook is already in prod" is the chapter\'s first anti-pattern.',
            fix="Package the model (package, container, registered model) and point `artifact` at it.",
            messages={
                "ok": "the artifact is a {kind}",
                "no_artifact": "the manifest declares no artifact",
                "kind": "the production artifact is a notebook",
                "uri": "the production artifact is a notebook ({uri})",
            },
        ),
    },
    check=check,
)
