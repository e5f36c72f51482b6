"""The message catalog: one set of keys in every language, and every rule text complete."""

from __future__ import annotations

import re
import string

from lifecycle_report.i18n import LANGUAGES, PLURAL_FORMS, catalog
from lifecycle_report.rules import RULES


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_language_has_the_same_keys_and_placeholders() -> None:
    spanish = catalog("es")
    for lang in LANGUAGES:
        other = catalog(lang)
        assert other.keys() == spanish.keys(), lang
        for key in spanish.keys():  # noqa: SIM118 - Catalog is not a dict
            theirs, ours = other._messages[key], spanish._messages[key]
            if isinstance(ours, dict):  # a counted message: both plural forms, same fields
                assert isinstance(theirs, dict) and set(theirs) == set(ours) == set(PLURAL_FORMS)
                assert all(_fields(theirs[f]) == _fields(ours[f]) for f in PLURAL_FORMS), key
            else:
                assert _fields(theirs) == _fields(ours), (lang, key)


def test_a_counted_message_agrees_with_its_count() -> None:
    spanish, english = catalog("es"), catalog("en")
    assert spanish("cli.rules_pass", count=1) == "1 regla cumple"
    assert spanish("cli.rules_pass", count=2) == "2 reglas cumplen"
    assert english("cli.rules_pass", count=1) == "1 rule passes"
    assert spanish("cli.count_invalid", count=1) == "1 inválido"
    assert spanish("cli.count_errors", count=0) == "0 errores"


def test_every_rule_has_texts_and_the_same_messages_in_every_language() -> None:
    for rule in RULES:
        assert set(rule.text) == set(LANGUAGES), rule.id
        keys = {lang: set(rule.text[lang].messages) for lang in LANGUAGES}
        assert all(k == keys["es"] for k in keys.values()), rule.id
        for lang in LANGUAGES:
            text = rule.text[lang]
            assert text.title and text.why and text.fix, (rule.id, lang)
        assert re.match(r"^[a-z_]+:", rule.example), rule.id
