"""``check --base REF``, ``--fail-on new`` and ``--format markdown`` on real git repositories."""

from __future__ import annotations

import json
from pathlib import Path

import cmarkgfm
import pytest

from conftest import AS_OF, GOOD_MODEL, OWNERS, RegistryBuilder, edit, weekly_csv
from gitrepo import GitRepo, git
from lifecycle_report.cli import main
from lifecycle_report.formats.markdown import LIMIT, MARKER

ORPHAN = ("owner: ana.garcia", "owner: jorge.ramirez")  # fails owner-explicit (must)


def orphan(model_id: str) -> str:
    return edit(GOOD_MODEL.format(id=model_id), *ORPHAN)


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


@pytest.fixture
def changed(repo: GitRepo) -> RegistryBuilder:
    """At tag ``base``: ``a`` passes, ``b`` fails, ``c`` passes. Now (committed or not):
    ``a`` fails, ``b`` still fails, ``c`` is gone, ``d`` is new and fails, ``e`` is new
    and passes."""
    registry = RegistryBuilder(repo.root / "registry")
    registry.model("a", csv=weekly_csv())
    registry.model("b", orphan("b"), csv=weekly_csv())
    registry.model("c", csv=weekly_csv())
    repo.commit("base", "2026-11-01")
    git(repo.root, "tag", "base")
    registry.model("a", orphan("a"), csv=weekly_csv())
    (registry.root / "models/c/model.yaml").unlink()
    (registry.root / "models/c/monitoring.csv").unlink()
    (registry.root / "models/c").rmdir()
    registry.model("d", orphan("d"), csv=weekly_csv())
    repo.commit("change", "2026-11-10")
    registry.model("e", csv=weekly_csv())  # uncommitted: the work tree is what is checked
    return registry


def check(registry: RegistryBuilder, capsys: pytest.CaptureFixture[str], *args: str):
    code = main(["check", "--registry", str(registry.root), "--as-of", AS_OF.isoformat(), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_report_carries_the_base_status_of_models_and_findings(
    changed: RegistryBuilder, repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    status_before = git(repo.root, "status", "--porcelain")
    code, out, _ = check(changed, capsys, "--base", "base", "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert data["base"] == {"ref": "base", "commit": git(repo.root, "rev-parse", "base").strip()}
    assert data["removed"] == ["c"]
    models = {m["id"]: m for m in data["models"]}
    assert {i: (m["status"], m["base_status"]) for i, m in models.items()} == {
        "a": ("fail", "pass"),
        "b": ("fail", "fail"),
        "d": ("fail", None),
        "e": ("pass", None),
    }
    owner = {f["rule"]: f for f in models["a"]["findings"]}["owner-explicit"]
    assert (owner["status"], owner["base_status"]) == ("fail", "pass")
    assert all(f["base_status"] is None for f in models["d"]["findings"])
    assert list(models["a"])[:6] == ["id", "name", "stage", "owner", "status", "base_status"]
    # The base was read from git objects: the work tree is as it was.
    assert git(repo.root, "status", "--porcelain") == status_before
    assert (changed.root / "models/e/model.yaml").exists()
    assert not (changed.root / "models/c").exists()


def test_fail_on_new_fails_only_for_what_the_change_broke(
    changed: RegistryBuilder, repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(changed, capsys, "--base", "base", "--fail-on", "new")[0] == 1
    # Mend what the change broke: b still fails, as it did at the base, and that is fine.
    changed.model("a", csv=weekly_csv())
    changed.model("d", csv=weekly_csv())
    assert check(changed, capsys, "--base", "base", "--fail-on", "new")[0] == 0
    assert check(changed, capsys, "--base", "base")[0] == 1  # v1 exit status without it


def test_fail_on_new_counts_new_owners_or_policy_errors(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = RegistryBuilder(repo.root / "registry")
    registry.model("a", csv=weekly_csv())
    repo.commit("base", "2026-11-01")
    registry.write("policy.yaml", "thresholds: {drift_max: mucho}\n")
    assert check(registry, capsys, "--base", "HEAD", "--fail-on", "new")[0] == 1
    repo.commit("broken policy", "2026-11-02")
    registry.write("owners.yaml", OWNERS + "bogus: 1\n")
    # Errors already there at the base: not new, whatever else changes in them.
    assert check(registry, capsys, "--base", "HEAD", "--fail-on", "new")[0] == 1
    registry.write("owners.yaml", OWNERS)
    assert check(registry, capsys, "--base", "HEAD", "--fail-on", "new")[0] == 0


def test_a_broken_base_still_compares(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    registry = RegistryBuilder(repo.root / "registry")
    registry.model("a", "id: a\nname: [unclosed\n", csv=weekly_csv())
    registry.write("owners.yaml", "people: [\n")
    repo.commit("broken", "2026-11-01")
    registry.write("owners.yaml", OWNERS)
    registry.model("a", csv=weekly_csv())
    code, out, _ = check(registry, capsys, "--base", "HEAD", "--fail-on", "new", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert [(m["id"], m["status"], m["base_status"]) for m in data["models"]] == [
        ("a", "pass", "invalid")
    ]


def test_a_registry_absent_at_the_base_makes_every_model_new(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo.root / "README.md").write_text("hola\n", "utf-8")
    repo.commit("before the registry", "2026-10-01")
    registry = RegistryBuilder(repo.root / "registry")
    registry.model("a", orphan("a"), csv=weekly_csv())
    code, out, _ = check(registry, capsys, "--base", "HEAD", "--fail-on", "new", "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert data["removed"] == []
    assert data["models"][0]["base_status"] is None


def test_unknown_refs_and_missing_git_are_usage_errors(
    changed: RegistryBuilder, repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = check(changed, capsys, "--base", "no-such-branch")
    assert (code, out) == (2, "")
    assert "no-such-branch" in err and "fetch-depth: 0" in err
    assert check(changed, capsys, "--base", "--upload-pack=x")[0] == 2
    assert check(changed, capsys, "--fail-on", "new")[0] == 2  # needs --base
    outside = RegistryBuilder(tmp_path / "outside" / "registry")
    outside.model("a", csv=weekly_csv())
    code, _, err = check(outside, capsys, "--base", "main")
    assert code == 2 and "git" in err


def test_a_shallow_clone_without_the_base_says_to_fetch_the_history(
    changed: RegistryBuilder, repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clone = repo.shallow_clone(tmp_path / "clone")
    code, _, err = check(RegistryBuilder(clone / "registry"), capsys, "--base", "base")
    assert code == 2
    assert "fetch-depth: 0" in err


def test_markdown_comment_puts_what_got_worse_before_what_got_better(
    changed: RegistryBuilder, capsys: pytest.CaptureFixture[str]
) -> None:
    changed.model("b", csv=weekly_csv())  # b gets better
    code, out, _ = check(changed, capsys, "--base", "base", "--format", "markdown")
    assert out.startswith(MARKER + "\n")
    worse, better = out.index("### Empeoran (2)"), out.index("### Mejoran (1)")
    assert worse < better
    html = cmarkgfm.github_flavored_markdown_to_html(out)
    worse_part, better_part = html.split("Mejoran (1)")
    assert "<strong>a</strong>" in worse_part and "<strong>d</strong>" in worse_part
    assert "<strong>b</strong>" in better_part
    assert "Eliminados: c" in better_part
    assert "<table>" in html  # the summary table renders as one


def test_markdown_keeps_registry_text_inert_in_githubs_renderer(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = RegistryBuilder(repo.root / "registry")
    repo.commit("empty", "2026-11-01")
    hostile = "x<script>alert(1)</script> [c](javascript:alert(1)) ![i](http://e.x/p.png) @ana | `"
    registry.model("a", edit(orphan("a"), "owner: jorge.ramirez", f"owner: {json.dumps(hostile)}"))
    code, out, _ = check(registry, capsys, "--base", "HEAD", "--format", "markdown")
    html = cmarkgfm.github_flavored_markdown_to_html(out)
    assert "<script" not in html and "<img" not in html
    assert "<a " not in html  # no link, javascript: or otherwise
    assert "&lt;script&gt;" in html
    assert "@ana" not in html  # no mention: a word joiner follows the @


def test_markdown_stays_under_the_comment_limit(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = RegistryBuilder(repo.root / "registry")
    repo.commit("empty", "2026-11-01")
    for i in range(400):
        registry.model(f"m{i:03d}", orphan(f"m{i:03d}").replace("Scoring", "S" * 200))
    code, out, _ = check(registry, capsys, "--base", "HEAD", "--format", "markdown")
    assert len(out) < LIMIT
    assert "bloques más" in out
    assert out.rstrip().endswith("`--format text`).")
