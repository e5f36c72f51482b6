"""What a rule is: its definition, its documentation and its check, in one place.

A rule gets a :class:`ModelContext` of loaded objects (never files) and returns an
:class:`Outcome`. The evaluator applies stages, policy, waivers and severities, so a
rule only answers "does this model meet me, and why".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from typing import Any

from ..domain import Manifest, MonitoringSeries, Owners, Thresholds
from ..i18n import catalog

PASS = "pass"
FAIL = "fail"
NOT_APPLICABLE = "not-applicable"
WAIVED = "waived"


@dataclass(frozen=True)
class ModelContext:
    """Everything a rule may look at for one model."""

    manifest: Manifest
    series: MonitoringSeries | None
    owners: Owners
    thresholds: Thresholds
    as_of: date


@dataclass(frozen=True)
class Outcome:
    """A rule's answer: a status, a message key of the rule's texts, its parameters.

    ``path`` overrides the rule's ``location`` for the finding's line; ``periods`` are
    the monitoring periods the rule judged (pages mark them when it fails).
    """

    status: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    path: tuple[str | int, ...] | None = None
    periods: tuple[date, ...] = ()


@dataclass(frozen=True)
class RuleText:
    """A rule's documentation and finding messages in one language."""

    title: str
    why: str
    fix: str
    messages: dict[str, str]


@dataclass(frozen=True)
class Rule:
    """One playbook rule. ``stages`` is ``None`` for every stage."""

    id: str
    severity: str
    stages: frozenset[str] | None
    #: Anchor of the chapter section the rule comes from (``playbook/09-...md#<section>``).
    section: str
    #: Manifest field the rule's findings point at.
    location: tuple[str, ...]
    #: A compliant manifest fragment.
    example: str
    text: dict[str, RuleText]
    check: Callable[[ModelContext], Outcome]
    #: Stages in words for the docs when ``stages`` needs a qualifier.
    applies_note: str | None = None
    #: The check reads ``ctx.as_of``. The others give the same outcome for the same loaded
    #: files at any date, so evaluating those again at another date reuses it (the trend).
    dated: bool = False

    def applies_to(self, stage: str) -> bool:
        return self.stages is None or stage in self.stages

    def message(self, lang: str, outcome: Outcome) -> str:
        """The finding's sentence: the rule's own message, or a shared one from the catalog."""
        template = self.text[lang].messages.get(outcome.message)
        if template is None:
            return catalog(lang)(outcome.message, **outcome.params)
        return template.format(**outcome.params)


def present(value: Any) -> bool:
    """A value that says something: not None, not empty, not blank."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, dict):
        return any(present(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(present(v) for v in value)
    if is_dataclass(value):  # a manifest block: present when any of its fields is
        return any(present(getattr(value, f.name)) for f in fields(value))
    return True


def fmt(value: float) -> str:
    """A number as people write it in a message: whole numbers whole, others to 4 digits."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.4g}"
