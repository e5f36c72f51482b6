"""The message catalog: every user-facing sentence, in Spanish and English.

Texts live in ``messages/<lang>.yaml``; code refers to them by key. Parameters are
substituted with :meth:`str.format` on the catalog's template only, so text coming from
manifests is inserted as data and never parsed as a template.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

LANGUAGES: tuple[str, ...] = ("es", "en")
DEFAULT_LANGUAGE = "es"


#: Plural forms a counted message gives (Spanish and English need two).
PLURAL_FORMS: tuple[str, ...] = ("one", "other")


@cache
def _load(lang: str) -> dict[str, str | dict[str, str]]:
    text = resources.files(__package__).joinpath("messages", f"{lang}.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {
        str(k): {str(f): str(t) for f, t in v.items()} if isinstance(v, dict) else str(v)
        for k, v in data.items()
    }


class Catalog:
    """Messages of one language. ``catalog("key", name=...)`` formats one.

    A counted message is a mapping of plural forms (``{one: ..., other: ...}``): the
    ``count`` parameter picks the form (``1 regla cumple``, ``2 reglas cumplen``).
    """

    def __init__(self, lang: str = DEFAULT_LANGUAGE) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
        self.lang = lang
        self._messages = _load(lang)

    def __call__(self, key: str, /, **params: Any) -> str:
        template = self._messages[key]
        if isinstance(template, dict):
            template = template["one" if params["count"] == 1 else "other"]
        return template.format(**params) if params else template

    def keys(self) -> set[str]:
        return set(self._messages)


@cache
def catalog(lang: str = DEFAULT_LANGUAGE) -> Catalog:
    return Catalog(lang)


class MessageError(Exception):
    """An error whose text is a catalog message: ``prefix.key`` with its parameters."""

    prefix = ""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def describe(self, lang: str) -> str:
        return catalog(lang)(f"{self.prefix}.{self.key}", **self.params)
