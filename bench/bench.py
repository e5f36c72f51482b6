"""The performance benchmark: each measure is a ratio to a reference taken in the same run.

    python bench/bench.py                       # what `make bench` runs
    python bench/bench.py --only build --n 300  # one measure, a smaller registry
    python bench/bench.py --profile 300         # cProfile (CPU time) of one plugin build

Measures (goals in docs/rendimiento.md, where the figures are written by hand):

  build     mkdocs build with the plugin / mkdocs build of as many ordinary pages (copies of
            the playbook chapter, the same mkdocs.yml without the plugin); CPU time
  zensical  zensical build / mkdocs build of the tree `generate` writes; CPU time
  serve     `make serve`'s own command: one manifest edited until its page shows the change
            / a full plugin build; wall time (the server waits between polls)
  check     `check` / the parse floor (bench/floor.py), in this process
  trend     cold compliance trend over --weeks weekly commits / one `check`, in this process
  memory    peak resident memory of a cold plugin build (no caches) at --memory-n models

Each ratio is the median over --rounds rounds; in a round the two sides run one after the
other, which goes first alternating. Registries come from bench/generate.py (seed 0, 104
weekly rows) and are kept in bench/.cache/.
"""

from __future__ import annotations

import argparse
import io
import os
import pstats
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bench_check import cached_registry, import_cli, run_check
from bench_git import build_repo
from floor import parse_floor

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CACHE = BENCH / ".cache"
CHAPTER = REPO / "docs" / "playbook" / "09-ml-lifecycle-y-produccion.md"
AS_OF = "2026-11-20"
ENV = {
    **os.environ,
    "LIFECYCLE_REPORT_AS_OF": AS_OF,
    "NO_MKDOCS_2_WARNING": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_AUTHOR_DATE": "2026-11-20T12:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-11-20T12:00:00+00:00",
}
ENV.pop("SOURCE_DATE_EPOCH", None)
BIN = Path(sys.executable).parent
GOALS = {"build": 1.0, "serve": 0.05, "check": 2.5, "trend": 3.0, "memory": 1024.0}


def run(command: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> tuple[float, float, int]:
    """Run a child to completion: its wall seconds, CPU seconds (user + system, with the
    children it waited for: git) and max RSS in MiB."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    wall = time.perf_counter() - start
    if child.returncode not in ok:
        tail = output.decode("utf-8", "replace")[-3000:]
        raise RuntimeError(f"{shlex.join(command)} failed in {cwd}:\n{tail}")
    return wall, usage.ru_utime + usage.ru_stime, int(usage.ru_maxrss / 1024)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=ENV, check=True, capture_output=True)


def plugin_project(n: int) -> Path:
    """The repository's mkdocs.yml and docs/ with a synthetic registry, committed once in
    a git repository of its own (the plugin reads the registry's git history)."""
    dest = CACHE / f"plugin-{n}"
    if (dest / ".git").is_dir():
        return dest
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "docs", dest / "docs")
    shutil.copytree(cached_registry(CACHE, n, 0, 104), dest / "registry")
    (dest / ".gitignore").write_text("/site/\n/.cache/\n", "utf-8")
    git(dest, "init", "--quiet", "--initial-branch=main")
    git(dest, "add", "--all")
    git(dest, "commit", "--quiet", "--no-gpg-sign", "-m", "Synthetic registry")
    return dest


def plain_project(n: int) -> Path:
    """The tree `lifecycle-report generate` writes for the plugin project: the same pages,
    built without the plugin."""
    dest = CACHE / f"plain-{n}"
    if not (dest / "mkdocs.yml").is_file():
        project = plugin_project(n)
        config, registry = str(project / "mkdocs.yml"), str(project / "registry")
        cli = [str(BIN / "lifecycle-report"), "generate", "--config", config]
        run([*cli, "--registry", registry, "--out", str(dest)], project)
    return dest


def ordinary_project(n: int) -> Path:
    """The plain tree with every generated page replaced by a copy of the playbook
    chapter and no generated files: as many ordinary pages, the same mkdocs.yml."""
    dest = CACHE / f"ordinary-{n}"
    if (dest / "mkdocs.yml").is_file():
        return dest
    plain = plain_project(n)
    own = {p.relative_to(REPO / "docs") for p in (REPO / "docs").rglob("*") if p.is_file()}
    shutil.copytree(plain, dest, ignore=shutil.ignore_patterns("site", ".cache"))
    chapter = CHAPTER.read_text("utf-8")
    for path in (dest / "docs").rglob("*"):
        if path.is_file() and path.relative_to(dest / "docs") not in own:
            if path.suffix == ".md":
                path.write_text(chapter, "utf-8")
            else:
                path.unlink()
    return dest


def mkdocs_build(project: Path) -> tuple[float, float, int]:
    return run([str(BIN / "mkdocs"), "build", "--quiet"], project)


def zensical_build(project: Path) -> tuple[float, float, int]:
    shutil.rmtree(project / ".cache", ignore_errors=True)  # cold, as MkDocs'
    return run([str(BIN / "zensical"), "build", "--clean", "-f", "mkdocs.yml"], project)


def rounds(
    first: Callable[[], float], second: Callable[[], float], count: int, log: Callable[[str], None]
) -> float:
    """The median over rounds of first / second; which runs first alternates."""
    ratios = []
    for i in range(count):
        if i % 2:
            b, a = second(), first()
        else:
            a, b = first(), second()
        ratios.append(a / b)
        log(f"  round {i + 1}: {a:.2f} / {b:.2f} = {a / b:.3f}")
    return statistics.median(ratios)


def measure_build(n: int, count: int, log: Callable[[str], None]) -> tuple[float, float]:
    """Plugin build / ordinary build in CPU seconds; also the plugin build's wall time."""
    plugin, ordinary = plugin_project(n), ordinary_project(n)
    mkdocs_build(plugin)  # warm-up: git caches, imports, the OS file cache
    walls: list[float] = []

    def with_plugin() -> float:
        wall, cpu, _ = mkdocs_build(plugin)
        walls.append(wall)
        return cpu

    ratio = rounds(with_plugin, lambda: mkdocs_build(ordinary)[1], count, log)
    return ratio, statistics.median(walls)


def measure_zensical(n: int, count: int, log: Callable[[str], None]) -> float:
    plain = plain_project(n)
    shutil.rmtree(plain / "site", ignore_errors=True)
    return rounds(lambda: zensical_build(plain)[1], lambda: mkdocs_build(plain)[1], count, log)


def serve_command() -> list[str]:
    """`make serve`'s mkdocs command, read from the Makefile."""
    # The line may set environment variables first (`NAME=value $(BIN)/mkdocs serve …`).
    line = re.search(
        r"^\t(?:\w+=\S* )*\$\(BIN\)/mkdocs (serve.*)$", (REPO / "Makefile").read_text(), re.M
    )
    assert line, "no `$(BIN)/mkdocs serve` line in the Makefile"
    return [str(BIN / "mkdocs"), *shlex.split(line.group(1))]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def measure_serve(n: int, full_build_s: float, count: int, log: Callable[[str], None]) -> float:
    """`make serve` on the plugin project: seconds from saving a new description in one
    manifest to its page serving it (median of `count` edits) / a full build's wall time."""
    project = plugin_project(n)
    folder = sorted((project / "registry" / "models").iterdir())[n // 2]
    manifest = folder / "model.yaml"
    original = manifest.read_text("utf-8")
    with socket_port() as port:
        url = f"http://127.0.0.1:{port}/models/{folder.name}/"
        command = [*serve_command(), "--dev-addr", f"127.0.0.1:{port}"]
        server = subprocess.Popen(
            command, cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + 1800
            while folder.name not in fetch(url) and time.monotonic() < deadline:
                time.sleep(1)
            times = []
            for i in range(count):
                marker = f"bench{i}x{time.monotonic_ns()}"
                edited = re.sub(r"(?m)^description:.*\n(?:[ \t]+.*\n)*", "", original)
                start = time.perf_counter()
                manifest.write_text(f"{edited}description: Editado {marker}.\n", "utf-8")
                while marker not in fetch(url):
                    time.sleep(0.1)
                    if time.perf_counter() - start > 600:
                        raise RuntimeError("the edit never reached the page")
                times.append(time.perf_counter() - start)
                log(f"  edit {i + 1}: {times[-1]:.2f} s")
                time.sleep(1.5)
        finally:
            server.terminate()
            server.wait(60)
            manifest.write_text(original, "utf-8")
    return statistics.median(times) / full_build_s


class socket_port:
    """A free TCP port on 127.0.0.1 (a context manager, for symmetry of use)."""

    def __enter__(self) -> int:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return int(s.getsockname()[1])

    def __exit__(self, *exc: object) -> None:
        return None


def cpu(action: Callable[[], object]) -> float:
    start = time.process_time()
    action()
    return time.process_time() - start


def measure_check(n: int, count: int, log: Callable[[str], None]) -> float:
    cli, root = import_cli(), cached_registry(CACHE, n, 0, 104)
    with open(os.devnull, "w", encoding="utf-8") as sink:
        run_check(cli, root, sink)  # warm-up: imports, the OS file cache
        parse_floor(root)
        return rounds(
            lambda: cpu(lambda: run_check(cli, root, sink)),
            lambda: cpu(lambda: parse_floor(root)),
            count,
            log,
        )


def measure_trend(
    n: int, weeks: int, count: int, log: Callable[[str], None], commits: int = 60
) -> float:
    """`lifecycle-report trend --no-cache` (a cold trend of `weeks` points) / `check`, as
    commands, on a registry with `commits` weekly commits each changing n/25 models."""
    root = CACHE / f"trend-{n}-{commits}"
    if not (root / ".git").is_dir():
        shutil.rmtree(root, ignore_errors=True)
        build_repo(root, n, commits, max(1, n // 25), date.fromisoformat(AS_OF))
    cli = [str(BIN / "lifecycle-report")]
    common = ["--registry", "registry", "--as-of", AS_OF, "--format", "json"]
    trend = [*cli, "trend", *common, "--weeks", str(weeks), "--no-cache"]
    check = [*cli, "check", *common]
    return rounds(lambda: run(trend, root)[1], lambda: run(check, root, ok=(0, 1))[1], count, log)


def profile(n: int) -> None:
    """cProfile, in CPU time, of one plugin build: the top functions by cumulative time."""
    project = plugin_project(n)
    mkdocs_build(project)
    out = CACHE / f"build-{n}.prof"
    code = (
        "import cProfile, time, sys; from mkdocs.__main__ import cli; "
        "p = cProfile.Profile(time.process_time); "
        "p.runcall(cli.main, ['build', '--quiet'], standalone_mode=False); "
        f"p.dump_stats({str(out)!r})"
    )
    run([sys.executable, "-c", code], project)
    text = io.StringIO()
    pstats.Stats(str(out), stream=text).sort_stats("cumulative").print_stats(40)
    print(text.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="build,zensical,serve,check,trend,memory")
    parser.add_argument("--n", type=int, default=1000, help="models for build, serve, zensical")
    parser.add_argument("--check-n", type=int, default=10_000)
    parser.add_argument("--trend-n", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=26)
    parser.add_argument("--memory-n", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", type=int, metavar="N", help="only profile a build of N")
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.profile)
        return 0
    only = set(args.only.split(","))
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f} s] {message}", file=sys.stderr, flush=True)

    results: list[tuple[str, float, str]] = []

    def report(name: str, value: float, what: str) -> None:
        goal = GOALS.get(name)
        verdict = "" if goal is None else f"goal <= {goal:g}: {'ok' if value <= goal else 'over'}"
        results.append((name, value, f"{what}  {verdict}"))
        log(f"{name}: {value:.3f} {verdict}")

    print(f"lifecycle-report bench, {time.strftime('%Y-%m-%d %H:%M')}, load {os.getloadavg()}")
    build_wall = None
    if "build" in only:
        ratio, build_wall = measure_build(args.n, args.rounds, log)
        report("build", ratio, f"N={args.n}, plugin / ordinary pages, CPU")
    if "zensical" in only and (BIN / "zensical").exists():
        report("zensical", measure_zensical(args.n, args.rounds, log), f"N={args.n}, CPU")
    if "serve" in only:
        if build_wall is None:
            build_wall = mkdocs_build(plugin_project(args.n))[0]
        ratio = measure_serve(args.n, build_wall, args.rounds, log)
        report("serve", ratio, f"N={args.n}, edit / full build ({build_wall:.1f} s), wall")
    if "memory" in only:
        # Before the measures that load a registry in this process: a child's peak RSS
        # counts the pages it shares with this process until it runs mkdocs.
        # Cold, as on CI's fresh checkout: the trend and git caches are computed too.
        project = plugin_project(args.memory_n)
        shutil.rmtree(project / ".cache", ignore_errors=True)
        rss = mkdocs_build(project)[2]
        report("memory", rss, f"N={args.memory_n}, cold, MiB")
    if "check" in only:
        ratio = measure_check(args.check_n, args.rounds, log)
        report("check", ratio, f"N={args.check_n}, check / parse floor, CPU")
    if "trend" in only:
        ratio = measure_trend(args.trend_n, args.weeks, args.rounds, log)
        report("trend", ratio, f"N={args.trend_n}, {args.weeks} weeks, cold / check, CPU")
    for name, value, what in results:
        print(f"{name:>9}  {value:8.3f}  {what}")
    print(f"load at end {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
