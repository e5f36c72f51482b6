"""Catalog lookups folded at compile time print exactly what the calls would."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup

from lifecycle_report.i18n import catalog
from lifecycle_report.site import escape
from lifecycle_report.site.folding import StaticMessages

TEMPLATE = (
    "{{ t('site.owner') }}|{{ t('site.silent_intro') }}|{{ t('site.owner')|upper }}|"
    "{{ shout(t('site.inactive')) }}|{{ t('chart.gaps', empty=2) }}|"
    "{{ t('status.' ~ status) }}|{{ md('site.silent_intro') }}|{{ md('site.git_no_commits')|length }}|"
    "{{ obj.t('x') }}|{% if t('site.owner') %}yes{% endif %}|{{ t(key) }}"
)


class _Obj:
    def t(self, key: str) -> str:
        return f"<{key}>"


def _environment(lang: str, folded: bool) -> Environment:
    env = Environment(
        loader=DictLoader({"page": TEMPLATE}),
        autoescape=True,
        finalize=escape.finalize,
        undefined=StrictUndefined,
        extensions=[StaticMessages] if folded else [],
    )
    t = catalog(lang)
    env.extend(static_catalog=t)
    env.globals.update(t=t, md=lambda key: Markup(t(key)), shout=str.upper)
    return env


@pytest.mark.parametrize("lang", ["es", "en"])
def test_folded_templates_print_what_the_calls_print(lang: str) -> None:
    context = {"status": "fail", "obj": _Obj(), "key": "site.owner"}
    plain = _environment(lang, folded=False).get_template("page").render(context)
    folded = _environment(lang, folded=True).get_template("page").render(context)
    assert folded == plain
    # The catalog sentence with Markdown punctuation is escaped when printed by t(),
    # and kept as Markdown by md().
    assert "&#96;history&#96;" in folded and "`history`" in folded


def test_only_literal_lookups_are_folded() -> None:
    env = _environment("es", folded=True)
    code = env.compile(TEMPLATE, raw=True)
    # Folded: no call is left for a literal key without parameters.
    for key in ("'site.owner'", "'site.silent_intro'", "'site.inactive'"):
        assert key not in code, key
    # Left as calls: parameters, a computed key, an attribute call.
    assert "'chart.gaps'" in code
    assert "'status.'" in code
    assert "'x'" in code
    assert "'site.git_no_commits'" in code  # md() inside an expression
