"""Atom feeds of status changes, built by the real ``mkdocs build`` and read by ``feedparser``."""

from __future__ import annotations

import json
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import markupsafe
import pytest

from conftest import GOOD_MODEL, OWNERS, REPO, RegistryBuilder, edit, weekly_csv
from gitrepo import ISOLATED, GitRepo
from lifecycle_report.evaluate import evaluate
from lifecycle_report.i18n import catalog
from lifecycle_report.load import load_registry
from lifecycle_report.site.feeds import FEED_LIMIT, iter_feeds, status_changes
from lifecycle_report.trend import Trend, TrendPoint
from sitebuild import all_files, mkdocs_build

FRESH = weekly_csv(end=date(2026, 11, 16))
ORPHAN = ("owner: ana.garcia", "owner: jorge.ramirez")
HOSTILE = 'Luis "</title><script>alert(1)</script>'
CONFIG = """\
site_name: Registro
theme:
  name: material
  font: false
plugins:
  - lifecycle-report:
      registry: registry
      trend_weeks: {weeks}
"""


def project(root: Path, weeks: int = 6) -> RegistryBuilder:
    root.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(CONFIG.format(weeks=weeks), "utf-8")
    shutil.copytree(REPO / "docs" / "playbook", root / "docs" / "playbook")  # rules link to it
    (root / ".gitignore").write_text("/site*/\n/.cache/\n", "utf-8")
    registry = RegistryBuilder(root / "registry")
    luis = f"  luis.perez:\n    name: {json.dumps(HOSTILE)}\n    email: luis@example.com\n"
    registry.write("owners.yaml", OWNERS.replace("teams:\n", luis + "teams:\n", 1))
    return registry


def parse(path: Path) -> feedparser.FeedParserDict:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, dict[str, str]]:
    """``scoring`` passes, then fails (its owner leaves) on 11-04; ``fraude`` (Luis's)
    appears on 11-11 failing (no monitoring); then ``scoring`` passes again on 11-18.
    Points: the Sundays 10-18 ... 11-15, then the as-of date 11-20."""
    root = tmp_path_factory.mktemp("feeds") / "project"
    registry = project(root)
    repo = GitRepo(root)
    registry.model("scoring", csv=FRESH)
    shas = {"start": repo.commit("scoring", "2026-10-20")}
    registry.model("scoring", edit(GOOD_MODEL.format(id="scoring"), *ORPHAN), csv=FRESH)
    shas["orphan"] = repo.commit("scoring sin owner", "2026-11-04")
    fraude = GOOD_MODEL.format(id="fraude").replace("owner: ana.garcia", "owner: luis.perez")
    registry.model("fraude", fraude.replace("name: Scoring de crédito", 'name: "F <b>&amp;\\x01"'))
    shas["fraude"] = repo.commit("fraude", "2026-11-11")
    registry.model("scoring", csv=FRESH)
    shas["back"] = repo.commit("scoring con owner", "2026-11-18")
    build = mkdocs_build(root, "--strict", env=ISOLATED)
    assert build.returncode == 0, build.stderr
    return repo, shas


def test_the_site_feed_lists_status_changes_newest_first(history):
    repo, shas = history
    feed = parse(repo.root / "site" / "feed.xml")
    got = [(e.updated[:10], e.title) for e in feed.entries]
    assert got == [
        ("2026-11-20", "Scoring de crédito: No cumple → Cumple"),
        ("2026-11-15", "F <b>&amp;\ufffd: no existe → No cumple"),
        ("2026-11-08", "Scoring de crédito: Cumple → No cumple"),
    ]
    assert feed.entries[0].link.endswith("models/scoring/")
    assert shas["back"][:7] in feed.entries[0].summary
    assert len({e.id for e in feed.entries}) == 3
    assert feed.feed.title == "Registro de modelos: cambios de estado"


def test_a_persons_feed_has_only_that_persons_models(history):
    repo, _ = history
    luis = parse(repo.root / "site" / "owners" / "luis.perez" / "feed.xml")
    assert [e.title for e in luis.entries] == ["F <b>&amp;\ufffd: no existe → No cumple"]
    assert luis.feed.title == f"Modelos de {HOSTILE}: cambios de estado"
    ana = parse(repo.root / "site" / "owners" / "ana.garcia" / "feed.xml")
    assert [e.updated[:10] for e in ana.entries] == ["2026-11-20"]  # scoring is hers again
    jorge = parse(repo.root / "site" / "owners" / "jorge.ramirez" / "feed.xml")
    assert [e.updated[:10] for e in jorge.entries] == ["2026-11-08"]


class _Heads(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.feeds: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and found.get("type") == "application/atom+xml":
            self.feeds.append(found)


def heads(page: Path) -> _Heads:
    parser = _Heads()
    parser.feed(page.read_text("utf-8"))
    return parser


def test_pages_advertise_their_feeds_in_the_head_and_link_them(history):
    repo, _ = history
    site = repo.root / "site"
    person = heads(site / "owners" / "luis.perez" / "index.html")
    assert [(f["href"], f["title"]) for f in person.feeds] == [
        ("../../feed.xml", "Registro de modelos: cambios de estado"),
        ("feed.xml", f"Modelos de {HOSTILE}: cambios de estado"),
    ]
    # The attribute held the hostile name whole: nothing of it leaked out of the <link>.
    raw = (site / "owners" / "luis.perez" / "index.html").read_text("utf-8")
    assert f'title="Modelos de {markupsafe.escape(HOSTILE)}: cambios de estado"' in raw
    assert [f["href"] for f in heads(site / "models" / "scoring" / "index.html").feeds] == [
        "../../feed.xml"
    ]
    assert 'href="feed.xml"' in (site / "owners" / "luis.perez" / "index.html").read_text("utf-8")
    assert 'href="../feed.xml"' in (site / "compliance" / "index.html").read_text("utf-8")


def test_feeds_are_byte_identical_on_a_second_build(history):
    repo, _ = history
    again = mkdocs_build(repo.root, site="site-again", env=ISOLATED)
    assert again.returncode == 0, again.stderr
    first, second = all_files(repo.root / "site"), all_files(repo.root / "site-again")
    feeds = [path for path in first if path.endswith("feed.xml")]
    people = [p for p in first if p.startswith("owners/") and p.endswith("/index.html")]
    assert len(feeds) == len(people)  # the site's and one per person (owners/index.html)
    assert {p: first[p] for p in feeds} == {p: second[p] for p in feeds}


@pytest.mark.parametrize(
    ("weeks", "why"), [(6, "no está en un repositorio git"), (0, "trend_weeks: 0")]
)
def test_without_a_trend_the_feeds_exist_valid_and_say_why_they_are_empty(tmp_path, weeks, why):
    root = tmp_path / "project"
    project(root, weeks).model("scoring", csv=FRESH)
    build = mkdocs_build(root, "--strict", env=ISOLATED)
    assert build.returncode == 0, build.stderr
    for path in ("feed.xml", "owners/ana.garcia/feed.xml"):
        feed = parse(root / "site" / path)
        assert feed.entries == []
        assert why in feed.feed.subtitle


def point(day: str, commit: str | None, **models: str) -> TrendPoint:
    return TrendPoint(
        date.fromisoformat(day), commit, models={m: (s, "ana.garcia") for m, s in models.items()}
    )


def test_a_feed_is_bounded_and_the_first_commit_is_no_change(registry):
    registry.model("a", csv=FRESH)
    report = evaluate(load_registry(registry.root), date(2026, 11, 20))
    many = {f"m{i:03d}": "pass" for i in range(FEED_LIMIT + 20)}
    trend = Trend(
        "ok",
        date(2026, 11, 20),
        3,
        [
            point("2026-11-01", None),
            point("2026-11-08", "a" * 40, **many),  # the registry begins: nothing changed
            point("2026-11-15", "b" * 40, **{m: "fail" for m in many}),
        ],
    )
    assert len(status_changes(trend)) == FEED_LIMIT + 20
    feeds = dict(iter_feeds(report, trend, catalog("es"), lambda p: p, lambda m: m))
    parsed = feedparser.parse(feeds["feed.xml"].encode())
    assert not parsed.bozo and len(parsed.entries) == FEED_LIMIT
