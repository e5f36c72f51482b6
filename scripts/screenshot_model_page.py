"""Screenshot of a model page's first screen, for the README: ``docs/assets/ficha-de-modelo.png``.

Builds the bundled example with the real ``mkdocs build`` into a temporary folder, serves
it on localhost and opens one model page in Chromium (Playwright, ``/usr/bin/chromium``) at
1366×768, the laptop screen the incident card is designed for. Run it after changing the
model page, so the README shows what the site shows::

    .venv/bin/python scripts/screenshot_model_page.py [--model ID] [--out PATH]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("LIFECYCLE_REPORT_CHROMIUM", "/usr/bin/chromium")
VIEWPORT = {"width": 1366, "height": 768}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="enrutamiento-llamadas")
    parser.add_argument("--out", type=Path, default=REPO / "docs/assets/ficha-de-modelo.png")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
            cwd=REPO,
            env=env,
            check=True,
        )
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=site))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                page = browser.new_page(viewport=VIEWPORT)
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/models/{args.model}/")
                page.wait_for_load_state("networkidle")
                args.out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(args.out))
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
