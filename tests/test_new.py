"""``lifecycle-report new``: a commented skeleton that the real loader accepts."""

from __future__ import annotations

import json
from datetime import date

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import AS_OF
from lifecycle_report.cli import main
from lifecycle_report.evaluate import evaluate
from lifecycle_report.load import load_registry
from lifecycle_report.load.schema import MODEL_SCHEMA
from lifecycle_report.skeleton import SCHEMA_REF, NewModel, render


def new(registry, *args: str) -> int:
    return main(["new", *args, "--registry", str(registry.root)])


def loaded(registry):
    return evaluate(load_registry(registry.root), AS_OF)


def test_new_writes_a_manifest_that_loads_as_valid(registry, capsys):
    assert new(registry, "scoring-pymes") == 0
    path = registry.root / "models" / "scoring-pymes" / "model.yaml"
    assert f"creado {path.as_posix()}" in capsys.readouterr().out
    report = loaded(registry)
    model = report.model("scoring-pymes")
    assert model is not None and model.status == "pass"
    assert (model.stage, report.errors) == ("exploracion", [])


def test_new_starts_with_the_editor_schema_line(registry):
    new(registry, "scoring-pymes")
    text = (registry.root / "models" / "scoring-pymes" / "model.yaml").read_text("utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={SCHEMA_REF}"
    # the reference resolves, from the manifest, to the file `schema --write` writes
    manifest = registry.root / "models" / "scoring-pymes" / "model.yaml"
    assert main(["schema", "--write", "--registry", str(registry.root)]) == 0
    target = (manifest.parent / SCHEMA_REF).resolve()
    assert target == (registry.root / "schema" / "model.schema.json").resolve()
    assert json.loads(target.read_text("utf-8")) == MODEL_SCHEMA


def test_new_hints_how_to_write_the_schema_until_it_exists(registry, capsys):
    new(registry, "uno")
    assert "lifecycle-report schema --write" in capsys.readouterr().err
    assert main(["schema", "--write", "--registry", str(registry.root)]) == 0
    capsys.readouterr()
    new(registry, "dos")
    assert capsys.readouterr().err == ""


def test_new_with_stage_and_owner_records_them(registry):
    assert new(registry, "fraude", "--stage", "Producción", "--owner", "ana.garcia") == 0
    report = loaded(registry)
    model = report.model("fraude")
    assert (model.stage, model.owner, report.errors) == ("produccion", "ana.garcia", [])
    statuses = {f.rule: f.status for f in model.findings}
    assert statuses["owner-explicit"] == "pass"
    assert statuses["silent-change"] == "pass"  # the skeleton's history records the stage
    assert statuses["monitoring-minimum"] == "fail"  # a real gap, reported, not hidden
    # Nobody approved the decision yet: the skeleton does not record the owner as approver.
    assert model.entry.manifest.history[-1].by is None


def test_the_skeleton_validates_against_the_printed_schema(registry, capsys):
    new(registry, "fraude", "--stage", "validacion", "--owner", "ana.garcia")
    capsys.readouterr()
    main(["schema"])
    schema = json.loads(capsys.readouterr().out)
    text = (registry.root / "models" / "fraude" / "model.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506 - every scalar a string
    assert list(Draft202012Validator(schema).iter_errors(data)) == []
    assert schema == MODEL_SCHEMA


def uncomment(text: str) -> str:
    """Every optional field switched on: ``# `` lines uncommented, ``## `` notes dropped."""
    out = []
    for line in text.splitlines()[1:]:
        if line.startswith("## "):
            continue
        out.append(line[2:] if line.startswith("# ") else line)
    return "\n".join(out) + "\n"


def test_uncommenting_every_optional_field_still_gives_a_valid_manifest(registry):
    text = render(NewModel("scoring-pymes", "produccion", "ana.garcia", date(2026, 11, 1)))
    full = uncomment(text)
    assert "rollback:" in full and "waivers:" in full and "monitoring:" in full
    registry.write("models/scoring-pymes/model.yaml", full)
    report = loaded(registry)
    assert report.errors == []
    statuses = {f.rule: f.status for f in report.model("scoring-pymes").findings}
    assert statuses["rollback-plan"] == "pass"
    assert statuses["tracking"] == "pass"
    assert statuses["retirement-plan"] == "pass"


def test_the_skeleton_comments_are_spanish(registry):
    text = render(NewModel("scoring-pymes", today=date(2026, 11, 1)))
    notes = [line for line in text.splitlines() if line.startswith("## ")]
    assert len(notes) >= 10
    assert "Identificador: igual al nombre de la carpeta" in text
    assert "date: 2026-11-01" in text


@pytest.mark.parametrize(
    "model_id", ["Scoring", "scoring_pymes", "scoring-", "scoring--pymes", "a" * 65, "../fuera"]
)
def test_new_refuses_an_invalid_id(registry, capsys, model_id):
    assert new(registry, model_id) == 2
    assert "id de modelo inválido" in capsys.readouterr().err
    assert list((registry.root / "models").iterdir()) == []


def test_new_refuses_an_existing_folder_and_leaves_it_alone(registry, capsys):
    path = registry.model("scoring")
    before = path.read_text("utf-8")
    assert new(registry, "scoring") == 2
    assert "ya existe" in capsys.readouterr().err
    assert path.read_text("utf-8") == before


def test_new_refuses_an_unknown_stage_or_a_bad_owner(registry, capsys):
    assert new(registry, "scoring", "--stage", "beta") == 2
    assert "etapa desconocida «beta»" in capsys.readouterr().err
    assert new(registry, "scoring", "--owner", "Ana García") == 2
    assert "owner inválido" in capsys.readouterr().err
    assert not (registry.root / "models" / "scoring").exists()


def test_new_refuses_a_missing_registry(tmp_path, capsys):
    assert main(["new", "scoring", "--registry", str(tmp_path / "nope")]) == 2
    assert "no existe la carpeta del registro" in capsys.readouterr().err


def test_new_speaks_english_on_request(registry, capsys):
    assert new(registry, "Bad", "--lang", "en") == 2
    assert "invalid model id" in capsys.readouterr().err
