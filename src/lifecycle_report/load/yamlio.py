"""Safe YAML reading that keeps line numbers and refuses duplicate keys.

Uses libyaml's C parser when available. Mappings become :class:`YamlMap` (a ``dict``
that remembers the line of each key) and sequences :class:`YamlList` (a ``list`` that
remembers the line of each item), so validation errors can name the line concerned.
Only the safe YAML tags are constructed; timestamps stay strings so that dates are
validated in one place (an impossible date is a message, not an exception).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
import yaml.reader
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..positions import YamlList, YamlMap

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Limits that keep hostile documents (alias bombs, deep nesting) cheap to reject.
MAX_NODES = 50_000
MAX_DEPTH = 50


class YamlError(Exception):
    """A document that cannot be read: a catalog key, its parameters and a 1-based line."""

    def __init__(self, message_key: str, line: int | None, /, **params: object) -> None:
        super().__init__(message_key)
        self.message_key = message_key
        self.line = line
        self.params = params


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int) -> None:
        self.key = key
        self.line = line


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    pass


def _construct_mapping(loader: _Loader, node: MappingNode) -> YamlMap:
    loader.flatten_mapping(node)
    result = YamlMap()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in result
        except TypeError:
            raise ConstructorError(None, None, "unhashable key", key_node.start_mark) from None
        if duplicate:
            raise _DuplicateKey(str(key), key_node.start_mark.line + 1)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: SequenceNode) -> YamlList:
    result = YamlList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp(loader: _Loader, node: ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:omap", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _check_shape(root: Node) -> None:
    """Reject alias bombs and deep nesting before anything is constructed."""
    count = 0
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise YamlError("yaml.too_large", root.start_mark.line + 1, limit=MAX_NODES)
        if depth > MAX_DEPTH:
            raise YamlError("yaml.too_deep", node.start_mark.line + 1, limit=MAX_DEPTH)
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)


_DEEP_INDENT = re.compile(rf"^[ \t-]{{{MAX_DEPTH}}}", re.MULTILINE)


def _may_be_hostile(text: str) -> bool:
    """Cheap screen: only aliases can expand a small file, and nesting deeper than
    ``MAX_DEPTH`` needs many brackets or a deeply indented line."""
    return (
        "*" in text
        or text.count("[") + text.count("{") > MAX_DEPTH
        or _DEEP_INDENT.search(text) is not None
    )


def decode(raw: bytes) -> str:
    """Decode UTF-8 (a BOM is allowed); raise :class:`YamlError` with the line of a bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError("yaml.utf8", line, byte=f"0x{raw[exc.start]:02x}") from None


def parse(text: str) -> Any:
    """Parse one YAML document into plain values, ``YamlMap`` and ``YamlList``.

    Raises :class:`YamlError` for syntax errors, duplicate keys, unsafe tags, several
    documents, alias bombs and deep nesting.
    """
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        if _may_be_hostile(text):
            _check_shape(root)
        return loader.construct_document(root)
    except _DuplicateKey as exc:
        raise YamlError("yaml.duplicate_key", exc.line, key=exc.key) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or ""
        if problem.startswith("could not determine a constructor for the tag"):
            raise YamlError("yaml.tag", line, tag=problem.rsplit(" ", 1)[-1]) from None
        if "cannot start any token" in problem and line and "\t" in text.splitlines()[line - 1]:
            raise YamlError("yaml.tab", line) from None
        if "but found another document" in problem:
            raise YamlError("yaml.several_documents", line) from None
        raise YamlError("yaml.syntax", line, detail=problem) from None
    except yaml.reader.ReaderError:
        # A control character: the reader's position is in bytes (libyaml) or characters
        # (pure Python), so find the character again to name its line.
        found = yaml.reader.Reader.NON_PRINTABLE.search(text)
        line = text.count("\n", 0, found.start()) + 1 if found else None
        char = f"U+{ord(found.group()[0]):04X}" if found else "?"
        raise YamlError("yaml.control", line, char=char) from None
    except yaml.YAMLError as exc:
        raise YamlError("yaml.syntax", None, detail=str(exc)) from None
    except RecursionError:
        raise YamlError("yaml.too_deep", None, limit=MAX_DEPTH) from None
    finally:
        loader.dispose()
