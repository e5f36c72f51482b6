"""The schemas and CI outputs as their real third-party consumers read them.

check-jsonschema (ECMA-262 regular expressions, as editors and ajv use), junitparser and
the JUnit XSD, the SARIF 2.1.0 schema, and pre-commit: each runs for real, as a user's
tooling would, on what this project writes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import OWNERS, REPO
from lifecycle_report.cli import main
from lifecycle_report.schema_cmd import SCHEMAS, render_schema, schema_file

BUNDLED = REPO / "registry"
BIN = Path(sys.executable).parent


def check_jsonschema(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BIN / "check-jsonschema", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


# --- JSON Schema ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_the_committed_schema_files_are_what_the_installed_tool_writes(name):
    # `lifecycle-report schema --write` (and the pre-commit hook) keep them in step
    assert schema_file(BUNDLED, name).read_text("utf-8") == render_schema(name)


def test_the_schemas_pass_the_metaschema_with_ecma_262_regular_expressions():
    files = [schema_file(BUNDLED, name) for name in sorted(SCHEMAS)]
    result = check_jsonschema("--check-metaschema", *files)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "documents"),
    [
        ("model", sorted(BUNDLED.glob("models/*/model.yaml"))),
        ("owners", [BUNDLED / "owners.yaml"]),
        ("policy", [BUNDLED / "policy.yaml"]),
    ],
)
def test_the_bundled_registry_validates_against_its_schema_files(name, documents):
    assert documents
    result = check_jsonschema("--schemafile", schema_file(BUNDLED, name), *documents)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_bad_stage_reads_as_the_list_of_stages_not_a_regular_expression(tmp_path):
    manifest = tmp_path / "model.yaml"
    manifest.write_text("id: x\nname: X\ndescription: d\nstage: beta\n", "utf-8")
    result = check_jsonschema("--schemafile", schema_file(BUNDLED, "model"), manifest)
    assert result.returncode == 1
    assert "'beta' is not one of ['exploracion'" in result.stdout
    assert "[eE]" not in result.stdout


@pytest.mark.parametrize("word", ["no", "yes", "off", "On", "y", "N"])
def test_yaml_1_1_booleans_are_errors_for_check_as_for_schema_validators(tmp_path, capsys, word):
    owners = OWNERS.replace("    active: false", f"    active: {word}")
    registry = tmp_path / "registry"
    (registry / "models").mkdir(parents=True)
    (registry / "owners.yaml").write_text(owners, "utf-8")
    line = owners.splitlines().index(f"    active: {word}") + 1

    result = check_jsonschema(
        "--schemafile", schema_file(BUNDLED, "owners"), registry / "owners.yaml"
    )
    assert result.returncode == 1 and "is not of type 'boolean'" in result.stdout

    code = main(["check", "--registry", str(registry), "--as-of", "2026-11-20", "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 1
    assert f"owners.yaml:{line}" in out
    assert f'"people.jorge.ramirez.active: {word}" is text, not a boolean' in out
    assert "write true or false" in out


def test_yaml_1_2_booleans_still_load(tmp_path, capsys):
    registry = tmp_path / "registry"
    (registry / "models").mkdir(parents=True)
    (registry / "owners.yaml").write_text(OWNERS.replace("false", "False"), "utf-8")
    assert main(["check", "--registry", str(registry), "--as-of", "2026-11-20"]) == 0


def test_schema_write_puts_every_schema_in_the_registry_and_rewrites_only_stale_ones(
    tmp_path, capsys
):
    registry = tmp_path / "registry"
    registry.mkdir()
    assert main(["schema", "--write", "--registry", str(registry), "--lang", "en"]) == 0
    written = capsys.readouterr().out.splitlines()
    assert written == [f"{schema_file(registry, n).as_posix()}: written" for n in SCHEMAS]
    schema_file(registry, "owners").write_text("{}", "utf-8")
    assert main(["schema", "--write", "--registry", str(registry), "--lang", "en"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{schema_file(registry, 'model').as_posix()}: unchanged",
        f"{schema_file(registry, 'owners').as_posix()}: written",
        f"{schema_file(registry, 'policy').as_posix()}: unchanged",
    ]
    assert schema_file(registry, "owners").read_text("utf-8") == render_schema("owners")


def test_schema_write_without_a_registry_is_a_usage_error(tmp_path, capsys):
    assert main(["schema", "--write", "--registry", str(tmp_path / "nada")]) == 2
