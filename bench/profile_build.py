"""Where a plugin build spends its time: cProfile of one `mkdocs build`, summarised.

The build runs as `python -m cProfile -o FILE -m mkdocs build` in the plugin project
(after an unprofiled warm-up build, so the plugin's cache folder is already filled).
The summary has three views:

* **phases** (top-down): cumulative time of the build's stages and of every plugin
  event, e.g. our `on_files` (load, evaluate, render) against MkDocs' `_populate_page`
  (Markdown) and `_build_page` (theme templates);
* **who** (bottom-up): self time grouped by package. Time in the standard library and
  in C builtins (`re`, `str.join`, `html.parser`…) is charged to the package that called
  them, following the profile's caller edges, so "Markdown" includes the regexes
  Markdown runs;
* the top functions by self time and by cumulative time, as pstats prints them.

cProfile slows pure-Python code more than C code, so shares are indicative, not exact.
"""

from __future__ import annotations

import io
import pstats
import sys
import sysconfig
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from measure import build_env, run_measured
from sitebench import mkdocs_build, plugin_project

#: (path fragment, group); the first match wins.
GROUPS = (
    ("lifecycle_report", "lifecycle-report (our code)"),
    ("/material/", "Material (its templates and plugins)"),
    ("/mkdocs/", "MkDocs"),
    ("/markdown/", "Markdown + pymdownx"),
    ("/pymdownx/", "Markdown + pymdownx"),
    ("/jinja2/", "Jinja2 (theme templates)"),
    ("/markupsafe/", "Jinja2 (theme templates)"),
    ("/yaml/", "PyYAML"),
    ("/pandas/", "pandas / numpy"),
    ("/numpy/", "pandas / numpy"),
    ("importlib", "Python imports"),
)
STDLIB = sysconfig.get_paths()["stdlib"]

#: Top-down phases: (label, path fragment, function name[, only when called from this
#: function]). Nested ones are indented.
PHASES = (
    ("mkdocs build (everything after start-up)", "mkdocs/commands/build.py", "build"),
    ("load_config (mkdocs.yml, plugins)", "mkdocs/config/base.py", "load_config"),
    ("plugin on_config", "lifecycle_report/plugin.py", "on_config"),
    ("plugin on_files", "lifecycle_report/plugin.py", "on_files"),
    ("  load_registry", "lifecycle_report/load", "load_registry"),
    ("  evaluate", "lifecycle_report/evaluate.py", "evaluate"),
    ("  render_site", "lifecycle_report/site", "render_site"),
    ("  sync_tree", "lifecycle_report/site/tree.py", "sync_tree"),
    ("  missing_links", "lifecycle_report/site/chapter.py", "missing_links"),
    ("plugin on_page_context", "lifecycle_report/plugin.py", "on_page_context"),
    ("get_navigation", "mkdocs/structure/nav.py", "get_navigation"),
    ("_populate_page (read + Markdown)", "mkdocs/commands/build.py", "_populate_page"),
    ("  Markdown.convert", "markdown/core.py", "convert"),
    ("_build_page (template + events + write)", "mkdocs/commands/build.py", "_build_page"),
    ("  theme template (Template.render)", "jinja2/environment.py", "render", "_build_page"),
    ("  plugin on_page_context events", "mkdocs/plugins.py", "on_page_context", "_build_page"),
    ("copy_static_files (theme assets)", "mkdocs/structure/files.py", "copy_static_files"),
)


@dataclass(frozen=True)
class ProfileSummary:
    total_s: float  # total profiled time (all self times)
    phases: list[tuple[str, float]]  # label, cumulative seconds
    groups: list[tuple[str, float]]  # group, seconds (self time, library calls charged)
    report: str  # the full text written to the output file


def _own_group(filename: str) -> str | None:
    for fragment, group in GROUPS:
        if fragment in filename:
            return group
    if filename == "~" or filename.startswith(("<", STDLIB)):
        return None  # a builtin or the standard library: charged to its callers
    return "other libraries"


def charge_by_package(stats: dict) -> dict[str, float]:
    """Self time per group, with stdlib and builtin time charged to the calling package."""
    memo: dict[tuple, dict[str, float]] = {}
    active: set[tuple] = set()

    def shares(func: tuple) -> dict[str, float]:
        if func in memo:
            return memo[func]
        own = _own_group(func[0])
        if own is not None:
            return {own: 1.0}
        if func in active:  # recursion through the standard library
            return {}
        active.add(func)
        mix: dict[str, float] = defaultdict(float)
        callers = stats[func][4]
        total = sum(edge[2] for edge in callers.values()) or 1.0
        for caller, edge in callers.items():
            if caller in stats:
                for group, share in shares(caller).items():
                    mix[group] += share * edge[2] / total
        active.discard(func)
        weight = sum(mix.values())
        memo[func] = result = (
            {g: s / weight for g, s in mix.items()} if weight else {"Python (unattributed)": 1.0}
        )
        return result

    seconds: dict[str, float] = defaultdict(float)
    for func, (_cc, _nc, tottime, _ct, _callers) in stats.items():
        for group, share in shares(func).items():
            seconds[group] += tottime * share
    return dict(seconds)


def _cumulative(stats: dict, fragment: str, name: str, caller: str | None = None) -> float:
    """Cumulative time of a function (the largest match), or of its calls from `caller`."""
    times = []
    for (filename, _line, function), value in stats.items():
        if function != name or fragment not in filename:
            continue
        if caller is None:
            times.append(value[3])
        else:
            times.append(sum(edge[3] for key, edge in value[4].items() if key[2] == caller))
    return max(times, default=0.0)


def plugin_events(stats: dict) -> list[tuple[str, float]]:
    """Cumulative time of every MkDocs plugin event handler that ran (`on_*`)."""
    events = []
    for (filename, _line, name), value in stats.items():
        if name.startswith("on_") and ("/plugins/" in filename or "/contrib/" in filename):
            package = filename.split("site-packages/")[-1]
            events.append((f"{package}:{name}", value[3]))
    return sorted(events, key=lambda e: -e[1])


def summarise(profile_file: Path) -> ProfileSummary:
    loaded = pstats.Stats(str(profile_file))
    stats = loaded.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in stats.values())
    phases = [(phase[0], _cumulative(stats, *phase[1:])) for phase in PHASES]
    groups = sorted(charge_by_package(stats).items(), key=lambda g: -g[1])

    out = io.StringIO()
    out.write(f"profile of one plugin build: {profile_file}\n")
    out.write(f"total profiled time {total:.2f} s (cProfile overhead included)\n\n")
    out.write("== Phases (cumulative time, share of total) ==\n")
    for label, seconds in phases:
        out.write(f"{label:<48} {seconds:8.2f} s  {seconds / total:6.1%}\n")
    out.write("\n== Plugin event handlers (cumulative) ==\n")
    for label, seconds in plugin_events(stats)[:20]:
        out.write(f"{label:<72} {seconds:8.2f} s  {seconds / total:6.1%}\n")
    out.write("\n== Who: self time by package (stdlib and builtins charged to callers) ==\n")
    for group, seconds in groups:
        out.write(f"{group:<48} {seconds:8.2f} s  {seconds / total:6.1%}\n")
    for title, key, limit, restrict in (
        ("Top functions by self time", "tottime", 40, ()),
        ("Top functions by cumulative time", "cumulative", 40, ()),
        ("Our code by cumulative time", "cumulative", 30, ("lifecycle_report",)),
    ):
        out.write(f"\n== {title} ==\n")
        text = io.StringIO()
        pstats.Stats(str(profile_file), stream=text).sort_stats(key).print_stats(*restrict, limit)
        body = text.getvalue()
        out.write(body[body.find("   ncalls") :] if "   ncalls" in body else body)
    return ProfileSummary(total, phases, groups, out.getvalue())


def profile_build(n: int, registry: Path, work: Path, out: Path, log=print) -> ProfileSummary:
    """Warm up, then profile one plugin build of `registry`; write the summary to `out`."""
    project = plugin_project(work / f"n{n}-plugin", registry)
    if not (project / "site").is_dir():
        log(f"n={n}: warm-up plugin build (unprofiled)")
        mkdocs_build(project)
    profile_file = out.with_suffix(".prof")
    out.parent.mkdir(parents=True, exist_ok=True)
    log(f"n={n}: profiled plugin build -> {profile_file}")
    command = [sys.executable, "-m", "cProfile", "-o", str(profile_file), "-m", "mkdocs"]
    run = run_measured([*command, "build", "-d", "site"], project, build_env())
    if run.returncode != 0:
        raise RuntimeError(f"profiled build failed:\n{run.tail()}")
    summary = summarise(profile_file)
    out.write_text(summary.report, "utf-8")
    return summary
