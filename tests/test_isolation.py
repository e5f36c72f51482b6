"""One bad file or one surprise never takes the report down (issue 14).

An unexpected error while loading, evaluating or rendering one model becomes an error
naming its file; the other models are judged and rendered; the commands exit 1 with
one line, never a traceback.
"""

from __future__ import annotations

import json
import os
import re
import stat
from datetime import date

import pytest

from conftest import GOOD_MODEL, OWNERS, weekly_csv
from gitrepo import GitRepo
from lifecycle_report import evaluate as evaluate_module
from lifecycle_report.cli import main
from lifecycle_report.evaluate import evaluate
from lifecycle_report.load import load_registry
from lifecycle_report.load.git_history import NO_GIT, locate
from lifecycle_report.site import render as render_module
from lifecycle_report.site.render import render_site
from lifecycle_report.site.urls import model_page

MINIMAL = "id: {id}\nname: N\ndescription: d\nstage: validacion\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_an_unexpected_error_in_one_model_is_that_models_error(registry, monkeypatch, capsys):
    registry.model("good", csv=weekly_csv())
    registry.model("boom", csv=weekly_csv())
    real = evaluate_module._evaluate_model

    def flaky(entry, *args, **kwargs):  # noqa: ANN001, ANN202
        if entry.folder == "boom":
            raise RuntimeError("a rule tripped")
        return real(entry, *args, **kwargs)

    monkeypatch.setattr(evaluate_module, "_evaluate_model", flaky)
    code, out, err = run(
        capsys,
        "check",
        "--registry",
        str(registry.root),
        "--as-of",
        "2026-11-20",
        "--format",
        "json",
    )
    assert code == 1 and err == ""
    report = json.loads(out)
    models = {m["id"]: m["status"] for m in report["models"]}
    assert models == {"good": "pass", "boom": "invalid"}
    [error] = report["errors"]
    assert error["file"].endswith("models/boom/model.yaml")
    assert "RuntimeError: a rule tripped" in error["message"]


def test_a_page_that_cannot_be_rendered_becomes_an_invalid_models_page(registry, monkeypatch):
    registry.model("good", csv=weekly_csv())
    registry.model("boom", csv=weekly_csv())
    report = evaluate(load_registry(registry.root), date(2026, 11, 20))
    real = render_module.model_charts

    def flaky(model, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if model.id == "boom":
            raise ValueError("a chart tripped")
        return real(model, *args, **kwargs)

    monkeypatch.setattr(render_module, "model_charts", flaky)
    tree = render_site(report)
    assert 'id="lr-chart-performance"><svg' in tree[model_page("good")]
    page = tree[model_page("boom")]
    assert isinstance(page, str) and "ValueError: a chart tripped" in page
    assert any("a chart tripped" in e.message for e in report.errors)


def test_the_cli_never_prints_a_traceback(registry, monkeypatch, capsys):
    registry.model("good", csv=weekly_csv())

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise KeyError("surprise")

    monkeypatch.setattr("lifecycle_report.cli.evaluate", broken)
    code, out, err = run(capsys, "check", "--registry", str(registry.root), "--as-of", "2026-11-20")
    assert code == 1 and out == ""
    assert "Traceback" not in err and err.count("\n") == 1 and "KeyError" in err


@pytest.mark.parametrize("command", ["check", "trend"])
def test_an_empty_as_of_is_a_usage_error(registry, capsys, command):
    registry.model("good", csv=weekly_csv())
    code, _, err = run(capsys, command, "--registry", str(registry.root), "--as-of", "")
    assert code == 2 and "--as-of" in err


def test_a_merge_key_can_be_overridden(registry):
    registry.model("good", csv=weekly_csv())
    registry.write(
        "models/merged/model.yaml",
        "<<: {name: Base, description: d, stage: validacion}\nid: merged\nname: Propio\n",
    )
    report = evaluate(load_registry(registry.root), date(2026, 11, 20))
    merged = report.model("merged")
    assert merged is not None and merged.status != "invalid", report.errors
    assert merged.name == "Propio"
    assert report.errors == []


def test_a_key_written_twice_beside_a_merge_is_still_a_duplicate(registry):
    registry.write(
        "models/twice/model.yaml",
        "<<: {stage: validacion}\nid: twice\nname: A\nname: B\ndescription: d\n",
    )
    report = evaluate(load_registry(registry.root), date(2026, 11, 20))
    assert any("«name»" in e.message and e.line == 4 for e in report.errors)


def test_integral_floats_count_as_integers_in_the_policy(registry):
    registry.model("good", csv=weekly_csv())
    registry.write("policy.yaml", "thresholds:\n  sustained_periods: 3.0\n  max_age_days: 14.0\n")
    registry.write(
        "models/good/model.yaml",
        GOOD_MODEL.format(id="good").replace(
            "  output_range:", "  max_age_days: 20.0\n  output_range:"
        ),
    )
    registry_ = load_registry(registry.root)
    assert registry_.policy.thresholds.sustained_periods == 3
    assert type(registry_.policy.thresholds.sustained_periods) is int
    report = evaluate(registry_, date(2026, 11, 20))
    assert report.errors == [] and report.model("good").status == "pass"
    render_site(report)  # charts and pages take the integers too


def test_terminal_sequences_never_reach_the_terminal_or_the_ci_log(registry, capsys):
    registry.model("good", csv=weekly_csv())
    registry.write(
        "models/bad\x1b[31m/model.yaml",
        "id: bad\nname: N\ndescription: d\nstage: nada\x1b]0;pwned\x07\n",
    )
    for fmt in ("text", "github"):
        code, out, err = run(
            capsys,
            "check",
            "--registry",
            str(registry.root),
            "--as-of",
            "2026-11-20",
            "--format",
            fmt,
        )
        assert code == 1 and err == ""
        assert "\x1b" not in out and "\x07" not in out
        if fmt == "github":
            assert all(line.startswith("::") for line in out.splitlines()[:-1])


def test_case_colliding_invalid_folders_get_a_page_each(registry):
    for name in ("aB", "Ab", "AB"):
        registry.write(f"models/{name}/model.yaml", MINIMAL.format(id=name))
    report = evaluate(load_registry(registry.root), date(2026, 11, 20))
    tree = render_site(report)
    pages = [model_page(m.id) for m in report.models]
    assert len(set(pages)) == 3 and len({p.lower() for p in pages}) == 3
    assert all(p in tree for p in pages)
    assert all(m.id in tree[model_page(m.id)] for m in report.models)


def test_a_folder_name_too_long_for_a_file_name_gets_a_short_page(registry):
    name = "Modelo-" + "x" * 240
    registry.write(f"models/{name}/model.yaml", MINIMAL.format(id=name))
    report = evaluate(load_registry(registry.root), date(2026, 11, 20))
    [model] = report.models
    assert model.status == "invalid"
    assert all(len(part) < 100 for path in render_site(report) for part in path.split("/"))


# -- git: bad past commits, far dates, a git that hangs --------------------------------------


@pytest.fixture
def history(tmp_path):  # noqa: ANN201
    repo = GitRepo(tmp_path / "repo")
    root = repo.root / "registry"
    (root / "models" / "good").mkdir(parents=True)
    (root / "owners.yaml").write_text(OWNERS, "utf-8")
    (root / "models" / "good" / "model.yaml").write_text(GOOD_MODEL.format(id="good"), "utf-8")
    (root / "models" / "good" / "monitoring.csv").write_text(weekly_csv(), "utf-8")
    repo.commit("start", "2026-10-01")
    (root / "models" / "bad").mkdir()
    (root / "models" / "bad" / "model.yaml").write_text('id: bad\nname: !!int "x"\n', "utf-8")
    (root / "policy.yaml").write_text("thresholds:\n  sustained_periods: !!bool maybe\n", "utf-8")
    repo.commit("a bad commit", "2026-10-15")
    (root / "policy.yaml").unlink()
    (root / "models" / "bad" / "model.yaml").unlink()
    repo.commit("fixed", "2026-11-01")
    return root


@pytest.mark.parametrize("as_of", ["0001-01-01", "0001-01-08", "9999-12-31", "2026-11-20"])
def test_trend_reads_bad_past_commits_and_far_dates(history, capsys, as_of):
    code, out, err = run(
        capsys,
        "trend",
        "--registry",
        str(history),
        "--as-of",
        as_of,
        "--format",
        "json",
        "--no-cache",
    )
    assert code == 0 and err == ""
    points = json.loads(out)["points"]
    assert points and points[-1]["date"] == as_of


def test_a_git_that_hangs_is_given_up_on(history, tmp_path, monkeypatch, capsys):
    fake = tmp_path / "bin"
    fake.mkdir()
    script = fake / "git"
    script.write_text("#!/bin/sh\nexec sleep 30\n", "utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("LIFECYCLE_REPORT_GIT_TIMEOUT", "0.5")
    code, _, err = run(capsys, "check", "--registry", str(history), "--changed-since", "HEAD~1")
    assert code == 2 and "0.5 s" in err and "Traceback" not in err
    # The site's git history and trend: built without them, as outside git.
    assert locate(history).status == NO_GIT


# -- a page's cost is bounded -----------------------------------------------------------------


def _long_csv(rows: int, cell: str | None = None) -> str:
    start = date(1980, 1, 6)
    lines = ["date,performance,input_drift,volume,error_rate,output_min,output_max"]
    for i in range(rows):
        day = date.fromordinal(start.toordinal() + 7 * i).isoformat()
        value = cell if cell is not None else f"0.{70 + i % 20}"
        lines.append(f"{day},{value},0.1,1000,0.01,0.1,0.9")
    return "\n".join(lines) + "\n"


def test_a_long_summary_makes_a_bounded_page(registry):
    registry.model("long", csv=_long_csv(2500))
    report = evaluate(load_registry(registry.root), date(2026, 11, 20))
    tree = render_site(report)
    page = tree[model_page("long")]
    assert "Se muestran los últimos 520 de 2500 periodos del resumen." in page
    assert page.count("<tr><td>") <= 50  # the data is a file next to the page
    assert tree["models/long/data.csv"].count("\n") == 520 + 1
    svgs = re.findall(r"<svg .*?</svg>", page)
    assert len(svgs) == 5 and all(len(svg) < 60_000 for svg in svgs)


def test_a_summary_of_bad_cells_lists_a_bounded_number_of_errors(registry):
    registry.model("bad-cells", csv=_long_csv(1500, cell="abc"))
    report = evaluate(load_registry(registry.root), date(2026, 11, 20))
    page = render_site(report)[model_page("bad-cells")]
    assert "errores más (lifecycle-report check los lista todos)" in page
    assert page.count("«abc»") <= 100


def test_extreme_numbers_are_drawn(registry):
    csv = (
        "date,performance,input_drift,volume,error_rate,output_min,output_max\n"
        "2026-11-01,1.7e308,-1.7e308,1.7e308,1e308,-1.7e308,1.7e308\n"
        "2026-11-08,-1.7e308,1.7e308,5e-324,0.01,0,1\n"
        "2026-11-15,0,0,0,0,0,0\n"
    )
    registry.model("extreme", csv=csv)
    report = evaluate(load_registry(registry.root), date(2026, 11, 20))
    assert report.errors == []
    tree = render_site(report)
    svgs = re.findall(r"<svg .*?</svg>", str(tree[model_page("extreme")]))
    assert len(svgs) == 5
    import xml.etree.ElementTree as ET

    for svg in svgs:
        ET.fromstring(svg)
        assert "nan" not in svg.lower() and "inf" not in svg.lower().replace("info", "")


def test_the_plugin_turns_a_surprise_into_one_plugin_error(tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    from sitebuild import AS_OF, copy_project

    project = copy_project(tmp_path / "project")
    monkeypatch.setenv("LIFECYCLE_REPORT_AS_OF", AS_OF)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")

    def boom(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise KeyError("surprise")

    monkeypatch.setattr("lifecycle_report.plugin.site_tree", boom)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    with pytest.raises(Abort) as aborted:  # MkDocs prints a PluginError as one line
        build(config)
    assert "PluginError" in repr(aborted.value.__context__)
    assert "error inesperado (KeyError: 'surprise')" in str(aborted.value.__context__)


def test_the_git_history_reads_bad_past_commits(history):
    from lifecycle_report.history import judge_history
    from lifecycle_report.load.git_history import read_history

    checkout = locate(history)
    commits = read_history(checkout, None)
    judged = judge_history(load_registry(history), checkout, commits)
    assert judged.available and "bad" in commits.folders
