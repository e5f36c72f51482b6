"""The real ``mkdocs build`` of a project that is a git repository (and of its shallow clone)."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from gitrepo import ISOLATED, GitRepo
from sitebuild import all_files, copy_project, mkdocs_build

REPO_URL = "https://git.example.com/ml/playbook"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, dict[str, str]]:
    """The bundled project in git: everything on 2026-10-05, then a silent version bump."""
    root = copy_project(tmp_path_factory.mktemp("git") / "project")
    config = root / "mkdocs.yml"
    config.write_text(
        f"repo_url: {REPO_URL}\nedit_uri: edit/main/docs/\n" + config.read_text("utf-8"), "utf-8"
    )
    (root / ".gitignore").write_text("/site*/\n/.cache/\n", "utf-8")
    repo = GitRepo(root)
    shas = {"first": repo.commit("Registro de modelos", "2026-10-05")}
    manifest = root / "registry" / "models" / "ocr-facturas" / "model.yaml"
    manifest.write_text(
        manifest.read_text("utf-8").replace("version: 2.3.0", "version: 2.4.0"), "utf-8"
    )
    shas["silent"] = repo.commit(
        "ocr-facturas 2.4.0", "2026-11-02", author="Pablo Ortiz <pablo.ortiz@example.com>"
    )
    build = mkdocs_build(root, "--strict", env=ISOLATED)
    assert build.returncode == 0, build.stderr
    return repo, shas


def html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text("utf-8")


def test_model_page_shows_its_git_history_with_the_silent_change(project):
    repo, shas = project
    page = unescape(html(repo.root / "site", "models/ocr-facturas"))
    section = page.split('id="git-history"', 1)[1].split("<h2", 1)[0]
    assert (
        f'<a href="{REPO_URL}/commit/{shas["silent"]}"><code>{shas["silent"][:7]}</code></a>'
        in section
    )
    assert (
        f'<a href="{REPO_URL}/commit/{shas["first"]}"><code>{shas["first"][:7]}</code></a>'
        in section
    )
    rows = re.findall(r"<tr>.*?</tr>", section, flags=re.S)
    silent = next(r for r in rows if shas["silent"][:7] in r)
    assert "cambio silencioso" in silent and "versión 2.3.0 → 2.4.0" in silent
    assert "Pablo Ortiz" in silent and "2026-11-02" in silent
    first = next(r for r in rows if shas["first"][:7] in r)
    assert "cambio silencioso" not in first and "Registro de modelos" in first
    other = unescape(html(repo.root / "site", "models/scoring-credito"))
    assert (
        "cambio silencioso" not in other
        and shas["silent"][:7] not in other.split('id="git-history"')[1].split("<h2")[0]
    )


def test_every_page_is_stamped_with_the_as_of_date_and_the_built_commit(project):
    repo, shas = project
    site = repo.root / "site"
    head = shas["silent"]
    stamp = f'sobre el commit <a href="{REPO_URL}/commit/{head}"><code>{head[:7]}</code></a>'
    generated = repo.root / ".cache" / "lifecycle-report" / "docs"
    pages = sorted(generated.rglob("*.md")) + sorted(generated.rglob("*.html"))
    assert len(pages) > 40 and any("playbook" in p.parts for p in pages)
    for source in pages:
        relative = source.relative_to(generated).as_posix()
        built = re.sub(r"(index)?\.md$", "", relative)
        target = site / built / "index.html" if relative.endswith(".md") else site / relative
        text = unescape(target.read_text("utf-8"))
        assert "Evaluado al 2026-11-20 " + stamp in text, relative
    model = unescape(html(site, "models/scoring-credito"))
    assert (
        f'<a href="{REPO_URL}/blob/{head}/registry/models/scoring-credito/model.yaml">manifiesto en ese commit</a>'
        in model
    )


def test_an_old_id_redirects_to_the_current_page(project):
    repo, _ = project
    site = repo.root / "site"
    redirect = (site / "models" / "fuga-clientes" / "index.html").read_text("utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../churn-clientes/">' in redirect
    assert '<a href="../churn-clientes/">' in redirect
    assert (site / "models" / "fuga-clientes" / "../churn-clientes/index.html").resolve().is_file()


def test_compliance_page_charts_the_weekly_trend(project):
    repo, shas = project
    page = html(repo.root / "site", "compliance")
    chart = page.split('id="lr-chart-trend"', 1)[1].split("</svg>", 1)[0]
    assert "<svg" in chart and "lr-chart__line--compliance" in chart
    table = unescape(page.split('id="lr-chart-trend"', 1)[1])
    # The week of 2026-10-11 saw only the first commit, the as-of date the second one.
    assert re.search(
        rf"2026-10-11</td>\s*<td><a href=\"{REPO_URL}/commit/{shas['first']}\">", table
    )
    assert re.search(
        rf"2026-11-20</td>\s*<td><a href=\"{REPO_URL}/commit/{shas['silent']}\">", table
    )
    # A history shorter than the trend: the weeks before the first commit are left out
    # (no empty axis), and the page says where the history starts.
    assert "2026-09-27" not in table and "2026-10-04" not in table
    assert "El historial git del registro empieza el 2026-10-11" in unescape(page)


def test_a_second_build_from_the_same_commit_is_byte_identical(project):
    repo, _ = project
    shutil.rmtree(repo.root / ".cache")
    again = mkdocs_build(repo.root, "--strict", site="site-again", env=ISOLATED)
    assert again.returncode == 0, again.stderr
    one, two = all_files(repo.root / "site"), all_files(repo.root / "site-again")
    assert one.keys() == two.keys()
    assert [k for k in one if one[k] != two[k]] == []


def test_a_shallow_clone_builds_and_says_the_history_is_unavailable(project, tmp_path):
    repo, shas = project
    clone = repo.shallow_clone(tmp_path / "shallow")
    build = mkdocs_build(clone, "--strict", env=ISOLATED)
    assert build.returncode == 0, build.stderr
    page = unescape(html(clone / "site", "models/ocr-facturas"))
    assert "El historial git no está disponible: el repositorio es un clon superficial" in page
    assert f'sobre el commit <a href="{REPO_URL}/commit/{shas["silent"]}">' in page
    compliance = unescape(html(clone / "site", "compliance"))
    assert "clon superficial" in compliance and 'id="lr-chart-trend"' not in compliance


def test_editing_one_manifest_rewrites_one_model_page_and_no_other(tmp_path):
    """What keeps `mkdocs serve --dirty` fast: after a commit, editing one manifest leaves
    every other model page's generated file (and its charts) untouched."""
    root = copy_project(tmp_path / "project")
    (root / ".gitignore").write_text("/site*/\n/.cache/\n", "utf-8")
    GitRepo(root).commit("Registro de modelos", "2026-10-05")
    assert mkdocs_build(root, env=ISOLATED).returncode == 0
    generated = root / ".cache" / "lifecycle-report" / "docs"
    before = {p: p.stat().st_mtime_ns for p in generated.rglob("*") if p.is_file()}
    manifest = root / "registry" / "models" / "scoring-credito" / "model.yaml"
    text = manifest.read_text("utf-8")
    manifest.write_text(text.replace("description: ", "description: Editado. ", 1), "utf-8")
    build = mkdocs_build(root, env=ISOLATED)
    assert build.returncode == 0, build.stderr
    changed = {
        p.relative_to(generated).as_posix()
        for p in generated.rglob("*")
        if p.is_file() and before.get(p) != p.stat().st_mtime_ns
    }
    model_files = {c for c in changed if c.startswith("models/") and c != "models/index.md"}
    # Nor any chart, nor the redirect of another model's old id (fuga-clientes).
    assert model_files == {"models/scoring-credito/index.md"}
    page = (generated / "models" / "scoring-credito" / "index.md").read_text("utf-8")
    assert "Editado" in page and "más cambios sin commit en el registro" in page
    # Pages built from the whole registry say so too.
    assert "compliance/index.md" in changed and "models/index.md" in changed


def test_a_broken_manifest_keeps_the_card_of_its_last_good_version(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / ".gitignore").write_text("/site*/\n/.cache/\n", "utf-8")
    repo = GitRepo(root)
    good = repo.commit("Registro de modelos", "2026-10-05")
    assert mkdocs_build(root, env=ISOLATED).returncode == 0
    before = unescape(html(root / "site", ""))
    manifest = root / "registry" / "models" / "scoring-credito" / "model.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace("stage:", "stag:", 1), "utf-8")
    repo.commit("scoring-credito: una errata", "2026-11-10")
    build = mkdocs_build(root, env=ISOLATED, site="site-broken")
    assert build.returncode == 0, build.stderr
    page = unescape(html(root / "site-broken", "models/scoring-credito"))
    errors, card = page.index("stag"), page.index('class="lr-card"')
    assert errors < card  # the errors first, then the card
    assert "Última versión que cargó" in page and good[:7] in page[:card]
    assert "Ana García" in page[card:] and "mailto:ana.garcia@example.com" in page[card:]
    assert "Promover en MLflow la versión anterior" in page[card:]
    # Still in production, and no longer compliant: breaking a file never improves the figures.
    after = unescape(html(root / "site-broken", ""))
    numbers = re.compile(r"<strong>\d+</strong>en producción.*?<strong>(\d+)/(\d+)</strong>", re.S)
    ok_before, prod_before = numbers.findall(before)[0]
    ok_after, prod_after = numbers.findall(after)[0]
    assert prod_after == prod_before and int(ok_after) == int(ok_before) - 1


def test_the_card_says_when_the_owner_and_the_thresholds_changed_lately(tmp_path: Path):
    """The incident card's "last 14 days" line names an owner change and a threshold
    change committed in that window (the as-of date is the example's, 2026-11-20)."""
    root = copy_project(tmp_path / "project")
    (root / ".gitignore").write_text("/site*/\n/.cache/\n", "utf-8")
    repo = GitRepo(root)
    repo.commit("Registro de modelos", "2026-10-05")
    manifest = root / "registry" / "models" / "scoring-credito" / "model.yaml"
    text = manifest.read_text("utf-8")
    text = text.replace("owner: ana.garcia", "owner: marta.lopez")
    manifest.write_text(text, "utf-8")
    repo.commit("scoring-credito cambia de owner", "2026-11-12")
    manifest.write_text(
        text.replace("monitoring:\n", "monitoring:\n  drift_max: 0.3\n", 1), "utf-8"
    )
    repo.commit("scoring-credito tolera más drift", "2026-11-13")
    build = mkdocs_build(root, "--strict", env=ISOLATED)
    assert build.returncode == 0, build.stderr
    page = unescape(html(root / "site", "models/scoring-credito"))
    line = page.split('class="lr-card__changes"', 1)[1].split("</p>", 1)[0]
    assert "2026-11-12: owner ana.garcia → marta.lopez" in line
    assert "2026-11-13: umbrales cambiados" in line
    # Older than 14 days: the first commit changed nothing that the line reports.
    other = unescape(html(root / "site", "models/churn-clientes"))
    assert (
        "umbrales cambiados" not in other
        and "owner " not in other.split('class="lr-card__changes"', 1)[1].split("</p>", 1)[0]
    )
