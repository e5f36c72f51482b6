"""Loading ``policy.yaml``: thresholds and per-rule severity or switch-off."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..domain import Policy, RuleSetting, Thresholds
from ..i18n import Catalog
from ..problems import Problem
from .files import read_mapping
from .schema import POLICY_SCHEMA
from .validate import check_schema

#: Thresholds that count (periods, days).
_INTEGERS = ("max_age_days", "sustained_periods", "baseline_periods")


def load_policy(path: Path, file: str, catalog: Catalog) -> tuple[Policy, list[Problem]]:
    """The policy; absent means defaults, and a broken file means defaults plus errors."""
    if not path.exists() and not path.is_symlink():
        return Policy(file=None), []
    data, problems = read_mapping(path, file, catalog)
    if data is None:
        return Policy(file=file), problems
    found = list(check_schema(data, POLICY_SCHEMA, file, catalog))
    if found:
        return Policy(file=file), [p.problem for p in found]
    given = dict(data.get("thresholds") or {})
    for key in _INTEGERS:
        # JSON Schema's "integer" takes 3.0: the rules count periods and days with it.
        if isinstance(given.get(key), float):
            given[key] = int(given[key])
    thresholds = replace(Thresholds(), **given)
    rules = {
        rule_id: RuleSetting(enabled=entry.get("enabled", True), severity=entry.get("severity"))
        for rule_id, entry in (data.get("rules") or {}).items()
    }
    return Policy(file=file, thresholds=thresholds, rules=rules), []
