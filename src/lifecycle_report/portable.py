"""``lifecycle-report generate``: the site's Markdown tree and a plugin-free ``mkdocs.yml``.

The tree is produced by the same plugin code that ``mkdocs build`` runs, so
``mkdocs build -f OUT/mkdocs.yml`` builds the same site without this plugin (and tools
that read mkdocs.yml but run no MkDocs plugins can build it too).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from .plugin import LifecycleReportPlugin
from .report import Report
from .site.tree import sync_tree

PLUGIN_NAME = "lifecycle-report"


class _Tagged:
    """A YAML value with a tag this module does not interpret (``!ENV``, ``!!python/name``)."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag = tag
        self.value = value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: _Loader, suffix: str, node: yaml.Node) -> _Tagged:
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        return _Tagged(tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return _Tagged(tag, loader.construct_sequence(node, deep=True))
    return _Tagged(tag, loader.construct_mapping(node, deep=True))  # type: ignore[arg-type]


def _represent_tagged(dumper: _Dumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, "" if data.value is None else str(data.value))


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(_Tagged, _represent_tagged)


def portable_config(text: str, additions: dict[str, list[Any]]) -> str:
    """``mkdocs.yml`` text without this plugin, with ``docs_dir: docs`` and its additions."""
    data = yaml.load(text, Loader=_Loader) or {}
    plugins = data.get("plugins")
    if isinstance(plugins, list):
        data["plugins"] = [
            p
            for p in plugins
            if p != PLUGIN_NAME and not (isinstance(p, dict) and PLUGIN_NAME in p)
        ]
    elif isinstance(plugins, dict):
        plugins.pop(PLUGIN_NAME, None)
    data["docs_dir"] = "docs"
    for key, values in additions.items():
        current = list(data.get(key) or [])
        names = [next(iter(v)) if isinstance(v, dict) else v for v in current]
        current.extend(v for v in values if v not in names)
        data[key] = current
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def generate(
    config_file: Path,
    out: Path,
    registry: str | None = None,
    as_of: str | None = None,
    language: str | None = None,
) -> Report:
    """Write ``out/docs/`` (every docs file and generated page) and ``out/mkdocs.yml``."""
    overrides: dict[str, Any] = {}
    config = load_config(str(config_file))
    plugin = config.plugins.get(PLUGIN_NAME)
    if not isinstance(plugin, LifecycleReportPlugin):
        plugin = LifecycleReportPlugin()
        plugin.load_config({}, str(config_file))
        config.plugins[PLUGIN_NAME] = plugin
    plugin.keep_report = True
    if registry is not None:
        overrides["registry"] = os.path.relpath(
            Path(registry).resolve(), config_file.resolve().parent
        )
    if as_of is not None:
        overrides["as_of"] = as_of
    if language is not None:
        overrides["language"] = language
    plugin.config.update(overrides)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    tree = {f.src_uri: f.content_bytes for f in files}
    sync_tree(out / "docs", tree)
    additions = {
        "extra_css": [str(x) for x in config.extra_css],
        "extra_javascript": [str(x) for x in config.extra_javascript],
        "markdown_extensions": list(plugin.required_extensions),
    }
    (out / "mkdocs.yml").write_text(
        portable_config(config_file.read_text("utf-8"), additions), "utf-8"
    )
    assert plugin.report is not None
    return plugin.report
