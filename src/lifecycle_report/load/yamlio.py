"""Safe YAML reading that keeps line numbers and refuses duplicate keys.

Uses libyaml's C parser when available. Mappings become :class:`YamlMap` (a ``dict``
that remembers the line of each key) and sequences :class:`YamlList` (a ``list`` that
remembers the line of each item), so validation errors can name the line concerned.
Only the safe YAML tags are constructed; timestamps stay strings so that dates are
validated in one place (an impossible date is a message, not an exception).
"""

from __future__ import annotations

import math
import re
import sys
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


#: Tags of plain scalars already resolved, by text: keys such as ``stage`` or ``owner``
#: recur in every manifest, and resolving is a regex per scalar.
_RESOLVED: dict[str, str] = {}
_RESOLVED_LIMIT = 50_000
_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
#: The booleans of YAML 1.2 (the core schema editors and schema validators use). YAML 1.1
#: also reads ``yes``/``no``/``on``/``off`` as booleans; 1.2 reads them as text, and so
#: does this loader, so ``check`` and an editor never disagree on ``active: no``.
_YAML12_BOOLS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})


def is_yaml11_bool(value: object) -> bool:
    """Whether ``value`` is text that YAML 1.1 (but not 1.2) would read as a boolean."""
    return isinstance(value, str) and value.lower() in ("yes", "no", "on", "off", "y", "n")


class _Loader(_BaseLoader):  # type: ignore[misc]
    # No path resolvers are registered, so a scalar's tag depends on its text alone when
    # it is plain (``implicit[0]``), and is ``str`` otherwise (quoted, or a block scalar).
    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            if not implicit[0]:
                return _STR
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if tag == _BOOL and value not in _YAML12_BOOLS:
                    tag = _STR
                if len(_RESOLVED) < _RESOLVED_LIMIT:
                    _RESOLVED[value] = tag
            return tag
        return str(super().resolve(kind, value, implicit))

    # Path resolvers are what these two track; with none registered they are no-ops,
    # called by the parser for every mapping and sequence.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_MERGE = "tag:yaml.org,2002:merge"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:null": "construct_yaml_null",
    "tag:yaml.org,2002:bool": "construct_yaml_bool",
    "tag:yaml.org,2002:int": "construct_yaml_int",
    "tag:yaml.org,2002:float": "construct_yaml_float",
}
_FLOAT = "tag:yaml.org,2002:float"
_INT = "tag:yaml.org,2002:int"
#: An integer written with more characters is beyond a float's range (and Python would
#: refuse to read one of over 4,300 digits).
_MAX_DIGITS = 400
_MAP_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:omap"})
_SEQ_TAG = "tag:yaml.org,2002:seq"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Builder:
    """Turns composed nodes into values directly (faster than PyYAML's constructor).

    Scalars use the safe constructor's own conversions; any tag outside the plain set
    goes through the safe constructor, which refuses object-building tags.
    """

    def __init__(self, loader: _Loader, aliases: bool) -> None:
        self.loader = loader
        #: Aliases share one node: build it once. ``None`` when the text has no alias.
        self.built: dict[int, Any] | None = {} if aliases else None
        self.non_finite = False

    def build(self, node: Node) -> Any:
        tag = node.tag
        if isinstance(node, ScalarNode):
            if tag in (_STR, _TIMESTAMP):
                return node.value
            return self._scalar(node)
        if self.built is not None:
            done = self.built.get(id(node))
            if done is not None:
                return done
        if isinstance(node, MappingNode) and tag in _MAP_TAGS:
            return self._mapping(node)
        if isinstance(node, SequenceNode) and tag == _SEQ_TAG:
            items = YamlList(self.build(child) for child in node.value)
            items.line = node.start_mark.line + 1
            items.item_lines = [child.start_mark.line + 1 for child in node.value]
            if self.built is not None:
                self.built[id(node)] = items
            return items
        return self.loader.construct_object(node, deep=True)

    def _scalar(self, node: ScalarNode) -> Any:
        """A scalar with a tag other than ``str``: a message (never an exception from the
        constructor) when its text is not of that type, or a number beyond a float's
        range (``!!int "abc"``, ``!!float ""``, ``!!bool maybe``, 5,000 digits)."""
        tag = node.tag
        if tag == _INT and len(node.value) > _MAX_DIGITS:
            raise YamlError("yaml.number_too_large", node.start_mark.line + 1)
        method = _PLAIN_TAGS.get(tag)
        try:
            if method is not None:
                value = getattr(self.loader, method)(node)
            else:
                value = self.loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, KeyError, IndexError, OverflowError):
            raise YamlError(
                "yaml.bad_scalar",
                node.start_mark.line + 1,
                tag=tag.rsplit(":", 1)[-1],
                value=_short(node.value),
            ) from None
        if type(value) is int and not -_FLOAT_MAX <= value <= _FLOAT_MAX:
            raise YamlError("yaml.number_too_large", node.start_mark.line + 1)
        if type(value) is float and not math.isfinite(value):
            self.non_finite = True
        return value

    def _mapping(self, node: MappingNode) -> YamlMap:
        # Merge keys (``<<``): the merged pairs come first, and a key written in the
        # mapping itself overrides them, as YAML says; only its own keys can be duplicates.
        merged = 0
        if any(key.tag == _MERGE for key, _ in node.value):
            own = sum(1 for key, _ in node.value if key.tag != _MERGE)
            self.loader.flatten_mapping(node)
            merged = len(node.value) - own
        own_keys: set[Any] = set()
        result = YamlMap()
        result.line = node.start_mark.line + 1
        lines: dict[Any, int] = {}
        result.key_lines = lines
        if self.built is not None:
            self.built[id(node)] = result
        build = self.build
        for index, (key_node, value_node) in enumerate(node.value):
            # Plain string keys and values (most of a manifest) skip a call to build().
            if key_node.tag == _STR and type(key_node) is ScalarNode:
                key = key_node.value
            else:
                key = build(key_node)
            line = key_node.start_mark.line + 1
            try:
                duplicate = key in (own_keys if merged else result)
            except TypeError:
                raise ConstructorError(None, None, "unhashable key", key_node.start_mark) from None
            if duplicate and index >= merged:
                raise _DuplicateKey(_short(key), line)
            if merged and index >= merged:
                own_keys.add(key)
            if value_node.tag == _STR and type(value_node) is ScalarNode:
                result[key] = value_node.value
            else:
                result[key] = build(value_node)
            lines[key] = line
        return result


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


#: Integers beyond a float's range are refused: rules compare them with floats, and a
#: long one cannot even be printed (Python's limit on digits).
_FLOAT_MAX = sys.float_info.max


def _short(value: Any, limit: int = 40) -> str:
    """``value`` for a message: at most ``limit`` characters, never a 5,000-digit number."""
    if type(value) is int and not -(10**30) < value < 10**30:
        return "…"
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
        builder = _Builder(loader, aliases="*" in text)
        data = builder.build(root)
        if isinstance(data, YamlMap):
            data.non_finite = builder.non_finite
        return data
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
        raise YamlError(_syntax_key(problem), line) from None
    except yaml.reader.ReaderError:
        # A control character: the reader's position is in bytes (libyaml) or characters
        # (pure Python), so find the character again to name its line.
        found = yaml.reader.Reader.NON_PRINTABLE.search(text)
        line = text.count("\n", 0, found.start()) + 1 if found else None
        char = f"U+{ord(found.group()[0]):04X}" if found else "?"
        raise YamlError("yaml.control", line, char=char) from None
    except yaml.YAMLError as exc:
        raise YamlError(_syntax_key(str(exc)), None) from None
    except RecursionError:
        raise YamlError("yaml.too_deep", None, limit=MAX_DEPTH) from None
    finally:
        loader.dispose()


#: PyYAML's problems (English, fixed texts) -> our own sentence (``yaml.syntax.<key>``),
#: so that a Spanish message never carries PyYAML's English.
_PROBLEMS = (
    ("mapping values are not allowed", "mapping_values"),
    ("could not find expected ':'", "expected_colon"),
    ("did not find expected key", "expected_key"),
    ("did not find expected '-' indicator", "expected_dash"),
    ("expected <block end>", "indentation"),
    ("found unexpected end of stream", "end_of_stream"),
    ("found undefined alias", "undefined_alias"),
    ("expected ',' or ']'", "flow_sequence"),
    ("expected ',' or '}'", "flow_mapping"),
    ("found unknown escape character", "escape"),
    ("cannot start any token", "bad_character"),
)


def _syntax_key(problem: str) -> str:
    for fragment, key in _PROBLEMS:
        if fragment in problem:
            return f"yaml.syntax.{key}"
    return "yaml.syntax.other"
