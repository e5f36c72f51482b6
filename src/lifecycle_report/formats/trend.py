"""The compliance trend as text or JSON (``lifecycle-report trend``)."""

from __future__ import annotations

import json

from ..i18n import catalog
from ..trend import Trend, percent


def trend_dict(trend: Trend) -> dict[str, object]:
    return {
        "as_of": trend.as_of.isoformat(),
        "weeks": trend.weeks,
        "points": [
            {
                "date": p.date.isoformat(),
                "commit": p.commit,
                "production": p.production,
                "compliant": p.compliant,
                "rate": None if p.rate is None else round(p.rate, 4),
            }
            for p in trend.points
        ],
    }


def trend_json(trend: Trend) -> str:
    return json.dumps(trend_dict(trend), indent=2, ensure_ascii=False) + "\n"


def trend_text(trend: Trend, lang: str) -> str:
    t = catalog(lang)
    rows = [
        [
            t("site.col_week"),
            t("site.col_commit"),
            t("site.col_production"),
            t("site.col_compliant"),
            "%",
        ],
        *(
            [
                p.date.isoformat(),
                p.commit[:7] if p.commit else "—",
                str(p.production),
                str(p.compliant),
                percent(p.rate),
            ]
            for p in trend.points
        ),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [t("trend.title", as_of=trend.as_of.isoformat()), ""]
    for row in rows:
        cells = [
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"
