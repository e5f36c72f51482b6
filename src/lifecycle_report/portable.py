"""``lifecycle-report generate``: the site's Markdown tree and a plugin-free ``mkdocs.yml``.

No plugin runs: the tree comes from :func:`~lifecycle_report.pipeline.site_tree`, the
function the plugin calls, so ``mkdocs build -f OUT/mkdocs.yml``, ``properdocs build`` or
``zensical build`` (which runs no MkDocs plugins) build the same site from ``OUT``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import get_files
from mkdocs.utils.yaml import yaml_load

from .i18n import catalog
from .options import PLUGIN_NAME, LifecycleReportConfig, site_source
from .pipeline import site_tree
from .report import Report
from .site.feeds import site_feed
from .site.project import (
    EXTRA_CSS,
    EXTRA_JAVASCRIPT,
    FEED_EXTRA,
    NAV_PAGES,
    REQUIRED_EXTENSIONS,
    THEME_DIR,
)
from .site.tree import sync_tree


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


#: Where ``generate`` copies the plugin's theme templates, beside its ``mkdocs.yml``.
THEME_COPY = "lifecycle-report-theme"


def portable_config(
    text: str,
    additions: dict[str, list[Any]],
    extra: dict[str, Any] | None = None,
    custom_dir: str | None = None,
    hidden: Sequence[str] = (),
) -> str:
    """``mkdocs.yml`` text without this plugin, with ``docs_dir: docs`` and its additions;
    ``extra`` entries added, ``custom_dir`` as the theme's unless it has one, and the
    ``hidden`` patterns added to ``not_in_nav``."""
    data = yaml.load(text, Loader=_Loader) or {}
    if hidden:
        lines = [str(data.get("not_in_nav") or "").strip(), *hidden]
        data["not_in_nav"] = "\n".join(line for line in lines if line) + "\n"
    if extra:
        data["extra"] = {**(data.get("extra") or {}), **extra}
    theme = data.get("theme")
    if custom_dir and isinstance(theme, str | dict):
        theme = {"name": theme} if isinstance(theme, str) else theme
        theme.setdefault("custom_dir", custom_dir)
        data["theme"] = theme
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


def not_in_nav(generated: set[str]) -> list[str]:
    """``not_in_nav`` patterns for the generated detail pages (a page per model, person and
    rule, the chapter stubs), as the plugin marks them: out of MkDocs' automatic navigation
    and of its list of pages missing from ``nav``. Zensical 0.0.73 honours them too."""
    hidden = set()
    for path in generated:
        if path.endswith(".md") and path not in NAV_PAGES:
            parts = path.split("/")
            hidden.add(f"/{parts[0]}/*/{parts[2]}" if len(parts) == 3 else f"/{path}")
    return sorted(hidden)


@dataclass(frozen=True)
class Project:
    """A project's ``mkdocs.yml`` read without running any plugin."""

    config_file: Path
    #: MkDocs' validated configuration, plugins left out.
    config: MkDocsConfig
    #: The ``lifecycle-report`` plugin's options, validated (defaults when it is not listed).
    options: LifecycleReportConfig


class ProjectError(Exception):
    """The project's ``mkdocs.yml`` or the plugin's options in it are not valid."""


def plugin_options(plugins: object) -> dict[str, Any]:
    """The plugin's options in a ``plugins`` setting (a list or a mapping), or ``{}``."""
    if isinstance(plugins, dict):
        return dict(plugins.get(PLUGIN_NAME) or {})
    for entry in plugins if isinstance(plugins, list) else []:
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            return dict(entry[PLUGIN_NAME] or {})
    return {}


def read_project(
    config_file: Path, registry: str | None = None, language: str | None = None
) -> Project:
    """Read ``mkdocs.yml`` with MkDocs' own machinery, without instantiating any plugin;
    ``registry`` (a path from the current folder) and ``language`` override the options."""
    try:
        config = load_config(str(config_file), plugins=[])
        with config_file.open("rb") as handle:
            raw = yaml_load(handle) or {}
    except MkDocsException as exc:
        raise ProjectError(str(exc)) from None
    options = plugin_options(raw.get("plugins"))
    if registry is not None:
        options["registry"] = os.path.relpath(
            Path(registry).resolve(), config_file.resolve().parent
        )
    if language is not None:
        options["language"] = language
    validated = LifecycleReportConfig(config_file_path=str(config_file))
    validated.load_dict(options)
    failed, _ = validated.validate()
    if failed:
        raise ProjectError(
            "; ".join(f"{config_file}: {PLUGIN_NAME}: {key}: {error}" for key, error in failed)
        )
    return Project(config_file, config, validated)


def generate(project: Project, out: Path, as_of: date) -> Report:
    """Write ``out/docs/`` (the project's docs and every generated page) and a
    plugin-free ``out/mkdocs.yml``; returns the report the pages show."""
    config = project.config
    source = site_source(project.options, config, as_of)
    docs = get_files(config)  # MkDocs' own rules for what belongs to the docs

    def read(src_uri: str) -> str:
        file = docs.get_file_from_path(src_uri)
        return file.content_string if file is not None else ""

    report, generated = site_tree(source, {f.src_uri for f in docs}, read)
    written: set[str] = set()

    def everything() -> Iterator[tuple[str, str | bytes]]:
        for path, content in generated:
            written.add(path)
            yield path, content
        for file in docs:
            if file.src_uri not in written:  # a placeholder the generated page replaces
                yield file.src_uri, file.content_bytes

    sync_tree(out / "docs", everything())
    additions: dict[str, list[Any]] = {
        "extra_css": list(EXTRA_CSS),
        "extra_javascript": list(EXTRA_JAVASCRIPT),
        "markdown_extensions": list(REQUIRED_EXTENSIONS),
    }
    # The plugin's theme templates (the feeds in the page head), unless the site has its
    # own custom_dir (whose main.html then includes lifecycle-report/feeds.html).
    shutil.copytree(THEME_DIR, out / THEME_COPY, dirs_exist_ok=True)
    text = portable_config(
        project.config_file.read_text("utf-8"),
        additions,
        extra={FEED_EXTRA: site_feed(catalog(project.options.language))},
        custom_dir=THEME_COPY,
        hidden=not_in_nav(written),
    )
    (out / "mkdocs.yml").write_text(text, "utf-8")
    return report
