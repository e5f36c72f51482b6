"""A corpus of bad registry input: each case is small, and says what it should emit.

Every case writes a few files next to a good model and expects one error entry: a piece
of its message, the file (relative to the registry root) and the line. For every case we
also check that the good model is still evaluated normally, that the broken model stays
in the report, and that ``lifecycle-report check`` exits 1 without a traceback.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

import pytest

from conftest import GOOD_MODEL, HEADER, OWNERS, edit, finding, weekly_csv
from lifecycle_report.cli import main
from lifecycle_report.rules import RULES

BAD = GOOD_MODEL.format(id="bad")
MINIMAL = "id: bad\nname: Bad\ndescription: d\nstage: validacion\n"
ROW = "2026-11-16,0.78,0.05,1000,0.004,0.01,0.98"


def manifest(text: str, folder: str = "bad") -> dict[str, str | bytes]:
    return {f"models/{folder}/model.yaml": text}


def summary(csv: str | bytes) -> dict[str, str | bytes]:
    return {"models/bad/model.yaml": BAD, "models/bad/monitoring.csv": csv}


def billion_laughs() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "id: bad\n" + "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, Any]
    message: str
    file: str
    line: int | None
    #: The model the case breaks, and its expected status (``None``: no model is broken).
    model: str | None = "bad"
    status: str = "invalid"
    #: The good model's status: ``fail`` when the owner directory is broken.
    good: str = "pass"


M = "models/bad/model.yaml"
C = "models/bad/monitoring.csv"

CASES = [
    # -- YAML that cannot be read
    Case(
        "yaml-syntax",
        manifest("id: bad\nname: Bad\ndescription: [oops\nstage: produccion\n"),
        "YAML inválido",
        M,
        4,
    ),
    Case("tab-indentation", manifest(MINIMAL + "links:\n\trunbook: x\n"), "tabulador", M, 6),
    Case("duplicate-key", manifest(MINIMAL + "name: Otra\n"), "«name»", M, 5),
    Case("several-documents", manifest(MINIMAL + "---\nid: other\n"), "varios documentos", M, 5),
    Case(
        "python-tag",
        manifest(MINIMAL + "tags: !!python/object/apply:os.getcwd []\n"),
        "python/object/apply",
        M,
        5,
    ),
    Case("alias-bomb", manifest(billion_laughs()), "demasiado grande", M, 1),
    Case("recursive-alias", manifest(MINIMAL + "tags: &t [*t]\n"), "anidado", M, 5),
    Case(
        "deep-nesting", manifest(MINIMAL + "links: " + "[" * 60 + "]" * 60 + "\n"), "anidado", M, 5
    ),
    Case(
        "very-deep-nesting",
        manifest(MINIMAL + "links: " + "[" * 20000 + "]" * 20000 + "\n"),
        "YAML inválido",
        M,
        5,
    ),
    Case(
        "invalid-utf8",
        manifest(b"id: bad\nname: Bad\ndescription: caf\xe9\nstage: validacion\n"),
        "UTF-8",
        M,
        3,
    ),
    Case("utf16", manifest(MINIMAL.encode("utf-16")), "UTF-8", M, 1),
    Case("control-character", manifest(MINIMAL + "owner: ana\x00garcia\n"), "U+0000", M, 5),
    Case("unhashable-key", manifest(MINIMAL + "? [a, b]\n: 1\n"), "YAML inválido", M, 5),
    Case(
        "huge-file",
        manifest(MINIMAL + "tags: [" + "x, " * 400_000 + "x]\n"),
        "demasiado grande",
        M,
        None,
    ),
    Case("not-a-mapping", manifest("- id: bad\n- name: Bad\n"), "mapa", M, 1),
    Case("empty-manifest", manifest(""), "vacío", M, 1),
    Case(
        "manifest-is-a-folder", {"models/bad/model.yaml/x": "x"}, "no es un archivo normal", M, None
    ),
    Case("no-manifest", {"models/bad/README.md": "todo"}, "model.yaml", M, None),
    # -- manifests that load but break the contract
    Case(
        "unknown-key",
        manifest(edit(BAD, "owner: ana.garcia\n", "ownr: ana.garcia\n")),
        "ownr",
        M,
        5,
    ),
    Case("missing-name", manifest("id: bad\ndescription: d\nstage: validacion\n"), "name", M, 1),
    Case(
        "blank-description",
        manifest(MINIMAL.replace("description: d", "description: ' '")),
        "description",
        M,
        3,
    ),
    Case("huge-id", manifest(MINIMAL.replace("id: bad", "id: " + "b" * 5000)), "64", M, 1),
    Case("id-not-folder", manifest(MINIMAL.replace("id: bad", "id: good")), "«good»", M, 1),
    Case(
        "id-with-dotdot",
        manifest(MINIMAL.replace("id: bad", "id: a..b"), "a..b"),
        "«id»",
        "models/a..b/model.yaml",
        1,
        model="a..b",
    ),
    Case("id-with-slash", manifest(MINIMAL.replace("id: bad", "id: ../bad")), "«id»", M, 1),
    Case(
        "uppercase-folder",
        manifest(MINIMAL.replace("id: bad", "id: scoring"), "Scoring"),
        "«Scoring»",
        "models/Scoring/model.yaml",
        1,
        model="Scoring",
    ),
    Case(
        "space-in-folder",
        manifest(MINIMAL.replace("id: bad", "id: my model"), "my model"),
        "«id»",
        "models/my model/model.yaml",
        1,
        model="my model",
    ),
    Case("unknown-stage", manifest(MINIMAL.replace("validacion", "staging")), "staging", M, 4),
    Case(
        "impossible-history-date",
        manifest(MINIMAL + "history:\n  - {date: 2026-02-30, stage: validacion, decision: ok}\n"),
        "2026-02-30",
        M,
        6,
    ),
    Case("history-not-a-list", manifest(MINIMAL + "history: aprobado en enero\n"), "history", M, 5),
    Case(
        "waiver-without-approver",
        manifest(MINIMAL + "waivers:\n  - {rule: tracking, reason: r, expires: 2026-12-31}\n"),
        "approved_by",
        M,
        6,
    ),
    Case(
        "waiver-bad-expires",
        manifest(
            MINIMAL + "waivers:\n  - {rule: tracking, reason: r, approved_by: a, expires: pronto}\n"
        ),
        "pronto",
        M,
        6,
    ),
    # -- monitoring summaries: an error, the model is evaluated without a summary
    Case("csv-empty", summary(""), "vacío", C, 1, status="fail"),
    Case("csv-headerless", summary(ROW + "\n"), "date", C, 1, status="fail"),
    Case(
        "csv-no-date-column", summary("week,volume\n2026-11-16,10\n"), "date", C, 1, status="fail"
    ),
    Case(
        "csv-duplicated-date",
        summary(f"{HEADER}\n{ROW}\n{ROW}\n"),
        "2026-11-16",
        C,
        3,
        status="fail",
    ),
    Case(
        "csv-text-cell",
        summary(f"{HEADER}\n{ROW.replace('1000', 'mil')}\n"),
        "mil",
        C,
        2,
        status="fail",
    ),
    Case(
        "csv-nan", summary(f"{HEADER}\n{ROW.replace('0.78', 'nan')}\n"), "nan", C, 2, status="fail"
    ),
    Case(
        "csv-inf", summary(f"{HEADER}\n{ROW.replace('0.004', 'inf')}\n"), "inf", C, 2, status="fail"
    ),
    Case(
        "csv-bad-date",
        summary(f"{HEADER}\n{ROW.replace('2026-11-16', '16/11/2026')}\n"),
        "16/11/2026",
        C,
        2,
        status="fail",
    ),
    Case("csv-too-many-cells", summary(f"{HEADER}\n{ROW},9\n"), "8", C, 2, status="fail"),
    Case(
        "csv-invalid-utf8",
        summary(f"{HEADER}\n{ROW}\n".encode() + b"2026-11-23,\xff\n"),
        "UTF-8",
        C,
        3,
        status="fail",
    ),
    Case(
        "csv-huge-cell",
        summary(f"{HEADER}\n{ROW.replace('1000', '9' * 100_000)}\n"),
        "volume",
        C,
        2,
        status="fail",
    ),
    Case(
        "summary-escapes",
        {M: edit(BAD, "monitoring:\n", "monitoring:\n  summary: ../good/monitoring.csv\n")},
        "../good/monitoring.csv",
        M,
        24,
        status="fail",
    ),
    # -- owners.yaml and policy.yaml
    Case(
        "owners-duplicate-person",
        {"owners.yaml": OWNERS.replace("teams:", "  ana.garcia:\n    name: Ana Bis\nteams:")},
        "ana.garcia",
        "owners.yaml",
        14,
        model=None,
        good="fail",
    ),
    Case(
        "owners-malformed",
        {"owners.yaml": "people: [ana.garcia, jorge.ramirez]\n"},
        "people",
        "owners.yaml",
        1,
        model=None,
        good="fail",
    ),
    Case(
        "owners-person-without-name",
        {"owners.yaml": "people:\n  ana.garcia:\n    email: ana@example.com\n"},
        "name",
        "owners.yaml",
        2,
        model=None,
        good="fail",
    ),
    Case(
        "owners-missing",
        {"owners.yaml": None},
        "owners.yaml",
        "owners.yaml",
        None,
        model=None,
        good="fail",
    ),
    Case(
        "policy-syntax",
        {"policy.yaml": "thresholds: {drift_max: 0.3\n"},
        "YAML",
        "policy.yaml",
        2,
        model=None,
    ),
    Case(
        "policy-unknown-threshold",
        {"policy.yaml": "thresholds:\n  drfit_max: 0.3\n"},
        "drfit_max",
        "policy.yaml",
        2,
        model=None,
    ),
    # -- hostile input (issue 14): each once crashed the whole report or vanished
    Case("tag-int-not-a-number", manifest(MINIMAL + 'version: !!int "abc"\n'), "!!int", M, 5),
    Case("tag-float-empty", manifest(MINIMAL + 'version: !!float ""\n'), "!!float", M, 5),
    Case("tag-bool-maybe", manifest(MINIMAL + "version: !!bool maybe\n"), "!!bool", M, 5),
    Case(
        "huge-integer",
        manifest(MINIMAL + "version: " + "9" * 5000 + "\n"),
        "demasiado grande",
        M,
        5,
    ),
    Case(
        "huge-hex", manifest(MINIMAL + "version: 0x" + "f" * 5000 + "\n"), "demasiado grande", M, 5
    ),
    Case("history-scalar", manifest(MINIMAL + "history: 1\n"), "«history»", M, 5),
    Case("waivers-scalar", manifest(MINIMAL + "waivers: x\n"), "«waivers»", M, 5),
    Case(
        "id-trailing-newline",
        manifest('id: "bad\\n"\nname: Bad\ndescription: d\nstage: validacion\n'),
        "«id»",
        M,
        1,
    ),
    Case(
        "policy-tag",
        {"policy.yaml": 'thresholds:\n  drift_max: !!float ""\n'},
        "!!float",
        "policy.yaml",
        2,
        model=None,
    ),
    Case(
        "owners-tag",
        {"owners.yaml": OWNERS.replace("name: Ana García", 'name: !!int "Ana"')},
        "!!int",
        "owners.yaml",
        3,
        model=None,
        good="fail",
    ),
    Case(
        "team-and-person",
        {"owners.yaml": OWNERS + "  jorge.ramirez:\n    name: Equipo Jorge\n"},
        "a la vez un equipo y una persona",
        "owners.yaml",
        OWNERS.count("\n") + 1,
        model=None,
    ),
    Case("fifo-manifest", {M: lambda path: os.mkfifo(path)}, "no es un archivo normal", M, None),
    Case(
        "dangling-symlink-folder",
        {"models/bad": lambda path: os.symlink("/nonexistent/lifecycle", path)},
        "enlace simbólico",
        "models/bad",
        None,
    ),
    Case(
        "looping-symlink-folder",
        {"models/bad": lambda path: os.symlink(path.name, path)},
        "enlace simbólico",
        "models/bad",
        None,
    ),
    Case(
        "plain-file-in-models",
        {"models/notas.txt": "x"},
        "sólo van carpetas",
        "models/notas.txt",
        None,
        model=None,
    ),
    Case(
        "hidden-folder-in-models",
        {"models/.bad/model.yaml": MINIMAL},
        "carpeta oculta",
        "models/.bad",
        None,
        model=None,
    ),
    Case(
        "folder-name-not-utf8",
        {"models/bad\udcff": lambda path: os.mkdir(path)},
        "no es UTF-8",
        "models/bad\ufffd",
        None,
        model="bad\ufffd",
    ),
]


def write_case(registry, case: Case) -> None:
    registry.model("good", csv=weekly_csv())
    for relative, content in case.files.items():
        path = registry.root / relative
        if content is None:
            path.unlink()
        elif callable(content):  # a FIFO, a symbolic link, a folder name in bytes
            path.parent.mkdir(parents=True, exist_ok=True)
            content(path)
        else:
            registry.write(relative, content)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_reported_at_its_file_and_line(registry, case):
    write_case(registry, case)
    report = registry.evaluate()
    expected_file = str(registry.root / case.file)
    found = [(e.line, e.message) for e in report.errors if e.file == expected_file]
    assert found, [(e.file, e.line, e.message) for e in report.errors]
    assert found[0][0] == case.line, found
    assert case.message in found[0][1], found

    good = report.model("good")
    assert good.status == case.good
    assert len(good.findings) == len(RULES)
    assert finding(report, "good", "monitoring-minimum").status == "pass"
    if case.model is not None:
        broken = report.model(case.model)
        assert broken is not None, "no model may disappear from the report"
        assert broken.status == case.status
        assert (len(broken.findings) == 0) == (case.status == "invalid")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cli_exits_1_without_traceback_on_bad_input(registry, case, capsys):
    write_case(registry, case)
    code = main(
        ["check", "--registry", str(registry.root), "--as-of", "2026-11-20", "--format", "json"]
    )
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in err and err == ""
    report = json.loads(out)
    ids = [m["id"] for m in report["models"]]
    assert "good" in ids
    if case.model is not None:
        assert case.model in ids
    assert any(e["file"] == str(registry.root / case.file) for e in report["errors"])


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30
    assert len({c.id for c in CASES}) == len(CASES)


# --- odd input that is valid ----------------------------------------------------------


def test_owner_as_a_list_is_not_invalid_but_fails_owner_explicit(registry):
    registry.model("good", csv=weekly_csv())
    registry.model(
        "bad",
        edit(BAD, "owner: ana.garcia\n", "owner: [ana.garcia, jorge.ramirez]\n"),
        weekly_csv(),
    )
    report = registry.evaluate()
    assert report.errors == []
    assert report.model("bad").status == "fail"
    owner = finding(report, "bad", "owner-explicit")
    assert (owner.status, owner.line) == ("fail", 5)


def test_unsorted_dates_are_valid_and_sorted_before_judging(registry):
    # Written newest first: the latest drift (0.9) is on the first data line.
    rows = [
        "2026-11-16,0.78,0.90,1000,0.004,0.01,0.98",
        "2026-10-26,0.78,0.01,1000,0.004,0.01,0.98",
        "2026-11-09,0.78,0.01,1000,0.004,0.01,0.98",
        "2026-11-02,0.78,0.01,1000,0.004,0.01,0.98",
    ]
    registry.model("bad", BAD, HEADER + "\n" + "\n".join(rows) + "\n")
    report = registry.evaluate()
    assert report.errors == []
    drift = finding(report, "bad", "input-drift")
    assert drift.status == "fail" and "0.9" in drift.message
    assert finding(report, "bad", "monitoring-fresh").status == "pass"


def test_a_large_but_reasonable_description_is_accepted(registry):
    registry.model(
        "bad",
        edit(
            BAD,
            "description: Probabilidad de impago a 12 meses.",
            "description: " + "palabra " * 20_000,
        ),
        weekly_csv(),
    )
    report = registry.evaluate()
    assert report.errors == []
    assert report.model("bad").status == "pass"
