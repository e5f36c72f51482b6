"""The message catalog: one set of keys in every language, and every rule text complete."""

from __future__ import annotations

import re
import string

from lifecycle_report.i18n import LANGUAGES, catalog
from lifecycle_report.rules import RULES


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_language_has_the_same_keys_and_placeholders() -> None:
    spanish = catalog("es")
    for lang in LANGUAGES:
        other = catalog(lang)
        assert other.keys() == spanish.keys(), lang
        for key in spanish.keys():  # noqa: SIM118 - Catalog is not a dict
            assert _fields(other._messages[key]) == _fields(spanish._messages[key]), (lang, key)


def test_every_rule_has_texts_and_the_same_messages_in_every_language() -> None:
    for rule in RULES:
        assert set(rule.text) == set(LANGUAGES), rule.id
        keys = {lang: set(rule.text[lang].messages) for lang in LANGUAGES}
        assert all(k == keys["es"] for k in keys.values()), rule.id
        for lang in LANGUAGES:
            text = rule.text[lang]
            assert text.title and text.why and text.fix, (rule.id, lang)
        assert re.match(r"^[a-z_]+:", rule.example), rule.id
