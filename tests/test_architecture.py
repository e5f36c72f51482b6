"""The data flows one way (load → rules → evaluate → render), with thin adapters on top.

Read from the source's import statements (lazy imports inside functions included), so a
forbidden import fails here before anyone trips on it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "lifecycle_report"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The lifecycle_report modules ``path`` imports (``from . import x`` counts as ``.x``)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("lifecycle_report"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("lifecycle_report"):
                target = node.module
            else:
                continue
            found.add(target)
            found.update(f"{target}.{a.name}" for a in node.names)
    return found


GRAPH = {_module_name(p): _imports(p) for p in PACKAGE.rglob("*.py")}


def _closure(start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        current = todo.pop()
        for target in GRAPH.get(current, ()):
            if target in GRAPH and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _in(layer: str, modules: set[str]) -> set[str]:
    prefix = f"lifecycle_report.{layer}"
    return {m for m in modules if m == prefix or m.startswith(prefix + ".")}


def test_the_graph_is_read_from_the_source() -> None:
    assert "lifecycle_report.load.registry" in _closure("lifecycle_report.cli")


def test_the_plugin_loads_neither_the_cli_nor_ci_formats_nor_the_skeleton_writer() -> None:
    reached = _closure("lifecycle_report.plugin")
    assert not _in("cli", reached) | _in("formats", reached) | _in("skeleton", reached)


def test_the_cli_does_not_import_the_plugin() -> None:
    assert not _in("plugin", _closure("lifecycle_report.cli"))


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("load", ("site", "formats", "evaluate", "plugin", "cli", "report")),
        ("rules", ("load", "site", "formats", "evaluate", "plugin", "cli")),
        ("site", ("formats", "evaluate", "load.registry", "plugin", "cli")),
        ("formats", ("site", "plugin", "cli")),
    ],
)
def test_each_stage_imports_only_earlier_stages(layer: str, forbidden: tuple[str, ...]) -> None:
    for module, targets in GRAPH.items():
        # site.project runs the whole pipeline for both adapters (load, evaluate, render).
        if _in(layer, {module}) and module != "lifecycle_report.site.project":
            for name in forbidden:
                assert not _in(name, targets), f"{module} imports lifecycle_report.{name}"
