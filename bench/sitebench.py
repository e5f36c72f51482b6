"""Site builds with the plugin against plain builds of the tree `generate` writes.

For one synthetic registry, two projects are set up side by side:

* the **plugin** project: the repository's `mkdocs.yml` and `docs/`, with a copy of the
  registry as `registry/` (the path the bundled `mkdocs.yml` names), committed to a git
  repository of its own;
* the **plain** project: what `lifecycle-report generate --out` writes for that same
  project, i.e. the full Markdown tree and a `mkdocs.yml` without the plugin.

Both are then built with `python -m mkdocs build` in a fresh process, in rounds of one
build each (which goes first alternates), and then in rounds of both at once on one core.
The ratio plugin / plain is what the plugin costs on top of what MkDocs and Material spend
on the same pages anyway: reported as the best plugin run over the best plain run, as the
median of each back-to-back round's ratio (`BuildResult.paired_ratio`), and as the median
of each shared-core round's CPU-time ratio (`BuildResult.shared_ratio`), which the goal
is judged on where it can be measured.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from lifecycle_report.portable import THEME_COPY
from measure import Job, ProcessRun, build_env, run_measured, run_on_one_core, shared_core

REPO = Path(__file__).resolve().parent.parent


#: A fixed identity and date for the project's one commit, and no user git config.
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_AUTHOR_DATE": "2026-11-01T12:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-11-01T12:00:00+00:00",
}


def plugin_project(dest: Path, registry: Path) -> Path:
    """The repository's `mkdocs.yml` and `docs/` with a copy of `registry`, in git.

    The project is a git repository of its own with everything in one commit, as a
    fresh clone of a real project would be: the plugin reads the registry's git history,
    and it must find this repository rather than whichever one encloses the bench cache.
    An existing project is reused as it is.
    """
    if (dest / ".git").is_dir():
        return dest
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "docs", dest / "docs", dirs_exist_ok=True)
    shutil.copytree(registry, dest / "registry", dirs_exist_ok=True)
    (dest / ".gitignore").write_text("/site/\n/.cache/\n", "utf-8")
    env = {**os.environ, **GIT_ENV}
    for command in (
        ["git", "init", "--quiet", "--initial-branch=main"],
        ["git", "add", "--all"],
        ["git", "commit", "--quiet", "--no-gpg-sign", "-m", "Synthetic registry"],
    ):
        subprocess.run(command, cwd=dest, env=env, check=True, capture_output=True)
    return dest


def build_job(project: Path, site: str = "site") -> Job:
    """`mkdocs build -v` of `project` into `project/<site>`, in a fresh process.

    Verbose for both builds alike: the plugin's debug line says how long its own work
    took (`own_seconds`).
    """
    command = [sys.executable, "-m", "mkdocs", "build", "-v", "-f", "mkdocs.yml", "-d", site]
    return Job(command, project, build_env())


def mkdocs_build(project: Path) -> ProcessRun:
    """One `mkdocs build -v` of `project` into `project/site`, on its own."""
    job = build_job(project)
    run = run_measured(job.command, job.cwd, job.env)
    if run.returncode != 0:
        raise RuntimeError(f"mkdocs build failed in {project}:\n{run.tail()}")
    return run


def generate_plain(project: Path, dest: Path) -> ProcessRun:
    """`lifecycle-report generate` of the plugin project into `dest` (a plain project)."""
    command = [
        sys.executable,
        "-m",
        "lifecycle_report.cli",
        "generate",
        "--config",
        str(project / "mkdocs.yml"),
        "--registry",
        str(project / "registry"),
        "--out",
        str(dest),
    ]
    run = run_measured(command, project, build_env())
    if run.returncode != 0:
        raise RuntimeError(f"lifecycle-report generate failed:\n{run.tail()}")
    return run


def zensical_project(plain: Path, dest: Path) -> Path:
    """A copy of the plain project for Zensical, which writes into the `site_dir` of its
    `mkdocs.yml` (it has no `-d`) and keeps a cache beside it."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    shutil.copy(plain / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(plain / "docs", dest / "docs")
    if (plain / THEME_COPY).is_dir():  # the theme templates generate writes beside them
        shutil.copytree(plain / THEME_COPY, dest / THEME_COPY)
    return dest


def zensical_build(project: Path) -> ProcessRun:
    """One `zensical build --clean` (its cache emptied first: a cold build, like MkDocs')."""
    command = [str(Path(sys.executable).parent / "zensical"), "build", "--clean"]
    run = run_measured([*command, "-f", "mkdocs.yml"], project, build_env())
    if run.returncode != 0:
        raise RuntimeError(f"zensical build failed in {project}:\n{run.tail()}")
    return run


_OWN = re.compile(r"on_files took ([0-9.]+) s in all")


def own_seconds(run: ProcessRun) -> float | None:
    """The plugin's own time in a build (its `on_files`, as it logs it), if logged."""
    found = _OWN.search(run.output)
    return float(found.group(1)) if found else None


def count_pages(site: Path) -> int:
    """HTML pages in a built site (a cheap check that both builds made the same site)."""
    return sum(1 for _ in site.rglob("*.html"))


@dataclass
class BuildResult:
    """Plugin and plain builds of one registry of `n` models."""

    n: int
    generate: ProcessRun
    plain: list[ProcessRun] = field(default_factory=list)
    plugin: list[ProcessRun] = field(default_factory=list)  # timed runs only
    plugin_warmup: ProcessRun | None = None
    #: Rounds of both builds sharing one core: (plugin, plain) per round.
    shared: list[tuple[ProcessRun, ProcessRun]] = field(default_factory=list)
    #: Control rounds: two plain builds sharing one core (first started, second).
    control: list[tuple[ProcessRun, ProcessRun]] = field(default_factory=list)
    pages_plain: int = 0
    pages_plugin: int = 0
    #: Zensical builds of the plain tree, one per back-to-back round (when measured).
    zensical: list[ProcessRun] = field(default_factory=list)

    @property
    def plain_s(self) -> float:
        return min(r.wall_s for r in self.plain)

    @property
    def plugin_s(self) -> float:
        return min(r.wall_s for r in self.plugin)

    @property
    def ratio(self) -> float:
        return self.plugin_s / self.plain_s

    @property
    def paired_ratio(self) -> float:
        """Median over rounds of plugin / plain, each round's two builds run back to back.

        The goal is judged on this one where processes cannot be pinned to a core (see
        `shared_ratio`). On a shared machine whose speed drifts between
        rounds (the same plain build took 44 s in one round and 56 s in the next),
        ``ratio`` pairs two best runs that may come from different rounds; the paired
        median compares builds made under the same conditions and ignores one lucky or
        unlucky round.
        """
        pairs = zip(self.plain, self.plugin, strict=True)
        return statistics.median(plugin.wall_s / plain.wall_s for plain, plugin in pairs)

    @property
    def zensical_ratio(self) -> float | None:
        """Median over rounds of Zensical / MkDocs CPU time building the same plain tree
        (the engine that follows Material, against the one it replaces). CPU time, all
        threads counted: wall times on a loaded machine wandered 0.65–1.66 round to round
        where CPU ratios stayed within 0.86–0.88."""
        if not self.zensical:
            return None
        pairs = zip(self.plain, self.zensical, strict=False)
        return statistics.median(z.cpu_s / plain.cpu_s for plain, z in pairs)

    @property
    def shared_ratio(self) -> float | None:
        """Median over shared-core rounds of plugin CPU time / plain CPU time.

        The goal is judged on this one where it was measured (Linux). Both builds of a
        round ran at once on the same core (`measure.run_on_one_core`), taking turns of
        milliseconds, so the machine's drift reaches both alike.
        """
        if not self.shared:
            return None
        return statistics.median(plugin.cpu_s / plain.cpu_s for plugin, plain in self.shared)

    @property
    def control_ratios(self) -> list[float]:
        """Each control round's CPU-time ratio: the method's own spread (ideally 1)."""
        return [first.cpu_s / second.cpu_s for first, second in self.control]

    @property
    def verdict_basis(self) -> str:
        """Which ratio the goal is judged on: ``shared`` where measured, else ``paired``."""
        return "shared" if self.shared else "paired"

    @property
    def verdict_ratio(self) -> float:
        shared = self.shared_ratio
        return shared if shared is not None else self.paired_ratio

    @staticmethod
    def cpu_share(runs: list[ProcessRun]) -> float:
        """Median CPU / wall of lone builds: near 1 means they hardly wait (for disk or
        for `git`), so comparing CPU times leaves nothing of theirs out."""
        return statistics.median(r.cpu_s / r.wall_s for r in runs)

    @property
    def own_ratio(self) -> float | None:
        """Median over plugin runs of wall / (wall - the plugin's own time in that run).

        A check on the paired ratio that the machine's drift cannot reach: numerator and
        denominator come from one process. It assumes MkDocs' share of a plugin build
        costs what a plain build does (same pages), and leaves out importing the plugin
        (~0.2 s), so it reads a little low.
        """
        ratios = []
        for run in self.plugin:
            own = own_seconds(run)
            if own is None:
                return None
            ratios.append(run.wall_s / (run.wall_s - own))
        return statistics.median(ratios) if ratios else None

    @property
    def cpu_ratio(self) -> float:
        return min(r.cpu_s for r in self.plugin) / min(r.cpu_s for r in self.plain)

    @property
    def plugin_rss(self) -> int:
        runs = [*self.plugin, *([self.plugin_warmup] if self.plugin_warmup else [])]
        runs += [plugin for plugin, _ in self.shared]
        return max(r.max_rss_bytes for r in runs)

    @property
    def plain_rss(self) -> int:
        return max(r.max_rss_bytes for r in [*self.plain, *(plain for _, plain in self.shared)])


def measure_builds(
    n: int,
    registry: Path,
    work: Path,
    repeat: int,
    warmup: bool = True,
    shared_rounds: int = 0,
    control_rounds: int = 0,
    zensical: bool = False,
    log=print,
) -> BuildResult:
    """Set up both projects under `work`, warm up, alternate the two builds, then run
    `shared_rounds` rounds of both at once on one core (where processes can be pinned),
    and `control_rounds` of two plain builds at once on that core. With `zensical`, each
    back-to-back round also builds the plain tree with Zensical, right after MkDocs.

    Warm-up: `generate` (which reads the whole registry and writes the plain tree) and,
    with `warmup`, one untimed plugin build (which fills the plugin's cache folder; its
    peak memory still counts towards `plugin_rss`). Without it the first timed plugin
    build also writes that folder: seconds, against minutes of build at 5,000 models.
    """
    plugin_dir = plugin_project(work / f"n{n}-plugin", registry)
    plain_dir = work / f"n{n}-plain"
    shutil.rmtree(plain_dir, ignore_errors=True)
    log(f"n={n}: generate")
    result = BuildResult(n, generate_plain(plugin_dir, plain_dir))
    zensical_dir = zensical_project(plain_dir, work / f"n{n}-zensical") if zensical else None
    if warmup:
        log(f"n={n}: warm-up plugin build")
        result.plugin_warmup = mkdocs_build(plugin_dir)
    for i in range(max(1, repeat)):
        # Alternate which build goes first, so that neither always follows the other.
        first = "plain" if i % 2 == 0 else "plugin"
        log(f"n={n}: timed builds {i + 1}/{repeat} ({first} first)")
        if first == "plain":
            result.plain.append(mkdocs_build(plain_dir))
            result.plugin.append(mkdocs_build(plugin_dir))
        else:
            result.plugin.append(mkdocs_build(plugin_dir))
            result.plain.append(mkdocs_build(plain_dir))
        if zensical_dir is not None:
            result.zensical.append(zensical_build(zensical_dir))
    core = shared_core()
    if core is not None:
        # The filler keeps the core shared once one build is done: a plain build that
        # writes elsewhere. Which build starts first (by microseconds) alternates.
        filler = build_job(plain_dir, "site-filler")
        plugin_job, plain_job = build_job(plugin_dir), build_job(plain_dir)
        for i in range(shared_rounds):
            log(f"n={n}: both builds on core {core}, round {i + 1}/{shared_rounds}")
            if i % 2 == 0:
                plugin, plain = run_on_one_core(plugin_job, plain_job, filler, core)
            else:
                plain, plugin = run_on_one_core(plain_job, plugin_job, filler, core)
            result.shared.append((plugin, plain))
        other_plain = build_job(plain_dir, "site-control")
        for i in range(control_rounds):
            log(f"n={n}: control, two plain builds on core {core}, {i + 1}/{control_rounds}")
            result.control.append(run_on_one_core(plain_job, other_plain, filler, core))
    result.pages_plain = count_pages(plain_dir / "site")
    result.pages_plugin = count_pages(plugin_dir / "site")
    if result.pages_plain != result.pages_plugin:
        log(
            f"n={n}: WARNING plain site has {result.pages_plain} pages, plugin site "
            f"{result.pages_plugin}"
        )
    return result


def free_site(work: Path, n: int) -> None:
    """Drop the built sites of size `n` (hundreds of MB at 5,000 models)."""
    shutil.rmtree(work / f"n{n}-zensical", ignore_errors=True)
    for variant in ("plain", "plugin"):
        for site in ("site", "site-filler", "site-control"):
            shutil.rmtree(work / f"n{n}-{variant}" / site, ignore_errors=True)
