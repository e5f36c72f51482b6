"""Where the site comes from, shown on its pages: the as-of stamp with the commit, each
model's git history and the compliance trend chart.

Rendering only: the history is judged by :mod:`lifecycle_report.history` and the trend
computed by :mod:`lifecycle_report.trend`. Links to the repository (commits, the
manifest at the built commit) appear only when MkDocs' ``repo_url`` is a safe URL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from markupsafe import Markup

from ..history import RegistryHistory, SilentChange
from ..i18n import Catalog
from ..load.git_history import NO_GIT, Checkout
from ..trend import Trend, percent
from . import escape
from .svg import ChartSpec, Line, render_svg

#: Characters of a commit id shown (the link carries the full id).
SHORT = 7


class Provenance:
    """Template helpers for one site build."""

    def __init__(
        self,
        t: Catalog,
        as_of: str,
        repo_url: str | None,
        history: RegistryHistory | None,
        trend: Trend | None,
    ) -> None:
        self.t = t
        self.as_of = as_of
        self.repo = escape.safe_url(repo_url.rstrip("/")) if repo_url else None
        self.history = history or RegistryHistory(Checkout(NO_GIT))
        self.trend = trend

    def globals(self) -> dict[str, Any]:
        return {
            "git_history": self.history,
            "trend": self.trend,
            "stamp_line": self.stamp,
            "commit_link": self.commit_link,
            "silent_detail": self.silent_detail,
            "trend_chart": self.trend_chart,
            "percent": percent,
        }

    def commit_link(self, sha: str) -> Markup:
        code = Markup("<code>{}</code>").format(sha[:SHORT])
        if self.repo is None:
            return code
        return Markup('<a href="{}">{}</a>').format(f"{self.repo}/commit/{sha}", code)

    def stamp(self, folder: str | None = None, linked: bool = False) -> Markup:
        """The as-of date and the commit; on a model page, its manifest at that commit.

        "Uncommitted changes" is said of the files a page is built from: on a model page,
        its folder and the registry's shared files (:meth:`Checkout.dirty_for`). A
        ``linked`` page (an invalid model, or one whose old id collides with another
        folder's) depends on other folders, so any uncommitted change counts for it.
        """
        checkout = self.history.checkout
        if checkout.commit is None:
            return escape.html(self.t("site.stamp", as_of=self.as_of))
        dirty = checkout.dirty if linked else checkout.dirty_for(folder)
        key = "site.stamp_dirty" if dirty else "site.stamp_commit"
        # A catalog sentence is trusted text; its parameters are escaped or our own HTML.
        line = Markup(
            self.t(key, as_of=escape.html(self.as_of), commit=self.commit_link(checkout.commit))
        )
        if folder is not None and self.repo is not None:
            path = checkout.path("models", escape.url_segment(folder), "model.yaml")
            url = f"{self.repo}/blob/{checkout.commit}/{path}"
            line += Markup(" · ") + escape.html_link(url, self.t("site.stamp_manifest"))
        return line

    def silent_detail(self, change: SilentChange, stage_name: Callable[[str], str]) -> str:
        parts = []
        if change.stage:
            before, after = (stage_name(s) if s else "—" for s in change.stage)
            parts.append(self.t("site.silent_stage", before=before, after=after))
        if change.version:
            before, after = (v or "—" for v in change.version)
            parts.append(self.t("site.silent_version", before=before, after=after))
        return " · ".join(parts)

    def trend_chart(self) -> Markup:
        trend = self.trend
        points = trend.since_start if trend is not None else []
        if len(points) < 2:  # one point is no trend (the data table shows it)
            return Markup("")
        rates = np.array([np.nan if p.rate is None else 100 * p.rate for p in points])
        latest = next((p for p in reversed(points) if p.rate is not None), None)
        shown = (
            f"{percent(latest.rate)} ({latest.compliant}/{latest.production}, "
            f"{latest.date.isoformat()})"
            if latest
            else self.t("site.trend_no_data")
        )
        title = self.t("site.trend_chart")
        spec = ChartSpec(
            ident="lr-chart-trend",
            title=f"{title} (%)",
            desc=self.t(
                "site.trend_desc",
                weeks=len(points),
                first=points[0].date.isoformat(),
                last=points[-1].date.isoformat(),
                latest=shown,
            ),
            dates=[p.date for p in points],
            lines=[Line("compliance", f"{self.t('site.col_compliant')} (%)", rates)],
            thresholds=(100.0,),
            threshold_label=self.t("site.trend_target"),
        )
        return Markup(render_svg(spec))
