"""``lifecycle-report schema``: the schema editors get is the one the loader enforces."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from conftest import GOOD_MODEL, REPO, edit, weekly_csv
from lifecycle_report.cli import main
from lifecycle_report.load.schema import MODEL_SCHEMA, OWNERS_SCHEMA, POLICY_SCHEMA

BUNDLED = REPO / "registry"


class Yaml12Loader(yaml.SafeLoader):
    """Reads YAML as editors do (YAML 1.2 core): dates stay strings."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text("utf-8"), Loader=Yaml12Loader)  # noqa: S506 - a safe loader


def printed(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["schema", *args]) == 0
    return capsys.readouterr().out


def validator(capsys: pytest.CaptureFixture[str], file: str = "model") -> Draft202012Validator:
    schema = json.loads(printed(capsys, "--file", file))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def messages(v: Draft202012Validator, data: Any) -> list[str]:
    return sorted(error.message for error in v.iter_errors(data))


SCHEMAS = [("model", MODEL_SCHEMA), ("owners", OWNERS_SCHEMA), ("policy", POLICY_SCHEMA)]


@pytest.mark.parametrize(("file", "schema"), SCHEMAS)
def test_schema_prints_the_loaders_schema_as_sorted_json(capsys, file, schema):
    out = printed(capsys, "--file", file)
    assert json.loads(out) == schema
    assert out == json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_defaults_to_the_model_manifest(capsys):
    assert json.loads(printed(capsys)) == MODEL_SCHEMA


def test_schema_rejects_an_unknown_file_kind(capsys):
    assert main(["schema", "--file", "teams"]) == 2


MANIFESTS = sorted(BUNDLED.glob("models/*/model.yaml"))


def test_the_bundled_registry_has_manifests():
    assert len(MANIFESTS) >= 10


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.parent.name)
def test_every_bundled_manifest_validates_against_the_printed_schema(capsys, path):
    assert messages(validator(capsys), read_yaml(path)) == []


@pytest.mark.parametrize("file", ["owners", "policy"])
def test_bundled_owners_and_policy_validate_against_the_printed_schema(capsys, file):
    assert messages(validator(capsys, file), read_yaml(BUNDLED / f"{file}.yaml")) == []


BAD_FRAGMENTS = {
    "unknown key": ("team: riesgo", "ownr: riesgo", "ownr"),
    "artifact kind": ("kind: mlflow", "kind: jupyter", "jupyter"),
    "stage": ("stage: produccion", "stage: beta", "beta"),
}


@pytest.mark.parametrize("case", sorted(BAD_FRAGMENTS))
def test_bad_manifests_are_rejected_by_both_the_schema_and_the_loader(registry, capsys, case):
    old, new, culprit = BAD_FRAGMENTS[case]
    path = registry.model(
        "scoring", edit(GOOD_MODEL.format(id="scoring"), old, new), csv=weekly_csv()
    )
    schema_errors = messages(validator(capsys), read_yaml(path))
    assert any(culprit in message for message in schema_errors), schema_errors

    report = registry.evaluate()
    bad_line = next(i for i, line in enumerate(path.read_text().splitlines(), 1) if new in line)
    assert [(e.line, culprit in e.message) for e in report.errors] == [(bad_line, True)]


def test_an_unknown_key_or_stage_makes_the_manifest_invalid(registry):
    registry.model("typo", edit(GOOD_MODEL.format(id="typo"), "team: riesgo", "ownr: riesgo"))
    registry.model("beta", edit(GOOD_MODEL.format(id="beta"), "stage: produccion", "stage: beta"))
    report = registry.evaluate()
    assert report.model("typo").status == "invalid"
    assert report.model("beta").status == "invalid"


def test_accented_and_english_stages_pass_the_schema_like_the_loader(registry, capsys):
    v = validator(capsys)
    for stage in ("Producción", " production ", "PRE-PRODUCCIÓN", "retired"):
        path = registry.model(
            "scoring",
            edit(GOOD_MODEL.format(id="scoring"), "stage: produccion", f'stage: "{stage}"'),
        )
        assert messages(v, read_yaml(path)) == [], stage
        assert registry.evaluate().model("scoring").status != "invalid", stage
