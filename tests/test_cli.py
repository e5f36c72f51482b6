"""``lifecycle-report check``: exit statuses, the evaluation date, and both output formats.

Runs :func:`lifecycle_report.cli.main` in-process on registries written into ``tmp_path``
(with the current directory set to their parent, so paths read as a user types them).
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from conftest import GOOD_MODEL, edit, weekly_csv
from lifecycle_report.cli import AS_OF_ENV, main

GOOD = GOOD_MODEL.format(id="{id}")


@pytest.fixture
def run(registry, monkeypatch, capsys):
    """``run(*args)`` → (exit status, stdout, stderr), from the registry's parent folder."""
    monkeypatch.chdir(registry.root.parent)
    monkeypatch.delenv(AS_OF_ENV, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)

    def _run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def check(*extra: str) -> list[str]:
    return ["check", "--registry", "registry", "--as-of", "2026-11-20", *extra]


def model(registry, model_id: str, manifest: str | None = None, csv: str | None = None) -> None:
    text = GOOD_MODEL.format(id=model_id) if manifest is None else manifest
    registry.model(model_id, text, weekly_csv() if csv is None else csv)


# --- exit status ----------------------------------------------------------------------


def test_exit_0_when_every_model_passes(registry, run):
    model(registry, "scoring")
    code, out, err = run(*check())
    assert (code, err) == (0, "")
    assert "scoring" in out


def test_exit_0_when_models_only_have_warnings(registry, run):
    model(
        registry,
        "scoring",
        edit(GOOD_MODEL.format(id="scoring"), "  strategy: volver a la versión anterior\n", ""),
    )
    assert run(*check())[0] == 0


@pytest.mark.parametrize(
    ("setup", "why"),
    [
        (
            lambda r: model(r, "m", edit(GOOD_MODEL.format(id="m"), "owner: ana.garcia\n", "")),
            "a must rule fails",
        ),
        (lambda r: r.write("models/m/model.yaml", "id: m\n"), "an invalid model"),
        (lambda r: r.write("policy.yaml", "thresholds: {drift_max: high}\n"), "an error only"),
        (lambda r: r.write("models/m/monitoring.csv", ""), "a CSV error only"),
    ],
)
def test_exit_1_for_failing_or_invalid_models_or_errors(registry, run, setup, why):
    model(registry, "scoring")
    if why == "a CSV error only":
        model(registry, "m")
    setup(registry)
    code, _, err = run(*check())
    assert code == 1, why
    assert err == ""


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["check", "--format", "xml"],
        ["check", "--no-such-flag"],
        ["inspect"],
    ],
)
def test_exit_2_for_usage_errors(registry, run, args):
    model(registry, "scoring")
    code, out, _ = run(*args)
    assert code == 2
    assert out == ""


@pytest.mark.parametrize("root", ["no-such-registry", "registry/owners.yaml"])
def test_exit_2_when_the_registry_root_cannot_be_read(registry, run, root):
    model(registry, "scoring")
    code, out, err = run("check", "--registry", root, "--as-of", "2026-11-20")
    assert code == 2
    assert out == ""
    assert root in err and "Traceback" not in err


# --- the evaluation date --------------------------------------------------------------


def as_of_of(out: str) -> str:
    return json.loads(out)["as_of"]


def test_as_of_flag_wins_over_the_environment(registry, run, monkeypatch):
    model(registry, "scoring")
    monkeypatch.setenv(AS_OF_ENV, "2027-06-01")
    code, out, _ = run(*check("--format", "json"))
    assert as_of_of(out) == "2026-11-20"
    assert code == 0  # judged at 2026-11-20, so the summary is fresh


def test_environment_sets_as_of_without_the_flag(registry, run, monkeypatch):
    model(registry, "scoring")
    monkeypatch.setenv(AS_OF_ENV, "2027-06-01")
    code, out, _ = run("check", "--registry", "registry", "--format", "json")
    assert as_of_of(out) == "2027-06-01"
    assert code == 1  # six months later the summary is stale: monitoring-fresh fails


def test_as_of_defaults_to_today(registry, run):
    model(registry, "scoring")
    _, out, _ = run("check", "--registry", "registry", "--format", "json")
    assert as_of_of(out) == date.today().isoformat()


@pytest.mark.parametrize(
    "value", ["2026-02-30", "20261120", "2026-11-20T00:00", "mañana", "26-11-20"]
)
def test_bad_as_of_flag_is_a_usage_error(registry, run, value):
    model(registry, "scoring")
    code, out, err = run("check", "--registry", "registry", "--as-of", value)
    assert code == 2
    assert out == ""
    assert value in err


def test_iso_week_date_is_not_accepted_as_as_of(registry, run):
    model(registry, "scoring")
    assert run("check", "--registry", "registry", "--as-of", "2026-W47-5")[0] == 2


def test_bad_as_of_environment_is_a_usage_error(registry, run, monkeypatch):
    model(registry, "scoring")
    monkeypatch.setenv(AS_OF_ENV, "next week")
    code, _, err = run("check", "--registry", "registry")
    assert code == 2
    assert AS_OF_ENV in err


# --- JSON -----------------------------------------------------------------------------


def test_json_report_has_exactly_the_contract_shape(registry, run):
    model(registry, "scoring")
    model(
        registry,
        "churn",
        edit(GOOD_MODEL.format(id="churn"), "  strategy: volver a la versión anterior\n", ""),
    )
    model(
        registry,
        "fraude",
        edit(GOOD_MODEL.format(id="fraude"), "owner: ana.garcia\n", "owner: jorge.ramirez\n"),
    )
    registry.write("models/roto/model.yaml", "id: roto\nname: Roto\n")
    code, out, _ = run(*check("--format", "json"))
    report = json.loads(out)
    assert code == 1
    assert list(report) == ["as_of", "summary", "models", "errors"]
    assert report["as_of"] == "2026-11-20"
    assert report["summary"] == {"models": 4, "pass": 1, "warn": 1, "fail": 1, "invalid": 1}
    assert [(m["id"], m["status"]) for m in report["models"]] == [
        ("churn", "warn"),
        ("fraude", "fail"),
        ("roto", "invalid"),
        ("scoring", "pass"),
    ]
    for m in report["models"]:
        assert list(m) == ["id", "name", "stage", "owner", "status", "url", "findings"]
        assert m["url"] == f"models/{m['id']}/"
    valid = [m for m in report["models"] if m["status"] != "invalid"]
    for m in valid:
        assert (m["name"], m["stage"]) == ("Scoring de crédito", "produccion")
        assert len(m["findings"]) == 20
        assert len({f["rule"] for f in m["findings"]}) == 20
        for f in m["findings"]:
            assert list(f) == ["rule", "severity", "status", "message", "file", "line"]
            assert f["status"] in {"pass", "fail", "waived", "not-applicable"}
            assert f["file"] == f"registry/models/{m['id']}/model.yaml"
            assert f["line"] is None or isinstance(f["line"], int)
            assert isinstance(f["message"], str) and f["message"]
    fraude = next(m for m in report["models"] if m["id"] == "fraude")
    owner = next(f for f in fraude["findings"] if f["rule"] == "owner-explicit")
    assert (fraude["owner"], owner["severity"], owner["status"], owner["line"]) == (
        "jorge.ramirez",
        "must",
        "fail",
        5,
    )
    roto = next(m for m in report["models"] if m["id"] == "roto")
    assert roto == {
        "id": "roto",
        "name": None,
        "stage": None,
        "owner": None,
        "status": "invalid",
        "url": "models/roto/",
        "findings": [],
    }
    # one entry per problem: both missing fields, at the enclosing block (the document)
    assert [list(e) for e in report["errors"]] == [["file", "line", "message"]] * 2
    assert [(e["file"], e["line"]) for e in report["errors"]] == [
        ("registry/models/roto/model.yaml", 1)
    ] * 2
    assert ["description" in e["message"] for e in report["errors"]] == [True, False]
    assert "stage" in report["errors"][1]["message"]


def test_json_errors_include_registry_level_problems(registry, run):
    model(registry, "scoring")
    registry.write("policy.yaml", "thresholds:\n  drfit_max: 0.3\n")
    code, out, _ = run(*check("--format", "json"))
    report = json.loads(out)
    assert code == 1
    assert [(e["file"], e["line"]) for e in report["errors"]] == [("registry/policy.yaml", 2)]
    assert report["summary"]["pass"] == 1


def test_json_keeps_non_ascii_text_readable(registry, run):
    model(registry, "scoring")
    _, out, _ = run(*check("--format", "json"))
    assert "Scoring de crédito" in out


# --- text -----------------------------------------------------------------------------


def test_text_lists_failing_models_first_with_file_and_line(registry, run):
    model(registry, "a-pass")
    model(
        registry,
        "b-warn",
        edit(GOOD_MODEL.format(id="b-warn"), "  strategy: volver a la versión anterior\n", ""),
    )
    model(
        registry,
        "c-fail",
        edit(GOOD_MODEL.format(id="c-fail"), "owner: ana.garcia\n", "owner: riesgo\n"),
    )
    registry.write("models/d-invalid/model.yaml", "id: d-invalid\nownr: x\n")
    code, out, _ = run(*check())
    assert code == 1
    order = [out.index(name) for name in ("d-invalid", "c-fail", "b-warn", "a-pass")]
    assert order == sorted(order)
    assert "registry/models/c-fail/model.yaml:5" in out
    assert "owner-explicit" in out
    assert "registry/models/d-invalid/model.yaml:2" in out


def test_text_has_no_ansi_colour_when_not_a_terminal(registry, run):
    model(registry, "scoring", edit(GOOD_MODEL.format(id="scoring"), "owner: ana.garcia\n", ""))
    _, out, _ = run(*check())
    assert "\x1b[" not in out
    _, coloured, _ = run(*check("--color", "always"))
    assert "\x1b[" in coloured


def test_text_in_english_on_request(registry, run):
    model(registry, "scoring", edit(GOOD_MODEL.format(id="scoring"), "owner: ana.garcia\n", ""))
    _, out, _ = run(*check("--lang", "en"))
    assert "owner-explicit" in out and "No cumple" not in out
