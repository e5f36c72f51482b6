"""Contract v2: governance rules, rules that start later and the team's own rules.

Each test writes a small registry into ``tmp_path`` and evaluates it for real, like
``test_rules.py``; ``GOOD_MODEL`` (owner ``ana.garcia``) passes every built-in rule.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
import yaml

from conftest import AS_OF, GOOD_MODEL, edit, finding, weekly_csv
from lifecycle_report.cli import main
from lifecycle_report.rules import RULE_IDS, RULES
from lifecycle_report.rules.base import Rule, RuleDefinitionError, RuleText

GOOD = GOOD_MODEL.format(id="m")
GOVERNANCE = ["waiver-approver", "promotion-reviewed", "validation-independent", "review-current"]
ENABLE_ALL = (
    "rules:\n"
    "  promotion-reviewed: {enabled: true}\n"
    "  validation-independent: {enabled: true}\n"
    "  review-current: {enabled: true}\n"
)
#: GOOD's promotion, recorded by its own owner.
PROMOTION = (
    '{date: 2026-02-01, stage: produccion, version: "2.1.0", decision: aprobado, by: ana.garcia}'
)
VALIDATION = "  result: {metric: auc, value: 0.78}\n"
USO = """\
custom_rules:
  - id: uso-previsto
    title: Uso previsto documentado
    severity: deseable
    stages: [produccion, monitoreo]
    require: [custom.uso_previsto, links.runbook]
    why: Por qué.
    fix: Cómo.
"""


def judged(registry, rule: str, manifest: str = GOOD, policy: str = ENABLE_ALL, as_of=AS_OF):
    registry.write("policy.yaml", policy)
    registry.model("m", manifest, weekly_csv())
    report = registry.evaluate(as_of)
    return report, finding(report, "m", rule)


def waiver(rule: str, approved_by: str, expires: str = "2026-12-31") -> str:
    return (
        f"waivers:\n  - {{rule: {rule}, reason: se corrige en diciembre, "
        f"approved_by: {approved_by}, expires: {expires}}}\n"
    )


def with_validation(manifest: str, lines: str) -> str:
    return edit(manifest, VALIDATION, VALIDATION + lines)


# --- order and switches ------------------------------------------------------------------


def test_findings_list_new_rules_after_waiver_expired_then_custom_rules_in_policy_order(registry):
    second = USO.replace("uso-previsto", "zz-primero").replace("custom_rules:\n", "")
    report, _ = judged(registry, "tracking", policy=USO + second)
    order = [f.rule for f in report.model("m").findings]
    assert order[: len(RULE_IDS)] == list(RULE_IDS)
    assert order[RULE_IDS.index("waiver-expired") + 1 :][:4] == GOVERNANCE
    assert order[len(RULE_IDS) :] == ["uso-previsto", "zz-primero"]


@pytest.mark.parametrize("rule", GOVERNANCE[1:])
def test_off_by_default_rules_are_not_applicable_and_say_they_are_off(registry, rule):
    _, result = judged(registry, rule, policy="")
    assert result.status == "not-applicable"
    assert "desactivada" in result.message and "enabled: true" in result.message


def test_an_enabled_rule_can_be_switched_off_again(registry):
    _, result = judged(
        registry,
        "waiver-approver",
        GOOD + waiver("tracking", "ana.garcia"),
        policy="rules:\n  waiver-approver: {enabled: false}\n",
    )
    assert result.status == "not-applicable"


# --- waiver-approver -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("approved_by", "word"),
    [
        ("ana.garcia", "owner"),  # the model's own owner
        ("jorge.ramirez", "activo"),  # left the role
        ("riesgo", "equipo"),  # a team
        ("nadie.conocido", "owners.yaml"),
    ],
)
def test_waiver_approver_fails_and_the_waiver_no_longer_covers_its_rule(
    registry, approved_by, word
):
    manifest = edit(GOOD, "tracking:\n  mlflow:\n    experiment: scoring\n", "")
    report, result = judged(registry, "waiver-approver", manifest + waiver("tracking", approved_by))
    assert result.status == "fail" and word in result.message and "tracking" in result.message
    assert result.line == len(manifest.splitlines()) + 2  # the waiver's line
    tracking = finding(report, "m", "tracking")
    assert tracking.status == "fail" and tracking.waiver is None
    assert "no vale" in tracking.message


def test_waiver_approved_by_another_active_person_passes_and_covers(registry):
    manifest = edit(GOOD, "tracking:\n  mlflow:\n    experiment: scoring\n", "")
    report, result = judged(
        registry, "waiver-approver", manifest + waiver("tracking", "marta.lopez")
    )
    assert result.status == "pass"
    assert finding(report, "m", "tracking").status == "waived"


def test_waiver_approver_is_not_applicable_without_waivers(registry):
    assert judged(registry, "waiver-approver")[1].status == "not-applicable"


def test_an_owner_approved_waiver_on_a_must_rule_makes_the_model_fail(registry):
    manifest = edit(GOOD, "owner: ana.garcia\n", "owner: marta.lopez\n")
    manifest = edit(manifest, "team: riesgo\n", "team: riesgo\n") + waiver(
        "monitoring-minimum", "marta.lopez"
    )
    registry.write("policy.yaml", "")
    registry.model("m", manifest)  # no summary: monitoring-minimum fails
    report = registry.evaluate()
    assert finding(report, "m", "monitoring-minimum").status == "fail"
    assert report.model("m").status == "fail"


# --- promotion-reviewed -------------------------------------------------------------------


def test_promotion_reviewed_fails_when_the_owner_approved_the_promotion(registry):
    result = judged(registry, "promotion-reviewed")[1]
    assert result.status == "fail" and "owner" in result.message
    assert result.line == len(GOOD.splitlines())  # the entry's line (flow mapping)


@pytest.mark.parametrize(
    ("by", "status"),
    [
        (", by: marta.lopez", "pass"),
        ("", "fail"),
        (", by: jorge.ramirez", "fail"),
        (", by: x.y", "fail"),
    ],
)
def test_promotion_reviewed_reads_by_of_the_latest_production_entry(registry, by, status):
    manifest = edit(GOOD, PROMOTION, PROMOTION.replace(", by: ana.garcia", by))
    assert judged(registry, "promotion-reviewed", manifest)[1].status == status


def test_promotion_reviewed_uses_the_latest_production_entry_by_date(registry):
    later = PROMOTION.replace("2026-02-01", "2026-03-01").replace("ana.garcia", "marta.lopez")
    manifest = edit(GOOD, "history:\n", f"history:\n  - {later}\n")
    assert judged(registry, "promotion-reviewed", manifest)[1].status == "pass"


def test_promotion_reviewed_is_not_applicable_without_a_production_entry(registry):
    manifest = edit(GOOD, f"  - {PROMOTION}\n", "")
    result = judged(registry, "promotion-reviewed", manifest)[1]
    assert result.status == "not-applicable"


# --- validation-independent ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "status"),
    [
        ("  by: marta.lopez\n", "pass"),
        ("  by: jorge.ramirez\n", "pass"),  # left since, but was a person other than the owner
        ("  by: ana.garcia\n", "fail"),
        ("  by: riesgo\n", "fail"),
        ("  by: desconocida\n", "fail"),
        ("", "fail"),
    ],
)
def test_validation_independent_asks_for_a_person_other_than_the_owner(registry, lines, status):
    manifest = with_validation(GOOD, lines)
    assert judged(registry, "validation-independent", manifest)[1].status == status


def test_validation_independent_is_not_applicable_without_validation(registry):
    manifest = edit(
        GOOD, "validation:\n  baseline: {name: logreg, metric: auc, value: 0.70}\n" + VALIDATION, ""
    )
    assert judged(registry, "validation-independent", manifest)[1].status == "not-applicable"


# --- review-current -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "policy", "status"),
    [
        ("  date: 2026-01-10\n", "", "pass"),  # due 2027-01-10
        ("  date: 2025-11-19\n", "", "fail"),  # due 2026-11-19, the day before
        ("  date: 2025-11-20\n", "", "pass"),  # due on the as-of date itself
        ("  date: 2026-06-01\n", "thresholds:\n  review_interval_days: 90\n", "fail"),
        ("  date: 2020-01-01\n  next_review: 2027-01-01\n", "", "pass"),  # explicit wins
        ("  date: 2026-10-01\n  next_review: 2026-11-01\n", "", "fail"),
        ("", "", "fail"),  # no date at all
    ],
)
def test_review_current_compares_the_next_review_with_as_of(registry, lines, policy, status):
    manifest = with_validation(GOOD, lines)
    result = judged(registry, "review-current", manifest, ENABLE_ALL + policy)[1]
    assert result.status == status, result.message


@pytest.mark.parametrize("field", ["date", "next_review"])
def test_a_validation_date_that_does_not_parse_is_an_error_and_is_ignored(registry, field):
    manifest = with_validation(GOOD, f"  {field}: 2026-02-30\n")
    report, result = judged(registry, "review-current", manifest)
    assert report.model("m").status != "invalid"
    [problem] = report.errors
    assert problem.file.endswith("models/m/model.yaml") and "2026-02-30" in problem.message
    assert problem.line == manifest.splitlines().index(f"  {field}: 2026-02-30") + 1
    assert result.status == "fail" and "no hay fecha" in result.message


def test_validation_accepts_by_date_next_review_and_report(registry):
    lines = (
        "  by: marta.lopez\n  date: 2026-06-01\n  next_review: 2027-06-01\n  report: https://x\n"
    )
    report, _ = judged(registry, "review-current", with_validation(GOOD, lines))
    assert report.errors == []


# --- enforce_from -----------------------------------------------------------------------------


STAGED = "rules:\n  tracking: {severity: must, enforce_from: 2027-01-01}\n"
NO_TRACKING = edit(GOOD, "tracking:\n  mlflow:\n    experiment: scoring\n", "")


def test_before_enforce_from_a_failure_keeps_status_and_severity_and_counts_as_alerta(registry):
    report, result = judged(registry, "tracking", NO_TRACKING, STAGED)
    assert (result.status, result.severity, result.enforce_from) == (
        "fail",
        "must",
        date(2027, 1, 1),
    )
    assert "se exige desde 2027-01-01" in result.message
    assert report.model("m").status == "warn"
    assert result.to_dict()["enforce_from"] == "2027-01-01"


@pytest.mark.parametrize("as_of", [date(2027, 1, 1), date(2027, 6, 1)])
def test_from_enforce_from_on_a_failure_counts_with_its_own_severity(registry, as_of):
    report, result = judged(registry, "tracking", NO_TRACKING, STAGED, as_of=as_of)
    assert (result.status, result.severity, result.enforce_from) == ("fail", "must", None)
    assert "enforce_from" not in result.to_dict()
    assert report.model("m").status == "fail"


def test_enforce_from_leaves_passing_findings_alone(registry):
    _, result = judged(registry, "tracking", GOOD, STAGED)
    assert result.status == "pass" and "enforce_from" not in result.to_dict()


def test_a_bad_enforce_from_is_an_error_at_its_line_and_skips_only_that_rule(registry):
    policy = (
        "thresholds:\n  drift_max: 0.01\n"
        "rules:\n  tracking: {enforce_from: 2027-13-01}\n  rollback-plan: {enabled: false}\n"
    )
    report, result = judged(registry, "tracking", NO_TRACKING, policy)
    [problem] = report.errors
    assert problem.file.endswith("policy.yaml") and problem.line == 4
    assert result.status == "not-applicable" and "policy.yaml" in result.message
    assert finding(report, "m", "input-drift").status == "fail"  # the rest of the policy holds
    assert finding(report, "m", "rollback-plan").status == "not-applicable"


def test_enforce_from_in_the_json_report_and_text_output(registry, capsys):
    registry.write("policy.yaml", STAGED)
    registry.model("m", NO_TRACKING, weekly_csv())
    args = ["check", "--registry", str(registry.root), "--as-of", AS_OF.isoformat()]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    [tracking] = [f for f in data["models"][0]["findings"] if f["rule"] == "tracking"]
    assert list(tracking) == [
        "rule",
        "severity",
        "status",
        "message",
        "file",
        "line",
        "enforce_from",
    ]
    assert (tracking["status"], tracking["severity"], tracking["enforce_from"]) == (
        "fail",
        "must",
        "2027-01-01",
    )
    assert data["models"][0]["status"] == "warn"
    main(args)
    assert "se exige desde 2027-01-01" in capsys.readouterr().out


# --- custom rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "",
        "  uso_previsto:\n",
        "  uso_previsto: null\n",
        '  uso_previsto: ""\n',
        "  uso_previsto: []\n",
        "  uso_previsto: {}\n",
    ],
    ids=["absent", "empty-key", "null", "empty-string", "empty-list", "empty-mapping"],
)
def test_a_custom_rule_fails_when_a_required_path_is_empty(registry, value):
    manifest = GOOD + ("custom:\n" + value if value else "")
    result = judged(registry, "uso-previsto", manifest, USO)[1]
    assert result.status == "fail"
    assert "custom.uso_previsto" in result.message and "links.runbook" not in result.message


@pytest.mark.parametrize("value", ["texto", "0", "false", "[a]", "{a: 1}"])
def test_a_custom_rule_passes_with_any_value(registry, value):
    manifest = GOOD + f"custom:\n  uso_previsto: {value}\n"
    result = judged(registry, "uso-previsto", manifest, USO)[1]
    assert result.status == "pass"
    assert result.line == len(manifest.splitlines())


def test_a_custom_rule_names_every_missing_path(registry):
    manifest = edit(
        GOOD, "  runbook: https://wiki.example.com/runbooks/scoring\n", "  dashboard: https://d\n"
    )
    result = judged(registry, "uso-previsto", manifest, USO)[1]
    assert "custom.uso_previsto" in result.message and "links.runbook" in result.message


def test_a_custom_rule_is_not_applicable_outside_its_stages(registry):
    manifest = edit(GOOD, "stage: produccion", "stage: pre-producción")
    assert judged(registry, "uso-previsto", manifest, USO)[1].status == "not-applicable"


def test_waivers_enabled_and_enforce_from_work_for_custom_rules(registry):
    report, result = judged(
        registry, "uso-previsto", GOOD + waiver("uso-previsto", "marta.lopez"), USO
    )
    assert result.status == "waived" and report.errors == []
    staged = USO + "rules:\n  uso-previsto: {severity: must, enforce_from: 2027-01-01}\n"
    report, result = judged(registry, "uso-previsto", GOOD, staged)
    assert (result.status, result.severity) == ("fail", "must") and result.enforce_from
    assert report.model("m").status == "warn"
    off = USO + "rules:\n  uso-previsto: {enabled: false}\n"
    assert judged(registry, "uso-previsto", GOOD, off)[1].status == "not-applicable"


@pytest.mark.parametrize(
    ("entry", "word"),
    [
        ("  - {id: Mal_Id, severity: deseable, require: [a]}\n", "id"),
        ("  - {id: tracking, severity: deseable, require: [a]}\n", "tracking"),
        ("  - {id: uso-previsto, severity: deseable, require: [a]}\n", "uso-previsto"),
        ("  - {id: otra, severity: critica, require: [a]}\n", "critica"),
        ("  - {id: otra, severity: deseable, stages: [produccion, prod], require: [a]}\n", "prod"),
        ("  - {id: otra, severity: deseable, require: []}\n", "require"),
        ("  - {id: otra, severity: deseable}\n", "require"),
    ],
    ids=[
        "bad-id",
        "built-in-id",
        "duplicated-id",
        "severity",
        "stage",
        "empty-require",
        "no-require",
    ],
)
def test_a_wrong_custom_rule_is_an_error_at_its_line_and_only_it_is_skipped(registry, entry, word):
    policy = "thresholds:\n  drift_max: 0.01\n" + USO + entry
    report, result = judged(registry, "uso-previsto", GOOD, policy)
    [problem] = report.errors
    assert problem.file.endswith("policy.yaml") and word in problem.message, problem
    assert problem.line == len(policy.splitlines())
    assert result.status == "fail"  # the good custom rule is still evaluated
    assert finding(report, "m", "input-drift").status == "fail"  # and the policy still holds
    rules = [f.rule for f in report.model("m").findings]
    assert rules.count("uso-previsto") == 1 and "otra" not in rules


def test_unknown_top_level_keys_stay_errors_but_custom_is_accepted(registry):
    registry.model("m", GOOD + "custom: {cualquier: [cosa, 1]}\n", weekly_csv())
    registry.model("n", GOOD_MODEL.format(id="n") + "uso_previsto: x\n", weekly_csv())
    report = registry.evaluate()
    assert report.model("m").status == "pass"
    assert report.model("n").status == "invalid"


# --- one definition type ------------------------------------------------------------------------


def _deep_merge(base: dict, extra: dict) -> dict:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_each_built_in_rule_passes_its_own_example(registry, rule):
    manifest = _deep_merge(yaml.safe_load(GOOD), yaml.safe_load(rule.example))
    stage = "produccion" if rule.applies_to("produccion") else "retirada"
    manifest["stage"] = stage
    if stage == "retirada":
        manifest["history"].append(
            {"date": "2026-10-01", "stage": "retirada", "decision": "se apaga"}
        )
    if rule.id == "waiver-expired" or rule.id == "waiver-approver":
        manifest.setdefault("waivers", [])
    registry.write("policy.yaml", ENABLE_ALL)
    registry.model(
        "m",
        yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False),
        weekly_csv(end=date(2026, 6, 29) if stage == "retirada" else date(2026, 11, 16)),
    )
    report = registry.evaluate()
    assert report.errors == []
    result = finding(report, "m", rule.id)
    assert result.status == "pass", (rule.id, result.message)


def _rule(**changes):
    base = RULES[0]
    fields = {
        f: getattr(base, f)
        for f in ("id", "severity", "stages", "section", "location", "example", "text", "check")
    }
    fields.update(changes)
    return Rule(**fields)


@pytest.mark.parametrize(
    "change",
    [
        {"severity": "critica"},
        {"stages": frozenset({"prod"})},
        {"section": "no-existe"},
        {"section": None},
        {"id": "Mal Id"},
        {"text": {"es": RuleText("t", "w", "f", {})}},
    ],
    ids=["severity", "stage", "section", "no-section", "id", "missing-language"],
)
def test_a_wrong_rule_definition_is_caught_when_it_is_built(change):
    with pytest.raises(RuleDefinitionError):
        _rule(**change)


def test_built_in_rule_definitions_are_complete():
    for rule in RULES:
        for text in rule.text.values():
            assert text.title and text.why and text.fix
        if rule.id in GOVERNANCE[1:]:
            assert not rule.enabled_by_default
    cited = {r.id for r in RULES if r.text["es"].sources}
    assert set(GOVERNANCE) <= cited
    for rule in RULES:
        for source in rule.text["es"].sources:
            assert source.url.startswith("https://")


def test_ci_formats_carry_custom_rules_and_count_staged_failures_as_alerta(registry, capsys):
    registry.write("policy.yaml", USO + STAGED)
    registry.model("m", NO_TRACKING, weekly_csv())
    args = ["check", "--registry", str(registry.root), "--as-of", AS_OF.isoformat()]
    main([*args, "--format", "sarif"])
    run = json.loads(capsys.readouterr().out)["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["uso-previsto"]["properties"] == {"severity": "deseable", "team": True}
    assert rules["uso-previsto"]["shortDescription"]["text"] == "Uso previsto documentado"
    assert rules["tracking"]["properties"]["enforce_from"] == "2027-01-01"
    assert not rules["review-current"]["defaultConfiguration"].get("enabled", True)
    results = {r["ruleId"]: r for r in run["results"]}
    assert results["tracking"]["level"] == "note"  # a must failure before its date
    assert results["uso-previsto"]["level"] == "warning"
    main([*args, "--format", "github"])
    annotations = capsys.readouterr().out
    assert "::warning " in annotations and "title=tracking" in annotations
    assert "::error " not in annotations
    main([*args, "--format", "junit"])
    assert 'name="uso-previsto"' in capsys.readouterr().out
