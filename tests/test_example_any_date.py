"""The bundled example shows the same statuses on any day: its as-of date is pinned in
``mkdocs.yml`` (``make serve``/``make build``) and in the Makefile (``make check``).

The system date is moved two years ahead (time-machine); the statuses must still be
those of ``tests/golden/example-report.json``. Without the pin they are not.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
import time_machine
from mkdocs.config import load_config

from lifecycle_report.cli import AS_OF_ENV, main
from lifecycle_report.evaluate import evaluate
from lifecycle_report.load import load_registry
from sitebuild import REPO

FAR_AHEAD = date(2028, 11, 30)
GOLDEN = REPO / "tests" / "golden" / "example-report.json"


def _golden_statuses() -> dict[str, str]:
    golden = json.loads(GOLDEN.read_text("utf-8"))
    return {m["id"]: m["status"] for m in golden["models"]}


@pytest.fixture(autouse=True)
def _no_env_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(AS_OF_ENV, raising=False)


def test_make_check_shows_the_same_statuses_two_years_ahead(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    recipe = (REPO / "Makefile").read_text("utf-8")
    pinned = re.search(r"^EXAMPLE_AS_OF := (\S+)$", recipe, re.M)
    assert pinned and "--as-of $(EXAMPLE_AS_OF)" in recipe
    monkeypatch.chdir(REPO)
    with time_machine.travel(FAR_AHEAD, tick=False):
        assert date.today() == FAR_AHEAD
        main(["check", "--registry", "registry", "--as-of", pinned[1], "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert {m["id"]: m["status"] for m in report["models"]} == _golden_statuses()


def test_the_site_shows_the_same_statuses_two_years_ahead() -> None:
    with time_machine.travel(FAR_AHEAD, tick=False):
        config = load_config(str(REPO / "mkdocs.yml"))
        plugin = config.plugins["lifecycle-report"]
        plugin.on_config(config)
        registry = load_registry(plugin.registry_dir)
        pinned, today = evaluate(registry, plugin.as_of), evaluate(registry, date.today())
    recipe = (REPO / "Makefile").read_text("utf-8")
    assert f"EXAMPLE_AS_OF := {plugin.as_of.isoformat()}" in recipe  # one date, two places
    assert {m.id: m.status for m in pinned.models} == _golden_statuses()
    # Without the pin the example goes stale: evaluated "today", more models fail.
    assert {m.id: m.status for m in today.models} != _golden_statuses()
