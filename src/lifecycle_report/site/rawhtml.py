"""Raw HTML blocks of a generated page, set aside while Markdown runs.

Most of a model page is HTML already (the incident card, the findings tables, the
charts). Python-Markdown passes such a block through verbatim, but only after running
its own HTML parser over every tag, which cost more than the rest of the page. The
plugin hands Markdown a placeholder paragraph for each block and puts the block back in
the HTML Markdown returns: the same page, for a fraction of the work. Blocks marked
``data-search-exclude`` go back only after the search plugin has read the page (it
would leave them out anyway).

A block here is what Python-Markdown leaves verbatim: a chunk of lines between blank
lines that opens with ``<div``, ``<table``, ``<details`` or ``<p`` at the start of a line
and ends with that element's closing tag, every line of it starting with a tag.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

_BLOCK = re.compile(r"\n*<(div|table|details|p)\b[^>]*>")


@dataclass
class SetAside:
    """The blocks taken out of one page: placeholder paragraph -> block."""

    for_search: dict[str, str] = field(default_factory=dict)
    after_search: dict[str, str] = field(default_factory=dict)


class RawHtml:
    """Takes raw HTML blocks out of pages' Markdown and puts them back into their HTML."""

    def __init__(self) -> None:
        # Unguessable per build: no registry text can spell a placeholder.
        self.token = "lrraw" + secrets.token_hex(8)
        self.pages: dict[str, SetAside] = {}

    def take(self, page: str, markdown: str) -> str:
        chunks = markdown.split("\n\n")
        aside = SetAside()
        # The previous chunk's placeholder when that chunk was a block: blocks in a row
        # share one placeholder (fewer paragraphs for Markdown), if search treats them alike.
        last: tuple[dict[str, str], str] | None = None
        for i, chunk in enumerate(chunks):
            opened = _BLOCK.match(chunk)
            if (
                opened is None
                or not chunk.rstrip("\n").endswith(f"</{opened.group(1)}>")
                or any(line and line[0] != "<" for line in chunk.split("\n"))
            ):
                last = None  # Markdown text (or tags around it): Markdown's to read
                continue
            # Markdown ends a raw block with a blank line; so do we.
            block = chunk.strip("\n") + "\n"
            kind = (
                aside.after_search if "data-search-exclude" in opened.group(0) else aside.for_search
            )
            if last is not None and last[0] is kind:
                kind[last[1]] += "\n" + block
                chunks[i] = ""
                continue
            placeholder = f"{self.token}x{i}"
            kind[placeholder] = block
            lead = chunk[: len(chunk) - len(chunk.lstrip("\n"))]
            chunks[i] = lead + placeholder + "\n" * (len(chunk) - len(chunk.rstrip("\n")))
            last = (kind, placeholder)
        if aside.for_search or aside.after_search:
            self.pages[page] = aside
        return "\n\n".join(chunks)

    def put_back(self, page: str, html: str, after_search: bool = False) -> str:
        aside = self.pages.get(page)
        if aside is None:
            return html
        if after_search:
            # Search has read the page, which held a comment (nothing to index) there.
            del self.pages[page]
            return _replace(html, {f"<!--{p}-->": b for p, b in aside.after_search.items()})
        html = _replace(html, {f"<p>{p}</p>": b for p, b in aside.for_search.items()})
        return _replace(html, {f"<p>{p}</p>": f"<!--{p}-->" for p in aside.after_search})


def _replace(html: str, blocks: dict[str, str]) -> str:
    """Each placeholder replaced by its block; Markdown strips the end of its output, so
    a block that ends the page loses its newline."""
    for placeholder, block in blocks.items():
        if html.endswith(placeholder):
            block = block.rstrip("\n")
        html = html.replace(placeholder, block, 1)
    return html
