"""The site, built for real with ``mkdocs build`` and read back as HTML."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from html import unescape
from pathlib import Path

import pytest

from lifecycle_report.evaluate import evaluate
from lifecycle_report.load import load_registry
from lifecycle_report.rules import RULES
from lifecycle_report.site import SiteSettings, render_site
from lifecycle_report.site.chapter import SECTIONS
from sitebuild import AS_OF, REPO, all_files, copy_project, mkdocs_build

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text("utf-8")


def test_every_example_model_has_a_page_and_a_badge(built: Path) -> None:
    for folder in sorted((REPO / "registry" / "models").iterdir()):
        page = html(built, f"models/{folder.name}")
        assert 'id="owner"' in page and 'id="findings"' in page
        svg = (built / "badges" / f"{folder.name}.svg").read_text("utf-8")
        assert svg.startswith("<svg") and "<title>" in svg


def test_model_page_puts_the_incident_card_first(built: Path) -> None:
    page = html(built, "models/churn-clientes")
    for anchor in ("owner", "rollback", "findings", "monitoring", "history"):
        assert f'id="{anchor}"' in page, anchor
    assert page.index('id="owner"') < page.index('id="findings"') < page.index('id="monitoring"')
    card = unescape(page[page.index('id="owner"') : page.index('id="findings"')])
    assert "Jorge Ramírez" in card and "inactivo" in card
    assert 'href="mailto:jorge.ramirez@example.com"' in card
    assert "#clientes-ml" in card and "wiki.example.com" in card
    assert "No cumple" in page  # badge text, not colour alone
    assert "../../rules/owner-explicit/" in page


def test_rule_pages_link_to_chapter_sections_that_exist(built: Path) -> None:
    chapter = html(built, "playbook/09-ml-lifecycle-y-produccion")
    for section in SECTIONS:
        assert f'id="{section}"' in chapter, section
    for rule in RULES:
        page = html(built, f"rules/{rule.id}")
        assert f"09-ml-lifecycle-y-produccion/#{rule.section}" in page, rule.id
        assert '<div class="highlight"><pre>' in page  # the compliant YAML example


def test_rule_page_lists_failing_models(built: Path) -> None:
    page = html(built, "rules/owner-explicit")
    assert "../../models/churn-clientes/" in page
    assert "../../models/enrutamiento-llamadas/" in page
    assert "../../models/scoring-credito/" not in page


def test_links_to_absent_chapters_get_stub_pages(built: Path) -> None:
    for chapter in ("07-calidad-testing-y-ci", "08-experimentacion-y-trazabilidad"):
        assert "Capítulo fuera de este sitio" in html(built, f"playbook/{chapter}")


def test_owner_directory_lists_orphans(built: Path) -> None:
    page = html(built, "owners")
    orphans = unescape(page[page.index('id="orphans"') : page.index('id="people"')])
    assert "churn-clientes" in orphans and "enrutamiento-llamadas" in orphans
    assert "scoring-credito/" not in orphans
    assert "Ana García" in html(built, "owners/ana.garcia")


def test_compliance_counts_match_the_report(built: Path) -> None:
    registry = load_registry(REPO / "registry")
    report = evaluate(registry, __import__("datetime").date.fromisoformat(AS_OF))
    page = html(built, "compliance")
    production = [m for m in report.models if m.stage in ("produccion", "monitoreo")]
    ok = [m for m in production if not m.failing("must")]
    assert f"{len(ok)}/{len(production)}" in page
    for model in report.models:
        for f in model.findings:
            if f.status == "fail":
                assert f"models/{model.id}/" in page


def test_model_pages_stay_out_of_the_navigation(built: Path) -> None:
    home = html(built, "")
    nav_links = re.findall(r'href="([^"]*)" class="md-nav__link', home)
    assert "compliance/" in nav_links
    assert not [link for link in nav_links if re.search(r"models/[^/]+/", link)]


def test_no_asset_is_loaded_from_another_host(built: Path) -> None:
    for page in built.rglob("*.html"):
        text = page.read_text("utf-8")
        for url in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', text):
            assert not re.match(r"(https?:)?//", url), f"{page}: {url}"


def test_search_finds_a_model_by_name_id_owner_and_description_and_no_more(built: Path) -> None:
    import json

    docs = json.loads((built / "search" / "search_index.json").read_text("utf-8"))["docs"]
    assert any(d["location"].startswith("models/ocr-facturas/") for d in docs)
    page = " ".join(
        f"{d['title']} {d['text']}"
        for d in docs
        if d["location"].startswith("models/scoring-credito/")
    )
    for words in ("Scoring de crédito de consumo", "scoring-credito", "Ana García"):
        assert words in page, words
    assert "probabilidad de impago" in page  # the description
    # What lies below the card (decisions, charts, tables) is not indexed.
    assert "gradient boosting" not in page and "Periodos:" not in page


def test_model_page_markdown_matches_golden() -> None:
    """Regenerate with ``UPDATE_GOLDEN=1 pytest tests/test_site.py``."""
    import os
    from datetime import date

    report = evaluate(
        load_registry("registry" if Path("registry").is_dir() else REPO / "registry"),
        date.fromisoformat(AS_OF),
    )
    tree = render_site(report, SiteSettings())
    page = tree["models/scoring-credito/index.md"]
    golden = GOLDEN / "model-scoring-credito.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(page, "utf-8")
    assert page == golden.read_text("utf-8")


def test_generated_tree_builds_the_same_site_without_the_plugin(
    tmp_path: Path, built: Path
) -> None:
    project = copy_project(tmp_path / "project")
    out = tmp_path / "portable"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "lifecycle_report.cli",
            "generate",
            "--out",
            str(out),
            "--as-of",
            AS_OF,
        ],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    import yaml

    portable = yaml.load((out / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    assert "lifecycle-report" not in str(portable["plugins"])
    build = mkdocs_build(out, "--strict")
    assert build.returncode == 0, build.stderr
    edit_button = re.compile(
        r'<a href="[^"]*" title="[^"]*" class="md-content__button md-icon".*?</a>', re.S
    )
    pages = ("models/churn-clientes", "models/scoring-credito", "compliance", "models", "")
    for page in (*pages, "rules/input-drift", "owners"):
        ours, theirs = html(built, page), html(out / "site", page)
        assert edit_button.sub("", ours) == edit_button.sub("", theirs), page


def test_build_never_writes_into_docs_or_registry(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    before = {
        **all_files(project / "docs"),
        **{"r/" + k: v for k, v in all_files(project / "registry").items()},
    }
    assert mkdocs_build(project).returncode == 0
    after = {
        **all_files(project / "docs"),
        **{"r/" + k: v for k, v in all_files(project / "registry").items()},
    }
    assert before == after


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text("utf-8")
    (project / "mkdocs.yml").write_text(
        "site_url: https://example.org/playbook/\n" + config, "utf-8"
    )
    assert mkdocs_build(project, site="one").returncode == 0
    shutil.rmtree(project / ".cache")
    assert mkdocs_build(project, site="two").returncode == 0
    one, two = all_files(project / "one"), all_files(project / "two")
    assert one.keys() == two.keys()
    assert [k for k in one if one[k] != two[k]] == []
    assert AS_OF in (project / "one" / "sitemap.xml").read_text("utf-8")


def test_language_en_switches_the_pages(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text("utf-8")
    (project / "mkdocs.yml").write_text(
        config.replace("registry: registry", "registry: registry\n      language: en"), "utf-8"
    )
    assert mkdocs_build(project).returncode == 0
    page = html(project / "site", "models/churn-clientes")
    assert "Incident contact" in page and "Contacto para incidentes" not in page


def test_invalid_manifest_gets_a_page_and_fails_only_strict_builds(tmp_path: Path) -> None:
    registry = tmp_path / "registry-src"
    shutil.copytree(REPO / "registry", registry)
    broken = registry / "models" / "roto" / "model.yaml"
    broken.parent.mkdir()
    broken.write_text("id: roto\nname: Roto\ndescription: x\nstage: beta\n", "utf-8")
    project = copy_project(tmp_path / "project", registry)

    relaxed = mkdocs_build(project)
    assert relaxed.returncode == 0, relaxed.stderr
    # A quiet terminal: the broken manifest's warning, not a list of pages "not in nav".
    assert "not included in the" not in relaxed.stderr
    warnings = [line for line in relaxed.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings and all("registry/models/roto/model.yaml" in w for w in warnings)
    page = unescape(html(project / "site", "models/roto"))
    assert "Manifiesto inválido" in page and "registry/models/roto/model.yaml" in page
    assert "beta" in page
    assert 'href="scoring-credito/"' in html(
        project / "site", "models"
    )  # the others are still there

    strict = mkdocs_build(project, "--strict")
    assert strict.returncode != 0
    assert "registry/models/roto/model.yaml:4" in strict.stderr


def test_edit_button_of_a_model_page_opens_its_manifest(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text("utf-8")
    (project / "mkdocs.yml").write_text(
        "repo_url: https://git.example.com/ml/playbook\nedit_uri: edit/main/docs/\n" + config,
        "utf-8",
    )
    assert mkdocs_build(project, "--strict").returncode == 0
    page = html(project / "site", "models/churn-clientes")
    assert (
        'href="https://git.example.com/ml/playbook/edit/main/registry/models/churn-clientes/model.yaml"'
        in page
    )
    chapter = html(project / "site", "playbook/09-ml-lifecycle-y-produccion")
    assert "edit/main/docs/playbook/09-ml-lifecycle-y-produccion.md" in chapter


def test_a_team_rule_gets_its_own_page_marked_as_the_teams_with_its_paths(built: Path) -> None:
    page = unescape(html(built, "rules/uso-previsto"))
    assert "Regla propia del equipo" in page and "custom_rules" in page
    assert "<code>custom.uso_previsto</code>" in page and "<code>links.runbook</code>" in page
    assert "09-ml-lifecycle-y-produccion/#" not in page  # no chapter section claimed
    assert "../../models/scoring-credito-pymes/" in page  # failing now
    index = unescape(html(built, "rules"))
    assert "Uso previsto documentado</a> (del equipo)" in index


def test_governance_rule_pages_cite_the_guidance_they_serve(built: Path) -> None:
    for rule, sources in {
        "waiver-approver": ["eur-lex.europa.eu/eli/reg/2024/1689/oj"],
        "promotion-reviewed": ["federalreserve.gov/supervisionreg/srletters/sr1107.htm"],
        "validation-independent": ["sr1107.htm", "guidelines-on-loan-origination", "2024/1689"],
        "review-current": ["sr1107.htm", "guidelines-on-loan-origination", "2024/1689"],
    }.items():
        page = html(built, f"rules/{rule}")
        assert "Qué guía respalda esta regla" in page, rule
        for source in sources:
            assert re.search(rf'<a href="https://[^"]*{re.escape(source)}', page), (rule, source)
    assert "Qué guía respalda" not in html(built, "rules/tracking")


def test_a_rule_that_starts_later_says_so_on_its_page_findings_and_compliance(
    built: Path,
) -> None:
    rule = unescape(html(built, "rules/validation-independent"))
    assert "Se exige desde 2027-03-01" in rule
    model = unescape(html(built, "models/ocr-facturas"))
    assert "se exige desde 2027-03-01" in model
    compliance = unescape(html(built, "compliance"))
    upcoming = compliance.split('id="reglas-que-se-exigiran-mas-adelante"', 1)[1]
    upcoming = upcoming.split("<h2", 1)[0]
    assert "validation-independent" in upcoming and "2027-03-01" in upcoming


def test_an_off_rule_page_says_it_is_off(tmp_path: Path) -> None:
    registry = tmp_path / "registry"
    shutil.copytree(REPO / "registry", registry)
    (registry / "policy.yaml").write_text("thresholds: {}\n", "utf-8")
    report = evaluate(load_registry(registry), date.fromisoformat(AS_OF))
    page = render_site(report, SiteSettings())["rules/review-current/index.md"]
    assert "**Desactivada**" in page and "enabled: true" in page


def test_a_site_overrides_a_page_template_through_its_theme_custom_dir(tmp_path: Path) -> None:
    # As Material's partials are overridden: custom_dir/lifecycle-report/<template>.
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    theme = "theme:\n  name: material\n"
    assert theme in config.read_text("utf-8")
    config.write_text(
        config.read_text("utf-8").replace(theme, theme + "  custom_dir: overrides\n"), "utf-8"
    )
    override = project / "overrides" / "lifecycle-report" / "person.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text("# {{ person.name }}\n\nFicha del equipo: {{ models|length }}.\n", "utf-8")
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert "Ficha del equipo: " in html(site, "owners/ana.garcia")
    assert "Ficha del equipo" not in html(site, "models/scoring-credito")


def test_a_person_page_links_their_chat_handle_through_chat_url(built: Path) -> None:
    # mkdocs.yml sets chat_url: "https://chat.example.com/{}"; owners.yaml: chat "@ana.garcia".
    page = (built / "owners" / "ana.garcia" / "index.html").read_text("utf-8")
    cell = page.split("<td>Chat</td>", 1)[1].split("</td>", 1)[0]
    assert '<a href="https://chat.example.com/ana.garcia">' in cell
    assert unescape(cell).endswith(">@ana.garcia</a>")


def test_a_build_after_an_edit_leaves_the_site_built_before_as_it_was(tmp_path: Path) -> None:
    """Badges and data CSVs are linked into the site from the plugin's cache: a later
    build (after an edit) shows the new data and never changes an earlier site's files."""
    project = copy_project(tmp_path / "project")
    assert mkdocs_build(project, site="one").returncode == 0
    assert mkdocs_build(project, site="two").returncode == 0
    summary = project / "registry" / "models" / "scoring-credito" / "monitoring.csv"
    summary.write_text(summary.read_text("utf-8").replace(",0.7831,", ",0.6543,"), "utf-8")
    # Dirty, as `make serve` builds: the files already in "two" are linked copies.
    assert mkdocs_build(project, "--dirty", site="two").returncode == 0
    data = "models/scoring-credito/data.csv"
    assert "0.7831" in (project / "one" / data).read_text("utf-8")
    assert "0.6543" in (project / "two" / data).read_text("utf-8")
    badge = "badges/scoring-credito.svg"
    assert (project / "one" / badge).read_bytes() == (project / "two" / badge).read_bytes()
