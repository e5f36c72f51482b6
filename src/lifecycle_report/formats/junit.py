"""JUnit XML: one test suite per model, one test case per (model, rule).

``fail`` is a ``<failure>``, ``not-applicable`` a ``<skipped>``, ``waived`` a passed case
whose ``<system-out>`` names the waiver. Loader errors are an ``invalid-manifest`` case
with an ``<error>``: in the model's suite, or in a ``registry/`` suite for owners.yaml and
policy.yaml. The output has no timestamps, so one report always renders the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..problems import Problem
from ..report import Finding, ModelResult, Report
from .ci import LOAD_ERROR, line_or_first, load_errors
from .options import FormatOptions

#: Characters XML 1.0 cannot carry, even escaped (YAML can: ``"\x07"``).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: Suite of owners.yaml and policy.yaml errors; the slash keeps it apart from any model id.
REGISTRY_SUITE = "registry/"


def xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _where(file: str, line: int | None) -> str:
    return f"{file}:{line_or_first(line)}"


def _finding_case(suite: ET.Element, classname: str, finding: Finding) -> None:
    case = ET.SubElement(suite, "testcase", name=finding.rule, classname=classname)
    message = xml_text(finding.message)
    if finding.status == "fail":
        failure = ET.SubElement(case, "failure", message=message, type=finding.severity)
        failure.text = f"{_where(finding.file, finding.line)}\n{message}"
    elif finding.status == "not-applicable":
        ET.SubElement(case, "skipped", message=message)
    elif finding.status == "waived":
        out = ET.SubElement(case, "system-out")
        out.text = f"waived: {_where(finding.file, finding.line)}\n{message}"


def _error_case(suite: ET.Element, classname: str, problems: list[Problem]) -> None:
    case = ET.SubElement(suite, "testcase", name=LOAD_ERROR, classname=classname)
    error = ET.SubElement(case, "error", message=xml_text(problems[0].message), type=LOAD_ERROR)
    error.text = "\n".join(xml_text(f"{_where(p.file, p.line)} {p.message}") for p in problems)


def _count(suite: ET.Element) -> dict[str, int]:
    cases = suite.findall("testcase")
    return {
        "tests": len(cases),
        "failures": sum(c.find("failure") is not None for c in cases),
        "errors": sum(c.find("error") is not None for c in cases),
        "skipped": sum(c.find("skipped") is not None for c in cases),
    }


def _suite(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(parent, "testsuite", name=name)


def render(report: Report, options: FormatOptions) -> str:
    root = ET.Element("testsuites", name="lifecycle-report")
    errors_of: dict[str, list[Problem]] = {}
    registry_errors: list[Problem] = []
    for model, problem in load_errors(report):
        if model is None:
            registry_errors.append(problem)
        else:
            errors_of.setdefault(model.id, []).append(problem)
    if registry_errors:
        _error_case(_suite(root, REGISTRY_SUITE), REGISTRY_SUITE, registry_errors)
    for model in report.models:
        _model_suite(root, model, errors_of.get(model.id, []))
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in root.findall("testsuite"):
        counts = _count(suite)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _model_suite(root: ET.Element, model: ModelResult, problems: list[Problem]) -> None:
    suite = _suite(root, model.id)
    if problems:
        _error_case(suite, model.id, problems)
    for finding in model.findings:
        _finding_case(suite, model.id, finding)
