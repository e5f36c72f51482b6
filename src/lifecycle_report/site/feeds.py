"""Atom feeds of status changes: ``feed.xml`` and ``owners/<person>/feed.xml``.

A change is a model whose status differs between two consecutive points of the
compliance trend (:mod:`lifecycle_report.trend`), or that appears or disappears between
them. Feeds list the newest first, at most :data:`FEED_LIMIT`; a person's lists only the
models that person owned at the newer point. Entry ids and dates come from the trend, so
the same history and as-of date give the same bytes. Without a trend (outside git, in a
shallow clone, ``trend_weeks: 0``) the feeds exist, valid and empty, and their subtitle
says why. Registry text reaches the XML through ElementTree, which escapes it, after
:func:`~.escape.xml`.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from ..i18n import Catalog
from ..report import Report
from ..trend import Trend
from . import escape

FEED_LIMIT = 100
SITE_FEED = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"


def person_feed(person_id: str) -> str:
    return f"owners/{person_id}/feed.xml"


@dataclass(frozen=True)
class StatusChange:
    model: str
    #: The model's owner at the newer point (at the older one when it disappeared).
    owner: str | None
    day: date
    commit: str | None
    #: ``None``: the model did not exist at that point.
    before: str | None
    after: str | None


def status_changes(trend: Trend | None) -> list[StatusChange]:
    """Every change between consecutive points of ``trend``, newest first."""
    if trend is None or not trend.available:
        return []
    changes: list[StatusChange] = []
    for older, newer in zip(trend.points, trend.points[1:], strict=False):
        if older.commit is None or newer.commit is None:
            continue  # the registry did not exist yet: nothing changed, it began
        for model in sorted(older.models.keys() | newer.models.keys()):
            before, before_owner = older.models.get(model, (None, None))
            after, after_owner = newer.models.get(model, (None, None))
            if before != after:
                owner = after_owner if after is not None else before_owner
                changes.append(StatusChange(model, owner, newer.date, newer.commit, before, after))
    changes.sort(key=lambda c: (c.day, c.model), reverse=True)
    return changes


def why_empty(trend: Trend | None, t: Catalog) -> str | None:
    """Why there can be no change to show, or ``None`` when the trend was computed."""
    if trend is None:
        return t("feed.empty.off")
    if not trend.available:
        return t(f"feed.empty.{trend.status}")
    return None


@dataclass(frozen=True)
class FeedPage:
    """What one feed needs: where it lives and what it is about."""

    path: str
    title: str
    #: The docs page it belongs to (the home page, a person's page).
    page: str


#: A docs path's address in the built site (``models/x/index.md`` -> ``models/x/``).
UrlOf = Callable[[str], str]


class _Feeds:
    def __init__(
        self,
        report: Report,
        trend: Trend | None,
        t: Catalog,
        site_url: str | None,
        page_url: UrlOf,
        model_url: UrlOf,
    ) -> None:
        self.report = report
        self.trend = trend
        self.t = t
        self.site_url = site_url.rstrip("/") + "/" if site_url else None
        self.page_url = page_url
        self.model_url = model_url
        self.changes = status_changes(trend)
        self.empty = why_empty(trend, t)

    def link(self, feed: str, target: str) -> str:
        """``target`` (a site path) as the feed links to it: absolute with a site URL,
        else relative to the feed's own address."""
        if self.site_url:
            return self.site_url + target
        return posixpath.relpath(target or ".", posixpath.dirname(feed) or ".") + (
            "/" if target.endswith("/") or not target else ""
        )

    def render(self, feed: FeedPage, changes: list[StatusChange]) -> str:
        t = self.t
        root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": t.lang})
        _text(root, "id", self._id(feed.path))
        _text(root, "title", feed.title)
        subtitle = self.empty or (t("feed.subtitle", weeks=self.trend.weeks) if self.trend else "")
        if self.empty is None and not changes:
            subtitle = t("feed.empty.none", weeks=self.trend.weeks if self.trend else 0)
        _text(root, "subtitle", subtitle)
        newest = changes[0].day if changes else self.report.as_of
        _text(root, "updated", _stamp(newest))
        ET.SubElement(root, "link", rel="self", href=self.link(feed.path, feed.path))
        page = self.page_url(feed.page)
        ET.SubElement(
            root, "link", rel="alternate", type="text/html", href=self.link(feed.path, page)
        )
        author = ET.SubElement(root, "author")
        _text(author, "name", "lifecycle-report")
        _text(root, "generator", "lifecycle-report")
        for change in changes[:FEED_LIMIT]:
            self._entry(root, feed.path, change)
        ET.indent(root, space=" ")
        return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"

    def _entry(self, root: ET.Element, feed: str, change: StatusChange) -> None:
        t = self.t
        model = self.report.model(change.model)
        name = (model.name if model and model.name else None) or change.model
        before = t(f"status.{change.before}") if change.before else t("feed.absent")
        after = t(f"status.{change.after}") if change.after else t("feed.absent")
        entry = ET.SubElement(root, "entry")
        _text(
            entry, "id", f"urn:lifecycle-report:change:{quote(change.model, safe='')}:{change.day}"
        )
        _text(entry, "title", t("feed.entry_title", model=name, before=before, after=after))
        _text(entry, "updated", _stamp(change.day))
        if model is not None:
            href = self.link(feed, self.model_url(model.id))
            ET.SubElement(entry, "link", rel="alternate", type="text/html", href=href)
        summary = t(
            "feed.entry",
            model=name,
            id=change.model,
            before=before,
            after=after,
            day=change.day.isoformat(),
            commit=(change.commit or "")[:7],
        )
        _text(entry, "summary", summary)

    def _id(self, path: str) -> str:
        return self.site_url + path if self.site_url else f"urn:lifecycle-report:{path}"


def _text(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = escape.xml(value)


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def feed_pages(report: Report, t: Catalog) -> list[FeedPage]:
    """The site's feed, then one per person of owners.yaml."""
    pages = [FeedPage(SITE_FEED, t("feed.title"), "index.md")]
    for person in report.registry.owners.people.values():
        title = t("feed.person_title", person=escape.plain(person.name or person.id))
        pages.append(FeedPage(person_feed(person.id), title, f"owners/{person.id}/index.md"))
    return pages


def site_feed(t: Catalog) -> dict[str, str]:
    """The site's feed as the page head advertises it (``extra`` in the site's config)."""
    return {"href": SITE_FEED, "title": t("feed.title")}


def iter_feeds(
    report: Report,
    trend: Trend | None,
    t: Catalog,
    page_url: UrlOf,
    model_url: UrlOf,
    site_url: str | None = None,
) -> Iterator[tuple[str, str]]:
    """Every feed as ``(docs path, Atom XML)``; ``page_url`` gives a docs page's address
    in the site, ``model_url`` a model page's, by model id."""
    feeds = _Feeds(report, trend, t, site_url, page_url, model_url)
    for page in feed_pages(report, t):
        person = page.path.split("/")[1] if page.path != SITE_FEED else None
        changes = [c for c in feeds.changes if person is None or c.owner == person]
        yield page.path, feeds.render(page, changes)
