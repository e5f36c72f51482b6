"""Loading ``policy.yaml``: thresholds, per-rule settings and the team's own rules.

A wrong ``custom_rules`` item or ``enforce_from`` costs only that rule: an error, and the
rule is skipped (a custom rule left out, a built-in one ``not-applicable``). Any other
problem makes the whole file fall back to the defaults, as in the contract's v1.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from ..domain import CustomRuleSpec, Policy, RuleSetting, Thresholds
from ..i18n import Catalog
from ..positions import line_of
from ..problems import Problem
from ..rule_ids import RULE_IDS
from ..stages import canonical_stage
from .files import read_mapping
from .schema import POLICY_SCHEMA
from .validate import check_schema

#: Thresholds that count (periods, days).
_INTEGERS = ("max_age_days", "sustained_periods", "baseline_periods", "review_interval_days")


def load_policy(path: Path, file: str, catalog: Catalog) -> tuple[Policy, list[Problem]]:
    """The policy; absent means defaults, and a broken file means defaults plus errors."""
    if not path.exists() and not path.is_symlink():
        return Policy(file=None), []
    data, problems = read_mapping(path, file, catalog)
    if data is None:
        return Policy(file=file), problems
    bad_rules: set[str] = set()
    bad_custom: set[int] = set()
    whole_file = False
    for found in check_schema(data, POLICY_SCHEMA, file, catalog):
        problems.append(found.problem)
        where = found.path
        if len(where) == 3 and where[0] == "rules" and where[2] == "enforce_from":
            bad_rules.add(where[1])
        elif len(where) >= 2 and where[0] == "custom_rules" and isinstance(where[1], int):
            bad_custom.add(where[1])
        else:
            whole_file = True
    if whole_file:
        return Policy(file=file), problems
    custom = _custom_rules(data, file, catalog, bad_custom, problems)
    # A custom rule skipped for its errors is still a rule: its settings are no typo.
    skipped = [e.get("id") for i, e in enumerate(data.get("custom_rules") or []) if i in bad_custom]
    known = (
        set(RULE_IDS) | {spec.id for spec in custom} | {i for i in skipped if isinstance(i, str)}
    )
    unknown = [rule_id for rule_id in data.get("rules") or {} if rule_id not in known]
    if unknown:
        for rule_id in unknown:
            line = line_of(data, ("rules", rule_id))
            problems.append(Problem(file, line, catalog("policy.unknown_rule", rule=rule_id)))
        return Policy(file=file), problems
    given = dict(data.get("thresholds") or {})
    for key in _INTEGERS:
        # JSON Schema's "integer" takes 3.0: the rules count periods and days with it.
        if isinstance(given.get(key), float):
            given[key] = int(given[key])
    rules: dict[str, RuleSetting] = {}
    for rule_id, entry in (data.get("rules") or {}).items():
        if rule_id in bad_rules:
            rules[rule_id] = RuleSetting(skipped=True)
            continue
        enforce_from = entry.get("enforce_from")
        rules[rule_id] = RuleSetting(
            enabled=entry.get("enabled"),
            severity=entry.get("severity"),
            enforce_from=date.fromisoformat(enforce_from) if enforce_from else None,
        )
    problems.sort(key=lambda p: p.line or 0)
    thresholds = replace(Thresholds(), **given)
    return Policy(file=file, thresholds=thresholds, rules=rules, custom_rules=custom), problems


def _custom_rules(
    data: Any, file: str, catalog: Catalog, bad: set[int], problems: list[Problem]
) -> list[CustomRuleSpec]:
    """The valid ``custom_rules`` in policy order, as plain definitions with their lines
    (the rules layer builds them into rules); a duplicated or built-in id is an error."""
    out: list[CustomRuleSpec] = []
    seen: set[str] = set()
    for i, entry in enumerate(data.get("custom_rules") or []):
        if i in bad:
            continue
        rule_id = entry["id"]
        line = line_of(data, ("custom_rules", i, "id"))
        if rule_id in RULE_IDS:
            problems.append(Problem(file, line, catalog("policy.custom_builtin", rule=rule_id)))
            continue
        if rule_id in seen:
            problems.append(Problem(file, line, catalog("policy.custom_duplicate", rule=rule_id)))
            continue
        stages = entry.get("stages")
        spec = CustomRuleSpec(
            id=rule_id,
            title=(entry.get("title") or rule_id).strip(),
            severity=entry["severity"],
            stages=frozenset(canonical_stage(s) or "" for s in stages) if stages else None,
            require=tuple(entry["require"]),
            why=(entry.get("why") or "").strip(),
            fix=(entry.get("fix") or "").strip(),
            line=line_of(data, ("custom_rules", i)),
        )
        seen.add(rule_id)
        out.append(spec)
    return out
