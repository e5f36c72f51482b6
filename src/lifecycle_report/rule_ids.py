"""The built-in rules' ids, in the contract's order, and what a rule id looks like.

This is what loading needs to know of the rules (policy.yaml and waivers name them)
without importing their checks; ``rules/__init__.py`` lists the rules in this order.
"""

from __future__ import annotations

import re

RULE_IDS: tuple[str, ...] = (
    "owner-explicit",
    "monitoring-minimum",
    "monitoring-fresh",
    "tracking",
    "baseline-comparison",
    "preprod-readiness",
    "retirement-plan",
    "rollback-plan",
    "notebook-in-production",
    "silent-change",
    "performance-drop",
    "input-drift",
    "error-increase",
    "output-out-of-range",
    "retired-still-serving",
    "waiver-expired",
    "waiver-approver",
    "promotion-reviewed",
    "validation-independent",
    "review-current",
)
#: A rule id (built-in or a team's own): the same shape as a model id.
ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
