"""The team's own rules (policy.yaml ``custom_rules``): built as :class:`Rule` objects.

A team rule fails when any path of its ``require`` is absent, null, an empty string, an
empty list or an empty mapping; its message names the missing paths.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..domain import CustomRuleSpec, Policy
from ..i18n import LANGUAGES, Catalog
from ..problems import Problem
from .base import FAIL, PASS, ModelContext, Outcome, Rule, RuleDefinitionError, RuleText

_ABSENT = object()


def _split(path: str) -> tuple[str | int, ...]:
    return tuple(int(part) if part.isdigit() else part for part in path.split("."))


def value_at(data: Any, path: tuple[str | int, ...]) -> Any:
    """The value at a dotted path (list items by number), or a marker when absent."""
    node = data
    for key in path:
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, dict) and str(key) in node:
            node = node[str(key)]
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            return _ABSENT
    return node


def empty(value: Any) -> bool:
    """The contract's emptiness: absent, null, ``""``, ``[]`` or ``{}``."""
    return value is _ABSENT or value is None or (isinstance(value, str | list | dict) and not value)


def _checker(require: tuple[str, ...]) -> Callable[[ModelContext], Outcome]:
    paths = [(text, _split(text)) for text in require]

    def check(ctx: ModelContext) -> Outcome:
        missing = [(text, path) for text, path in paths if empty(value_at(ctx.manifest.data, path))]
        if missing:
            return Outcome(
                FAIL,
                "custom.missing",
                {"paths": ", ".join(text for text, _ in missing)},
                path=missing[0][1],
            )
        return Outcome(PASS, "custom.ok", {"paths": ", ".join(require)}, path=paths[0][1])

    return check


def example(require: tuple[str, ...]) -> str:
    """A manifest fragment (YAML) that gives every required path a value."""
    tree: dict[str, Any] = {}
    for path in require:
        node = tree
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        else:
            node.setdefault(leaf, "...")
    lines: list[str] = []

    def emit(node: dict[str, Any], depth: int) -> None:
        for key, value in node.items():
            if isinstance(value, dict):
                lines.append(f"{'  ' * depth}{key}:")
                emit(value, depth + 1)
            else:
                lines.append(f"{'  ' * depth}{key}: {value}")

    emit(tree, 0)
    return "\n".join(lines)


def custom_rule(spec: CustomRuleSpec) -> Rule:
    """The :class:`Rule` of a team rule; its texts are the team's, in every language."""
    text = RuleText(title=spec.title, why=spec.why, fix=spec.fix, messages={})
    return Rule(
        id=spec.id,
        severity=spec.severity,
        stages=spec.stages,
        section=None,
        location=tuple(str(p) for p in _split(spec.require[0])) if spec.require else (),
        example=example(spec.require),
        text={lang: text for lang in LANGUAGES},
        check=_checker(spec.require),
        team=True,
        require=spec.require,
    )


def custom_rules(policy: Policy, catalog: Catalog) -> tuple[tuple[Rule, ...], list[Problem]]:
    """The policy's custom rules in policy order, each through the one definition check
    every rule passes: a refused definition is an error naming policy.yaml and its line."""
    rules: list[Rule] = []
    problems: list[Problem] = []
    for spec in policy.custom_rules:
        try:
            rules.append(custom_rule(spec))
        except RuleDefinitionError as exc:
            file = policy.file or "policy.yaml"
            problems.append(Problem(file, spec.line, catalog("policy.custom_invalid", detail=exc)))
    return tuple(rules), problems
