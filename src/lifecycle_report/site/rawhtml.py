"""Raw HTML blocks of a generated page, set aside while Markdown runs.

Most of a model page is HTML already (the incident card, the findings tables, the
charts). Python-Markdown passes such a block through verbatim, but only after running
its own HTML parser over every tag, which cost more than the rest of the page. The
plugin hands Markdown a placeholder paragraph for each block and puts the block back in
the HTML Markdown returns: the same page, for a fraction of the work. Blocks marked
``data-search-exclude`` go back only after the search plugin has read the page (it
would leave them out anyway).

A block here is what Python-Markdown leaves verbatim: a chunk of lines between blank
lines that opens with ``<div``, ``<table`` or ``<details`` at the start of a line and
ends with that element's closing tag.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

_BLOCK = re.compile(r"<(div|table|details)\b[^>]*>")


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
        for i, chunk in enumerate(chunks):
            opened = _BLOCK.match(chunk)
            if opened is None or not chunk.rstrip("\n").endswith(f"</{opened.group(1)}>"):
                continue
            placeholder = f"{self.token}x{i}"
            first = opened.group(0)
            # Markdown ends a raw block with a blank line; so do we.
            block = chunk.rstrip("\n") + "\n"
            if "data-search-exclude" in first:
                aside.after_search[placeholder] = block
            else:
                aside.for_search[placeholder] = block
            chunks[i] = placeholder + "\n" * (len(chunk) - len(chunk.rstrip("\n")))
        if aside.for_search or aside.after_search:
            self.pages[page] = aside
        return "\n\n".join(chunks)

    def put_back(self, page: str, html: str, after_search: bool = False) -> str:
        aside = self.pages.get(page)
        if aside is None:
            return html
        if after_search:
            # Search has read the page, which held a comment (nothing to index) there.
            for placeholder, block in aside.after_search.items():
                html = html.replace(f"<!--{placeholder}-->", block, 1)
            del self.pages[page]
            return html
        for placeholder, block in aside.for_search.items():
            html = html.replace(f"<p>{placeholder}</p>", block, 1)
        for placeholder in aside.after_search:
            html = html.replace(f"<p>{placeholder}</p>", f"<!--{placeholder}-->", 1)
        return html
