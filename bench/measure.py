"""Running and measuring child processes, and describing the machine.

Every site build runs as its own process so that MkDocs, Markdown and the theme start
cold each time, exactly as `mkdocs build` does for a user. `run_measured` waits for
the child with `os.wait4`, which returns that one child's resource usage: its wall
time, CPU time (user + system) and peak resident memory, without mixing in other
children the way `getrusage(RUSAGE_CHILDREN)` would.
"""

from __future__ import annotations

import contextlib
import functools
import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import IO

AS_OF = "2026-11-20"


def build_env() -> dict[str, str]:
    """The one environment every build, generate and serve child runs with."""
    env = {**os.environ, "LIFECYCLE_REPORT_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)  # the plugin sets it from the as-of date
    return env


@dataclass(frozen=True)
class ProcessRun:
    """One finished child process."""

    wall_s: float
    cpu_s: float  # user + system of the child (and any children it waited for)
    max_rss_bytes: int
    returncode: int
    output: str  # stdout and stderr, interleaved

    @classmethod
    def reaped(
        cls, wall_s: float, usage: os.struct_rusage, returncode: int, log: IO[bytes]
    ) -> ProcessRun:
        """A child reaped with `os.wait4`: its usage, and the output it wrote to `log`."""
        log.seek(0)
        return cls(
            wall_s=wall_s,
            cpu_s=usage.ru_utime + usage.ru_stime,
            max_rss_bytes=usage.ru_maxrss * 1024,  # Linux reports KiB
            returncode=returncode,
            output=log.read().decode("utf-8", "replace"),
        )

    def tail(self, lines: int = 15) -> str:
        return "\n".join(self.output.splitlines()[-lines:])


def run_measured(
    command: list[str], cwd: Path, env: dict[str, str], timeout: float = 3600
) -> ProcessRun:
    """Run `command` to completion and return its timings and peak memory.

    Output goes to a temporary file rather than a pipe, so a chatty child never blocks
    and reading it costs nothing during the run. A child still running after `timeout`
    seconds is killed (and reported with a negative return code).
    """
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
        return ProcessRun.reaped(wall, usage, process.returncode, log)


@dataclass(frozen=True)
class Job:
    """A command to run, where, and with what environment."""

    command: list[str]
    cwd: Path
    env: dict[str, str]


def shared_core() -> int | None:
    """The core `run_on_one_core` pins to (the highest this process may use), or None
    where processes cannot be pinned (not Linux)."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    return max(os.sched_getaffinity(0))


def run_on_one_core(
    a: Job, b: Job, filler: Job, core: int, timeout: float = 3600
) -> tuple[ProcessRun, ProcessRun]:
    """Run `a` and `b` at once, both pinned to `core`, and return each one's usage.

    The scheduler gives the two processes turns of a few milliseconds on the one core,
    so both see the same machine at that grain: a slow minute slows both alike. Their
    CPU times (`ProcessRun.cpu_s`) are what each spent of the core, and their ratio is
    the comparison. Wall times here are about twice a lone run's and mean little.

    When one finishes first, `filler` (an untimed job of the same kind, output discarded)
    is started on the core, and again whenever it ends, until the other finishes: the
    last process never has the core to itself, which would flatter whichever ran longer.

    Raises RuntimeError if a job or the filler fails, or if both jobs are not done after
    `timeout` seconds; nothing started here is left running, whatever happens.
    """
    pin = functools.partial(os.sched_setaffinity, 0, {core})
    started = time.perf_counter()
    deadline = started + timeout
    with contextlib.ExitStack() as stack:
        logs = {name: stack.enter_context(tempfile.TemporaryFile()) for name in ("a", "b")}
        jobs: dict[str, subprocess.Popen[bytes]] = {}
        filler_process: subprocess.Popen[bytes] | None = None
        done: dict[str, ProcessRun] = {}

        def start_filler() -> subprocess.Popen[bytes]:
            return subprocess.Popen(
                filler.command,
                cwd=filler.cwd,
                env=filler.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                preexec_fn=pin,
            )

        def reap(process: subprocess.Popen[bytes]) -> os.struct_rusage | None:
            """The usage of `process` if it has ended (it is then reaped), else None."""
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid == 0:
                return None
            process.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait
            return usage

        try:
            for name, job in (("a", a), ("b", b)):
                jobs[name] = subprocess.Popen(
                    job.command,
                    cwd=job.cwd,
                    env=job.env,
                    stdout=logs[name],
                    stderr=subprocess.STDOUT,
                    preexec_fn=pin,
                )
            while len(done) < 2:
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"jobs still running after {timeout:.0f} s")
                time.sleep(0.05)  # a poll costs microseconds; builds take seconds
                for name, process in jobs.items():
                    if name in done or (usage := reap(process)) is None:
                        continue
                    wall = time.perf_counter() - started
                    done[name] = ProcessRun.reaped(wall, usage, process.returncode, logs[name])
                    if process.returncode != 0:
                        raise RuntimeError(
                            f"{' '.join(map(str, process.args))} failed on core {core}:\n"
                            + done[name].tail()
                        )
                if len(done) == 1 and (filler_process is None or reap(filler_process)):
                    if filler_process is not None and filler_process.returncode != 0:
                        raise RuntimeError(f"the filler job failed on core {core}")
                    filler_process = start_filler()
        finally:
            for process in [*jobs.values(), *([filler_process] if filler_process else [])]:
                if process.returncode is None:
                    process.kill()
                    process.wait()
    return done["a"], done["b"]


def stop_process(process: subprocess.Popen[bytes], grace: float = 30) -> None:
    """Ctrl-C a child we started (so it cleans up), then terminate, then kill it."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGINT, grace), (signal.SIGTERM, 10.0), (signal.SIGKILL, 10.0)):
        process.send_signal(sig)
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _memory_bytes() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 0


def machine_info() -> dict[str, str]:
    """What the figures were taken on; printed above the tables and kept in the JSON."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    try:
        import yaml

        libyaml = "yes" if hasattr(yaml, "CSafeLoader") else "no"
    except ImportError:
        libyaml = "no PyYAML"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "-"
    return {
        "date": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "cpu": f"{os.cpu_count()} cores ({usable} usable), {platform.machine()}",
        "memory": f"{_memory_bytes() / 2**30:.1f} GiB",
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_version()} ({sys.implementation.name}), libyaml {libyaml}",
        "packages": ", ".join(
            f"{name} {_version(name)}"
            for name in ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "numpy")
        ),
        "load average at start (1, 5, 15 min)": load,
    }
