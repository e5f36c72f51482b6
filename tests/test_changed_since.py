"""``check --changed-since REF``: pull-request mode on a real git repository in ``tmp_path``."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import AS_OF, GOOD_MODEL, RegistryBuilder, edit, weekly_csv
from lifecycle_report.changes import changed_files, models_in_scope
from lifecycle_report.cli import main
from lifecycle_report.scope import restrict

ORPHAN = ("owner: ana.garcia", "owner: jorge.ramirez")  # fails owner-explicit (must)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty git repository with a committer identity and no user configuration."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{var}_NAME", "Test")
        monkeypatch.setenv(f"GIT_{var}_EMAIL", "test@example.com")
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "--quiet")
    return root


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


def commit(root: Path, message: str) -> None:
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--no-gpg-sign", "-m", message)


@pytest.fixture
def two_commits(repo: Path) -> RegistryBuilder:
    """Commit 1: models ``a`` and ``b``, both orphans. Commit 2: only ``b`` changes."""
    registry = RegistryBuilder(repo / "registry")
    registry.model("a", edit(GOOD_MODEL.format(id="a"), *ORPHAN), csv=weekly_csv())
    registry.model("b", edit(GOOD_MODEL.format(id="b"), *ORPHAN), csv=weekly_csv())
    commit(repo, "first")
    git(repo, "tag", "base")
    registry.model(
        "b",
        edit(GOOD_MODEL.format(id="b"), *ORPHAN).replace("Scoring", "Puntaje"),
        csv=weekly_csv(),
    )
    commit(repo, "second")
    return registry


def check(registry: RegistryBuilder, capsys: pytest.CaptureFixture[str], *args: str):
    code = main(
        [
            "check",
            "--registry",
            str(registry.root),
            "--as-of",
            AS_OF.isoformat(),
            "--format",
            "json",
            *args,
        ]
    )
    out = capsys.readouterr()
    return code, (json.loads(out.out) if out.out else None), out.err


def reported(data: dict) -> list[str]:
    return [m["id"] for m in data["models"]]


def test_only_the_model_changed_since_ref_is_reported(two_commits, capsys):
    code, data, _ = check(two_commits, capsys, "--changed-since", "base")
    assert reported(data) == ["b"]
    assert data["summary"]["models"] == 1
    assert code == 1
    code, data, _ = check(two_commits, capsys)
    assert reported(data) == ["a", "b"]


def test_out_of_scope_models_do_not_decide_the_exit_status(two_commits, repo, capsys):
    two_commits.model("b", csv=weekly_csv())  # b now passes; a still fails, unchanged
    commit(repo, "fix b")
    code, data, err = check(two_commits, capsys, "--changed-since", "base")
    assert (reported(data), code) == (["b"], 0)
    assert "--changed-since base: 1 de 2 modelos con cambios" in err
    assert check(two_commits, capsys)[0] == 1


def test_every_format_honours_the_scope(two_commits, capsys):
    main(
        [
            "check",
            "--registry",
            str(two_commits.root),
            "--as-of",
            AS_OF.isoformat(),
            "--format",
            "github",
            "--changed-since",
            "base",
        ]
    )
    out = capsys.readouterr().out
    assert "/models/b/model.yaml" in out and "/models/a/model.yaml" not in out


def test_uncommitted_and_untracked_changes_are_in_scope(two_commits, capsys):
    path = two_commits.root / "models" / "a" / "model.yaml"
    path.write_text(path.read_text("utf-8") + "tags: [nuevo]\n", "utf-8")
    two_commits.model("c", csv=weekly_csv())
    _, data, _ = check(two_commits, capsys, "--changed-since", "HEAD")
    assert reported(data) == ["a", "c"]


def test_a_change_to_owners_or_policy_puts_every_model_in_scope(two_commits, repo, capsys):
    two_commits.write("policy.yaml", "thresholds:\n  drift_max: 0.3\n")
    commit(repo, "policy")
    _, data, _ = check(two_commits, capsys, "--changed-since", "HEAD~1")
    assert reported(data) == ["a", "b"]


def test_a_change_outside_the_registry_puts_no_model_in_scope(two_commits, repo, capsys):
    (repo / "README.md").write_text("hola\n")
    (two_commits.root / "notas.md").write_text("no es un modelo\n")
    commit(repo, "docs")
    code, data, _ = check(two_commits, capsys, "--changed-since", "HEAD~1")
    assert (reported(data), code) == ([], 0)


def test_registry_errors_always_count(two_commits, repo, capsys):
    two_commits.write("policy.yaml", "thresholds:\n  drift_maxx: 0.3\n")
    commit(repo, "broken policy")
    two_commits.model("b", csv=weekly_csv())
    commit(repo, "fix b")
    code, data, _ = check(two_commits, capsys, "--changed-since", "HEAD~1")
    assert reported(data) == ["b"]
    assert [e["file"].rsplit("/", 1)[-1] for e in data["errors"]] == ["policy.yaml"]
    assert code == 1


def test_errors_of_models_out_of_scope_are_left_out(two_commits, repo, capsys):
    two_commits.write("models/a/monitoring.csv", "date,volume\n2026-11-16,abc\n")
    commit(repo, "broken csv in a")
    two_commits.model("b", csv=weekly_csv())
    commit(repo, "fix b")
    code, data, _ = check(two_commits, capsys, "--changed-since", "HEAD~1")
    assert (reported(data), data["errors"], code) == (["b"], [], 0)
    _, data, _ = check(two_commits, capsys, "--changed-since", "HEAD~2")
    assert reported(data) == ["a", "b"] and len(data["errors"]) == 1


def test_an_unknown_ref_is_a_usage_error(two_commits, capsys):
    code, data, err = check(two_commits, capsys, "--changed-since", "origin/no-existe")
    assert (code, data) == (2, None)
    assert "origin/no-existe" in err and "fetch-depth: 0" in err


def test_a_ref_that_looks_like_an_option_is_a_usage_error(two_commits, capsys):
    code, _, err = check(two_commits, capsys, "--changed-since=--output=/tmp/x")
    assert code == 2 and "referencia de --changed-since inválida «--output=/tmp/x»" in err


def test_outside_a_git_repository_is_a_usage_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    registry = RegistryBuilder(tmp_path / "registry")
    registry.model("a", csv=weekly_csv())
    code, data, err = check(registry, capsys, "--changed-since", "main")
    assert (code, data) == (2, None)
    assert "repositorio git" in err


def test_a_missing_registry_is_reported_as_such(tmp_path, capsys):
    code = main(["check", "--registry", str(tmp_path / "nope"), "--changed-since", "main"])
    assert code == 2
    assert "no existe la carpeta del registro" in capsys.readouterr().err


def test_restrict_returns_a_new_report_and_leaves_the_original_alone(two_commits):
    report = two_commits.evaluate()
    before = report.to_dict()
    narrowed = restrict(report, {"b"})
    assert [m.id for m in narrowed.models] == ["b"]
    assert [e.folder for e in narrowed.registry.models] == ["b"]
    assert report.to_dict() == before
    assert [e.folder for e in report.registry.models] == ["a", "b"]


def test_changed_files_are_absolute_and_scoped_by_model_folder(two_commits, repo):
    changed = changed_files(two_commits.root, "base")
    assert changed == [(repo / "registry/models/b/model.yaml").resolve()]
    assert models_in_scope(two_commits.root, changed, ["a", "b"]) == {"b"}
