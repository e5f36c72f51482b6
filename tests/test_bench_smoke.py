"""The benchmark harness (bench/) still runs and returns well-formed results.

No timing is asserted here: the figures themselves come from `make bench`.
"""

from __future__ import annotations

import cProfile
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import bench_check  # noqa: E402
import measure  # noqa: E402
import profile_build  # noqa: E402
import run  # noqa: E402
import servebench  # noqa: E402
import sitebench  # noqa: E402
from generate import generate  # noqa: E402


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "registry"
    generate(root, 5)
    return root


def test_generator_writes_one_folder_per_model(registry: Path) -> None:
    folders = sorted((registry / "models").iterdir())
    assert len(folders) == 5
    assert all((folder / "model.yaml").is_file() for folder in folders)
    assert (registry / "owners.yaml").is_file() and (registry / "policy.yaml").is_file()


def test_check_measure_reports_both_timings_and_the_summary(registry: Path) -> None:
    result = bench_check.measure_check(bench_check.import_cli(), registry, 5, repeat=1)
    assert result.n == 5
    assert result.floor_s > 0 and result.check_s > 0 and result.ratio > 0
    assert result.summary.startswith("check summary: models 5,")
    assert result.exit_code in (0, 1)


def test_measured_child_reports_time_memory_and_output(tmp_path: Path) -> None:
    child = measure.run_measured([sys.executable, "-c", "print('hola')"], tmp_path, {})
    assert child.returncode == 0
    assert child.output.strip() == "hola"
    assert child.wall_s > 0 and child.cpu_s >= 0
    assert child.max_rss_bytes > 1_000_000  # a Python interpreter, in bytes


def test_build_environment_fixes_the_evaluation_date() -> None:
    env = measure.build_env()
    assert env["LIFECYCLE_REPORT_AS_OF"] == "2026-11-20"
    assert env["NO_MKDOCS_2_WARNING"] == "1"
    assert {"cpu", "memory", "python", "packages"} <= set(measure.machine_info())


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_plugin_project_is_a_committed_copy(registry: Path, tmp_path: Path) -> None:
    project = sitebench.plugin_project(tmp_path / "project", registry)
    assert (project / "mkdocs.yml").is_file() and (project / "docs").is_dir()
    assert not (project / "registry").is_symlink()
    assert len(list((project / "registry" / "models").iterdir())) == 5
    assert (project / ".git").is_dir()


def test_description_edit_replaces_a_folded_block_and_keeps_the_rest(registry: Path) -> None:
    manifest = next((registry / "models").iterdir()) / "model.yaml"
    text = manifest.read_text("utf-8")
    edited = servebench.with_description(text, "Nueva (benchmarkabc).")
    assert "description: Nueva (benchmarkabc).\n" in edited
    assert "Predice" not in edited
    assert re.sub(r"(?m)^description:.*\n", "", edited) in re.sub(
        r"(?m)^description:.*\n(?:[ \t]+.*\n)*", "", text
    )
    assert servebench.page_path("scoring-credito") == "models/scoring-credito/"


def test_profile_summary_charges_library_time_to_callers(tmp_path: Path) -> None:
    def work() -> None:
        for _ in range(2000):
            re.sub(r"a+", "b", "caaat" * 10)

    profile = tmp_path / "p.prof"
    profiler = cProfile.Profile()
    profiler.runcall(work)
    profiler.dump_stats(profile)
    summary = profile_build.summarise(profile)
    assert summary.total_s > 0
    assert abs(sum(s for _, s in summary.groups) - summary.total_s) < 1e-6 + summary.total_s / 100
    assert [label for label, _ in summary.phases] == [p[0] for p in profile_build.PHASES]
    assert "Top functions by self time" in summary.report


def test_goal_verdict_names_the_size_it_was_set_at() -> None:
    goal = run.Goal(1.15, 1000)
    assert goal.verdict(1.1, 1000) == "<= 1.15 ok"
    assert goal.verdict(1.2, 1000) == "<= 1.15 over"
    assert goal.verdict(1.1, 300) == "<= 1.15 ok (goal set at N=1,000)"


def test_paired_ratio_is_the_median_of_each_rounds_ratio() -> None:
    def runs(*walls: float) -> list[measure.ProcessRun]:
        return [measure.ProcessRun(w, w, 1, 0, "") for w in walls]

    result = sitebench.BuildResult(10, runs(1.0)[0])
    # Round 1 had a lucky plain build: best / best says 1.5, the rounds say 1.1.
    result.plain = runs(10.0, 15.0, 14.0)
    result.plugin = runs(15.0, 16.5, 15.4)
    assert result.ratio == pytest.approx(1.5)
    assert result.paired_ratio == pytest.approx(1.1)


def test_zensical_ratio_pairs_each_zensical_build_with_that_rounds_mkdocs_build() -> None:
    def runs(*cpus: float) -> list[measure.ProcessRun]:
        return [measure.ProcessRun(3 * c, c, 1, 0, "") for c in cpus]  # a loaded machine

    result = sitebench.BuildResult(10, runs(1.0)[0])
    result.plain = runs(10.0, 20.0, 12.0)
    assert result.zensical_ratio is None  # not measured
    result.zensical = runs(8.0, 10.0, 9.0)
    assert result.zensical_ratio == pytest.approx(0.75)  # CPU: 0.8, 0.5 and 0.75


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_zensical_builds_a_copy_of_the_plain_tree(registry: Path, tmp_path: Path) -> None:
    project = sitebench.plugin_project(tmp_path / "plugin", registry)
    sitebench.generate_plain(project, tmp_path / "plain")
    copy = sitebench.zensical_project(tmp_path / "plain", tmp_path / "zensical")
    build = sitebench.zensical_build(copy)
    assert build.returncode == 0 and build.wall_s > 0
    assert (copy / "site" / "models").is_dir() and not (tmp_path / "plain" / "site").exists()


def test_own_ratio_reads_the_plugins_own_time_from_each_build() -> None:
    def run_(wall: float, own: float | None) -> measure.ProcessRun:
        line = f"DEBUG -  on_files took {own:.2f} s in all\n" if own is not None else ""
        return measure.ProcessRun(wall, wall, 1, 0, "INFO - Building\n" + line)

    result = sitebench.BuildResult(10, run_(1.0, None))
    result.plain = [run_(40.0, None), run_(60.0, None), run_(45.0, None)]
    result.plugin = [run_(44.0, 4.0), run_(66.0, 6.0), run_(45.0, 5.0)]
    # 44/40, 66/60 and 45/40: the drift between rounds does not reach it.
    assert result.own_ratio == pytest.approx(1.1)
    result.plugin.append(run_(50.0, None))
    assert result.own_ratio is None  # a build that did not log it: no figure


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_plugin_build_logs_its_own_time(registry: Path, tmp_path: Path) -> None:
    project = sitebench.plugin_project(tmp_path / "project", registry)
    build = sitebench.mkdocs_build(project)
    own = sitebench.own_seconds(build)
    assert own is not None and 0 < own < build.wall_s
    assert sitebench.count_pages(project / "site") > 5


pinnable = pytest.mark.skipif(
    not hasattr(os, "sched_setaffinity"), reason="processes cannot be pinned to a core here"
)


@pytest.fixture
def core() -> int:
    """The core the shared-core runner pins to."""
    pinned = measure.shared_core()
    assert pinned is not None  # where it is None, `pinnable` skips the test
    return pinned


def _python(tmp_path: Path, code: str) -> measure.Job:
    return measure.Job([sys.executable, "-c", code], tmp_path, dict(os.environ))


#: Burns `seconds` of CPU, waits (up to 10 s) until `marks` has `lines` lines, then
#: prints the cores it may run on and the CPU time it used.
_JOB = """
import os, time
from pathlib import Path
while time.process_time() < {seconds}: pass
marks, deadline = Path({marks!r}), time.monotonic() + 10
while time.monotonic() < deadline:
    if marks.exists() and len(marks.read_text().split()) >= {lines}: break
    time.sleep(0.01)
print(sorted(os.sched_getaffinity(0)), time.process_time())
"""
#: Holds a shared lock on `lock` while it lives, appends its pid to `marks`, then burns
#: `seconds` of CPU: while any such process is alive, `lock` cannot be taken exclusively.
_HOLDER = """
import fcntl, os, time
lock = open({lock!r}, "a")
fcntl.flock(lock, fcntl.LOCK_SH)
with open({marks!r}, "a") as marks: marks.write(f"{{os.getpid()}}\\n")
while time.process_time() < {seconds}: pass
{then}
"""


def _holder(tmp_path: Path, seconds: float, then: str = "") -> measure.Job:
    code = _HOLDER.format(
        lock=str(tmp_path / "lock"), marks=str(tmp_path / "marks"), seconds=seconds, then=then
    )
    return _python(tmp_path, code)


def _none_alive(tmp_path: Path) -> bool:
    """Whether every process `_holder` started has ended (none holds the lock)."""
    import fcntl

    with open(tmp_path / "lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
    return True


def _marked(tmp_path: Path) -> int:
    return len((tmp_path / "marks").read_text().split())


@pinnable
def test_one_core_runs_both_jobs_there_and_keeps_it_busy_until_both_end(
    tmp_path: Path, core: int
) -> None:
    assert core in os.sched_getaffinity(0)
    marks = str(tmp_path / "marks")
    short = _python(tmp_path, _JOB.format(seconds=0.05, marks=marks, lines=0))
    long = _python(tmp_path, _JOB.format(seconds=1.0, marks=marks, lines=1))
    filler = _holder(tmp_path, seconds=60)  # busy until it is stopped
    a, b = measure.run_on_one_core(short, long, filler, core)
    assert a.returncode == b.returncode == 0
    (a_cores, a_used), (b_cores, b_used) = (run_.output.rsplit(" ", 1) for run_ in (a, b))
    assert a_cores == b_cores == f"[{core}]"  # both pinned to that core
    # Each job's usage is its own: what it measured of itself (plus its exit), not the
    # busy filler's, which ran beside the long job once the short one ended.
    assert a.cpu_s == pytest.approx(float(a_used), abs=0.1)
    assert b.cpu_s == pytest.approx(float(b_used), abs=0.1)
    assert _marked(tmp_path) == 1  # one filler, started when the short job ended...
    assert _none_alive(tmp_path)  # ...and stopped when the long one did


@pinnable
def test_one_core_restarts_a_filler_that_ends_early(tmp_path: Path, core: int) -> None:
    short = _python(tmp_path, "pass")
    long = _python(tmp_path, _JOB.format(seconds=0.3, marks=str(tmp_path / "marks"), lines=3))
    filler = _holder(tmp_path, seconds=0)  # ends at once
    _, b = measure.run_on_one_core(short, long, filler, core)
    assert b.returncode == 0
    assert _marked(tmp_path) >= 3  # the long job waited for a third filler
    assert _none_alive(tmp_path)


@pinnable
def test_one_core_stops_the_other_job_when_one_fails(tmp_path: Path, core: int) -> None:
    survivor = _holder(tmp_path, seconds=60)
    failing = _python(
        tmp_path, _JOB.format(seconds=0, marks=str(tmp_path / "marks"), lines=1) + "exit(3)"
    )
    with pytest.raises(RuntimeError, match=f"failed on core {core}"):
        measure.run_on_one_core(survivor, failing, _python(tmp_path, "pass"), core)
    assert _marked(tmp_path) == 1  # the survivor was running when the other failed...
    assert _none_alive(tmp_path)  # ...and was stopped


@pinnable
def test_one_core_refuses_a_failing_filler(tmp_path: Path, core: int) -> None:
    long = _python(tmp_path, _JOB.format(seconds=2, marks=str(tmp_path / "marks"), lines=0))
    with pytest.raises(RuntimeError, match="filler job failed"):
        measure.run_on_one_core(_python(tmp_path, "pass"), long, _python(tmp_path, "exit(2)"), core)


def test_shared_ratio_is_the_median_cpu_ratio_and_judges_the_goal() -> None:
    def run_(wall: float, cpu: float) -> measure.ProcessRun:
        return measure.ProcessRun(wall, cpu, 1, 0, "")

    result = sitebench.BuildResult(10, run_(1.0, 1.0))
    result.plain = [run_(40.0, 40.0)]
    result.plugin = [run_(60.0, 60.0)]  # one unlucky back-to-back round: 1.5
    assert result.shared_ratio is None
    assert result.verdict_basis == "paired"
    assert result.verdict_ratio == pytest.approx(1.5)  # no shared rounds: the paired one
    # Wall times on a shared core are about twice a lone build's: CPU times count.
    result.shared = [
        (run_(120.0, 54.0), run_(118.0, 50.0)),
        (run_(100.0, 44.0), run_(99.0, 40.0)),
        (run_(130.0, 66.0), run_(131.0, 60.0)),
    ]
    assert result.shared_ratio == pytest.approx(1.1)  # 1.08, 1.1 and 1.1
    assert result.verdict_basis == "shared" and result.verdict_ratio == result.shared_ratio


@pinnable
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_shared_rounds_build_both_sites_on_one_core(registry: Path, tmp_path: Path) -> None:
    result = sitebench.measure_builds(
        5,
        registry,
        tmp_path,
        repeat=1,
        warmup=False,
        shared_rounds=2,
        control_rounds=1,
        log=lambda _: None,
    )
    assert len(result.plain) == len(result.plugin) == 1
    assert len(result.shared) == 2 and len(result.control) == 1
    # Each round gives (plugin, plain) whichever started first (it alternates).
    for plugin, plain in result.shared:
        assert sitebench.own_seconds(plugin) is not None
        assert sitebench.own_seconds(plain) is None
    assert not any(sitebench.own_seconds(run) for run in result.control[0])  # plain, plain
    assert result.shared_ratio == pytest.approx(
        sum(plugin.cpu_s / plain.cpu_s for plugin, plain in result.shared) / 2
    )
    assert result.verdict_basis == "shared" and result.verdict_ratio == result.shared_ratio
    assert result.pages_plugin == result.pages_plain > 5


def test_goal_a_falls_back_on_seven_back_to_back_rounds_without_a_pinnable_core() -> None:
    args = run.parse_args([])
    # Core 0 is a core like any other (the only one on a one-core machine).
    assert run.build_rounds(args, 1000, True, core=0) == (3, 6, 2)
    assert run.build_rounds(args, 100, True, core=1) == (3, 6, 2)
    assert run.build_rounds(args, 1000, True, core=None) == (7, 0, 0)
    assert run.build_rounds(args, 100, True, core=None) == (3, 0, 0)
    assert run.build_rounds(run.parse_args(["--shared-rounds", "0"]), 1000, True, 1) == (7, 0, 0)
    assert run.build_rounds(args, 1000, False, core=1) == (3, 0, 0)  # memory only
    assert run.build_rounds(args, 5000, True, core=1) == (1, 0, 0)
