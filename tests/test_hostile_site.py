"""A site built from a hostile registry: no payload is live in any built file, and none
runs in Chromium (no dialog, ``document.title`` as the file says, on every page)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import html5lib
import pytest

from hostile import PAYLOADS, hostile_git, scan_site, write_hostile_registry
from lifecycle_report.site.escape import plain
from sitebuild import copy_project, mkdocs_build
from test_browser import CHROMIUM, CHROMIUM_ARGS, _playwright, _QuietHandler, _require_browser

REPO_URL = "https://git.example.com/org/repo"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    registry = write_hostile_registry(root / "registry-src")
    project = copy_project(root / "project", registry)
    config = project / "mkdocs.yml"
    config.write_text(
        f"repo_url: {REPO_URL}\nedit_uri: edit/main/docs/\n" + config.read_text("utf-8"), "utf-8"
    )
    hostile_git(project)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return project / "site"


def _title(path: Path) -> str:
    tree = html5lib.parse(path.read_text("utf-8"), namespaceHTMLElements=False)
    title = tree.find("head/title")
    assert title is not None, path
    return title.text or ""


def test_no_payload_is_live_in_any_built_file(hostile_site: Path) -> None:
    found, counts = scan_site(hostile_site)
    assert found == []
    assert all(counts[kind] for kind in ("html", "svg", "xml", "json")), counts


def test_payloads_read_as_text_in_title_and_page(hostile_site: Path) -> None:
    page = hostile_site / "models" / "hostil-a" / "index.html"
    # The whole name is the title's text, as a browser reads <title>.
    assert _title(page).startswith(plain(PAYLOADS[0]) + " - ")
    tree = html5lib.parse(page.read_text("utf-8"), namespaceHTMLElements=False)
    heading = next(tree.iter("h1"))
    assert heading.text == plain(PAYLOADS[0])  # the name as written, nothing more
    paragraphs = ["".join(p.itertext()) for p in tree.iter("p")]
    assert plain(PAYLOADS[1]) in paragraphs  # the description, as written
    person = hostile_site / "owners" / "hostil.persona" / "index.html"
    assert _title(person).startswith(plain(PAYLOADS[0]) + " - ")


def test_edit_button_encodes_the_folder_name(hostile_site: Path) -> None:
    pages = [p for p in (hostile_site / "models").glob("x-lr-pwn--*/index.html")]
    assert len(pages) == 1
    tree = html5lib.parse(pages[0].read_text("utf-8"), namespaceHTMLElements=False)
    hrefs = [
        a.get("href")
        for a in tree.iter("a")
        if "md-content__button" in (a.get("class") or "") and "edit" in (a.get("href") or "")
    ]
    assert hrefs == [f"{REPO_URL}/edit/main/registry/models/x%22%3E%3Clr-pwn%3E/model.yaml"]


def test_every_invalid_folder_gets_its_own_page(hostile_site: Path) -> None:
    slugs = sorted(p.name for p in (hostile_site / "models").iterdir() if "--" in p.name)
    assert len(slugs) == 3 and len(set(slugs)) == 3


# -- in Chromium ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(hostile_site: Path) -> Iterator[str]:
    _require_browser()
    handler = partial(_QuietHandler, directory=str(hostile_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_no_page_of_the_hostile_site_runs_a_payload(hostile_site: Path, served: str) -> None:
    pages = sorted(
        p.relative_to(hostile_site).as_posix()
        for p in hostile_site.rglob("*.html")
        if p.name != "404.html"
    )
    dialogs: list[str] = []
    changed: list[str] = []
    with _playwright()() as p:  # type: ignore[misc]
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context()
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in pages:
            file = hostile_site / path
            if 'http-equiv="refresh"' in file.read_text("utf-8"):
                continue  # an old id's redirect: it leaves for the model's page at once
            page.goto(served + path, wait_until="load")
            page.mouse.move(200, 300)  # hover handlers, if any got in
            expected = _title(file)
            if page.title() != expected:
                changed.append(f"{path}: {page.title()!r} != {expected!r}")
        browser.close()
    assert len(pages) > 50
    assert dialogs == []
    assert changed == []
