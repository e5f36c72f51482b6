"""The rules layer builds policy.yaml's custom rule definitions (plain data from loading)
into rules; a definition the one rule check refuses costs only that rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from lifecycle_report.domain import CustomRuleSpec, Owners, Policy, Registry
from lifecycle_report.evaluate import evaluate
from lifecycle_report.i18n import catalog
from lifecycle_report.rule_ids import RULE_IDS
from lifecycle_report.rules import rule_set

GOOD = CustomRuleSpec(
    id="uso-previsto",
    title="Uso previsto",
    severity="deseable",
    stages=None,
    require=("uso.previsto",),
    why="",
    fix="",
    line=3,
)
# Loading never lets this through (the schema refuses the severity): built by hand here.
REFUSED = replace(GOOD, id="otra", severity="critica", line=9)
POLICY = Policy(file="registry/policy.yaml", custom_rules=[REFUSED, GOOD])


def test_custom_definitions_become_rules_after_the_built_in_ones() -> None:
    rules, problems = rule_set(replace(POLICY, custom_rules=[GOOD]), catalog("en"))
    assert [rule.id for rule in rules] == [*RULE_IDS, "uso-previsto"] and problems == []
    assert rules[-1].team and rules[-1].require == ("uso.previsto",)


def test_a_refused_definition_is_an_error_at_its_policy_line_and_only_it_is_left_out() -> None:
    rules, problems = rule_set(POLICY, catalog("en"))
    assert [rule.id for rule in rules] == [*RULE_IDS, "uso-previsto"]
    [problem] = problems
    assert (problem.file, problem.line) == ("registry/policy.yaml", 9)
    assert "critica" in problem.message


def test_the_report_lists_a_refused_definition_among_its_errors(tmp_path: Path) -> None:
    registry = Registry(tmp_path, Owners(file="owners.yaml"), POLICY, models=[])
    report = evaluate(registry, date(2026, 11, 30), "en")
    assert [(p.file, p.line) for p in report.errors] == [("registry/policy.yaml", 9)]
    assert [rule.id for rule in report.rules][-1] == "uso-previsto"
