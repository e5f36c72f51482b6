"""The benchmark harness (bench/bench.py) runs each measure end to end on a tiny registry.

No timing is asserted here: the figures themselves come from `make bench`.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import bench  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(bench, "CACHE", tmp_path)
    return tmp_path


def test_ordinary_pages_stand_in_for_every_generated_page(cache: Path) -> None:
    plugin, ordinary = bench.plugin_project(3), bench.ordinary_project(3)
    assert (plugin / ".git").is_dir() and len(list((plugin / "registry/models").iterdir())) == 3
    chapter = bench.CHAPTER.read_text("utf-8")
    model_pages = list((ordinary / "docs" / "models").glob("*/index.md"))
    assert len(model_pages) == 3 and all(p.read_text("utf-8") == chapter for p in model_pages)
    assert not list((ordinary / "docs").rglob("*.svg"))  # no generated files
    config = (ordinary / "mkdocs.yml").read_text("utf-8")
    assert not re.search(r"(?m)^ *- lifecycle-report:?$", config)  # no plugin


def test_each_measure_gives_a_ratio(cache: Path) -> None:
    lines: list[str] = []
    ratio, wall = bench.measure_build(3, 1, lines.append)
    assert ratio > 0 and wall > 0 and len(lines) == 1
    assert bench.measure_check(3, 2, lines.append) > 0
    assert bench.measure_trend(3, 2, 1, lines.append, commits=2) > 0


def test_serve_measures_make_serves_own_command(cache: Path) -> None:
    command = bench.serve_command()
    assert command[1:3] == ["serve", "--livereload"] and "--dirty" in command
    assert bench.measure_serve(3, 1.0, 1, lambda _: None) > 0
