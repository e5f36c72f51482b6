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


#: What each stage may not import, directly.
FORBIDDEN = {
    "load": ("rules", "evaluate", "pipeline", "site", "formats", "report", "plugin", "cli"),
    "rules": ("load", "evaluate", "pipeline", "site", "formats", "report", "plugin", "cli"),
    "site": ("load", "evaluate", "pipeline", "formats", "plugin", "cli"),
    "formats": ("pipeline", "site", "plugin", "cli"),
}
#: The one exception: rendering reads a checkout's data types (``Checkout``, ``NO_GIT``)
#: from ``load.git_history``. (It also reads rule definitions — titles, sections — from
#: ``rules``; building and running them is evaluation's.)
ALLOWED = {"site": "load.git_history"}


def _violations(module: str, layer: str) -> list[str]:
    allowed = ALLOWED.get(layer)
    targets = {t for t in GRAPH[module] if not allowed or not _in(allowed, {t})}
    return [name for name in FORBIDDEN[layer] if _in(name, targets)]


@pytest.mark.parametrize("layer", FORBIDDEN)
def test_each_stage_imports_only_earlier_stages(layer: str) -> None:
    for module in GRAPH:
        if _in(layer, {module}):
            found = _violations(module, layer)
            assert not found, f"{module} imports lifecycle_report.{found}"


def test_the_layer_check_can_fail() -> None:
    # The pipeline loads and evaluates: held to the site's rule, it breaks it.
    assert {"load", "evaluate"} <= set(_violations("lifecycle_report.pipeline", "site"))


def test_the_loader_knows_every_rule_id_in_the_contracts_order() -> None:
    # Loading reads rule ids from rule_ids.py, not from the rules' code: the two agree.
    from lifecycle_report.rule_ids import RULE_IDS
    from lifecycle_report.rules import RULES

    assert tuple(rule.id for rule in RULES) == RULE_IDS
