"""`mkdocs serve --dirty`: from editing one manifest to the rebuilt page in the browser.

The server is started on 127.0.0.1 with a free port in a project whose registry is a
private copy (the run edits it). After the first build, one model's `description` is
replaced by a text carrying a fresh marker, and the model's page is fetched over HTTP
until the marker shows up. The time from writing the file to receiving the page with
the marker is what a user waits for after saving; it includes MkDocs noticing the
change (its file watcher polls every 0.5 s and then waits 0.1 s for more changes), the
rebuild, and serving the page. The server is always stopped at the end.

The project is freshly committed (see `sitebench.plugin_project`), so the first edit
also turns the checkout from clean to dirty, which the pages may mention; it is
reported apart from the later edits, which are what a user editing for a while sees.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from measure import build_env, stop_process
from sitebench import plugin_project

BUILT_IN = re.compile(r"Documentation built in ([0-9.]+) seconds")
DESCRIPTION = re.compile(r"^description:.*\n(?:[ \t]+.*\n)*", re.MULTILINE)


@dataclass
class ServeResult:
    n: int
    model_id: str
    edit_to_page_s: list[float] = field(default_factory=list)
    first_build_s: float | None = None  # as MkDocs logs it (no process start-up)
    rebuild_s: list[float] = field(default_factory=list)  # as MkDocs logs them

    @property
    def first_s(self) -> float:
        """The first edit after the commit: it also turns the checkout from clean to dirty."""
        return self.edit_to_page_s[0]

    @property
    def best_s(self) -> float:
        """Best of the later edits (the first one if there was only one)."""
        return min(self.edit_to_page_s[1:] or self.edit_to_page_s)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, timeout: float) -> tuple[int, str]:
    """Status and body of `url`; 0 when nothing answers (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def page_path(model_id: str) -> str:
    """The served path of a model's page (directory URLs)."""
    try:
        from lifecycle_report.site.render import model_page
    except ImportError:
        return f"models/{model_id}/"
    return model_page(model_id).removesuffix("index.md")


def with_description(manifest: str, text: str) -> str:
    """`manifest` with its top-level `description` (one line or a block) set to `text`."""
    replaced, count = DESCRIPTION.subn(f"description: {text}\n", manifest, count=1)
    if not count:
        raise ValueError("manifest has no top-level description")
    return replaced


def pick_model(registry: Path, base: str, timeout: float) -> tuple[str, Path]:
    """The first model (by folder name) with a description whose page is served."""
    for folder in sorted((registry / "models").iterdir())[:50]:
        manifest = folder / "model.yaml"
        if not manifest.is_file() or not DESCRIPTION.search(manifest.read_text("utf-8")):
            continue
        status, body = fetch(base + page_path(folder.name), timeout)
        if status == 200 and folder.name in body:
            return folder.name, manifest
    raise RuntimeError("no model page with a description found among the first 50 models")


def wait_for(
    url: str,
    marker: str,
    deadline: float,
    process: subprocess.Popen[bytes],
    interval: float = 0.05,
) -> float | None:
    """Poll `url` until its body contains `marker`; the time it did, or None at the deadline."""
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"mkdocs serve exited with {process.returncode}")
        # A request made while MkDocs rebuilds is held until the build is done.
        status, body = fetch(url, timeout=max(1.0, deadline - time.perf_counter()))
        if status == 200 and marker in body:
            return time.perf_counter()
        time.sleep(interval)
    return None


def measure_serve(
    n: int, registry: Path, work: Path, edits: int, first_build_timeout: float, log=print
) -> ServeResult:
    """Start `mkdocs serve --dirty`, edit one manifest `edits` times, stop the server."""
    project = plugin_project(work / f"n{n}-serve", registry)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"]
    with tempfile.TemporaryFile() as output:
        log(f"n={n}: mkdocs serve --dirty on {base}, waiting for the first build")
        process = subprocess.Popen(
            command,
            cwd=project,
            env=build_env(),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C of the bench reaches it only through us
        )
        try:
            result = _edit_and_poll(n, project, base, process, edits, first_build_timeout, log)
        except BaseException:
            output.seek(0)
            tail = output.read().decode("utf-8", "replace").splitlines()[-15:]
            log("mkdocs serve output (last lines):\n" + "\n".join(tail))
            raise
        finally:
            stop_process(process)
        output.seek(0)
        built = [float(x) for x in BUILT_IN.findall(output.read().decode("utf-8", "replace"))]
    if built:
        result.first_build_s, result.rebuild_s = built[0], built[1:]
    return result


def _edit_and_poll(
    n: int,
    project: Path,
    base: str,
    process: subprocess.Popen[bytes],
    edits: int,
    first_build_timeout: float,
    log,
) -> ServeResult:
    deadline = time.perf_counter() + first_build_timeout
    if wait_for(base, "</html>", deadline, process, interval=0.5) is None:
        raise RuntimeError(f"no first build within {first_build_timeout:.0f} s")
    model_id, manifest = pick_model(project / "registry", base, timeout=60)
    result = ServeResult(n, model_id)
    url = base + page_path(model_id)
    for i in range(max(1, edits)):
        time.sleep(1.5)  # let the watcher settle after the previous rebuild
        marker = f"benchmark{uuid.uuid4().hex[:12]}"
        text = with_description(
            manifest.read_text("utf-8"), f"Descripción editada por el benchmark ({marker})."
        )
        start = time.perf_counter()
        manifest.write_text(text, "utf-8")
        seen = wait_for(url, marker, start + max(60.0, first_build_timeout), process)
        if seen is None:
            raise RuntimeError(f"edit {i + 1}: the page never showed the new description")
        result.edit_to_page_s.append(seen - start)
        log(f"n={n}: edit {i + 1}/{edits} visible after {seen - start:.2f} s")
    return result
