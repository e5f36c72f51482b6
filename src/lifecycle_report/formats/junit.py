"""JUnit XML, written with junitparser: one test suite per model, one test case per rule.

``fail`` is a ``<failure>``, ``not-applicable`` a ``<skipped>``, ``waived`` a passed case
whose ``<system-out>`` names the waiver. Loader errors are an ``invalid-manifest`` case
with one ``<error>`` that carries every problem: in the model's suite, or in a
``registry/`` suite for owners.yaml and policy.yaml. Each case has the ``file`` and
``line`` attributes that test-report actions read to annotate the YAML line. The root
keeps to the attributes of the common JUnit XSD (Jenkins' ``junit-10.xsd``: no ``skipped``
there), and the output has no timestamps or durations, so one report always renders the
same bytes.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

from junitparser import Attr, Error, Failure, IntAttr, JUnitXml, Skipped, TestCase, TestSuite

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


class _Case(TestCase):
    """A test case pointing at the YAML line concerned (read by GitHub test-report actions)."""

    file = Attr()
    line = IntAttr()


def _where(file: str, line: int | None) -> str:
    return f"{file}:{line_or_first(line)}"


def _case(name: str, classname: str, file: str, line: int | None) -> _Case:
    case = _Case(xml_text(name), xml_text(classname))  # a folder name may hold \x1f
    case.file = xml_text(file)
    case.line = line_or_first(line)
    return case


def _finding_case(classname: str, finding: Finding) -> _Case:
    case = _case(finding.rule, classname, finding.file, finding.line)
    message = xml_text(finding.message)
    if finding.status == "fail":
        failure = Failure(message, finding.severity)
        failure.text = xml_text(f"{_where(finding.file, finding.line)}\n{message}")
        case.result = [failure]
    elif finding.status == "not-applicable":
        case.result = [Skipped(message)]
    elif finding.status == "waived":
        case.system_out = xml_text(f"waived: {_where(finding.file, finding.line)}\n{message}")
    return case


def _error_case(classname: str, problems: list[Problem]) -> _Case:
    """One case, one ``<error>``: its message joins every problem, its text lists each
    with its ``file:line``; the case points at the first."""
    first = problems[0]
    case = _case(LOAD_ERROR, classname, first.file, first.line)
    error = Error(xml_text("; ".join(p.message for p in problems)), LOAD_ERROR)
    error.text = "\n".join(xml_text(f"{_where(p.file, p.line)} {p.message}") for p in problems)
    case.result = [error]
    return case


def _suite(name: str, cases: list[_Case]) -> TestSuite:
    suite = TestSuite(xml_text(name))
    for case in cases:
        suite.append(case)
    # Counted here rather than by update_statistics(), which would add a time of 0.
    suite.tests = len(cases)
    suite.failures = sum(isinstance(r, Failure) for c in cases for r in c.result)
    suite.errors = sum(isinstance(r, Error) for c in cases for r in c.result)
    suite.skipped = sum(isinstance(r, Skipped) for c in cases for r in c.result)
    return suite


def render(report: Report, options: FormatOptions) -> str:
    errors_of: dict[str, list[Problem]] = {}
    registry_errors: list[Problem] = []
    for model, problem in load_errors(report):
        if model is None:
            registry_errors.append(problem)
        else:
            errors_of.setdefault(model.id, []).append(problem)
    suites = []
    if registry_errors:
        suites.append(_suite(REGISTRY_SUITE, [_error_case(REGISTRY_SUITE, registry_errors)]))
    suites.extend(_model_suite(model, errors_of.get(model.id, [])) for model in report.models)
    root = JUnitXml("lifecycle-report")
    for suite in suites:
        root.append(suite)
    root.tests = sum(s.tests for s in suites)
    root.failures = sum(s.failures for s in suites)
    root.errors = sum(s.errors for s in suites)
    return _serialise(root)


def _model_suite(model: ModelResult, problems: list[Problem]) -> TestSuite:
    cases = [_error_case(model.id, problems)] if problems else []
    cases.extend(_finding_case(model.id, finding) for finding in model.findings)
    return _suite(model.id, cases)


def _serialise(root: JUnitXml) -> str:
    """Indented UTF-8 XML. junitparser writes with lxml when it is installed, else with the
    standard library; indenting a standard-library copy gives the same bytes either way."""
    out = io.BytesIO()
    root.write(out)
    tree = ET.fromstring(out.getvalue())
    ET.indent(tree)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tree, encoding="unicode") + "\n"
