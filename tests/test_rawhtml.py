"""Raw HTML blocks of generated pages skip Markdown and come back unchanged (site/rawhtml.py)."""

from __future__ import annotations

import markdown

from lifecycle_report.site.rawhtml import RawHtml

PAGE = """# Title

<div class="lr-card">
<p>card <code>id</code></p>
</div>

Some *text*.


<table data-search-exclude>
<tr><td>finding</td></tr>
</table>

<div>
*markdown here* is Markdown's to read
</div>

<p class="x">a</p> trailing text
"""


def test_blocks_come_back_where_markdown_would_have_left_them() -> None:
    raw = RawHtml()
    light = raw.take("p.md", PAGE)
    assert "lr-card" not in light and "finding" not in light
    assert "*markdown here*" in light and '<p class="x">' in light  # not whole blocks
    html = raw.put_back("p.md", markdown.markdown(light))
    assert "finding" not in html and f"<!--{raw.token}" in html  # what search reads
    html = raw.put_back("p.md", html, after_search=True)
    assert html == markdown.markdown(PAGE)
    assert raw.pages == {}


def test_a_page_without_blocks_is_left_alone() -> None:
    raw = RawHtml()
    assert raw.take("q.md", "# Only *Markdown*\n") == "# Only *Markdown*\n"
    assert raw.put_back("q.md", "<h1>x</h1>") == "<h1>x</h1>"


def test_a_block_that_ends_the_page_ends_it_as_markdown_would() -> None:
    for page in ("Text.\n\n<div>\n<p>x</p>\n</div>\n", "<table data-search-exclude>\n</table>"):
        raw = RawHtml()
        html = raw.put_back("p.md", markdown.markdown(raw.take("p.md", page)))
        assert raw.put_back("p.md", html, after_search=True) == markdown.markdown(page)
