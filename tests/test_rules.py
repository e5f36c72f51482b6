"""The twenty built-in rules of REGISTRY.md (v1 and v2), judged on small registries written into ``tmp_path``.

Each rule gets at least one passing and one failing case, plus the not-applicable cases
the contract spells out. ``GOOD_MODEL`` + ``weekly_csv()`` passes every rule; each test
changes one thing and looks at one finding.
"""

from __future__ import annotations

from datetime import date

import pytest

from conftest import AS_OF, GOOD_MODEL, HEADER, edit, finding, weekly_csv
from lifecycle_report.stages import canonical_stage

#: The contract's rule table, in its order (written out, not taken from the code).
CONTRACT_RULES = [
    ("owner-explicit", "must"),
    ("monitoring-minimum", "must"),
    ("monitoring-fresh", "must"),
    ("tracking", "deseable"),
    ("baseline-comparison", "deseable"),
    ("preprod-readiness", "deseable"),
    ("retirement-plan", "deseable"),
    ("rollback-plan", "alerta"),
    ("notebook-in-production", "alerta"),
    ("silent-change", "alerta"),
    ("performance-drop", "alerta"),
    ("input-drift", "alerta"),
    ("error-increase", "alerta"),
    ("output-out-of-range", "alerta"),
    ("retired-still-serving", "alerta"),
    ("waiver-expired", "alerta"),
    ("waiver-approver", "alerta"),
    ("promotion-reviewed", "alerta"),
    ("validation-independent", "deseable"),
    ("review-current", "deseable"),
]
#: Rules off unless policy.yaml enables them (contract v2).
OFF_BY_DEFAULT = ["promotion-reviewed", "validation-independent", "review-current"]
MONITORING_RULES = [
    "monitoring-fresh",
    "performance-drop",
    "input-drift",
    "error-increase",
    "output-out-of-range",
]

GOOD = GOOD_MODEL.format(id="m")
NO_MIN = edit(GOOD, "    metric: auc\n    min: 0.70\n", "    metric: auc\n")
#: A retired model: ``retired-still-serving`` is the only rule that judges data here.
RETIRED = """\
id: m
name: Recomendador v1
description: Retirado, reemplazado por el v2.
stage: retirada
owner: ana.garcia
retirement:
  plan: apagar el servicio
  date: 2026-10-01
history:
  - {date: 2026-10-01, stage: retirada, decision: se apaga}
"""


def line_with(text: str, fragment: str) -> int:
    """1-based number of the last line of ``text`` containing ``fragment``."""
    return max(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def judge(registry, rule: str, manifest: str = GOOD, csv: str | None = None, as_of: date = AS_OF):
    """The finding of ``rule`` for model ``m`` (with the good weekly summary by default)."""
    registry.model("m", manifest, weekly_csv() if csv is None else csv)
    return finding(registry.evaluate(as_of), "m", rule)


def with_monitoring(manifest: str, lines: str) -> str:
    """Add ``lines`` (already indented by two spaces) to the ``monitoring`` block."""
    return edit(manifest, "  output_range: [0, 1]\n", "  output_range: [0, 1]\n" + lines)


def test_good_model_passes_every_rule_that_applies(registry):
    registry.model("m", GOOD, weekly_csv())
    model = registry.evaluate().model("m")
    statuses = {f.rule: f.status for f in model.findings}
    assert model.status == "pass"
    not_judged = {"retired-still-serving", "waiver-expired", "waiver-approver", *OFF_BY_DEFAULT}
    assert {r for r, s in statuses.items() if s != "pass"} == not_judged
    assert all(s == "not-applicable" for r, s in statuses.items() if r in not_judged)


def test_findings_list_every_rule_once_in_contract_order_with_its_severity(registry):
    registry.model("m", GOOD, weekly_csv())
    registry.model("bare", "id: bare\nname: B\ndescription: d\nstage: exploracion\n")
    report = registry.evaluate()
    for model_id in ("m", "bare"):
        findings = report.model(model_id).findings
        assert [(f.rule, f.severity) for f in findings] == CONTRACT_RULES


# --- owner-explicit -------------------------------------------------------------------


def test_owner_explicit_passes_for_an_active_person(registry):
    result = judge(registry, "owner-explicit")
    assert (result.status, result.line) == ("pass", 5)


@pytest.mark.parametrize(
    ("owner_line", "why"),
    [
        ("owner: riesgo\n", "a team id"),
        ("owner: todos\n", "a placeholder"),
        ("owner: nadie.conocido\n", "an unknown id"),
        ("owner: jorge.ramirez\n", "a person with active: false"),
        ("owner: [ana.garcia, jorge.ramirez]\n", "a list, not a single string"),
        ("owner: ''\n", "an empty string"),
        ("owner: 42\n", "a number"),
    ],
)
def test_owner_explicit_fails_when_owner_is_not_one_active_person(registry, owner_line, why):
    result = judge(registry, "owner-explicit", edit(GOOD, "owner: ana.garcia\n", owner_line))
    assert result.status == "fail", why
    assert result.line == 5


def test_owner_explicit_fails_without_owner_and_points_nowhere(registry):
    result = judge(registry, "owner-explicit", edit(GOOD, "owner: ana.garcia\n", ""))
    assert (result.status, result.line) == ("fail", None)


def test_owner_as_a_list_is_a_failing_rule_not_an_invalid_manifest(registry):
    registry.model("m", edit(GOOD, "owner: ana.garcia\n", "owner: [ana.garcia]\n"), weekly_csv())
    model = registry.evaluate().model("m")
    assert model.status == "fail"
    assert model.owner is None
    assert finding(registry.evaluate(), "m", "owner-explicit").status == "fail"


# --- monitoring-minimum ---------------------------------------------------------------


def test_monitoring_minimum_passes_with_every_signal(registry):
    assert judge(registry, "monitoring-minimum").status == "pass"


def test_no_summary_fails_monitoring_minimum_and_makes_every_monitoring_rule_not_applicable(
    registry,
):
    registry.model("m", GOOD)  # no monitoring.csv
    report = registry.evaluate()
    assert finding(report, "m", "monitoring-minimum").status == "fail"
    assert {r: finding(report, "m", r).status for r in MONITORING_RULES} == dict.fromkeys(
        MONITORING_RULES, "not-applicable"
    )
    assert report.model("m").status == "fail"


@pytest.mark.parametrize("missing", ["performance", "input_drift", "volume", "error_rate"])
def test_monitoring_minimum_fails_when_a_signal_column_is_absent(registry, missing):
    header = ",".join(c for c in HEADER.split(",") if c != missing)
    result = judge(registry, "monitoring-minimum", csv=weekly_csv(header=header))
    assert result.status == "fail"
    assert missing in result.message


def test_monitoring_minimum_fails_when_a_column_is_entirely_empty(registry):
    result = judge(registry, "monitoring-minimum", csv=weekly_csv(volume=[None]))
    assert result.status == "fail"
    assert "volume" in result.message


def test_monitoring_minimum_accepts_no_performance_when_a_reason_says_it_is_not_possible(registry):
    header = HEADER.replace("performance,", "")
    manifest = edit(GOOD, "    min: 0.70\n", '    not_possible: "labels arrive 90 days later"\n')
    csv = weekly_csv(header=header)
    assert judge(registry, "monitoring-minimum", manifest, csv).status == "pass"
    # ...but the reason does not excuse the other signals.
    header = header.replace("volume,", "")
    csv = weekly_csv(header=header)
    assert judge(registry, "monitoring-minimum", manifest, csv).status == "fail"


def test_monitoring_summary_path_can_be_changed_in_the_manifest(registry):
    manifest = edit(GOOD, "monitoring:\n", "monitoring:\n  summary: data/weekly.csv\n")
    registry.model("m", manifest)
    registry.write("models/m/data/weekly.csv", weekly_csv())
    report = registry.evaluate()
    assert finding(report, "m", "monitoring-minimum").status == "pass"
    assert report.model("m").status == "pass"


# --- monitoring-fresh -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (date(2026, 11, 20), "pass"),  # 4 days old
        (date(2026, 11, 30), "pass"),  # exactly 14 days: still fresh
        (date(2026, 12, 1), "fail"),  # 15 days
    ],
)
def test_monitoring_fresh_compares_the_last_date_with_as_of(registry, as_of, status):
    assert judge(registry, "monitoring-fresh", as_of=as_of).status == status


def test_monitoring_fresh_judges_the_latest_date_even_when_rows_are_unsorted(registry):
    rows = weekly_csv().splitlines()
    unsorted = "\n".join([rows[0], rows[-1], *rows[1:-1]]) + "\n"
    assert judge(registry, "monitoring-fresh", csv=unsorted).status == "pass"


def test_manifest_max_age_days_overrides_policy_and_default(registry):
    registry.write("policy.yaml", "thresholds:\n  max_age_days: 5\n")
    as_of = date(2026, 12, 6)  # 20 days after the last period
    assert judge(registry, "monitoring-fresh", as_of=as_of).status == "fail"
    manifest = with_monitoring(GOOD, "  max_age_days: 30\n")
    assert judge(registry, "monitoring-fresh", manifest, as_of=as_of).status == "pass"


def test_policy_max_age_days_replaces_the_default(registry):
    registry.write("policy.yaml", "thresholds:\n  max_age_days: 3\n")
    assert judge(registry, "monitoring-fresh").status == "fail"  # 4 days old


# --- tracking, baseline-comparison, preprod-readiness, retirement-plan, rollback-plan --

TRACKING = "tracking:\n  mlflow:\n    experiment: scoring\n"


@pytest.mark.parametrize(
    ("rule", "old", "new"),
    [
        ("tracking", TRACKING, ""),
        ("tracking", TRACKING, "tracking: {url: ''}\n"),
        ("baseline-comparison", "  baseline: {name: logreg, metric: auc, value: 0.70}\n", ""),
        ("baseline-comparison", "  result: {metric: auc, value: 0.78}\n", ""),
        ("preprod-readiness", "  contract: contract.yaml\n", ""),
        ("preprod-readiness", "  tests: https://ci.example.com/1\n", ""),
        ("preprod-readiness", "  review: {by: ana.garcia, date: 2026-01-10}\n", ""),
        ("retirement-plan", "retirement:\n  plan: volver a reglas de negocio\n", ""),
        ("retirement-plan", "  plan: volver a reglas de negocio\n", "  plan: '  '\n"),
        ("rollback-plan", "  strategy: volver a la versión anterior\n", ""),
    ],
)
def test_documentation_rules_fail_when_their_field_is_missing(registry, rule, old, new):
    assert judge(registry, rule).status == "pass"
    result = judge(registry, rule, edit(GOOD, old, new))
    assert result.status == "fail"
    assert result.severity == dict(CONTRACT_RULES)[rule]


def test_tracking_accepts_any_non_empty_value(registry):
    manifest = edit(
        GOOD, TRACKING, "tracking:\n  url: https://mlflow.example.com/#/experiments/1\n"
    )
    assert judge(registry, "tracking", manifest).status == "pass"


def test_preprod_readiness_message_names_the_missing_parts(registry):
    manifest = edit(GOOD, "  contract: contract.yaml\n  tests: https://ci.example.com/1\n", "")
    result = judge(registry, "preprod-readiness", manifest)
    assert "contract" in result.message and "tests" in result.message
    assert "review" not in result.message


def test_missing_block_gives_a_finding_without_line_and_a_present_one_its_line(registry):
    assert judge(registry, "rollback-plan").line == 28
    result = judge(
        registry,
        "retirement-plan",
        edit(GOOD, "retirement:\n  plan: volver a reglas de negocio\n", ""),
    )
    assert result.line is None


# --- notebook-in-production -----------------------------------------------------------


@pytest.mark.parametrize(
    ("artifact", "status"),
    [
        ("artifact:\n  kind: mlflow\n  uri: models:/scoring/7\n", "pass"),
        ("artifact:\n  kind: notebook\n  uri: models:/scoring/7\n", "fail"),
        ("artifact:\n  kind: other\n  uri: s3://bucket/Scoring.IPYNB\n", "fail"),
        ("artifact:\n  kind: package\n  uri: https://pypi.example.com/s.ipynb.tar.gz\n", "pass"),
    ],
)
def test_notebook_in_production_looks_at_kind_and_uri(registry, artifact, status):
    manifest = edit(GOOD, "artifact:\n  kind: mlflow\n  uri: models:/scoring/7\n", artifact)
    assert judge(registry, "notebook-in-production", manifest).status == status


# --- silent-change --------------------------------------------------------------------

LAST_ENTRY = (
    '{date: 2026-02-01, stage: produccion, version: "2.1.0", decision: aprobado, by: ana.garcia}'
)


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ((LAST_ENTRY, LAST_ENTRY), "pass"),
        ((LAST_ENTRY, LAST_ENTRY.replace("produccion", "pre-produccion")), "fail"),
        ((LAST_ENTRY, LAST_ENTRY.replace('"2.1.0"', '"2.0.0"')), "fail"),
        ((LAST_ENTRY, LAST_ENTRY.replace('version: "2.1.0", ', "")), "pass"),  # entry has none
        (('version: "2.1.0"\n', ""), "pass"),  # manifest has none
        ((LAST_ENTRY, LAST_ENTRY.replace("produccion", "Producción")), "pass"),  # an alias
    ],
    ids=[
        "same",
        "other-stage",
        "other-version",
        "entry-without-version",
        "manifest-without-version",
        "alias-in-history",
    ],
)
def test_silent_change_compares_last_entry_stage_and_versions_only_when_both_exist(
    registry, change, status
):
    manifest = edit(GOOD, *change)
    result = judge(registry, "silent-change", manifest)
    assert result.status == status
    assert result.line == line_with(manifest, "  - {date: 2026-02-01")  # the last entry


def test_silent_change_fails_without_history(registry):
    history = GOOD[GOOD.index("history:") :]
    result = judge(registry, "silent-change", edit(GOOD, history, ""))
    assert (result.status, result.line) == ("fail", None)


def test_silent_change_uses_the_last_listed_entry(registry):
    entries = (
        "history:\n"
        "  - {date: 2026-02-01, stage: produccion, decision: aprobado}\n"
        "  - {date: 2026-03-01, stage: validacion, decision: se vuelve a validar}\n"
    )
    history = GOOD[GOOD.index("history:") :]
    assert judge(registry, "silent-change", edit(GOOD, history, entries)).status == "fail"


# --- performance-drop -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("performance", "status"),
    [
        ([0.78], "pass"),
        ([0.65, 0.66, 0.64], "fail"),  # the last 3 periods below min 0.70
        ([0.78, 0.66, 0.64], "pass"),  # only 2 of them
        ([0.65, 0.66, 0.70], "pass"),  # at the floor is not below it
    ],
)
def test_performance_drop_with_a_floor_needs_three_periods_below_it(registry, performance, status):
    result = judge(registry, "performance-drop", csv=weekly_csv(performance=performance))
    assert result.status == status


def test_performance_drop_sustained_periods_comes_from_policy(registry):
    registry.write("policy.yaml", "thresholds:\n  sustained_periods: 2\n")
    csv = weekly_csv(performance=[0.78, 0.66, 0.64])
    assert judge(registry, "performance-drop", csv=csv).status == "fail"


@pytest.mark.parametrize(
    ("csv", "why"),
    [
        (weekly_csv(weeks=2, performance=0.5), "fewer rows than sustained_periods"),
        (weekly_csv(performance=[0.5, None]), "latest cell empty"),
        (weekly_csv(header=HEADER.replace("performance,", "")), "column absent"),
    ],
)
def test_performance_drop_is_not_applicable_without_enough_data(registry, csv, why):
    assert judge(registry, "performance-drop", csv=csv).status == "not-applicable", why


@pytest.mark.parametrize(
    ("recent", "status"),
    [
        (0.75, "fail"),  # below 0.95 × median 0.80 = 0.76
        (0.77, "pass"),
    ],
)
def test_performance_drop_without_min_compares_with_the_earlier_median(registry, recent, status):
    csv = weekly_csv(weeks=11, performance=[0.80] * 8 + [recent] * 3)
    assert judge(registry, "performance-drop", NO_MIN, csv).status == status


def test_performance_drop_message_names_the_policy_ratio(registry):
    registry.write("policy.yaml", "thresholds:\n  performance_drop_ratio: 0.8\n")
    failing = weekly_csv(weeks=11, performance=[0.80] * 8 + [0.60] * 3)
    message = judge(registry, "performance-drop", NO_MIN, failing).message
    assert "bajo 0.64, el 80 % de la mediana previa 0.8" in message
    passing = weekly_csv(weeks=11, performance=[0.80] * 8 + [0.70] * 3)
    assert "(0.8 × mediana 0.8)" in judge(registry, "performance-drop", NO_MIN, passing).message


def test_performance_drop_relative_fallback_uses_only_the_8_periods_before(registry):
    # 8 old periods at 0.50, then 8 at 0.80, then 3 at 0.75. With the 8-period window the
    # median is 0.80 and 0.75 < 0.76 fails; a median over all 16 would be 0.65 and pass.
    csv = weekly_csv(weeks=19, performance=[0.50] * 8 + [0.80] * 8 + [0.75] * 3)
    assert judge(registry, "performance-drop", NO_MIN, csv).status == "fail"


def test_performance_drop_relative_fallback_needs_one_earlier_period(registry):
    one_earlier = weekly_csv(weeks=4, performance=[0.80, 0.70, 0.70, 0.70])
    assert judge(registry, "performance-drop", NO_MIN, one_earlier).status == "fail"
    none_earlier = weekly_csv(weeks=3, performance=0.70)
    assert judge(registry, "performance-drop", NO_MIN, none_earlier).status == "not-applicable"


# --- input-drift ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("drift", "extra", "status"),
    [
        (0.05, "", "pass"),
        (0.25, "", "fail"),  # the default 0.25, inclusive
        (0.249, "", "pass"),
        (0.30, "  drift_max: 0.40\n", "pass"),  # manifest raises the limit
        (0.10, "  drift_max: 0.10\n", "fail"),
    ],
)
def test_input_drift_compares_the_last_period_with_drift_max(registry, drift, extra, status):
    csv = weekly_csv(input_drift=[0.01, drift])
    assert judge(registry, "input-drift", with_monitoring(GOOD, extra), csv).status == status


def test_input_drift_manifest_limit_overrides_policy(registry):
    registry.write("policy.yaml", "thresholds:\n  drift_max: 0.04\n")
    assert judge(registry, "input-drift").status == "fail"  # 0.05 ≥ 0.04
    manifest = with_monitoring(GOOD, "  drift_max: 0.5\n")
    assert judge(registry, "input-drift", manifest).status == "pass"


def test_input_drift_judges_only_the_last_period(registry):
    csv = weekly_csv(input_drift=[0.9, 0.9, 0.05])
    assert judge(registry, "input-drift", csv=csv).status == "pass"


@pytest.mark.parametrize(
    ("csv", "why"),
    [
        (weekly_csv(input_drift=[0.9, None]), "latest cell empty"),
        (weekly_csv(header=HEADER.replace("input_drift,", "")), "column absent"),
        (weekly_csv(input_drift=[None]), "column entirely empty"),
    ],
)
def test_input_drift_is_not_applicable_without_a_last_value(registry, csv, why):
    assert judge(registry, "input-drift", csv=csv).status == "not-applicable", why


# --- error-increase -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "status"),
    [(0.03, "fail"), (0.02, "pass"), (0.001, "pass")],
)
def test_error_increase_with_error_rate_max_compares_the_last_period(registry, last, status):
    manifest = with_monitoring(GOOD, "  error_rate_max: 0.02\n")
    csv = weekly_csv(error_rate=[0.001, last])
    assert judge(registry, "error-increase", manifest, csv).status == status


def test_error_increase_manifest_max_overrides_policy_max(registry):
    registry.write("policy.yaml", "thresholds:\n  error_rate_max: 0.01\n")
    csv = weekly_csv(error_rate=[0.03])
    assert judge(registry, "error-increase", csv=csv).status == "fail"
    manifest = with_monitoring(GOOD, "  error_rate_max: 0.05\n")
    assert judge(registry, "error-increase", manifest, csv).status == "pass"


@pytest.mark.parametrize(
    ("earlier", "last", "status"),
    [
        (0.004, 0.009, "fail"),  # > 2 × 0.004 and > 0.001
        (0.004, 0.008, "pass"),  # exactly twice is not more than twice
        (0.0001, 0.0009, "pass"),  # 9 × the median but under the 0.001 floor
    ],
)
def test_error_increase_without_max_compares_with_twice_the_earlier_median(
    registry, earlier, last, status
):
    csv = weekly_csv(error_rate=[earlier, last])
    assert judge(registry, "error-increase", csv=csv).status == status


def test_error_increase_median_uses_only_the_8_periods_before_the_last(registry):
    # 8 old periods at 0.001, then 8 at 0.01, then 0.015: the 8-period median is 0.01, so
    # 0.015 is not twice it; a median over all 16 (0.0055) would make it fail.
    csv = weekly_csv(weeks=17, error_rate=[0.001] * 8 + [0.01] * 8 + [0.015])
    assert judge(registry, "error-increase", csv=csv).status == "pass"


@pytest.mark.parametrize(
    ("csv", "why"),
    [
        (weekly_csv(weeks=1, error_rate=0.5), "no earlier period without a max"),
        (weekly_csv(error_rate=[0.004, None]), "latest cell empty"),
        (weekly_csv(header=HEADER.replace("error_rate,", "")), "column absent"),
    ],
)
def test_error_increase_is_not_applicable_without_data(registry, csv, why):
    assert judge(registry, "error-increase", csv=csv).status == "not-applicable", why


def test_error_increase_with_a_max_needs_no_earlier_period(registry):
    manifest = with_monitoring(GOOD, "  error_rate_max: 0.02\n")
    csv = weekly_csv(weeks=1, error_rate=0.5)
    assert judge(registry, "error-increase", manifest, csv).status == "fail"


# --- output-out-of-range --------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "status"),
    [
        (0.01, 0.98, "pass"),
        (0.0, 1.0, "pass"),  # at the bounds
        (-0.1, 0.98, "fail"),
        (0.01, 1.2, "fail"),
    ],
)
def test_output_out_of_range_checks_the_last_period_bounds(registry, low, high, status):
    csv = weekly_csv(output_min=[0.5, low], output_max=[0.5, high])
    assert judge(registry, "output-out-of-range", csv=csv).status == status


def test_output_out_of_range_is_not_applicable_without_output_range(registry):
    manifest = edit(GOOD, "  output_range: [0, 1]\n", "")
    csv = weekly_csv(output_max=[5.0])
    assert judge(registry, "output-out-of-range", manifest, csv).status == "not-applicable"


def test_output_out_of_range_is_not_applicable_when_the_last_period_has_no_output(registry):
    csv = weekly_csv(output_min=[-5, None], output_max=[5, None])
    assert judge(registry, "output-out-of-range", csv=csv).status == "not-applicable"


# --- retired-still-serving ------------------------------------------------------------


@pytest.mark.parametrize(
    ("volumes", "status"),
    [
        ([1000] * 5 + [0] * 7, "pass"),  # no traffic after 2026-10-01
        ([1000] * 5 + [0] * 6 + [3], "fail"),  # a little traffic again on 2026-11-16
    ],
)
def test_retired_still_serving_looks_for_volume_after_the_retirement_date(
    registry, volumes, status
):
    # weekly_csv() ends 2026-11-16; the last 7 periods are after the retirement date.
    csv = weekly_csv(volume=volumes)
    result = judge(registry, "retired-still-serving", RETIRED, csv)
    assert result.status == status
    assert result.line == 8  # retirement.date


def test_retired_still_serving_ignores_traffic_on_or_before_the_retirement_date(registry):
    csv = "date,volume\n2026-09-24,500\n2026-10-01,200\n2026-10-08,0\n"
    assert judge(registry, "retired-still-serving", RETIRED, csv).status == "pass"


def test_retired_still_serving_is_not_applicable_without_retirement_date(registry):
    manifest = edit(RETIRED, "  date: 2026-10-01\n", "")
    csv = weekly_csv(volume=5000)
    assert judge(registry, "retired-still-serving", manifest, csv).status == "not-applicable"


def test_retired_still_serving_applies_only_to_retired_models(registry):
    manifest = edit(
        GOOD,
        "  plan: volver a reglas de negocio\n",
        "  plan: volver a reglas de negocio\n  date: 2026-01-01\n",
    )
    assert judge(registry, "retired-still-serving", manifest).status == "not-applicable"


# --- waiver-expired and waivers -------------------------------------------------------


def waiver(rule: str, expires: str) -> str:
    return (
        "waivers:\n"
        f"  - rule: {rule}\n"
        "    reason: migración en curso\n"
        "    approved_by: marta.lopez\n"
        f"    expires: {expires}\n"
    )


def test_waiver_expired_is_not_applicable_without_waivers(registry):
    assert judge(registry, "waiver-expired").status == "not-applicable"


@pytest.mark.parametrize(
    ("expires", "status"),
    [("2026-12-31", "pass"), ("2026-11-20", "pass"), ("2026-11-19", "fail")],
)
def test_waiver_expired_fails_once_expires_is_before_as_of(registry, expires, status):
    result = judge(registry, "waiver-expired", GOOD + waiver("tracking", expires))
    assert result.status == status


def test_active_waiver_turns_fail_into_waived_and_the_model_status_ignores_it(registry):
    manifest = edit(GOOD, TRACKING, "") + waiver("tracking", "2026-12-31")
    registry.model("m", manifest, weekly_csv())
    report = registry.evaluate()
    tracking = finding(report, "m", "tracking")
    assert tracking.status == "waived"
    assert "marta.lopez" in tracking.message and "2026-12-31" in tracking.message
    assert report.model("m").status == "pass"


def test_active_waiver_on_a_must_rule_keeps_the_model_from_failing(registry):
    manifest = edit(GOOD, "owner: ana.garcia\n", "owner: riesgo\n") + waiver(
        "owner-explicit", "2027-01-31"
    )
    registry.model("m", manifest, weekly_csv())
    report = registry.evaluate()
    assert finding(report, "m", "owner-explicit").status == "waived"
    assert report.model("m").status == "pass"


def test_expired_waiver_keeps_the_failure_and_raises_waiver_expired(registry):
    manifest = edit(GOOD, TRACKING, "") + waiver("tracking", "2026-10-31")
    registry.model("m", manifest, weekly_csv())
    report = registry.evaluate()
    assert finding(report, "m", "tracking").status == "fail"
    expired = finding(report, "m", "waiver-expired")
    assert expired.status == "fail"
    assert "tracking" in expired.message
    assert expired.line == line_with(manifest, "  - rule: tracking")
    assert report.model("m").status == "warn"


def test_waiver_still_covers_its_rule_on_the_day_it_expires(registry):
    manifest = edit(GOOD, TRACKING, "") + waiver("tracking", AS_OF.isoformat())
    registry.model("m", manifest, weekly_csv())
    report = registry.evaluate()
    assert finding(report, "m", "tracking").status == "waived"
    assert finding(report, "m", "waiver-expired").status == "pass"
    later = registry.evaluate(date(2026, 11, 21))
    assert finding(later, "m", "tracking").status == "fail"


def test_waiver_for_a_passing_rule_changes_nothing(registry):
    result = judge(registry, "tracking", GOOD + waiver("tracking", "2026-12-31"))
    assert result.status == "pass"


def test_waiver_covers_only_its_own_rule(registry):
    manifest = edit(GOOD, TRACKING, "") + waiver("rollback-plan", "2026-12-31")
    assert judge(registry, "tracking", manifest).status == "fail"


def test_waiver_naming_an_unknown_rule_is_an_error_but_the_model_is_still_evaluated(registry):
    registry.model("m", GOOD + waiver("no-such-rule", "2026-12-31"), weekly_csv())
    report = registry.evaluate()
    assert report.model("m").status == "pass"
    assert [(e.line, "no-such-rule" in e.message) for e in report.errors] == [(37, True)]


# --- policy ---------------------------------------------------------------------------


def test_policy_can_raise_a_rule_to_must_and_the_model_then_fails(registry):
    registry.write("policy.yaml", "rules:\n  tracking: {severity: must}\n")
    registry.model("m", edit(GOOD, TRACKING, ""), weekly_csv())
    report = registry.evaluate()
    tracking = finding(report, "m", "tracking")
    assert (tracking.status, tracking.severity) == ("fail", "must")
    assert report.model("m").status == "fail"


def test_policy_can_switch_a_rule_off(registry):
    registry.write("policy.yaml", "rules:\n  owner-explicit: {enabled: false}\n")
    registry.model("m", edit(GOOD, "owner: ana.garcia\n", ""), weekly_csv())
    report = registry.evaluate()
    assert finding(report, "m", "owner-explicit").status == "not-applicable"
    assert report.model("m").status == "pass"


def test_policy_can_lower_a_must_rule_to_a_warning(registry):
    registry.write("policy.yaml", "rules:\n  owner-explicit: {severity: alerta}\n")
    registry.model("m", edit(GOOD, "owner: ana.garcia\n", ""), weekly_csv())
    assert registry.evaluate().model("m").status == "warn"


def test_policy_threshold_changes_the_verdict(registry):
    csv = weekly_csv(error_rate=[0.004, 0.015])  # more than twice the earlier median
    assert judge(registry, "error-increase", csv=csv).status == "fail"
    registry.write("policy.yaml", "thresholds:\n  error_rate_max: 0.02\n")
    assert judge(registry, "error-increase", csv=csv).status == "pass"


# --- stages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("producción", "produccion"),
        ("Production", "produccion"),
        ("  PRODUCCIÓN  ", "produccion"),
        ("produccio\u0301n", "produccion"),  # NFD: o + combining acute accent
        ("Exploración", "exploracion"),
        ("exploration", "exploracion"),
        ("VALIDACIÓN", "validacion"),
        ("validation", "validacion"),
        ("Pre-Producción", "pre-produccion"),
        ("PRE-PRODUCTION", "pre-produccion"),
        ("Monitoring", "monitoreo"),
        ("retired", "retirada"),
    ],
)
def test_stage_aliases_are_reported_in_canonical_form(registry, spelling, canonical):
    manifest = edit(GOOD, "stage: produccion\n", f'stage: "{spelling}"\n')
    manifest = edit(manifest, "stage: produccion, version", f'stage: "{spelling}", version')
    registry.model("m", manifest, weekly_csv())
    model = registry.evaluate().model("m")
    assert model.stage == canonical
    # the history entry, written the same way, records the same stage
    expected = "not-applicable" if canonical == "exploracion" else "pass"
    assert finding(registry.evaluate(), "m", "silent-change").status == expected


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("produccio\u0301n", "produccion"),
        ("\tVALIDACIO\u0301N\n", "validacion"),
        ("prod", None),
        ("", None),
        (None, None),
    ],
)
def test_canonical_stage_normalises_unicode_case_and_spaces(spelling, canonical):
    assert canonical_stage(spelling) == canonical


BARE = "id: m\nname: M\ndescription: d\nstage: {stage}\nartifact: {{kind: notebook}}\n"


@pytest.mark.parametrize(
    ("stage", "failing"),
    [
        ("exploracion", set()),
        ("validacion", {"tracking", "baseline-comparison", "silent-change"}),
        (
            "pre-produccion",
            {"tracking", "baseline-comparison", "preprod-readiness", "silent-change"},
        ),
        (
            "produccion",
            {
                "owner-explicit",
                "monitoring-minimum",
                "tracking",
                "baseline-comparison",
                "preprod-readiness",
                "retirement-plan",
                "rollback-plan",
                "notebook-in-production",
                "silent-change",
            },
        ),
        (
            "monitoreo",
            {
                "owner-explicit",
                "monitoring-minimum",
                "tracking",
                "baseline-comparison",
                "preprod-readiness",
                "retirement-plan",
                "rollback-plan",
                "notebook-in-production",
                "silent-change",
            },
        ),
        ("retirada", {"silent-change"}),
    ],
)
def test_rules_apply_only_in_their_stages(registry, stage, failing):
    """A bare manifest fails every rule that applies; elsewhere the rule is not-applicable."""
    registry.model("m", BARE.format(stage=stage))
    findings = registry.evaluate().model("m").findings
    assert {f.rule for f in findings if f.status == "fail"} == failing
    others = {rule for rule, _ in CONTRACT_RULES} - failing
    assert {f.rule for f in findings if f.status != "fail"} == others
    assert all(f.status == "not-applicable" for f in findings if f.rule not in failing)


# --- model status ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("manifest", "csv", "status"),
    [
        (GOOD, weekly_csv(), "pass"),
        (edit(GOOD, "  strategy: volver a la versión anterior\n", ""), weekly_csv(), "warn"),
        (edit(GOOD, TRACKING, ""), weekly_csv(), "warn"),
        (edit(GOOD, "owner: ana.garcia\n", ""), weekly_csv(), "fail"),
        (edit(edit(GOOD, "owner: ana.garcia\n", ""), TRACKING, ""), weekly_csv(), "fail"),
        (GOOD, None, "fail"),
        (edit(GOOD, "name: Scoring de crédito\n", ""), weekly_csv(), "invalid"),
    ],
    ids=[
        "pass",
        "alerta-fails",
        "deseable-fails",
        "must-fails",
        "must-and-deseable",
        "no-summary",
        "invalid",
    ],
)
def test_model_status_is_invalid_then_fail_then_warn_then_pass(registry, manifest, csv, status):
    registry.model("m", manifest, csv)
    assert registry.evaluate().model("m").status == status
