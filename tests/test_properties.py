"""Property: whatever the registry holds, ``check`` reports it (issue 14).

Hypothesis writes registries of hostile manifests, owners.yaml, policy.yaml and
summaries (tags, huge and extreme numbers, control characters, markup, merge keys,
scalars where lists go, odd folder names) and runs ``check`` in every format. It must
never print a traceback, list every folder exactly once, exit 0 or 1 as the contract
says, and every output must parse as its consumer reads it. Bounded and derandomized:
the same examples on every run, a few seconds in all.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lifecycle_report.cli import main

FORMATS = ("json", "text", "github", "junit", "sarif")

#: Text that has broken something once: markup, template and terminal syntax.
NASTY = [
    "</title><script>alert(1)</script>",
    "\x1b[31m\x1b]0;t\x07",
    "line\nbreak\r\n::error::x",
    "{{ 7*7 }}{% raw %}",
    "]]><!--",
    "\u202eevil",
    "%0A%25",
    "ana.garcia",
    "produccion",
    "",
]
#: YAML snippets that do not construct or that bend the loader.
SNIPPETS = [
    '!!int "abc"',
    '!!float ""',
    "!!bool maybe",
    "9" * 500,
    "0x" + "f" * 600,
    "1.7e308",
    "-1.7e308",
    ".nan",
    "-.inf",
    "3.0",
    "[1, 2]",
    "{a: 1}",
    "1",
    "~",
    "!!binary AAAA",
    "!!set {a, b}",
    "&a [*a]",
    "!!python/object:os.system x",
    "'2026-02-30'",
]

scalars = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=12),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = [
    "name",
    "description",
    "stage",
    "owner",
    "team",
    "version",
    "links",
    "monitoring",
    "history",
    "waivers",
    "rollback",
    "previous_ids",
    "tags",
]


def _yaml_value(value: Any) -> str:
    """A value as YAML text: JSON where it can be, else a Python literal (still YAML-ish)."""
    try:
        return json.dumps(value, allow_nan=True)
    except (ValueError, TypeError):
        return repr(value)


@st.composite
def manifests(draw: st.DrawFn, folder: str) -> str:
    kind = draw(st.sampled_from(["structured", "snippets", "text"]))
    if kind == "text":
        return draw(st.text(max_size=60))
    lines = [f"id: {json.dumps(folder)}"] if draw(st.booleans()) else []
    if kind == "structured":
        base = {"name": "N", "description": "d", "stage": "produccion", "owner": "ana.garcia"}
        chosen = draw(st.dictionaries(st.sampled_from(FIELDS), values, max_size=5))
        for key, value in {**base, **chosen}.items():
            lines.append(f"{key}: {_yaml_value(value)}")
    else:
        for _ in range(draw(st.integers(1, 4))):
            key = draw(st.sampled_from([*FIELDS, "<<", "id"]))
            lines.append(f"{key}: {draw(st.sampled_from(SNIPPETS))}")
    return "\n".join(lines) + "\n"


OWNERS = """\
people:
  ana.garcia: {name: Ana, email: ana@example.com, team: riesgo}
teams:
  riesgo: {name: Riesgo}
"""


@st.composite
def owners_files(draw: st.DrawFn) -> str | None:
    kind = draw(st.sampled_from(["good", "hostile", "snippet", "none"]))
    if kind == "good":
        return OWNERS
    if kind == "none":
        return None
    if kind == "snippet":
        return f"people:\n  ana.garcia:\n    name: {draw(st.sampled_from(SNIPPETS))}\n"
    name = _yaml_value(draw(scalars))
    return OWNERS + f"  ana.garcia: {{name: {name}}}\n" + f"  x: {{name: {name}}}\n"


@st.composite
def policies(draw: st.DrawFn) -> str | None:
    kind = draw(st.sampled_from(["none", "numbers", "snippet"]))
    if kind == "none":
        return None
    keys = ["drift_max", "sustained_periods", "max_age_days", "baseline_periods", "error_rate_max"]
    key = draw(st.sampled_from(keys))
    if kind == "snippet":
        return f"thresholds:\n  {key}: {draw(st.sampled_from(SNIPPETS))}\n"
    return f"thresholds:\n  {key}: {_yaml_value(draw(scalars))}\n"


cells = st.one_of(
    st.sampled_from(
        ["", "0.8", "1.7e308", "-1.7e308", "nan", "1_000", "١٢", "abc", '"x"', "5e-324"]
    ),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)


@st.composite
def summaries(draw: st.DrawFn) -> str | None:
    if draw(st.booleans()):
        return None
    rows = ["date,performance,input_drift,volume,error_rate,output_min,output_max"]
    for week in range(draw(st.integers(0, 6))):
        day = draw(st.sampled_from([f"2026-10-{5 + week:02d}", "2026-02-30", "x", ""]))
        rows.append(",".join([day, *draw(st.lists(cells, min_size=6, max_size=6))]))
    return "\n".join(rows) + "\n"


folder_names = st.one_of(
    st.sampled_from(["scoring", "a", "x-1", 'x"y', "aB", "Ab", "<b>", "a b", "ñandú", "\x1b[1m"]),
    st.text(
        alphabet=st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
        min_size=1,
        max_size=12,
    ),
).filter(lambda name: not name.startswith(".") and len(name.encode()) < 120)


@st.composite
def registries(draw: st.DrawFn) -> dict[str, Any]:
    folders = draw(st.lists(folder_names, min_size=1, max_size=4, unique=True))
    models = {f: (draw(manifests(f)), draw(summaries())) for f in folders}
    return {
        "models": models,
        "owners": draw(owners_files()),
        "policy": draw(policies()),
        "bad_bytes_folder": draw(st.booleans()),
    }


def _write(root: Path, spec: dict[str, Any]) -> list[str]:
    """Write the registry; the model ids the report must list, one per folder."""
    (root / "models").mkdir(parents=True)
    if spec["owners"] is not None:
        (root / "owners.yaml").write_text(spec["owners"], "utf-8", errors="surrogateescape")
    if spec["policy"] is not None:
        (root / "policy.yaml").write_text(spec["policy"], "utf-8", errors="surrogateescape")
    expected = []
    for folder, (manifest, summary) in spec["models"].items():
        path = root / "models" / folder
        path.mkdir()
        (path / "model.yaml").write_text(manifest, "utf-8", errors="surrogateescape")
        if summary is not None:
            (path / "monitoring.csv").write_text(summary, "utf-8")
        expected.append(folder)
    if spec["bad_bytes_folder"]:
        os.mkdir(os.fsencode(root / "models") + b"/bad\xff")
        expected.append("bad\ufffd")
    return sorted(expected)


def _check(root: Path, fmt: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", "--registry", str(root), "--as-of", "2026-11-20", "--format", fmt])
    return code, out.getvalue(), err.getvalue()


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(registries())
def test_check_reports_any_registry(spec: dict[str, Any]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="lifecycle-prop-"))
    try:
        root = folder / "registry"
        expected = _write(root, spec)
        outputs = {}
        for fmt in FORMATS:
            code, out, err = _check(root, fmt)
            assert "Traceback" not in err and err == "", err
            assert code in (0, 1)
            outputs[fmt] = (code, out)
        code, out = outputs["json"]
        report = json.loads(out)
        assert sorted(m["id"] for m in report["models"]) == expected
        broken = any(m["status"] in ("fail", "invalid") for m in report["models"])
        assert code == (1 if broken or report["errors"] else 0)
        assert {c for c, _ in outputs.values()} == {code}  # every format, one verdict
        ET.fromstring(outputs["junit"][1])
        sarif = json.loads(outputs["sarif"][1])
        assert sarif["version"] == "2.1.0"
        github = outputs["github"][1].splitlines()
        assert all(line.startswith("::") for line in github[:-1])
        assert "\r" not in outputs["github"][1]
        assert "\x1b" not in outputs["text"][1] and "\x1b" not in outputs["github"][1]
    finally:
        shutil.rmtree(folder)
