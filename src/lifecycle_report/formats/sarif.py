"""SARIF 2.1.0 for code scanning: the rules as descriptors, failing findings as results.

Levels: ``must`` → ``error``, ``deseable`` → ``warning``, ``alerta`` → ``note``. Waived
findings are results with an accepted suppression (shown, never hidden). Loader errors are
results of the pseudo-rule ``invalid-manifest``. Each rule links to its page on the site,
``<site_url>/rules/<id>/``; without a site URL there is no ``helpUri`` (SARIF requires an
absolute URI there). Every result has its own ``partialFingerprints``, so code scanning
never merges two of them (it would merge two errors on the same file and line).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..report import Finding, ModelResult, Report
from .ci import LOAD_ERROR, LOAD_ERROR_TEXT, line_or_first, load_errors
from .options import FormatOptions

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
LEVELS = {"must": "error", "deseable": "warning", "alerta": "note"}
TOOL_NAME = "lifecycle-report"


#: Key of this tool's fingerprint in ``partialFingerprints`` (versioned, as SARIF advises).
FINGERPRINT = "lifecycleReport/v1"


def rule_url(site_url: str | None, rule_id: str) -> str | None:
    """The rule's page on the published site; ``None`` without a site URL."""
    base = (site_url or "").rstrip("/")
    return f"{base}/rules/{rule_id}/" if base else None


def fingerprint(*parts: str) -> dict[str, str]:
    """A stable identity for a result from what distinguishes it from every other."""
    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()
    return {FINGERPRINT: digest[:32]}


def _pascal(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.split("-"))


def _descriptor(
    rule_id: str,
    severity: str | None,
    texts: dict[str, str],
    site_url: str | None,
    enabled: bool = True,
    properties: dict[str, Any] | None = None,
) -> dict[str, Any]:
    configuration: dict[str, Any] = {"level": LEVELS[severity] if severity else "error"}
    if not enabled:
        configuration["enabled"] = False
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "name": _pascal(rule_id),
        "shortDescription": {"text": texts["title"]},
        "fullDescription": {"text": texts["why"]},
        "help": {"text": texts["fix"], "markdown": texts["fix"]},
        "defaultConfiguration": configuration,
    }
    url = rule_url(site_url, rule_id)
    if url is not None:
        descriptor["helpUri"] = url
    if severity is not None:
        descriptor["properties"] = {"severity": severity, **(properties or {})}
    return descriptor


def _descriptors(report: Report, options: FormatOptions) -> list[dict[str, Any]]:
    """Every rule (built-in, then the team's) at the severity policy.yaml gives it, then
    ``invalid-manifest``. A rule that starts later says from when in ``enforce_from``."""
    out = []
    for rule in report.rules:
        text = rule.text[options.lang]
        setting = report.registry.policy.rules.get(rule.id)
        severity = (setting.severity if setting else None) or rule.severity
        enabled = rule.enabled_by_default
        if setting is not None and setting.enabled is not None:
            enabled = setting.enabled
        properties: dict[str, Any] = {"team": True} if rule.team else {}
        later = report.enforce_from(rule.id)
        if later is not None:
            properties["enforce_from"] = later.isoformat()
        out.append(
            _descriptor(
                rule.id,
                severity,
                {"title": text.title, "why": text.why or text.title, "fix": text.fix or text.title},
                options.site_url,
                enabled=enabled,
                properties=properties,
            )
        )
    out.append(_descriptor(LOAD_ERROR, None, LOAD_ERROR_TEXT[options.lang], options.site_url))
    return out


def _uri(file: str) -> str:
    path = PurePosixPath(file)
    if path.is_absolute():
        return "file://" + quote(str(path), safe="/")
    return quote(str(path), safe="/")


def _location(file: str, line: int | None) -> list[dict[str, Any]]:
    return [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": _uri(file)},
                "region": {"startLine": line_or_first(line)},
            }
        }
    ]


def _finding_result(model: ModelResult, finding: Finding, index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": LEVELS.get(finding.counts_as, "warning"),
        "message": {"text": f"{model.id}: {finding.message}"},
        "locations": _location(finding.file, finding.line),
        "properties": {"model": model.id, "severity": finding.severity},
        # A rule is judged once per model: the pair is the finding's identity, whatever line
        # the field moves to.
        "partialFingerprints": fingerprint(finding.rule, model.id, finding.file),
    }
    if finding.enforce_from is not None:
        result["properties"]["enforce_from"] = finding.enforce_from.isoformat()
    if finding.status == "waived":
        waiver = finding.waiver
        suppression: dict[str, Any] = {"kind": "external", "status": "accepted"}
        if waiver is not None:
            suppression["justification"] = (
                f"{waiver.reason} ({waiver.approved_by}, {waiver.expires.isoformat()})"
            )
        result["suppressions"] = [suppression]
    return result


def render(report: Report, options: FormatOptions) -> str:
    rules = _descriptors(report, options)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results: list[dict[str, Any]] = []
    for model, problem in load_errors(report):
        results.append(
            {
                "ruleId": LOAD_ERROR,
                "ruleIndex": index[LOAD_ERROR],
                "level": "error",
                "message": {"text": (f"{model.id}: " if model else "") + problem.message},
                "locations": _location(problem.file, problem.line),
                **({"properties": {"model": model.id}} if model else {}),
                # Several errors can share a file and line (an unknown stage and an unknown
                # key on one line): the message tells them apart.
                "partialFingerprints": fingerprint(
                    LOAD_ERROR, problem.file, str(line_or_first(problem.line)), problem.message
                ),
            }
        )
    for model in report.models:
        for finding in model.findings:
            if finding.status in ("fail", "waived"):
                results.append(_finding_result(model, finding, index[finding.rule]))
    driver: dict[str, Any] = {
        "name": TOOL_NAME,
        "version": __version__,
        "semanticVersion": __version__,
        "rules": rules,
    }
    if options.site_url:
        driver["informationUri"] = options.site_url
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
