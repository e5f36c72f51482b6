"""Values that remember where they were written: the bridge from data back to lines.

The YAML reader builds :class:`YamlMap` and :class:`YamlList`; messages, findings and
CI annotations use :func:`line_of` to point at the line of the field concerned.
"""

from __future__ import annotations

from typing import Any


class YamlMap(dict[Any, Any]):
    """A mapping that remembers where it starts and the line of each key."""

    line: int = 1
    key_lines: dict[Any, int]
    #: On a document's root: whether any ``.nan``/``.inf`` was read (unknown: ``True``).
    non_finite: bool = True


class YamlList(list[Any]):
    """A sequence that remembers where it starts and the line of each item."""

    line: int = 1
    item_lines: list[int]


def line_of(data: Any, path: tuple[Any, ...]) -> int | None:
    """The line of the deepest element of ``path`` present in ``data``.

    ``None`` when even the first element is absent, as the report contract says.
    """
    line: int | None = None
    node = data
    for key in path:
        if isinstance(node, YamlMap) and key in node:
            line = node.key_lines.get(key, line)
            node = node[key]
        elif isinstance(node, YamlList) and isinstance(key, int) and 0 <= key < len(node):
            line = node.item_lines[key]
            node = node[key]
        else:
            break
    return line
