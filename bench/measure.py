"""Running and measuring child processes, and describing the machine.

Every site build runs as its own process so that MkDocs, Markdown and the theme start
cold each time, exactly as `mkdocs build` does for a user. `run_measured` waits for
the child with `os.wait4`, which returns that one child's resource usage: its wall
time, CPU time (user + system) and peak resident memory, without mixing in other
children the way `getrusage(RUSAGE_CHILDREN)` would.
"""

from __future__ import annotations

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
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    return ProcessRun(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        max_rss_bytes=usage.ru_maxrss * 1024,  # Linux reports KiB
        returncode=process.returncode,
        output=output,
    )


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
