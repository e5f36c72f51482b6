"""``make serve``: a rebuild in the same process reuses the pages of unchanged models and
gives exactly the site a fresh build gives."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from gitrepo import GitRepo
from lifecycle_report import plugin
from lifecycle_report.site import render
from sitebuild import AS_OF, all_files, copy_project

GENERATED = ".cache/lifecycle-report/docs"


def _build(project: Path, serve: bool = False) -> None:
    config = load_config(config_file=str(project / "mkdocs.yml"))
    if serve:
        config.plugins.on_startup(command="serve", dirty=False)
    build(config)


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the models whose files were rendered (not reused)."""
    epoch = int(datetime.fromisoformat(AS_OF).replace(tzinfo=UTC).timestamp())
    monkeypatch.setenv("LIFECYCLE_REPORT_AS_OF", AS_OF)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setattr(plugin, "_serving", None)
    ids: list[str] = []
    original = render._Renderer._model_files_safe

    def counted(self: render._Renderer, model: render.ModelResult) -> render.ModelFiles:
        ids.append(model.id)
        return original(self, model)

    monkeypatch.setattr(render._Renderer, "_model_files_safe", counted)
    return ids


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_rebuild_reuses_unchanged_models_and_matches_a_fresh_build(
    tmp_path: Path, rendered: list[str]
) -> None:
    project = copy_project(tmp_path / "served")
    (project / ".gitignore").write_text("/site/\n/.cache/\n", "utf-8")
    repo = GitRepo(project)
    repo.commit("Registry", "2026-11-10")
    models = sorted(p.name for p in (project / "registry" / "models").iterdir() if p.is_dir())
    _build(project, serve=True)
    assert len(rendered) == len(models)

    # One manifest edited: only its model (and pages that depend on other folders) rerender.
    edited = models[0]
    _replace(
        project / "registry" / "models" / edited / "model.yaml",
        "description: >-\n",
        "description: >-\n  Editado en serve.\n",
    )
    rendered.clear()
    _build(project)
    assert edited in rendered
    assert 0 < len(rendered) < len(models)
    page = (project / GENERATED / "models" / edited / "index.md").read_text("utf-8")
    assert "Editado en serve." in page

    # A registry-wide file edited: every model page is rendered again.
    _replace(project / "registry" / "owners.yaml", "name: ", "name: Dra. ")
    rendered.clear()
    _build(project)
    assert sorted(set(rendered)) == sorted(
        {p.parent.name for p in (project / GENERATED / "models").glob("*/index.md")}
    )

    # The edits committed: every page's stamp names the new commit.
    repo.commit("Edits", "2026-11-12")
    _build(project)

    # The same project built afresh (no process-level reuse) gives the same bytes.
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns("site", ".cache"))
    plugin._serving = None
    _build(fresh)
    assert all_files(project / GENERATED) == all_files(fresh / GENERATED)
    assert all_files(project / "site") == all_files(fresh / "site")


def test_a_rebuild_in_another_language_speaks_it(tmp_path: Path, rendered: list[str]) -> None:
    """`make serve` keeps loads and findings between rebuilds; a language switched in
    mkdocs.yml while serving must not leave them in the old one."""
    project = copy_project(tmp_path / "served")
    _build(project, serve=True)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "registry: registry", "registry: registry\n      language: en"
        ),
        "utf-8",
    )
    _build(project)
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns("site", ".cache"))
    plugin._serving = None
    _build(fresh)
    assert all_files(project / "site") == all_files(fresh / "site")
