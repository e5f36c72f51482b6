"""The JSON report of the bundled example registry, compared byte for byte with a golden file.

``tests/golden/example-report.json`` is what ``lifecycle-report check --registry registry
--as-of 2026-11-20 --format json`` prints from the repository root. When a change to the
example registry, a rule or a message is intended, regenerate it and review the diff::

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_golden_report.py

The example registry also makes a promise the site and the docs rely on: every rule is
shown at least once passing and at least once failing (or waived), with one waiver in
force and one expired, and every example manifest is valid.
"""

from __future__ import annotations

import json
import os

import pytest

from conftest import REPO
from lifecycle_report.cli import main
from lifecycle_report.rules import RULE_IDS, RULES

GOVERNANCE = ["waiver-approver", "promotion-reviewed", "validation-independent", "review-current"]

GOLDEN = REPO / "tests" / "golden" / "example-report.json"
ARGS = ["check", "--registry", "registry", "--as-of", "2026-11-20", "--format", "json"]


@pytest.fixture(scope="module")
def rendered() -> str:
    """The example registry's JSON report, as the CLI prints it from the repository root."""
    import contextlib
    import io

    cwd = os.getcwd()
    out = io.StringIO()
    try:
        os.chdir(REPO)
        with contextlib.redirect_stdout(out):
            code = main(ARGS)
    finally:
        os.chdir(cwd)
    assert code == 1  # the example registry shows failing models on purpose
    return out.getvalue()


@pytest.fixture(scope="module")
def report(rendered: str) -> dict:
    return json.loads(rendered)


def test_example_report_matches_the_golden_file(rendered):
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(rendered.encode("utf-8"))
    expected = GOLDEN.read_bytes()
    assert rendered.encode("utf-8") == expected, (
        "the example report changed; if intended, regenerate with UPDATE_GOLDEN=1 and review"
    )


def test_every_example_manifest_is_valid(report):
    assert report["errors"] == []
    assert report["summary"]["invalid"] == 0
    # Every built-in rule, then the example policy's custom rule.
    assert all(
        m["status"] != "invalid" and len(m["findings"]) == len(RULES) + 1 for m in report["models"]
    )
    folders = sorted(p.name for p in (REPO / "registry" / "models").iterdir() if p.is_dir())
    assert [m["id"] for m in report["models"]] == folders


def test_every_rule_passes_somewhere_and_fails_or_is_waived_somewhere(report):
    rules = [f["rule"] for f in report["models"][0]["findings"]]
    assert rules == [*RULE_IDS, "uso-previsto"]
    for rule in rules:
        statuses = {
            f["status"] for m in report["models"] for f in m["findings"] if f["rule"] == rule
        }
        assert "pass" in statuses, f"{rule} never passes in the example registry"
        assert statuses & {"fail", "waived"}, f"{rule} never fails in the example registry"


@pytest.mark.parametrize("rule", [*GOVERNANCE, "uso-previsto"])
def test_each_new_rule_passes_fails_and_is_not_applicable_somewhere(report, rule):
    statuses = {f["status"] for m in report["models"] for f in m["findings"] if f["rule"] == rule}
    assert {"pass", "fail", "not-applicable"} <= statuses, (rule, statuses)


def test_example_stages_a_rule_with_enforce_from(report):
    staged = [
        (m["id"], f) for m in report["models"] for f in m["findings"] if f.get("enforce_from")
    ]
    assert staged and all(f["status"] == "fail" for _, f in staged)
    assert all("se exige desde 2027-03-01" in f["message"] for _, f in staged)
    assert {f["rule"] for _, f in staged} == {"validation-independent"}


def test_example_registry_has_a_waiver_in_force_and_an_expired_one(report):
    findings = [(m["id"], f) for m in report["models"] for f in m["findings"]]
    waived = [(model, f["rule"]) for model, f in findings if f["status"] == "waived"]
    expired = [
        model for model, f in findings if f["rule"] == "waiver-expired" and f["status"] == "fail"
    ]
    assert waived
    assert expired
    # an expired waiver no longer covers its rule: that model shows a plain failure too
    for model in expired:
        statuses = [
            f["status"] for m, f in findings if m == model and f["rule"] != "waiver-expired"
        ]
        assert "fail" in statuses


def test_example_registry_shows_every_model_status_but_invalid(report):
    summary = report["summary"]
    assert summary["models"] == len(report["models"])
    assert summary["pass"] and summary["warn"] and summary["fail"]
    assert sum(summary[s] for s in ("pass", "warn", "fail", "invalid")) == summary["models"]
