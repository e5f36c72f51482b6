"""The rules of the playbook chapter: one module per rule, one registry that lists them.

Everything (evaluation, reports, schema, site pages) iterates :data:`RULES`, in the
contract's order. To add a rule, write its module and add it here.
"""

from __future__ import annotations

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
    retired_still_serving,
    retirement_plan,
    rollback_plan,
    silent_change,
    tracking,
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
    )
)
RULE_IDS: tuple[str, ...] = tuple(rule.id for rule in RULES)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

__all__ = [
    "FAIL",
    "NOT_APPLICABLE",
    "PASS",
    "RULES",
    "RULES_BY_ID",
    "RULE_IDS",
    "WAIVED",
    "ModelContext",
    "Outcome",
    "Rule",
]
