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
from ..i18n import LANGUAGES, catalog
from ..rule_ids import ID_PATTERN
from ..stages import STAGES

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
class Citation:
    """Guidance a rule is evidence for: which part of it (in words) and where to read it."""

    label: str
    url: str


@dataclass(frozen=True)
class RuleText:
    """A rule's documentation and finding messages in one language."""

    title: str
    why: str
    fix: str
    messages: dict[str, str]
    #: External guidance the rule serves (only where the source supports it).
    sources: tuple[Citation, ...] = ()


#: Rule severities, strongest first.
SEVERITIES: tuple[str, ...] = ("must", "deseable", "alerta")
#: Anchors of the playbook chapter's sections a rule may come from (as MkDocs' ``toc``
#: slugifies its headings; a site test checks each exists in the chapter).
SECTIONS: dict[str, str] = {
    "must-ownership-claro": "🔒 MUST · Ownership claro",
    "must-monitoreo-minimo-esperado": "🔒 MUST · Monitoreo mínimo esperado",
    "deseable-tracking-y-herramientas": "🌱 DESEABLE · Tracking y herramientas",
    "antipatrones-senales-de-alerta": "Antipatrones (señales de alerta)",
    "data-drift-y-performance-sin-obsesion": "Data drift y performance (sin obsesión)",
    "validacion": "Validación",
    "pre-produccion": "Pre-producción",
    "produccion": "Producción",
    "monitoreo": "Monitoreo",
    "retirada": "Retirada",
    "cierre": "Cierre",
}


class RuleDefinitionError(ValueError):
    """A rule definition that cannot be used (wrong severity, stage, section, id...)."""


@dataclass(frozen=True)
class Rule:
    """One rule, built-in or the team's: its definition, documentation and check.

    The definition is validated when it is built (:class:`RuleDefinitionError`), so a
    wrong severity, stage or section never reaches a report or a page.
    """

    id: str
    severity: str
    #: Canonical stages where the rule is evaluated; ``None`` for every stage.
    stages: frozenset[str] | None
    #: Anchor of the chapter section the rule comes from (``playbook/09-...md#<section>``);
    #: ``None`` only for the team's own rules.
    section: str | None
    #: Manifest field the rule's findings point at.
    location: tuple[str, ...]
    #: A compliant manifest fragment (YAML).
    example: str
    text: dict[str, RuleText]
    check: Callable[[ModelContext], Outcome]
    #: Stages in words for the docs when ``stages`` needs a qualifier.
    applies_note: str | None = None
    #: The check reads ``ctx.as_of``. The others give the same outcome for the same loaded
    #: files at any date, so evaluating those again at another date reuses it (the trend).
    dated: bool = False
    #: Off unless policy.yaml enables it (``rules: {<id>: {enabled: true}}``).
    enabled_by_default: bool = True
    #: The team's own rule (``custom_rules`` in policy.yaml), not the playbook's.
    team: bool = False
    #: A team rule's dotted manifest paths that must hold a value.
    require: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        problems = []
        if not ID_PATTERN.fullmatch(self.id) or len(self.id) > 64:
            problems.append(f"id {self.id!r} is not a lower-case kebab-case id")
        if self.severity not in SEVERITIES:
            problems.append(f"severity {self.severity!r} is not one of {', '.join(SEVERITIES)}")
        unknown = sorted(set(self.stages or ()) - set(STAGES))
        if unknown or (self.stages is not None and not self.stages):
            problems.append(f"stages {unknown or '[]'} are not canonical stages")
        if self.section is None and not self.team:
            problems.append("a playbook rule needs the chapter section it comes from")
        if self.section is not None and self.section not in SECTIONS:
            problems.append(f"section {self.section!r} is not a section of the chapter")
        if self.team and not self.require:
            problems.append("a team rule needs at least one path in require")
        missing = [lang for lang in LANGUAGES if lang not in self.text]
        if missing:
            problems.append(f"texts missing for {', '.join(missing)}")
        if any(not text.title.strip() for text in self.text.values()):
            problems.append("a title is empty")
        if problems:
            raise RuleDefinitionError(f"rule {self.id}: " + "; ".join(problems))

    def applies_to(self, stage: str) -> bool:
        return self.stages is None or stage in self.stages

    def message(self, lang: str, outcome: Outcome) -> str:
        """The finding's sentence: the rule's own message, or a shared one from the catalog."""
        template = self.text[lang].messages.get(outcome.message)
        messages = catalog(lang)
        # Stages read as prose: "Producción", never the id "produccion".
        params = {
            key: messages(f"stage.{value}") if key in STAGE_PARAMS and value in STAGES else value
            for key, value in outcome.params.items()
        }
        if template is None:
            return messages(outcome.message, **params)
        return template.format(**params)


#: Message parameters that hold a stage id.
STAGE_PARAMS = frozenset({"stage", "recorded"})


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
