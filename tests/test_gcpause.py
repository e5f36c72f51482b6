"""Loading and evaluating run with the cyclic collector paused, and always restore it."""

from __future__ import annotations

import gc

import pytest

from conftest import GOOD_MODEL, weekly_csv
from lifecycle_report.gcpause import no_gc_pauses, without_gc_pauses
from lifecycle_report.load import load_registry


def test_the_collector_is_off_inside_and_back_after_nesting_and_errors() -> None:
    assert gc.isenabled()
    with no_gc_pauses():
        assert not gc.isenabled()
        with no_gc_pauses():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block does not switch it back on early
    assert gc.isenabled()
    with pytest.raises(ValueError), no_gc_pauses():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with no_gc_pauses():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_loading_pauses_the_collector_and_restores_it(registry, monkeypatch) -> None:
    registry.model("m", GOOD_MODEL.format(id="m"), weekly_csv())
    seen = []
    import lifecycle_report.load.registry as module

    real = module.load_manifest

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "load_manifest", spy)
    assert load_registry(registry.root).models[0].id == "m"
    assert seen == [False] and gc.isenabled()
    assert without_gc_pauses(gc.isenabled)() is False
