"""SVG status badges that a model's own README can embed (generated locally, no service)."""

from __future__ import annotations

from xml.sax.saxutils import escape

COLORS = {"pass": "#1b7f3b", "warn": "#a15c00", "fail": "#b3261e", "invalid": "#6a1b9a"}
_CHAR_WIDTH = 6.5


def status_badge_svg(label: str, status_text: str, status: str) -> str:
    """A flat two-part badge: ``label | status``; text, not colour alone, says the status."""
    left = int(len(label) * _CHAR_WIDTH + 12)
    right = int(len(status_text) * _CHAR_WIDTH + 12)
    width = left + right
    color = COLORS.get(status, "#555")
    label_x, status_x = left / 2, left + right / 2
    title = escape(f"{label}: {status_text}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f'aria-label="{title}"><title>{title}</title>'
        f'<rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{color}"/>'
        '<g fill="#fff" text-anchor="middle" '
        'font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="{label_x:g}" y="14">{escape(label)}</text>'
        f'<text x="{status_x:g}" y="14">{escape(status_text)}</text></g></svg>\n'
    )
