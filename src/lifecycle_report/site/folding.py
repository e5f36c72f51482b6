"""Catalog lookups with a literal key, done once when a template is compiled.

A page template names most of its fixed text by key: ``{{ t('site.owner') }}``. Each
such call costs a Jinja call, a lookup and an escape on every page, for the same result
on every page; a model page has dozens. :class:`StaticMessages` rewrites them in the
template's token stream, before Jinja parses it:

* ``{{ t('key') }}`` becomes the template text it would print (``finalize`` applied);
* ``{{ md('key') }}`` (catalog Markdown, no parameters) becomes that Markdown;
* ``t('key')`` anywhere else in an expression becomes the string literal it returns.

Calls with parameters, computed keys (``t('status.' ~ s)``) and attribute calls
(``x.t('key')``) are left alone. The output is the same, byte for byte; only catalog
text, never manifest data, is folded. The environment names its catalog with
``environment.extend(static_catalog=...)``.
"""

from __future__ import annotations

from collections.abc import Iterator

from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

from . import escape


class StaticMessages(Extension):
    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        catalog = self.environment.static_catalog  # type: ignore[attr-defined]
        tokens = list(stream)
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.type == "variable_begin":
                call = _literal_call(tokens, i + 1)
                if call is not None and tokens[i + 5].type == "variable_end":
                    function, key = call
                    text = catalog(key)
                    data = text if function == "md" else str(escape.finalize(text))
                    yield Token(token.lineno, "data", data)
                    i += 6
                    continue
            call = _literal_call(tokens, i)
            if call is not None and call[0] == "t":
                yield Token(token.lineno, "string", catalog(call[1]))
                i += 4
                continue
            yield token
            i += 1


def _literal_call(tokens: list[Token], i: int) -> tuple[str, str] | None:
    """``(function, key)`` if ``tokens[i:i + 4]`` is ``t('key')`` or ``md('key')``."""
    if i + 4 >= len(tokens):
        return None
    name, lparen, key, rparen = tokens[i : i + 4]
    if (
        name.type != "name"
        or name.value not in ("t", "md")
        or lparen.type != "lparen"
        or key.type != "string"
        or rparen.type != "rparen"
        or (i and tokens[i - 1].type == "dot")
    ):
        return None
    return name.value, key.value
