"""The compliance trend: the registry evaluated at past commits, week by week, cached."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from conftest import GOOD_MODEL, RegistryBuilder, edit, weekly_csv
from gitrepo import ISOLATED, GitRepo
from lifecycle_report.cli import main
from lifecycle_report.load.git_history import locate
from lifecycle_report.trend import CACHE_FILE, compliance_trend, week_ends

AS_OF = date(2026, 5, 10)  # a Sunday
FRESH = weekly_csv(end=date(2026, 5, 10))  # fresh at every point of the series
ORPHAN = ("owner: ana.garcia", "owner: jorge.ramirez")  # inactive owner: fails a MUST


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ISOLATED.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def history(tmp_path: Path) -> tuple[GitRepo, dict[str, str]]:
    """1/2 compliant from 04-13, 2/2 from 04-26, 2/3 from 05-05 (a model without monitoring)."""
    repo = GitRepo(tmp_path / "repo")
    registry = RegistryBuilder(repo.root / "registry")
    registry.model("scoring", csv=FRESH)
    registry.model("fraude", edit(GOOD_MODEL.format(id="fraude"), *ORPHAN), csv=FRESH)
    shas = {"half": repo.commit("dos modelos, fraude sin owner activo", "2026-04-13")}
    registry.model("fraude", csv=FRESH)
    shas["all"] = repo.commit("fraude con owner", "2026-04-26")  # a Sunday: that week counts it
    (repo.root / "README.md").write_text("fuera del registro\n", "utf-8")
    repo.commit("un cambio fuera del registro", "2026-04-29")
    registry.model("churn")
    shas["two_thirds"] = repo.commit("churn sin monitoreo", "2026-05-05")
    return repo, shas


EXPECTED = [  # date, commit key, production, compliant, rate
    ("2026-04-12", None, 0, 0, None),
    ("2026-04-19", "half", 2, 1, 0.5),
    ("2026-04-26", "all", 2, 2, 1.0),
    ("2026-05-03", "all", 2, 2, 1.0),
    ("2026-05-10", "two_thirds", 3, 2, 0.6667),
]


def test_week_ends_are_sundays_then_the_as_of_date():
    assert week_ends(date(2026, 5, 13), 3) == [
        date(2026, 5, 3),
        date(2026, 5, 10),
        date(2026, 5, 13),
    ]
    assert week_ends(date(2026, 5, 10), 2) == [date(2026, 5, 3), date(2026, 5, 10)]


def test_series_evaluates_the_registry_as_it_was_at_each_week(history):
    repo, shas = history
    trend = compliance_trend(locate(repo.root / "registry"), AS_OF, weeks=5)
    got = [
        (
            p.date.isoformat(),
            p.commit,
            p.production,
            p.compliant,
            None if p.rate is None else round(p.rate, 4),
        )
        for p in trend.points
    ]
    assert got == [(d, shas.get(k) if k else None, n, c, r) for d, k, n, c, r in EXPECTED]


def test_trend_command_prints_the_series_as_json(history, capsys):
    repo, shas = history
    code = main(
        [
            "trend",
            "--registry",
            str(repo.root / "registry"),
            "--weeks",
            "5",
            "--as-of",
            "2026-05-10",
            "--format",
            "json",
            "--no-cache",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2026-05-10" and data["weeks"] == 5
    assert data["points"] == [
        {"date": d, "commit": shas[k] if k else None, "production": n, "compliant": c, "rate": r}
        for d, k, n, c, r in EXPECTED
    ]


def test_trend_command_prints_the_series_as_text(history, capsys):
    repo, shas = history
    code = main(
        [
            "trend",
            "--registry",
            str(repo.root / "registry"),
            "--weeks",
            "5",
            "--as-of",
            "2026-05-10",
            "--no-cache",
        ]
    )
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert (
        lines[0] == "Cumplimiento MUST de los modelos en producción, semana a semana, al 2026-05-10"
    )
    assert lines[2].split() == ["Semana", "Commit", "En", "producción", "Cumplen", "MUST", "%"]
    assert [line.split() for line in lines[3:]] == [
        ["2026-04-12", "—", "0", "0", "—"],
        ["2026-04-19", shas["half"][:7], "2", "1", "50", "%"],
        ["2026-04-26", shas["all"][:7], "2", "2", "100", "%"],
        ["2026-05-03", shas["all"][:7], "2", "2", "100", "%"],
        ["2026-05-10", shas["two_thirds"][:7], "3", "2", "67", "%"],
    ]


def test_a_second_run_reads_every_week_from_the_cache(history, tmp_path):
    repo, _ = history
    checkout = locate(repo.root / "registry")
    cache = tmp_path / "cache"
    first = compliance_trend(checkout, AS_OF, weeks=5, cache_dir=cache)
    assert first.evaluated == 4  # the week before the first commit needs no evaluation
    stored = json.loads((cache / CACHE_FILE).read_text("utf-8"))
    assert len(stored["entries"]) == 4
    # Doctor one cached value: a second run must show it, so it did not evaluate again.
    key = next(k for k in stored["entries"] if k.endswith("@2026-05-10"))
    stored["entries"][key].update({"production": 9, "compliant": 9})
    (cache / CACHE_FILE).write_text(json.dumps(stored), "utf-8")
    second = compliance_trend(checkout, AS_OF, weeks=5, cache_dir=cache)
    assert second.evaluated == 0
    assert (second.points[-1].production, second.points[-1].compliant) == (9, 9)
    assert [p.rate for p in second.points[:-1]] == [p.rate for p in first.points[:-1]]


def test_cache_written_by_other_code_is_ignored(history, tmp_path):
    repo, _ = history
    checkout = locate(repo.root / "registry")
    cache = tmp_path / "cache"
    compliance_trend(checkout, AS_OF, weeks=5, cache_dir=cache)
    stored = json.loads((cache / CACHE_FILE).read_text("utf-8"))
    stored["code"] = "0.0.1+another"
    (cache / CACHE_FILE).write_text(json.dumps(stored), "utf-8")
    assert compliance_trend(checkout, AS_OF, weeks=5, cache_dir=cache).evaluated == 4


def test_a_later_week_reuses_the_cached_weeks(history, tmp_path):
    repo, _ = history
    checkout = locate(repo.root / "registry")
    cache = tmp_path / "cache"
    compliance_trend(checkout, date(2026, 5, 6), weeks=4, cache_dir=cache)  # ends on a Wednesday
    later = compliance_trend(checkout, date(2026, 5, 7), weeks=4, cache_dir=cache)
    assert later.evaluated == 1  # only the new as-of date


def test_trend_outside_git_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    registry = RegistryBuilder(tmp_path / "registry")
    code = main(["trend", "--registry", str(registry.root), "--as-of", "2026-05-10"])
    assert code == 2
    assert "no está en un repositorio git" in capsys.readouterr().err


def test_trend_in_a_shallow_clone_is_a_usage_error(history, tmp_path, capsys):
    repo, _ = history
    clone = repo.shallow_clone(tmp_path / "shallow")
    code = main(["trend", "--registry", str(clone / "registry"), "--as-of", "2026-05-10"])
    assert code == 2
    assert "clon superficial" in capsys.readouterr().err


@pytest.mark.parametrize("weeks", ["0", "521", "dos"])
def test_trend_rejects_a_bad_number_of_weeks(history, capsys, weeks):
    repo, _ = history
    code = main(["trend", "--registry", str(repo.root / "registry"), "--weeks", weeks])
    assert code == 2
    err = capsys.readouterr().err
    assert f"--weeks inválido «{weeks}»" in err and "trend_weeks: 0" in err


def test_a_snapshot_holds_exactly_each_tree_as_it_moves_through_history(tmp_path):
    """Adding, changing, deleting a whole model folder and a symlink, against git archive."""
    import io
    import tarfile

    from gitrepo import git
    from lifecycle_report.load.git_snapshot import Snapshot

    repo = GitRepo(tmp_path / "repo")
    registry = RegistryBuilder(repo.root / "registry")
    registry.model("a", csv=FRESH)
    registry.model("b", csv=FRESH)
    commits = [repo.commit("a y b", "2026-04-01")]
    registry.model("a", edit(GOOD_MODEL.format(id="a"), 'version: "2.1.0"', 'version: "3"'))
    (registry.root / "models" / "b" / "monitoring.csv").unlink()
    (registry.root / "models" / "b" / "model.yaml").unlink()
    (registry.root / "models" / "a" / "latest.csv").symlink_to("monitoring.csv")
    commits.append(repo.commit("a cambia, b se va, un enlace", "2026-04-08"))
    (registry.root / "models" / "a" / "latest.csv").unlink()
    registry.model("c")
    commits.append(repo.commit("c llega", "2026-04-15"))

    def files(root: Path) -> dict[str, object]:
        return {
            p.relative_to(root).as_posix(): (
                "link" if p.is_symlink() else "dir" if p.is_dir() else p.read_bytes()
            )
            for p in sorted(root.rglob("*"))
        }

    snapshot = Snapshot(repo.root, tmp_path / "snapshot")
    for order in (0, 1, 2, 0, 2):  # forwards, then back and forth
        tree = git(repo.root, "rev-parse", f"{commits[order]}:registry").strip()
        assert snapshot.move_to(tree)
        expected = tmp_path / f"expected-{order}"
        archive = subprocess.run(
            ["git", "archive", tree], cwd=repo.root, capture_output=True, check=True
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(expected, filter="data")
        assert files(snapshot.folder) == files(expected), order
    assert "models/b" not in files(snapshot.folder)
    # Moving to the next tree rewrites only what changed (owners.yaml never does).
    owners = snapshot.folder / "owners.yaml"
    os.utime(owners, ns=(0, 0))
    assert snapshot.move_to(git(repo.root, "rev-parse", f"{commits[1]}:registry").strip())
    assert owners.stat().st_mtime_ns == 0


def test_each_point_keeps_every_models_status_as_check_gives_it_at_that_commit(history):
    """Points reuse unchanged folders and files; what they give equals a fresh evaluation."""
    from lifecycle_report.compare import load_base

    repo, shas = history
    registry = repo.root / "registry"
    # An owner who leaves: owners.yaml changes while no model folder does.
    owners = (registry / "owners.yaml").read_text("utf-8")
    (registry / "owners.yaml").write_text(
        owners.replace("    team: riesgo\n", "    team: riesgo\n    active: false\n", 1), "utf-8"
    )
    shas["left"] = repo.commit("ana se va", "2026-05-08")
    trend = compliance_trend(locate(registry), date(2026, 5, 9), weeks=5)
    for point in trend.points[1:]:
        assert point.commit is not None
        fresh = load_base(registry, point.commit, point.date)
        assert fresh.report is not None
        assert point.models == {m.id: (m.status, m.owner) for m in fresh.report.models}
    assert trend.points[-1].models["scoring"] == ("fail", "ana.garcia")
    assert trend.points[-2].models["scoring"] == ("pass", "ana.garcia")


def test_a_cold_trend_reads_each_manifest_version_once(history, monkeypatch):
    import lifecycle_report.load.registry as loading

    read: list[str] = []
    real = loading.load_manifest

    def counting(path, file, folder, catalog):  # noqa: ANN001, ANN202 - a spy
        read.append(folder)
        return real(path, file, folder, catalog)

    monkeypatch.setattr(loading, "load_manifest", counting)
    repo, _ = history
    compliance_trend(locate(repo.root / "registry"), AS_OF, weeks=5)
    # scoring and fraude at the first commit, fraude again, churn when it appears.
    assert sorted(read) == ["churn", "fraude", "fraude", "scoring"]


def test_rules_that_read_the_date_are_marked_dated():
    """The trend reuses the findings of the other rules from one week to the next: a rule
    reading ``as_of`` without ``dated=True`` would keep a stale status there."""
    import inspect

    from lifecycle_report.rules import RULES

    reads_date = {rule.id for rule in RULES if "as_of" in inspect.getsource(rule.check)}
    assert reads_date == {rule.id for rule in RULES if rule.dated}
    assert {"monitoring-fresh", "waiver-expired"} <= reads_date


def test_evaluating_again_at_another_date_with_a_memo_gives_the_same_report(registry):
    from datetime import timedelta

    from lifecycle_report.evaluate import Memo, evaluate
    from lifecycle_report.formats import FORMATS, FormatOptions
    from lifecycle_report.load import load_registry

    registry.model("fresco", csv=weekly_csv(end=date(2026, 5, 4)))
    registry.model(
        "con-excepcion",
        GOOD_MODEL.format(id="con-excepcion").replace(
            "retirement:\n  plan: volver a reglas de negocio\n", ""
        )
        + "waivers:\n  - {rule: retirement-plan, reason: r, approved_by: ana.garcia, expires: 2026-05-20}\n",
        csv=weekly_csv(end=date(2026, 5, 4)),
    )
    loaded = load_registry(registry.root)
    memo = Memo()
    render = FORMATS["json"]
    for days in (0, 7, 14, 21, 28):
        day = date(2026, 5, 4) + timedelta(days=days)
        with_memo = render(evaluate(loaded, day, memo=memo), FormatOptions())
        assert with_memo == render(evaluate(loaded, day), FormatOptions())
