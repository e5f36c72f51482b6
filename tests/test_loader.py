"""Loading the registry: every problem names its file and line, and nothing disappears.

Each test writes a small registry into ``tmp_path`` (usually next to a good model, so we
also see that one bad file never hides the others) and asserts on the report's ``errors``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import AS_OF, GOOD_MODEL, HEADER, edit, finding, weekly_csv
from lifecycle_report.evaluate import evaluate
from lifecycle_report.load import load_registry

GOOD = GOOD_MODEL.format(id="m")
MINIMAL = "id: m\nname: M\ndescription: d\nstage: validacion\n"


def errors(report, file: str | Path) -> list[tuple[int | None, str]]:
    """(line, message) of every error of ``file``, in report order."""
    return [(e.line, e.message) for e in report.errors if e.file == str(file)]


def manifest_file(registry, model_id: str = "m") -> Path:
    return registry.root / "models" / model_id / "model.yaml"


def assert_invalid(registry, manifest: str | bytes, line: int | None, *words: str):
    """``manifest`` makes model ``m`` invalid with one error at ``line`` naming ``words``."""
    registry.model("good", csv=weekly_csv())
    registry.write("models/m/model.yaml", manifest)
    report = registry.evaluate()
    model = report.model("m")
    assert model is not None, "an invalid model must stay in the report"
    assert (model.status, model.name, model.stage, model.owner, model.findings) == (
        "invalid",
        None,
        None,
        None,
        [],
    )
    found = errors(report, manifest_file(registry))
    assert found, "the problem must be reported"
    assert found[0][0] == line, found
    for word in words:
        assert word in found[0][1], found
    assert report.model("good").status == "pass"
    return found


# --- YAML itself ----------------------------------------------------------------------


def test_yaml_syntax_error_names_file_and_line(registry):
    assert_invalid(
        registry, "id: m\nname: M\ndescription: [unclosed\nstage: produccion\n", 4, "YAML"
    )


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("id: m\nname: M\ndescription: [unclosed\nstage: produccion\n", 4, "una lista entre [ ]"),
        ("id: m\nname: a: b\n", 2, "un «:» donde no cabe"),
        ("id: m\nlinks:\n  runbook: x\n dashboard: y\n", 4, "la indentación no cuadra"),
        ('id: m\nname: "sin cerrar\n', 3, "antes de cerrar una comilla"),
    ],
)
def test_yaml_syntax_errors_are_explained_in_the_catalog_language(registry, text, line, expected):
    """PyYAML's own English never reaches a Spanish message."""
    found = assert_invalid(registry, text, line, "YAML inválido", expected)
    assert "expected" not in found[0][1] and "found" not in found[0][1]


def test_tab_indentation_is_explained_at_its_line(registry):
    assert_invalid(registry, "id: m\nname: M\nlinks:\n\trunbook: x\n", 4, "tabulador")


def test_duplicate_key_in_a_manifest_is_an_error_at_the_second_occurrence(registry):
    manifest = edit(GOOD, "team: riesgo\n", "team: riesgo\nowner: jorge.ramirez\n")
    assert_invalid(registry, manifest, 7, "owner", "duplicada")


def test_duplicate_nested_key_is_an_error_too(registry):
    manifest = edit(GOOD, "  kind: mlflow\n", "  kind: mlflow\n  kind: notebook\n")
    assert_invalid(registry, manifest, 10, "kind")


def test_python_tags_are_never_executed(registry, tmp_path):
    target = tmp_path / "pwned"
    manifest = (
        MINIMAL + f"description: !!python/object/apply:os.system ['touch {target}']\n"
    ).replace("description: d\n", "", 1)
    found = assert_invalid(registry, manifest, 4, "python/object/apply")
    assert not target.exists()
    assert len(found) == 1


def test_python_name_tag_is_refused_as_well(registry):
    assert_invalid(registry, MINIMAL + "tags: !!python/name:os.getcwd ''\n", 5, "python/name")


def test_several_yaml_documents_in_one_manifest_are_refused(registry):
    assert_invalid(registry, MINIMAL + "---\n" + MINIMAL, 5)


@pytest.mark.parametrize(
    ("text", "line"),
    [("", 1), ("# only a comment\n", 1), ("- id: m\n", 1), ("just text\n", 1)],
    ids=["empty", "comment", "list", "scalar"],
)
def test_a_manifest_must_be_a_mapping(registry, text, line):
    assert_invalid(registry, text, line)


def test_bom_and_crlf_manifests_load_with_the_right_lines(registry):
    crlf = "\ufeff" + edit(GOOD, "owner: ana.garcia\n", "owner: riesgo\n").replace("\n", "\r\n")
    registry.write("models/m/model.yaml", crlf.encode("utf-8"))
    registry.write("models/m/monitoring.csv", "\ufeff" + weekly_csv().replace("\n", "\r\n"))
    report = registry.evaluate()
    assert report.errors == []
    owner = finding(report, "m", "owner-explicit")
    assert (owner.status, owner.line) == ("fail", 5)
    assert report.model("m").name == "Scoring de crédito"
    assert finding(report, "m", "monitoring-fresh").status == "pass"


# --- invalid manifests ----------------------------------------------------------------


def test_unknown_top_level_key_is_a_typo_not_a_silent_pass(registry):
    manifest = edit(GOOD, "owner: ana.garcia\n", "ownr: ana.garcia\n")
    assert_invalid(registry, manifest, 5, "ownr")


def test_every_unknown_key_is_its_own_error(registry):
    found = assert_invalid(registry, MINIMAL + "ownr: a\nstatus: b\n", 5, "ownr")
    assert [line for line, _ in found] == [5, 6]
    assert "status" in found[1][1]


@pytest.mark.parametrize("field", ["id", "name", "description", "stage"])
def test_missing_required_field_makes_the_manifest_invalid(registry, field):
    manifest = "\n".join(line for line in MINIMAL.splitlines() if not line.startswith(field))
    # the key is absent: the error points at the enclosing block (the document, line 1)
    assert_invalid(registry, manifest + "\n", 1, field)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "''"),
        ("description", '"   "'),
        ("name", "42"),
        ("description", "[a, b]"),
        ("stage", "''"),
        ("name", ""),
    ],
)
def test_required_field_that_is_not_a_non_empty_string_makes_the_manifest_invalid(
    registry, field, value
):
    line = {"id": 1, "name": 2, "description": 3, "stage": 4}[field]
    manifest = MINIMAL.replace(f"{field}: ", f"{field}: {value} #", 1)
    assert_invalid(registry, manifest, line, field)


@pytest.mark.parametrize(
    "bad_id", ["Scoring", "scoring_credito", "scoring--credito", "-scoring", "a" * 65, "'123 '"]
)
def test_id_must_match_the_pattern(registry, bad_id):
    folder = bad_id.strip("'")
    registry.model("good", csv=weekly_csv())
    registry.write(f"models/{folder}/model.yaml", MINIMAL.replace("id: m", f"id: {bad_id}"))
    report = registry.evaluate()
    model = report.model(folder)
    assert model.status == "invalid"
    file = registry.root / "models" / folder / "model.yaml"
    assert [line for line, _ in errors(report, file)] == [1]
    assert "id" in errors(report, file)[0][1]


def test_id_must_equal_its_folder(registry):
    registry.model("good", csv=weekly_csv())
    registry.write("models/scoring-v2/model.yaml", MINIMAL.replace("id: m", "id: scoring"))
    report = registry.evaluate()
    assert report.model("scoring-v2").status == "invalid"
    assert report.model("scoring") is None
    ((line, message),) = errors(report, manifest_file(registry, "scoring-v2"))
    assert line == 1
    assert "scoring" in message and "scoring-v2" in message


def test_unknown_stage_is_invalid(registry):
    assert_invalid(registry, MINIMAL.replace("validacion", "produción"), 4, "produción")


@pytest.mark.parametrize(
    ("entry", "line", "word"),
    [
        ("  - {date: 2026-02-30, stage: validacion, decision: ok}\n", 6, "2026-02-30"),
        ("  - {date: 2026-13-01, stage: validacion, decision: ok}\n", 6, "2026-13-01"),
        ("  - {date: 05/01/2026, stage: validacion, decision: ok}\n", 6, "date"),
        ("  - {date: 2026-01-05, stage: validacion}\n", 6, "decision"),
        ("  - {date: 2026-01-05, stage: staging, decision: ok}\n", 6, "staging"),
        ("  - {date: 2026-01-05, stage: validacion, decision: ok, vote: 3}\n", 6, "vote"),
        ("  - validated on 2026-01-05\n", 6, "history[0]"),
    ],
    ids=[
        "impossible-date",
        "month-13",
        "not-iso",
        "no-decision",
        "bad-stage",
        "unknown-key",
        "not-a-mapping",
    ],
)
def test_malformed_history_entry_makes_the_manifest_invalid(registry, entry, line, word):
    assert_invalid(registry, MINIMAL + "history:\n" + entry, line, word)


def test_history_error_points_at_the_entry_line(registry):
    history = (
        "history:\n"
        "  - date: 2026-01-05\n"
        "    stage: validacion\n"
        "    decision: ok\n"
        "  - date: 2026-02-30\n"
        "    stage: validacion\n"
        "    decision: ok\n"
    )
    assert_invalid(registry, MINIMAL + history, 9, "2026-02-30")


WAIVER = (
    "waivers:\n  -\n    rule: tracking\n    reason: r\n    approved_by: ana.garcia\n"
    "    expires: {}\n"
)


@pytest.mark.parametrize("missing", ["rule", "reason", "approved_by", "expires"])
def test_waiver_lacking_a_field_makes_the_manifest_invalid(registry, missing):
    waiver = "\n".join(
        line for line in WAIVER.format("2026-12-31").splitlines() if f"{missing}:" not in line
    )
    assert_invalid(registry, MINIMAL + waiver + "\n", 7, missing)  # the waiver's first line


@pytest.mark.parametrize("expires", ["2026-02-30", "soon", "2026/12/31", "''"])
def test_waiver_with_unparseable_expires_makes_the_manifest_invalid(registry, expires):
    found = assert_invalid(registry, MINIMAL + WAIVER.format(expires), 10, "expires")
    assert len(found) == 1


def test_wrongly_typed_optional_field_is_an_error_but_the_model_is_evaluated(registry):
    manifest = edit(GOOD, "  output_range: [0, 1]\n", '  output_range: ["cero", 1]\n')
    registry.model("m", manifest, weekly_csv(output_max=[5]))
    report = registry.evaluate()
    assert report.model("m").status == "pass"
    assert finding(report, "m", "output-out-of-range").status == "not-applicable"
    ((line, message),) = errors(report, manifest_file(registry))
    assert line == 27 and "output_range" in message


def test_non_finite_threshold_is_an_error_and_never_a_silent_pass(registry):
    manifest = edit(GOOD, "  output_range: [0, 1]\n", "  output_range: [0, 1]\n  drift_max: .nan\n")
    registry.model("m", manifest, weekly_csv(input_drift=[0.9]))
    report = registry.evaluate()
    assert [line for line, _ in errors(report, manifest_file(registry))] == [28]
    assert finding(report, "m", "input-drift").status == "fail"  # the default 0.25 applies


# --- folders --------------------------------------------------------------------------


def test_one_invalid_manifest_never_hides_the_others(registry):
    registry.model("a-good", csv=weekly_csv())
    registry.write("models/b-broken/model.yaml", "id: b-broken\nname: [\n")
    registry.model("c-good", csv=weekly_csv())
    report = registry.evaluate()
    assert [(m.id, m.status) for m in report.models] == [
        ("a-good", "pass"),
        ("b-broken", "invalid"),
        ("c-good", "pass"),
    ]
    assert {e.file for e in report.errors} == {str(manifest_file(registry, "b-broken"))}


def test_folder_without_model_yaml_appears_as_invalid(registry):
    registry.model("good", csv=weekly_csv())
    registry.write("models/empty-folder/notes.txt", "todo")
    report = registry.evaluate()
    model = report.model("empty-folder")
    assert (model.status, model.url, model.findings) == ("invalid", "models/empty-folder/", [])
    ((line, message),) = errors(report, manifest_file(registry, "empty-folder"))
    assert line is None and "model.yaml" in message


def test_file_paths_are_as_reached_from_the_registry_argument(registry, monkeypatch):
    registry.write("models/m/model.yaml", MINIMAL + "ownr: x\n")
    monkeypatch.chdir(registry.root.parent)
    for argument in ("registry", "./registry", "registry/"):
        report = evaluate(load_registry(argument), AS_OF)
        assert [e.file for e in report.errors] == ["registry/models/m/model.yaml"], argument


# --- monitoring.csv -------------------------------------------------------------------

ROW = "2026-11-16,0.78,0.05,1000,0.004,0.01,0.98"


@pytest.mark.parametrize(
    ("csv", "line", "word"),
    [
        ("", 1, "vacío"),
        ("\n\n", 1, "vacío"),
        ("day,performance,input_drift,volume,error_rate\n2026-11-16,0.7,0.1,10,0.01\n", 1, "date"),
        (
            f"{HEADER}\n2026-11-09,0.7,0.1,10,0.01,0,1\n{ROW}\n2026-11-09,0.7,0.1,10,0.01,0,1\n",
            4,
            "2026-11-09",
        ),
        (f"{HEADER}\n{ROW}\n2026-11-23,0.7,0.1,many,0.01,0,1\n", 3, "many"),
        (f"{HEADER}\n{ROW}\n2026-11-23,0.7,NaN,10,0.01,0,1\n", 3, "NaN"),
        (f"{HEADER}\n{ROW}\n2026-11-23,0.7,0.1,10,inf,0,1\n", 3, "inf"),
        (f"{HEADER}\n{ROW}\n2026-11-23,0.7,0.1,10,0.01,-Infinity,1\n", 3, "Infinity"),
        (f"{HEADER}\n{ROW}\n23/11/2026,0.7,0.1,10,0.01,0,1\n", 3, "23/11/2026"),
        (f"{HEADER}\n{ROW}\n2026-02-30,0.7,0.1,10,0.01,0,1\n", 3, "2026-02-30"),
        (f"{HEADER}\n{ROW}\n,0.7,0.1,10,0.01,0,1\n", 3, "AAAA-MM-DD"),
        (f"{HEADER}\n\n{ROW}\n\n2026-11-23,0.7,0.1,10,1e999,0,1\n", 5, "1e999"),
    ],
    ids=[
        "empty",
        "blank-lines",
        "no-date-column",
        "duplicated-date",
        "text",
        "nan",
        "inf",
        "minus-infinity",
        "bad-date",
        "impossible-date",
        "empty-date",
        "line-counts-blanks",
    ],
)
def test_csv_error_names_the_csv_and_line_and_the_model_has_no_summary(registry, csv, line, word):
    registry.model("good", csv=weekly_csv())
    registry.model("m", GOOD, csv)
    report = registry.evaluate()
    csv_file = registry.root / "models/m/monitoring.csv"
    found = errors(report, csv_file)
    assert found and found[0][0] == line and word in found[0][1], found
    assert {e.file for e in report.errors} == {str(csv_file)}
    model = report.model("m")
    assert model.status == "fail"  # not invalid: evaluated as having no summary
    assert finding(report, "m", "monitoring-minimum").status == "fail"
    assert finding(report, "m", "monitoring-fresh").status == "not-applicable"
    assert report.model("good").status == "pass"


def test_csv_with_an_empty_cell_is_fine_and_extra_columns_are_allowed(registry):
    csv = weekly_csv(header=HEADER + ",notes", output_max=[0.9, None])
    registry.model("m", GOOD, csv)
    report = registry.evaluate()
    assert report.errors == []
    assert report.model("m").status == "pass"


NOTES = HEADER + ",notes"
LAYOUTS = {
    # One record per line, every row full: read column by column.
    "plain": [NOTES, "2026-11-02,0.7,0.1,10,0.01,0,1,a", "2026-11-09,0.8,0.2,20,0.02,0,1,b"],
    "crlf": [
        NOTES + "\r",
        "2026-11-02,0.7,0.1,10,0.01,0,1,a\r",
        "2026-11-09,0.8,0.2,20,0.02,0,1,b\r",
    ],
    # Anything else is read row by row; the lines must still be the physical ones.
    "blank-line": [
        NOTES,
        "",
        "2026-11-02,0.7,0.1,10,0.01,0,1,a",
        "",
        "2026-11-09,0.8,0.2,20,0.02,0,1,b",
    ],
    "empty-cells-row": [
        NOTES,
        ",,,,,,,",
        "2026-11-02,0.7,0.1,10,0.01,0,1,a",
        "2026-11-09,0.8,0.2,20,0.02,0,1,b",
    ],
    "short-row": [NOTES, "2026-11-02,0.7,0.1,10,0.01,0,1", "2026-11-09,0.8,0.2,20,0.02,0,1,b"],
    "quoted-line-break": [
        NOTES,
        '2026-11-02,0.7,0.1,10,0.01,0,1,"two',
        'lines"',
        "2026-11-09,0.8,0.2,20,0.02,0,1,b",
    ],
    "newest-first": [NOTES, "2026-11-09,0.8,0.2,20,0.02,0,1,b", "2026-11-02,0.7,0.1,10,0.01,0,1,a"],
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_summary_reads_the_same_whatever_its_layout_and_keeps_its_lines(registry, layout):
    lines = LAYOUTS[layout]
    registry.model("m", GOOD, "\n".join(lines) + "\n")
    registry.model("other", csv=weekly_csv())  # read in the same batch
    registry_data = load_registry(registry.root)
    assert registry_data.errors == []
    [entry] = [e for e in registry_data.models if e.folder == "m"]
    series = entry.series
    assert series is not None and entry.errors == []
    assert [d.isoformat() for d in series.dates] == ["2026-11-02", "2026-11-09"]
    assert series.values["performance"].tolist() == [0.7, 0.8]
    assert series.values["volume"].tolist() == [10.0, 20.0]
    # The line of each row is the physical line its date is written on.
    expected = [
        next(i for i, text in enumerate(lines, 1) if text.startswith(day))
        for day in ("2026-11-02", "2026-11-09")
    ]
    assert series.lines == expected


def test_dates_are_compared_without_their_spaces_and_named_as_written_inside(registry):
    csv = f"{HEADER}\n 2026-11-09,0.7,0.1,10,0.01,0,1\n{ROW}\n2026-11-09 ,0.7,0.1,10,0.01,0,1\n"
    registry.model("good", csv=weekly_csv())
    registry.model("m", GOOD, csv)
    report = registry.evaluate()
    [(line, message)] = errors(report, registry.root / "models/m/monitoring.csv")
    assert line == 4 and "2026-11-09" in message and "2026-11-09  " not in message
    assert report.model("good").status == "pass"


def test_year_zero_is_a_bad_date_not_a_crash(registry):
    # It matches YYYY-MM-DD, but no calendar day has year 0: it once raised a traceback.
    csv = f"{HEADER}\n{ROW}\n0000-01-05,0.7,0.1,10,0.01,0,1\n"
    registry.model("m", GOOD, csv)
    report = registry.evaluate()
    [(line, message)] = errors(report, registry.root / "models/m/monitoring.csv")
    assert line == 3 and "0000-01-05" in message
    assert report.model("m").status == "fail"


def test_a_number_cell_reads_the_same_whatever_other_summaries_hold(registry):
    # Files with one header are parsed together; one file's bad cell turns the column to
    # text, which must read every other file's cells the same way.
    clean = f"{HEADER}\n2026-11-02,0.7,0.1, 1e3 ,0.01,0,1\n{ROW}\n"
    registry.model("a", GOOD_MODEL.format(id="a"), clean)
    alone = load_registry(registry.root).models[0].series
    registry.model("b", GOOD_MODEL.format(id="b"), f"{HEADER}\n{ROW.replace(',1000,', ',n/a,')}\n")
    together = {e.id: e.series for e in load_registry(registry.root).models}
    assert together["b"] is None
    assert alone is not None and together["a"] is not None
    assert together["a"].values["volume"].tolist() == alone.values["volume"].tolist()
    assert together["a"].values["volume"][0] == 1000


@pytest.mark.parametrize(
    "cell",
    ["1_000", "١٠٠٠", "１０００", "nan", "NaN", "inf", "-inf", "Infinity", "1e999", "0x10", "true"],
)
def test_a_cell_python_or_pandas_would_read_as_a_number_is_an_error(registry, cell):
    # float() reads 1_000 and other scripts' digits; pandas reads inf and true: the
    # contract's numbers are ASCII decimals, finite, and nothing else.
    registry.model("good", csv=weekly_csv())
    registry.model("m", GOOD, f"{HEADER}\n{ROW.replace(',1000,', f',{cell},')}\n")
    report = registry.evaluate()
    [(line, message)] = errors(report, registry.root / "models/m/monitoring.csv")
    assert line == 2 and cell in message and "volume" in message
    assert finding(report, "m", "monitoring-minimum").status == "fail"
    assert report.model("good").status == "pass"


def test_a_number_cut_by_a_nul_byte_is_an_error(registry) -> None:
    # pandas' number parser stops at a NUL byte: "0.5\x00junk" must not read as 0.5.
    registry.model("good", csv=weekly_csv())
    cut = ROW.replace(",1000,", ",0.5\x00junk,")
    registry.model("m", GOOD, f"{HEADER}\n{cut}\n")
    report = registry.evaluate()
    [(line, message)] = errors(report, registry.root / "models/m/monitoring.csv")
    assert line == 2 and "NUL" in message
    assert finding(report, "m", "monitoring-minimum").status == "fail"


@pytest.mark.parametrize("day", ["２０２６-11-16", "2026-11-1", "2026-11-16T00:00", "20261116"])
def test_a_date_not_written_yyyy_mm_dd_in_ascii_is_an_error(registry, day):
    registry.model("m", GOOD, f"{HEADER}\n{ROW.replace('2026-11-16', day)}\n")
    report = registry.evaluate()
    [(line, message)] = errors(report, registry.root / "models/m/monitoring.csv")
    assert line == 2 and day in message


def test_a_date_centuries_back_is_sorted_first(registry):
    # Far outside the range of nanosecond timestamps (1677 to 2262).
    csv = f"{HEADER}\n{ROW}\n1500-01-05,0.7,0.1,10,0.01,0,1\n"
    registry.model("m", GOOD, csv)
    [entry] = load_registry(registry.root).models
    assert entry.series is not None
    assert [d.year for d in entry.series.dates] == [1500, 2026]
    assert entry.series.lines == [3, 2]


@pytest.mark.parametrize(
    "summary",
    [
        "../other/monitoring.csv",
        "../../other/monitoring.csv",
        "sub/../../other/monitoring.csv",
        "/etc/passwd",
    ],
)
def test_summary_path_escaping_the_model_folder_is_an_error_and_never_read(registry, summary):
    registry.write("models/other/model.yaml", GOOD_MODEL.format(id="other"))
    registry.write("models/other/monitoring.csv", weekly_csv())
    registry.write("other/monitoring.csv", weekly_csv())
    manifest = edit(GOOD, "monitoring:\n", f"monitoring:\n  summary: {summary}\n")
    registry.model("m", manifest)
    report = registry.evaluate()
    ((line, message),) = errors(report, manifest_file(registry))
    assert line == 24 and summary in message
    assert finding(report, "m", "monitoring-minimum").status == "fail"
    assert report.model("m").entry.series is None


def test_summary_reached_through_a_symbolic_link_is_an_error_and_never_read(registry, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text(weekly_csv(), "utf-8")
    registry.model("m", GOOD)
    os.symlink(outside, registry.root / "models/m/monitoring.csv")
    report = registry.evaluate()
    ((line, message),) = errors(report, manifest_file(registry))
    assert line == 23  # summary is not declared: the enclosing monitoring block
    assert "monitoring.csv" in message
    assert finding(report, "m", "monitoring-minimum").status == "fail"


def test_summary_inside_a_symlinked_folder_is_an_error_and_never_read(registry, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/weekly.csv").write_text(weekly_csv(), "utf-8")
    manifest = edit(GOOD, "monitoring:\n", "monitoring:\n  summary: data/weekly.csv\n")
    registry.model("m", manifest)
    os.symlink(tmp_path / "elsewhere", registry.root / "models/m/data")
    report = registry.evaluate()
    ((line, message),) = errors(report, manifest_file(registry))
    assert line == 24 and "data/weekly.csv" in message
    assert finding(report, "m", "monitoring-minimum").status == "fail"


def test_declared_summary_that_does_not_exist_is_an_error(registry):
    manifest = edit(GOOD, "monitoring:\n", "monitoring:\n  summary: weekly.csv\n")
    registry.model("m", manifest)
    report = registry.evaluate()
    ((line, message),) = errors(report, manifest_file(registry))
    assert line == 24 and "weekly.csv" in message


def test_absent_default_summary_is_not_an_error(registry):
    registry.model("m", GOOD)
    report = registry.evaluate()
    assert report.errors == []
    assert finding(report, "m", "monitoring-minimum").status == "fail"


# --- owners.yaml and policy.yaml ------------------------------------------------------


def owner_finding(registry, owners: str | None):
    if owners is None:
        (registry.root / "owners.yaml").unlink()
    else:
        registry.write("owners.yaml", owners)
    registry.model("m", GOOD, weekly_csv())
    report = registry.evaluate()
    return report, finding(report, "m", "owner-explicit")


OWNERS = "people:\n  ana.garcia:\n    name: Ana García\n"


def test_owners_yaml_loads_people(registry):
    report, owner = owner_finding(registry, OWNERS)
    assert (owner.status, report.errors) == ("pass", [])


@pytest.mark.parametrize(
    ("owners", "line", "word"),
    [
        (OWNERS + "  ana.garcia:\n    name: Otra Ana\n", 4, "ana.garcia"),
        (OWNERS + "    name: Ana G.\n", 4, "name"),
        (OWNERS + "  Ana Garcia:\n    name: x\n", 4, "Ana Garcia"),  # the key's own line
        (OWNERS + "  luis:\n    email: luis@example.com\n", 4, "name"),
        (OWNERS + "  luis:\n    name: Luis\n    active: no-se\n", 6, "active"),
        ("people:\n  ana.garcia: {name: [\n", 3, "YAML"),
        ("peple:\n  ana.garcia:\n    name: Ana\n", 1, "peple"),
        ("- ana.garcia\n", 1, "mapa"),
    ],
    ids=[
        "duplicate-person",
        "duplicate-field",
        "bad-person-id",
        "person-without-name",
        "bad-active",
        "syntax",
        "unknown-key",
        "not-a-mapping",
    ],
)
def test_broken_owners_yaml_is_an_error_and_the_directory_counts_as_empty(
    registry, owners, line, word
):
    report, owner = owner_finding(registry, owners)
    found = errors(report, registry.root / "owners.yaml")
    assert found and found[0][0] == line and word in found[0][1], found
    assert owner.status == "fail"  # ana.garcia is no longer a known person
    assert report.registry.owners.people == {}


def test_missing_owners_yaml_is_an_error_and_the_directory_is_empty(registry):
    report, owner = owner_finding(registry, None)
    assert [e.file for e in report.errors] == [str(registry.root / "owners.yaml")]
    assert owner.status == "fail"


def test_person_in_an_unknown_team_is_an_error_but_the_person_still_counts(registry):
    report, owner = owner_finding(registry, OWNERS + "    team: fantasma\n")
    assert errors(report, registry.root / "owners.yaml")[0][0] == 2
    assert owner.status == "pass"


@pytest.mark.parametrize(
    ("policy", "line", "word"),
    [
        ("thresholds:\n  drift_max: 0.01\n  drift_max: 0.02\n", 3, "drift_max"),
        ("thresholds:\n  drift_max: 0.01\n  drfit_max: 0.02\n", 3, "drfit_max"),
        ("thresholds:\n  drift_max: 0.01\n  max_age_days: -1\n", 3, "max_age_days"),
        (
            "thresholds:\n  drift_max: 0.01\nrules:\n  no-such-rule: {enabled: false}\n",
            4,  # the key's own line
            "no-such-rule",
        ),
        (
            "thresholds:\n  drift_max: 0.01\nrules:\n  tracking: {severity: critical}\n",
            4,
            "critical",
        ),
        ("thresholds:\n  drift_max: 0.01\n  error_rate_max: .inf\n", 3, "error_rate_max"),
        ("thresholds: [\n", 2, "YAML"),
    ],
    ids=[
        "duplicate-key",
        "unknown-key",
        "negative",
        "unknown-rule",
        "bad-severity",
        "infinite",
        "syntax",
    ],
)
def test_broken_policy_yaml_is_an_error_and_the_defaults_apply(registry, policy, line, word):
    registry.write("policy.yaml", policy)
    registry.model("m", GOOD, weekly_csv())  # drift 0.05: fails at 0.01, passes the 0.25 default
    report = registry.evaluate()
    found = errors(report, registry.root / "policy.yaml")
    assert found and found[0][0] == line and word in found[0][1], found
    assert finding(report, "m", "input-drift").status == "pass"


def test_valid_policy_applies(registry):
    registry.write("policy.yaml", "thresholds:\n  drift_max: 0.01\n")
    registry.model("m", GOOD, weekly_csv())
    report = registry.evaluate()
    assert report.errors == []
    assert finding(report, "m", "input-drift").status == "fail"


def test_inverted_output_range_is_an_error_and_is_ignored(registry):
    manifest = GOOD_MODEL.format(id="scoring").replace(
        "output_range: [0, 1]", "output_range: [1, 0]"
    )
    registry.model("scoring", manifest, csv=weekly_csv())
    report = registry.evaluate()
    [problem] = report.errors
    assert problem.file.endswith("models/scoring/model.yaml")
    assert problem.line == manifest.splitlines().index("  output_range: [1, 0]") + 1
    assert "output_range" in problem.message
    assert finding(report, "scoring", "output-out-of-range").status == "not-applicable"


def test_unclosed_quote_in_a_summary_is_a_csv_error_with_its_line(registry):
    text = weekly_csv(weeks=3).replace("\n2026-11-09,", '\n2026-11-09,"', 1)
    registry.model("scoring", csv=text)
    report = registry.evaluate()
    [problem] = report.errors
    assert problem.file.endswith("models/scoring/monitoring.csv")
    assert problem.line == 4
    assert finding(report, "scoring", "monitoring-minimum").status == "fail"
    assert report.model("scoring").status == "fail"


def test_a_numeric_person_id_is_refused_at_its_line(registry):
    registry.write(
        "owners.yaml", "people:\n  ana.garcia:\n    name: Ana\n  123:\n    name: Número\n"
    )
    registry.model("scoring", csv=weekly_csv())
    report = registry.evaluate()
    [problem] = report.errors
    assert (problem.file.endswith("owners.yaml"), problem.line) == (True, 4)
    assert "123" in problem.message
    assert (
        finding(report, "scoring", "owner-explicit").status == "fail"
    )  # directory counts as empty


def test_a_load_cache_never_serves_a_stale_model(registry) -> None:
    """`make serve` reloads through a LoadCache after each edit: whatever it reuses, the
    report is the one a fresh load gives, for every kind of edit."""
    from lifecycle_report.formats import FORMATS, FormatOptions
    from lifecycle_report.load import LoadCache

    cache = LoadCache()

    def report() -> str:
        cached = FORMATS["json"](evaluate(cache.load(registry.root), AS_OF), FormatOptions())
        fresh = FORMATS["json"](registry.evaluate(), FormatOptions())
        assert cached == fresh
        return cached

    registry.model("a", csv=weekly_csv())
    registry.model("b", csv=weekly_csv())
    assert '"id": "b"' in report()
    # A summary edited (not its manifest): its model judged on the new data.
    registry.write("models/a/monitoring.csv", weekly_csv(performance=[0.5, 0.5, 0.5]))
    assert (
        "performance-drop" in report()
        and finding(evaluate(cache.load(registry.root), AS_OF), "a", "performance-drop").status
        == "fail"
    )
    # A manifest broken, a model added, one deleted, owners.yaml and policy.yaml edited.
    registry.write("models/b/model.yaml", "id: b\nstage: [\n")
    registry.model("c", csv=weekly_csv())
    registry.write("owners.yaml", (registry.root / "owners.yaml").read_text("utf-8") + "\n")
    registry.write("policy.yaml", "thresholds:\n  error_rate_max: 0.001\n")
    text = report()
    assert '"id": "c"' in text and "error-increase" in text
    (registry.root / "models" / "c" / "model.yaml").unlink()
    (registry.root / "models" / "c" / "monitoring.csv").unlink()
    (registry.root / "models" / "c").rmdir()
    assert '"id": "c"' not in report()
