"""Git history per model, silent changes, the as-of stamp and redirects from old ids.

Each test builds a real git repository in ``tmp_path`` (fixed dates, local identity) and
runs the same pipeline the plugin runs: load, judge the history, render the pages.
"""

from __future__ import annotations

import json
from datetime import date
from html import unescape
from pathlib import Path

import pytest

from conftest import GOOD_MODEL, RegistryBuilder, edit, weekly_csv
from gitrepo import ISOLATED, GitRepo, git
from lifecycle_report.evaluate import evaluate
from lifecycle_report.history import SilentChange, judge_history
from lifecycle_report.load import load_registry
from lifecycle_report.load.git_history import NO_GIT, OK, SHALLOW, locate, read_history
from lifecycle_report.site import SiteSettings, render_site

AS_OF = date(2026, 5, 10)
REPO_URL = "https://git.example.com/ml/playbook"

FRAUDE = edit(GOOD_MODEL.format(id="fraude"), "stage: produccion", "stage: validacion")
FRAUDE = edit(
    FRAUDE,
    '  - {date: 2026-02-01, stage: produccion, version: "2.1.0", decision: aprobado, by: ana.garcia}\n',
    "",
)
FRAUDE = edit(FRAUDE, 'version: "2.1.0"', 'version: "2.0.0"')


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ISOLATED.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


@pytest.fixture
def story(repo: GitRepo) -> dict[str, str]:
    """Five commits: creation, a recorded release, a silent promotion, a rename, a CSV update."""
    registry = RegistryBuilder(repo.root / "registry")
    registry.model("scoring", csv=weekly_csv())
    registry.model("fraude", FRAUDE, csv=weekly_csv())
    shas = {"created": repo.commit("Alta de scoring y fraude", "2026-01-05")}
    release = edit(GOOD_MODEL.format(id="scoring"), 'version: "2.1.0"', 'version: "2.2.0"')
    release += (
        '  - {date: 2026-02-02, stage: produccion, version: "2.2.0", decision: reentrenado}\n'
    )
    registry.model("scoring", release)
    shas["release"] = repo.commit(
        "scoring 2.2.0 con su decisión",
        "2026-02-02",
        author="Jorge Ramírez <jorge.ramirez@example.com>",
    )
    registry.model("fraude", edit(FRAUDE, "stage: validacion", "stage: produccion"))
    shas["silent"] = repo.commit("fraude a producción", "2026-03-02")
    (registry.root / "models" / "fraude").rename(registry.root / "models" / "fraude-tarjetas")
    renamed = edit(FRAUDE, "id: fraude", "id: fraude-tarjetas")
    renamed = edit(renamed, "stage: validacion", "stage: produccion")
    registry.model("fraude-tarjetas", renamed + "previous_ids: [fraude]\n")
    shas["rename"] = repo.commit("Renombra fraude a fraude-tarjetas", "2026-04-06")
    registry.write("models/scoring/monitoring.csv", weekly_csv(weeks=13))
    shas["csv"] = repo.commit("Monitoreo semanal", "2026-05-04")
    return shas


def pages(root: Path, repo_url: str | None = REPO_URL) -> dict[str, str | bytes]:
    """The plugin's pipeline on ``root``'s registry: load, evaluate, judge git, render."""
    report = evaluate(load_registry(root / "registry", shown_as="registry"), AS_OF)
    checkout = locate(root / "registry")
    history = judge_history(report.registry, checkout, read_history(checkout))
    return render_site(report, SiteSettings(repo_url=repo_url), (), history)


def test_history_lists_the_commits_of_each_model_folder_newest_first(repo, story):
    checkout = locate(repo.root / "registry")
    assert (checkout.status, checkout.prefix, checkout.commit) == (OK, "registry", story["csv"])
    log = read_history(checkout)
    assert [c.commit.sha for c in log.folders["scoring"]] == [
        story["csv"],
        story["release"],
        story["created"],
    ]
    first = log.folders["scoring"][-1].commit
    assert (first.date, first.author, first.subject) == (
        "2026-01-05",
        "Ana García",
        "Alta de scoring y fraude",
    )
    assert log.folders["scoring"][1].commit.author == "Jorge Ramírez"
    assert [c.commit.sha for c in log.folders["fraude"]] == [
        story["rename"],
        story["silent"],
        story["created"],
    ]


def test_a_renamed_model_keeps_the_history_of_its_previous_folder(repo, story):
    report = evaluate(load_registry(repo.root / "registry"), AS_OF)
    checkout = locate(repo.root / "registry")
    history = judge_history(report.registry, checkout, read_history(checkout)).models
    rows = history["fraude-tarjetas"].rows
    assert [(r.commit.sha, r.folder) for r in rows] == [
        (story["rename"], "fraude-tarjetas"),
        (story["silent"], "fraude"),
        (story["created"], "fraude"),
    ]


def test_a_stage_change_without_a_history_entry_is_marked_silent(repo, story):
    report = evaluate(load_registry(repo.root / "registry"), AS_OF)
    checkout = locate(repo.root / "registry")
    history = judge_history(report.registry, checkout, read_history(checkout)).models
    silent = {r.commit.sha: r.silent for r in history["fraude-tarjetas"].rows if r.silent}
    assert silent == {
        story["silent"]: SilentChange(stage=("validacion", "produccion"), version=None)
    }
    assert history["fraude-tarjetas"].silent == 1
    # A version change that adds its decision is not silent.
    assert [r.silent for r in history["scoring"].rows] == [None, None, None]


def test_a_version_change_without_a_history_entry_is_marked_silent(repo):
    registry = RegistryBuilder(repo.root / "registry")
    registry.model("scoring", csv=weekly_csv())
    repo.commit("alta", "2026-01-05")
    registry.model(
        "scoring", edit(GOOD_MODEL.format(id="scoring"), 'version: "2.1.0"', "version: 2.3")
    )
    sha = repo.commit("sube la versión", "2026-01-12")
    checkout = locate(registry.root)
    history = judge_history(load_registry(registry.root), checkout, read_history(checkout))
    rows = history.models["scoring"].rows
    assert rows[0].commit.sha == sha
    assert rows[0].silent == SilentChange(stage=None, version=("2.1.0", "2.3"))


def test_model_page_shows_the_git_history_with_commit_links_and_the_silent_mark(repo, story):
    page = pages(repo.root)["models/fraude-tarjetas/index.md"]
    section = page.split("## Historial en git", 1)[1].split("\n## ", 1)[0]
    assert (
        f'<a href="{REPO_URL}/commit/{story["silent"]}"><code>{story["silent"][:7]}</code></a>'
        in section
    )
    silent_row = next(line for line in section.splitlines() if story["silent"][:7] in line)
    assert "cambio silencioso" in silent_row and "etapa Validación → Producción" in silent_row
    rename_row = next(line for line in section.splitlines() if story["rename"][:7] in line)
    assert "cambio silencioso" not in rename_row
    assert '!!! warning "Cambios silenciosos: 1"' in section
    assert "2026-03-02" in silent_row and "Ana García" in silent_row


def test_every_page_states_the_as_of_date_and_the_commit_it_was_built_from(repo, story):
    tree = pages(repo.root)
    head = story["csv"]
    link = f'<a href="{REPO_URL}/commit/{head}"><code>{head[:7]}</code></a>'
    markdown = {path: text for path, text in tree.items() if path.endswith((".md", ".html"))}
    assert len(markdown) > 20
    for path, text in markdown.items():
        assert isinstance(text, str)
        assert "Evaluado al 2026-05-10 sobre el commit " + link in text, path
    manifest = f"{REPO_URL}/blob/{head}/registry/models/scoring/model.yaml"
    assert f'<a href="{manifest}">manifiesto en ese commit</a>' in tree["models/scoring/index.md"]


def test_without_repo_url_the_commit_is_named_but_not_linked(repo, story):
    page = pages(repo.root, repo_url=None)["models/scoring/index.md"]
    assert f"sobre el commit <code>{story['csv'][:7]}</code> por" in page
    assert "/commit/" not in page and "manifiesto en ese commit" not in page


DIRTY = "más cambios sin commit en el registro"


def test_uncommitted_changes_are_stated_on_the_pages_built_from_them(repo, story):
    (repo.root / "registry" / "models" / "fraude-tarjetas" / "notes.txt").write_text(
        "draft\n", "utf-8"
    )
    tree = pages(repo.root)
    assert DIRTY in tree["models/fraude-tarjetas/index.md"]
    assert DIRTY in tree["compliance/index.md"] and DIRTY in tree["models/index.md"]
    # The other model's page is built from committed files only: it keeps its bytes,
    # so that under `mkdocs serve --dirty` one edit rebuilds one model page.
    assert DIRTY not in tree["models/scoring/index.md"]
    assert "sobre el commit" in tree["models/scoring/index.md"]


def test_a_page_that_other_folders_can_change_says_so_for_any_change(repo, story):
    # fraude-tarjetas' old id "fraude" redirects: another model's edit leaves it clean.
    (repo.root / "registry" / "models" / "scoring" / "notes.txt").write_text("draft\n", "utf-8")
    tree = pages(repo.root)
    assert DIRTY in tree["models/scoring/index.md"]
    assert DIRTY not in tree["models/fraude-tarjetas/index.md"]
    assert DIRTY not in tree["models/fraude/index.html"]
    # A new folder named "fraude" makes that old id collide: an error on fraude-tarjetas'
    # page that comes from another folder, so its stamp now says the registry changed.
    RegistryBuilder(repo.root / "registry").model("fraude", csv=weekly_csv())
    tree = pages(repo.root)
    page = tree["models/fraude-tarjetas/index.md"]
    assert "fraude" in page and DIRTY in page


def test_an_uncommitted_rename_marks_both_folders_and_shared_files_mark_every_page(repo, story):
    registry = repo.root / "registry"
    checkout = locate(registry)
    assert not checkout.dirty and not checkout.dirty_for("scoring") and not checkout.dirty_for(None)
    git(repo.root, "mv", "registry/models/scoring", "registry/models/scoring-v2")
    checkout = locate(registry)
    assert checkout.dirty_folders == {"scoring", "scoring-v2"} and not checkout.dirty_shared
    assert checkout.dirty_for("scoring") and not checkout.dirty_for("fraude-tarjetas")
    (registry / "policy.yaml").write_text("thresholds:\n  drift_max: 0.3\n", "utf-8")
    checkout = locate(registry)
    assert checkout.dirty_shared and checkout.dirty_for("fraude-tarjetas")
    (registry / "models" / "nuevo").mkdir()
    (registry / "models" / "nuevo" / "model.yaml").write_text("id: nuevo\n", "utf-8")
    assert "nuevo" in locate(registry).dirty_folders


def test_a_registry_whose_models_folder_is_not_committed_yet_is_dirty_everywhere(tmp_path):
    # The first pull request of a registry: git reports `?? models/` as one entry.
    repo = GitRepo(tmp_path / "repo")
    (repo.root / "owners.yaml").write_text("people: {}\n", "utf-8")
    repo.commit("owners", "2026-01-05")
    RegistryBuilder(repo.root).model("scoring", csv=weekly_csv())
    checkout = locate(repo.root)
    assert checkout.dirty_shared and checkout.dirty_folders == frozenset()
    assert checkout.dirty_for("scoring") and checkout.dirty_for(None)


def test_outside_git_pages_say_the_history_is_unavailable_and_sin_commit(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    registry = RegistryBuilder(tmp_path / "project" / "registry")
    registry.model("scoring", csv=weekly_csv())
    assert locate(registry.root).status == NO_GIT
    tree = pages(tmp_path / "project")
    page = tree["models/scoring/index.md"]
    text = unescape(page)
    assert (
        "El historial git no está disponible: el sitio se construyó fuera de un repositorio git."
        in text
    )
    assert "Evaluado al 2026-05-10 por lifecycle-report (sin commit)." in text
    assert "/commit/" not in page


def test_in_a_shallow_clone_the_history_is_unavailable_but_the_commit_is_known(
    repo, story, tmp_path
):
    clone = repo.shallow_clone(tmp_path / "shallow")
    checkout = locate(clone / "registry")
    assert (checkout.status, checkout.commit) == (SHALLOW, story["csv"])
    assert read_history(checkout).folders == {}
    page = pages(clone)["models/scoring/index.md"]
    assert "el repositorio es un clon superficial" in page
    assert f'sobre el commit <a href="{REPO_URL}/commit/{story["csv"]}">' in page


def test_a_model_no_commit_touched_yet_says_so(repo, story):
    RegistryBuilder(repo.root / "registry").model("nuevo", csv=weekly_csv())
    page = pages(repo.root)["models/nuevo/index.md"]
    assert "Ningún commit ha tocado aún la carpeta de este modelo." in unescape(page)


# -- redirects -----------------------------------------------------------------------------


def test_a_previous_id_gets_a_page_that_sends_the_reader_to_the_current_one(repo, story):
    tree = pages(repo.root)
    page = tree["models/fraude/index.html"]
    assert isinstance(page, str)
    assert '<meta http-equiv="refresh" content="0; url=../fraude-tarjetas/">' in page
    assert '<a href="../fraude-tarjetas/">Scoring de crédito</a>' in page
    assert "models/fraude-tarjetas/index.md" in tree  # the page it points at exists
    assert "models/fraude/index.md" not in tree


def test_redirects_follow_use_directory_urls(repo, story):
    report = evaluate(load_registry(repo.root / "registry"), AS_OF)
    tree = render_site(report, SiteSettings(directory_urls=False))
    assert 'url=../fraude-tarjetas/index.html"' in str(tree["models/fraude/index.html"])


def problems(report, key_text: str) -> list[tuple[str, int | None]]:
    return [(p.file, p.line) for p in report.errors if key_text in p.message]


def test_a_previous_id_that_is_a_current_id_is_an_error_with_file_and_line(
    registry: RegistryBuilder,
):
    registry.model("scoring", csv=weekly_csv())
    registry.model(
        "fraude",
        GOOD_MODEL.format(id="fraude") + "previous_ids:\n  - antiguo\n  - scoring\n",
        csv=weekly_csv(),
    )
    report = registry.evaluate()
    file = f"{registry.root.as_posix()}/models/fraude/model.yaml"
    line = GOOD_MODEL.count("\n") + 3
    assert problems(report, "«scoring», que es el id de otro modelo") == [(file, line)]
    assert report.registry.redirects == {"antiguo": "fraude"}
    assert "models/scoring/index.html" not in render_site(report)
    assert report.exit_code() == 1
    # What scoring's folder holds decides fraude's errors; scoring itself is untouched.
    collides = {m.id: m.entry.old_id_collides for m in report.models}
    assert collides == {"fraude": True, "scoring": False}


def test_a_previous_id_listed_twice_is_an_error_at_every_place(registry: RegistryBuilder):
    registry.model("uno", GOOD_MODEL.format(id="uno") + "previous_ids: [viejo]\n", csv=weekly_csv())
    registry.model(
        "dos",
        GOOD_MODEL.format(id="dos") + "previous_ids:\n  - otro\n  - viejo\n",
        csv=weekly_csv(),
    )
    registry.model(
        "tres",
        GOOD_MODEL.format(id="tres") + "previous_ids: [repetido, repetido]\n",
        csv=weekly_csv(),
    )
    report = registry.evaluate()
    base = registry.root.as_posix()
    end = GOOD_MODEL.count("\n") + 1
    assert problems(report, "«viejo» aparece en más de un modelo") == [
        (f"{base}/models/dos/model.yaml", end + 2),
        (f"{base}/models/uno/model.yaml", end),
    ]
    assert problems(report, "«repetido» aparece en más de un modelo") == [
        (f"{base}/models/tres/model.yaml", end),
        (f"{base}/models/tres/model.yaml", end),
    ]
    assert report.registry.redirects == {"otro": "dos"}
    assert all(m.entry.old_id_collides for m in report.models)
    tree = render_site(report)
    assert "models/viejo/index.html" not in tree and "models/repetido/index.html" not in tree
    assert "models/otro/index.html" in tree


def test_manifests_read_from_git_are_parsed_once_and_cached_by_blob(repo, story, tmp_path):
    from gitrepo import git
    from lifecycle_report.load.git_history import MANIFEST_CACHE

    checkout = locate(repo.root / "registry")
    cache = tmp_path / "cache"
    read_history(checkout, cache)
    stored = json.loads((cache / MANIFEST_CACHE).read_text("utf-8"))
    after = git(
        repo.root, "rev-parse", f"{story['silent']}:registry/models/fraude/model.yaml"
    ).strip()
    assert len(stored["entries"]) == 4  # before and after of the two commits that modified one
    assert stored["entries"][after][:3] == ["produccion", "2.0.0", 1]
    stored["entries"][after][0] = "retirada"  # doctored: a second read must use it
    (cache / MANIFEST_CACHE).write_text(json.dumps(stored), "utf-8")
    silent = next(
        c
        for c in read_history(checkout, cache).folders["fraude"]
        if c.commit.sha == story["silent"]
    )
    assert silent.after is not None and silent.after.stage == "retirada"
