"""The built site in a real browser: Playwright driving Debian's Chromium.

Skipped (with the reason) when ``/usr/bin/chromium`` or Playwright is missing, except
under ``CI=true``, where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sitebuild import REPO, copy_project, mkdocs_build

CHROMIUM = os.environ.get("LIFECYCLE_REPORT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

HOSTILE = """\
id: hostil
name: "<script>window.__pwned = 1; alert('name')</script> {{ 7*7 }}"
description: "<img src=x onerror=\\"window.__pwned=2\\"> [clic](javascript:window.__pwned=3) {% raw %}"
stage: produccion
owner: "<b>ana</b>"
links:
  runbook: "javascript:window.__pwned=4"
  dashboard: "https://grafana.example.com/d/hostil\\" onmouseover=\\"window.__pwned=5"
rollback:
  strategy: "{{ config.site_name }} <iframe src=https://evil.example.com></iframe>"
history:
  - {date: 2026-01-01, stage: produccion, decision: "**ok** <svg onload=window.__pwned=6>"}
"""


def _playwright():  # noqa: ANN202 - returns the sync_playwright factory
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    return sync_playwright


def _require_browser() -> None:
    problem = None
    if _playwright() is None:
        problem = "playwright is not installed (pip install -e '.[test]')"
    elif not Path(CHROMIUM).exists():
        problem = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run under CI: {problem}")
        pytest.skip(problem)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _require_browser()
    root = tmp_path_factory.mktemp("browser")
    registry = root / "registry-src"
    shutil.copytree(REPO / "registry", registry)
    (registry / "models" / "hostil").mkdir()
    (registry / "models" / "hostil" / "model.yaml").write_text(HOSTILE, "utf-8")
    project = copy_project(root / "project", registry)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    handler = partial(_QuietHandler, directory=str(project / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class Session:
    """One page with its console errors, dialogs and requests recorded."""

    def __init__(self, page, base: str) -> None:  # noqa: ANN001
        self.page, self.base = page, base
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: self.requests.append(r.url))

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")

    def foreign_requests(self) -> list[str]:
        local = self.base.rstrip("/")
        return [
            u
            for u in self.requests
            if not (u.startswith(local) or u.startswith(("data:", "blob:")))
        ]


@pytest.fixture(scope="module")
def browser(site_url: str) -> Iterator[object]:
    with _playwright()() as p:  # type: ignore[misc]
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def session(browser, site_url: str) -> Iterator[Session]:  # noqa: ANN001
    context = browser.new_context()
    yield Session(context.new_page(), site_url)
    context.close()


def test_model_page_shows_status_and_incident_card(session: Session) -> None:
    session.open("models/churn-clientes/")
    page = session.page
    assert page.locator(".lr-badge--fail").first.inner_text().strip().endswith("No cumple")
    card = page.locator("article .lr-card")  # the incident card comes first
    assert "Jorge Ramírez" in card.locator("#owner").inner_text()
    assert "Volver a la versión anterior" in card.locator("#rollback").inner_text()
    assert session.errors == [] and session.foreign_requests() == []


def test_an_old_model_url_lands_on_the_current_page_at_the_same_anchor(
    session: Session,
) -> None:
    # churn-clientes was fuga-clientes (previous_ids): old links keep working, anchor included.
    session.open("models/fuga-clientes/#rollback")
    session.page.wait_for_url("**/models/churn-clientes/#rollback")
    assert session.page.locator("#rollback").is_visible()
    session.open("models/fuga-clientes/")
    session.page.wait_for_url("**/models/churn-clientes/")
    assert session.errors == [] and session.foreign_requests() == []


#: What an on-call engineer needs without scrolling (selector, how many at least).
FIRST_SCREEN = (
    ("h1", 1),
    (".lr-card__head .lr-badge", 1),  # status
    (".lr-card__head strong", 1),  # stage
    (".lr-card__meta", 1),  # as-of date and commit
    ("#owner .lr-card__title", 1),
    ("#owner a[href*='.example.com/']", 1),  # runbook (and dashboard when there is one)
    ("#rollback p", 1),
    (".lr-card__findings li a[href*='/rules/']", 1),
    (".lr-card__more", 1),  # passing ones, as a count
    ("#latest-title ~ *", 1),  # latest readings, or "no summary"
)


@pytest.mark.parametrize(
    ("model", "more"),
    [
        # A team as owner: who to turn to instead, four failing rules, a signal unmonitored.
        (
            "enrutamiento-llamadas",
            ((".lr-reading", 6), (".lr-card__age", 1), ("#owner a[href^='https://chat']", 1)),
        ),
        # Eight failing rules and no monitoring summary.
        ("pricing-dinamico", ((".lr-card__findings li", 8), ("#owner a[href^='mailto:']", 1))),
        # Breaching readings flagged.
        ("ocr-facturas", ((".lr-reading.lr-breach", 2), ("#owner a[href^='mailto:']", 1))),
    ],
)
def test_incident_card_fits_the_first_screen_of_a_laptop(
    browser, site_url: str, model: str, more: tuple[tuple[str, int], ...]
) -> None:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        session = Session(context.new_page(), site_url)
        session.open(f"models/{model}/")
        page = session.page
        assert page.evaluate("window.scrollY") == 0
        for selector, least in FIRST_SCREEN + more:
            boxes = page.locator(selector).evaluate_all(
                "els => els.map(e => { const r = e.getBoundingClientRect();"
                " return [r.top, r.left, r.bottom, r.right, r.height]; })"
            )
            assert len(boxes) >= least, selector
            for top, left, bottom, right, height in boxes:
                assert height > 0, selector
                assert top >= 0 and bottom <= 768 and left >= 0 and right <= 1366, (
                    selector,
                    bottom,
                )
        assert session.errors == [] and session.foreign_requests() == []
    finally:
        context.close()


def test_breaching_values_are_marked_in_the_card_and_the_table(session: Session) -> None:
    session.open("models/ocr-facturas/")
    page = session.page
    card = page.locator(".lr-reading.lr-breach").all_inner_texts()
    assert [t.split()[0:3] for t in card] == [["Drift", "de", "inputs"], ["Tasa", "de", "error"]]
    assert "0.34" in card[0] and "fuera de umbral" in card[0]
    cells = page.locator(".lr-signals td.lr-breach").all_inner_texts()
    assert len(cells) == 2 and cells[0].startswith("0.34")
    color = page.locator(".lr-signals td.lr-breach").first.evaluate(
        "e => getComputedStyle(e).color"
    )
    assert color == "rgb(179, 38, 30)"


def test_compliance_finding_leads_to_its_rule_page(session: Session) -> None:
    session.open("compliance/")
    link = session.page.locator("a[href*='rules/owner-explicit/']").first
    link.click()
    session.page.wait_for_load_state("networkidle")
    assert "/rules/owner-explicit/" in session.page.url
    assert session.page.locator("h1").inner_text().startswith("Owner explícito")
    assert "churn-clientes" in session.page.locator("article").inner_html()
    assert session.errors == [] and session.foreign_requests() == []


def test_search_finds_a_model(session: Session) -> None:
    session.open("")
    page = session.page
    page.locator(".md-search__input").click()
    page.keyboard.type("Enrutamiento", delay=20)
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=15_000)
    assert "nrutamiento" in page.locator(".md-search-result").inner_text()
    assert session.errors == [] and session.foreign_requests() == []


def test_models_table_sorts_by_column(session: Session) -> None:
    session.open("models/")
    tables = session.page.locator("article table")
    sizes = [tables.nth(i).locator("tbody tr").count() for i in range(tables.count())]
    table = tables.nth(sizes.index(max(sizes)))
    header = table.locator("th").first

    def names() -> list[str]:
        return table.locator("tbody tr td:first-child").all_inner_texts()

    header.click()
    first = names()
    header.click()
    assert names() == list(reversed(first)) and len(first) > 1


def test_hostile_manifest_text_stays_inert(session: Session) -> None:
    session.open("models/hostil/")
    page = session.page
    page.locator("article").hover()
    text = page.locator("article").inner_text()
    assert "<script>window.__pwned = 1; alert('name')</script> {{ 7*7 }}" in text
    assert "[clic](javascript:window.__pwned=3)" in text
    assert "{{ config.site_name }}" in text
    assert page.evaluate("window.__pwned") is None
    assert session.dialogs == []
    assert (
        page.locator("article a[href^='javascript:'], article iframe, article img[src='x']").count()
        == 0
    )
    assert session.foreign_requests() == []


def test_model_page_charts_are_drawn_inline_and_follow_dark_mode(browser, site_url: str) -> None:  # noqa: ANN001
    strokes = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        try:
            session = Session(context.new_page(), site_url)
            session.open("models/prevision-demanda/")
            charts = session.page.locator("figure.lr-chart svg")
            assert charts.count() == 5
            box = charts.first.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 100
            # Drawn with the site's styles: the line colour follows the theme's scheme.
            line = session.page.locator("figure.lr-chart svg .lr-chart__line").first
            strokes[scheme] = line.evaluate("p => getComputedStyle(p).stroke")
            label = charts.first.evaluate(
                "s => s.getAttribute('aria-labelledby').split(' ')"
                ".map(id => document.getElementById(id).textContent).join(' ')"
            )
            assert label.startswith("Performance") and "Periodos: 52" in label
            assert session.errors == [] and session.foreign_requests() == []
        finally:
            context.close()
    assert strokes["light"] != strokes["dark"], strokes


#: The pages the accessibility and narrow-screen checks visit.
PAGES = (
    "",
    "models/",
    "models/ocr-facturas/",
    "models/enrutamiento-llamadas/",
    "owners/",
    "rules/owner-explicit/",
    "compliance/",
)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation_in_the_content(
    browser, site_url: str, scheme: str
) -> None:  # noqa: ANN001
    """axe-core (shipped inside axe-playwright-python, no network) on the article, where
    the project's markup is; the theme's header, search and footer are Material's."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(color_scheme=scheme)
    try:
        session = Session(context.new_page(), site_url)
        found = []
        for path in PAGES:
            session.open(path)
            results = axe.run(session.page, context="article")
            found += [
                (path, v["id"], [n["target"] for n in v["nodes"]][:3])
                for v in results.response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
        assert found == []
        assert session.errors == [] and session.foreign_requests() == []
    finally:
        context.close()


def test_status_icons_need_no_emoji_font(session: Session) -> None:
    session.open("models/ocr-facturas/")
    badges = session.page.locator(".lr-badge")
    assert badges.count() > 10
    texts = "".join(badges.all_inner_texts())
    assert not any(ord(c) > 0x2000 for c in texts)  # words only: no ✔ ⚠ ✖ ⛔ ⏸
    icon = badges.first.evaluate("b => getComputedStyle(b, '::before').maskImage")
    assert icon.startswith('url("data:image/svg+xml')


def test_a_phone_never_scrolls_sideways_and_reads_the_card_top_to_bottom(
    browser, site_url: str
) -> None:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        session = Session(context.new_page(), site_url)
        page = session.page
        for path in PAGES:
            session.open(path)
            widths = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            assert widths[0] <= widths[1], path
        session.open("models/enrutamiento-llamadas/")
        tops = [
            page.locator(s).first.evaluate("e => e.getBoundingClientRect().top")
            for s in (".lr-card__head", "#owner", "#rollback", ".lr-card__findings", ".lr-readings")
        ]
        assert tops == sorted(tops)
        # Out of the navigation, so the theme shows no table of contents: the page has one.
        toc = page.locator("details.lr-toc")
        assert toc.is_visible()
        toc.locator("summary").click()
        targets = toc.locator("a").evaluate_all("links => links.map(a => a.hash.slice(1))")
        assert "findings" in targets and "monitoring" in targets
        assert all(page.locator(f"[id='{t}']").count() == 1 for t in targets)
        assert session.errors == [] and session.foreign_requests() == []
    finally:
        context.close()


def test_the_page_toc_is_left_to_the_theme_on_a_laptop(session: Session) -> None:
    session.page.set_viewport_size({"width": 1366, "height": 768})
    session.open("rules/owner-explicit/")
    assert not session.page.locator("details.lr-toc").is_visible()
    assert session.page.locator(".md-sidebar--secondary").is_visible()


def test_tags_are_shown_and_found_by_search(session: Session) -> None:
    session.open("models/scoring-credito/")
    assert session.page.locator(".lr-tag").all_inner_texts() == [
        "credito",
        "clasificacion",
        "regulado",
    ]
    session.open("")
    page = session.page
    page.locator(".md-search__input").click()
    page.keyboard.type("regulado", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert "Scoring de crédito de consumo" in page.locator(".md-search-result").inner_text()
