"""The site under the three engines teams move to: MkDocs, ProperDocs and Zensical.

ProperDocs runs the plugin itself; Zensical runs no MkDocs plugin and builds the tree
``lifecycle-report generate`` writes. Each is compared with the MkDocs build on what must
not change from one engine to another: the page URLs, the model pages' stable anchors,
their chart files and the words of every page (not the HTML, which each engine writes its
own way).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from html import unescape
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import yaml

from lifecycle_report.plugin import LifecycleReportPlugin
from lifecycle_report.portable import generate, read_project
from lifecycle_report.site.project import is_placeholder
from sitebuild import AS_OF, REPO, copy_project, mkdocs_build

BIN = Path(sys.executable).parent
#: Anchors a link from an incident channel may point at (README: "The site").
STABLE_ANCHORS = ("owner", "findings", "monitoring", "rollback", "history")
PLACEHOLDER_TEXT = "lifecycle-report generate --out"
PROPERDOCS_BUILD = (str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml")


def run(project: Path, *command: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "LIFECYCLE_REPORT_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        command, cwd=project, env=environment, capture_output=True, text=True, timeout=300
    )


def pages_workflow_build(project: Path, engine: str) -> subprocess.CompletedProcess[str]:
    """The GitHub Pages workflow's build step, run as the workflow runs it, with ``engine``."""
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    (step,) = [s for s in workflow["jobs"]["build"]["steps"] if s.get("name") == "Build the site"]
    environment = {
        **os.environ,
        "LIFECYCLE_REPORT_AS_OF": AS_OF,
        "NO_MKDOCS_2_WARNING": "1",
        "SITE_ENGINE": engine,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
    }
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", step["run"]],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def page_urls(site: Path) -> set[str]:
    """Every page's URL (``models/x/``), as a reader reaches it."""
    return {
        page.relative_to(site).as_posix().removesuffix("index.html")
        for page in site.rglob("*.html")
        if page.name != "404.html"
    }


def model_pages(site: Path) -> dict[str, str]:
    """The HTML of each model page (redirects from old ids left out)."""
    pages = {}
    for page in sorted((site / "models").glob("*/index.html")):
        text = page.read_text("utf-8")
        if 'http-equiv="refresh"' not in text:
            pages[page.parent.name] = text
    return pages


def anchors(page: str) -> set[str]:
    return {a for a in STABLE_ANCHORS if f'id="{a}"' in page}


def charts(site: Path) -> dict[str, list[str]]:
    """Each model page's inline chart drawings, as the page holds them."""
    pages = {p.parent.name: p.read_text("utf-8") for p in site.glob("models/*/index.html")}
    return {
        model: drawings
        for model, page in pages.items()
        if (drawings := re.findall(r'<figure class="lr-chart" id="[^"]+">(<svg .*?</svg>)', page))
    }


def text(page: str) -> str:
    """What a reader sees of a page (code blocks are split into highlighted spans)."""
    return unescape(re.sub(r"<[^>]+>", "", page))


def article_text(page: str) -> str | None:
    """The words of a page's content, without its markup and layout (None: a redirect)."""
    if "<article" not in page:
        return None
    return " ".join(text(page[page.index("<article") : page.index("</article>")]).split())


def images(page: str) -> list[str]:
    return sorted(set(re.findall(r'<img[^>]*\ssrc="([^"]+)"', page)))


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("mkdocs"))
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def zensical_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project built by Zensical as the Pages workflow does it: ``generate``
    writes ``build/zensical/``, Zensical builds it, the site lands in ``site/``."""
    project = copy_project(tmp_path_factory.mktemp("zensical"))
    result = pages_workflow_build(project, "zensical")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def test_the_plugin_registers_under_properdocs_own_entry_point_group() -> None:
    (entry,) = [e for e in entry_points(group="properdocs.plugins") if e.name == "lifecycle-report"]
    assert entry.load() is LifecycleReportPlugin


def test_properdocs_builds_the_same_pages_with_the_plugin(
    tmp_path: Path, mkdocs_site: Path
) -> None:
    project = copy_project(tmp_path / "project")
    result = run(project, *PROPERDOCS_BUILD)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert page_urls(site) == page_urls(mkdocs_site)
    assert "models/scoring-credito/" in page_urls(site)
    for model, page in model_pages(mkdocs_site).items():
        assert anchors(model_pages(site)[model]) == anchors(page), model
    assert charts(site) == charts(mkdocs_site)
    assert PLACEHOLDER_TEXT not in text((site / "index.html").read_text("utf-8"))


def test_properdocs_strict_build_fails_on_a_broken_manifest(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    broken = project / "registry" / "models" / "roto" / "model.yaml"
    broken.parent.mkdir()
    broken.write_text("id: roto\nname: Roto\ndescription: x\nstage: beta\n", "utf-8")
    result = run(project, *PROPERDOCS_BUILD)
    assert result.returncode != 0
    assert "registry/models/roto/model.yaml:4" in result.stderr


def test_generate_writes_a_config_without_the_plugin(zensical_project: Path) -> None:
    generated = zensical_project / "build" / "zensical"
    config = yaml.load((generated / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    assert "lifecycle-report" not in str(config["plugins"])
    assert config["docs_dir"] == "docs"
    home = (generated / "docs" / "index.md").read_text("utf-8")
    assert PLACEHOLDER_TEXT not in home  # the generated home replaced the placeholder
    assert (generated / "docs" / "playbook" / "09-ml-lifecycle-y-produccion.md").is_file()


def test_zensical_builds_the_generated_tree_like_mkdocs(
    zensical_project: Path, mkdocs_site: Path
) -> None:
    site = zensical_project / "site"
    assert page_urls(site) == page_urls(mkdocs_site)
    ours, theirs = model_pages(site), model_pages(mkdocs_site)
    assert ours.keys() == theirs.keys() and "scoring-credito" in ours
    for model, page in theirs.items():
        assert anchors(page) == set(STABLE_ANCHORS), model
        assert anchors(ours[model]) == anchors(page), model
        assert images(ours[model]) == images(page), model
    assert charts(site) == charts(mkdocs_site) != {}
    # The generated Markdown uses only what both render alike: every page reads the same.
    for page in sorted(mkdocs_site.rglob("*.html")):
        theirs = page.read_text("utf-8")
        ours = (site / page.relative_to(mkdocs_site)).read_text("utf-8")
        assert article_text(ours) == article_text(theirs), page.relative_to(mkdocs_site)
    # Zensical's own search finds a model page.
    index = json.loads((site / "search.json").read_text("utf-8"))
    assert "models/scoring-credito/" in {item["location"] for item in index["items"]}


def test_the_pages_workflow_refuses_an_unknown_engine(tmp_path: Path) -> None:
    result = pages_workflow_build(tmp_path, "hugo")
    assert result.returncode != 0 and "SITE_ENGINE must be" in result.stderr


def test_a_site_built_without_the_plugin_says_how_to_get_the_report(tmp_path: Path) -> None:
    # Zensical pointed at the project's own mkdocs.yml ignores the plugin: the placeholder
    # home page explains what is missing and what to run.
    project = copy_project(tmp_path / "project")
    result = run(project, str(BIN / "zensical"), "build", "-f", "mkdocs.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    home = text((project / "site" / "index.html").read_text("utf-8"))
    assert PLACEHOLDER_TEXT in home and "zensical build" in home
    assert not (project / "site" / "models").exists()
    # Strict, it fails: the chapter's links to chapters 07 and 08 need the plugin's stubs.
    strict = run(project, str(BIN / "zensical"), "build", "--strict", "-f", "mkdocs.yml")
    assert strict.returncode != 0


def test_mkdocs_without_the_plugin_shows_the_placeholder_and_with_it_the_report(
    tmp_path: Path, mkdocs_site: Path
) -> None:
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text("utf-8")
    plugin = re.search(r"^  - lifecycle-report:\n(?:      .*\n)+", config, re.M)
    assert plugin is not None
    (project / "mkdocs.yml").write_text(config.replace(plugin.group(0), ""), "utf-8")
    assert mkdocs_build(project).returncode == 0
    assert PLACEHOLDER_TEXT in text((project / "site" / "index.html").read_text("utf-8"))
    home = (mkdocs_site / "index.html").read_text("utf-8")
    assert PLACEHOLDER_TEXT not in text(home) and 'href="models/' in home


@pytest.mark.parametrize(
    ("markdown", "placeholder"),
    [
        ("---\nlifecycle_report: placeholder\n---\n# x\n", True),
        ("---\r\ntitle: Inicio\r\nlifecycle_report: placeholder\r\n---\r\n", True),
        ("# Nuestro playbook\n\nlifecycle_report: placeholder\n", False),  # not front matter
        ("---\ntitle: Inicio\n---\nlifecycle_report: placeholder\n", False),
        ("---\nlifecycle_report: own\n---\n", False),
    ],
)
def test_a_docs_page_is_a_placeholder_only_by_its_front_matter(
    markdown: str, placeholder: bool
) -> None:
    assert is_placeholder(markdown) is placeholder


def test_a_project_keeps_its_own_home_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "index.md").write_text("# Nuestro playbook\n", "utf-8")
    out = tmp_path / "out"
    report = generate(read_project(project / "mkdocs.yml"), out, date.fromisoformat(AS_OF))
    assert report.models
    assert (out / "docs" / "index.md").read_text("utf-8") == "# Nuestro playbook\n"
    assert (out / "docs" / "models" / "scoring-credito" / "index.md").is_file()


def test_generate_names_a_bad_plugin_option_in_mkdocs_yml(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text("utf-8")
    (project / "mkdocs.yml").write_text(
        config.replace("registry: registry", "registry: registry\n      trend_weeks: muchas"),
        "utf-8",
    )
    result = run(project, str(BIN / "lifecycle-report"), "generate", "--out", "out")
    assert result.returncode == 2
    assert "mkdocs.yml: lifecycle-report: trend_weeks:" in result.stderr
    assert "Traceback" not in result.stderr and not (project / "out").exists()


def test_without_a_nav_every_engine_keeps_model_pages_out_of_the_navigation(
    tmp_path: Path,
) -> None:
    # The plugin marks detail pages "not in nav"; generate writes not_in_nav patterns for
    # them, which MkDocs and (measured on 0.0.73) Zensical honour in their automatic nav.
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text("utf-8")
    (project / "mkdocs.yml").write_text(config[: config.index("\nnav:")] + "\n", "utf-8")
    result = run(project, str(BIN / "lifecycle-report"), "generate", "--out", "out")
    assert result.returncode == 0, result.stderr
    generated = yaml.load((project / "out" / "mkdocs.yml").read_text("utf-8"), yaml.BaseLoader)
    assert "/models/*/index.md" in generated["not_in_nav"].splitlines()
    assert "nav" not in generated
    plain = mkdocs_build(project / "out", "--strict", site="site-mkdocs")
    assert plain.returncode == 0, plain.stderr
    assert "not included in the" not in plain.stderr  # no list of pages out of the nav
    zensical = run(project / "out", str(BIN / "zensical"), "build", "--strict", "-f", "mkdocs.yml")
    assert zensical.returncode == 0, zensical.stdout + zensical.stderr
    for site in (project / "out" / "site-mkdocs", project / "out" / "site"):
        home = (site / "index.html").read_text("utf-8")
        nav_links = re.findall(r'href="([^"]*)"[^>]*class="md-nav__link', home)
        assert any("models/" in link for link in nav_links)
        assert not [link for link in nav_links if re.search(r"models/[^/]+/", link)]
