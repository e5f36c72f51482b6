"""The rules of the playbook chapter: one module per rule, one registry that lists them.

:data:`RULES` holds the built-in rules in the contract's order. A registry's rules are
:func:`rule_set`: these, then the team's own rules of its policy.yaml (built by
:mod:`.custom` as the same :class:`Rule` type from the loaded definitions). Evaluation, reports and pages iterate
the report's rule set. To add a built-in rule, write its module and add it here.
"""

from __future__ import annotations

from ..domain import Policy
from ..i18n import Catalog
from ..problems import Problem
from ..rule_ids import RULE_IDS
from . import (
    baseline_comparison,
    error_increase,
    input_drift,
    monitoring_fresh,
    monitoring_minimum,
    notebook_in_production,
    output_out_of_range,
    owner_explicit,
    performance_drop,
    preprod_readiness,
    promotion_reviewed,
    retired_still_serving,
    retirement_plan,
    review_current,
    rollback_plan,
    silent_change,
    tracking,
    validation_independent,
    waiver_approver,
    waiver_expired,
)
from .base import FAIL, NOT_APPLICABLE, PASS, WAIVED, ModelContext, Outcome, Rule

RULES: tuple[Rule, ...] = tuple(
    module.RULE
    for module in (
        owner_explicit,
        monitoring_minimum,
        monitoring_fresh,
        tracking,
        baseline_comparison,
        preprod_readiness,
        retirement_plan,
        rollback_plan,
        notebook_in_production,
        silent_change,
        performance_drop,
        input_drift,
        error_increase,
        output_out_of_range,
        retired_still_serving,
        waiver_expired,
        waiver_approver,
        promotion_reviewed,
        validation_independent,
        review_current,
    )
)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def rule_set(policy: Policy, catalog: Catalog) -> tuple[tuple[Rule, ...], list[Problem]]:
    """The built-in rules, then the policy's custom rules in policy order.

    A custom definition the :class:`Rule` check refuses is an error at its policy.yaml
    line, and only that rule is left out.
    """
    from .custom import custom_rules

    custom, problems = custom_rules(policy, catalog)
    return RULES + custom, problems


__all__ = [
    "FAIL",
    "NOT_APPLICABLE",
    "PASS",
    "RULES",
    "RULES_BY_ID",
    "RULE_IDS",
    "WAIVED",
    "rule_set",
    "ModelContext",
    "Outcome",
    "Rule",
]
