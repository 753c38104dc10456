"""Benchmark: from saving an article to the reloaded page, under `helpsite serve --locale nl`.

    .venv/bin/python bench/serve_preview.py [--articles 500] [--edits 5] [--stock]

Generates the synthetic three-locale help centre (bench/synthetic.py; 500 articles per locale is
1,533 pages), starts `helpsite serve --locale nl` on 127.0.0.1, opens a Dutch article in headless
Chromium (Debian's, through Playwright) and then, EDITS times: writes a new sentence into the
article's file and measures the time until the page in the browser shows it (MkDocs' livereload
reloads it). ``--stock`` measures the same with plain `mkdocs serve` on the stock stack
(Material + mkdocs-static-i18n, no helpsite), which re-renders every page of every locale.

Target (issue 6): at most 3 s from saving to the reloaded page on the 1,500-page site.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from synthetic import generate  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

ARTICLE = "billing/article-00010"
TARGET_SECONDS = 3.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(command: list[str], cwd: Path, timeout: float) -> tuple[subprocess.Popen, float]:
    """Start a server; return it and the seconds until it serves."""
    started = time.perf_counter()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(command, cwd=cwd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    ready = threading.Event()
    lines: list[str] = []

    def read() -> None:
        for line in server.stderr:
            lines.append(line)
            if "Serving on" in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(timeout):
        server.kill()
        raise SystemExit("the server did not start:\n" + "".join(lines[-20:]))
    return server, time.perf_counter() - started


def measure(url: str, article: Path, edits: int, timeout: float) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url)
        page.wait_for_timeout(1500)  # livereload's long poll is connected
        original = article.read_text(encoding="utf-8")
        try:
            for number in range(edits):
                marker = f"Bewerking {number} om {time.time_ns()}"
                saved = time.perf_counter()
                article.write_text(original + f"\n{marker}.\n", encoding="utf-8")
                page.wait_for_function(f"document.body && document.body.innerText.includes({marker!r})", timeout=timeout * 1000, polling=20)
                times.append(time.perf_counter() - saved)
                page.wait_for_timeout(500)
        finally:
            article.write_text(original, encoding="utf-8")
            browser.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500, help="articles per locale")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--stock", action="store_true", help="also measure plain `mkdocs serve` on the stock stack")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        cases = [("helpsite serve --locale nl", False)] + ([("stock mkdocs serve", True)] if args.stock else [])
        for name, stock in cases:
            root = generate(Path(folder) / ("stock" if stock else "helpsite"), args.articles, stock=stock)
            port = free_port()
            if stock:
                command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
            else:
                command = [sys.executable, "-m", "helpsite.cli", "serve", "--locale", "nl", "-a", f"127.0.0.1:{port}"]
            server, startup = start(command, root, timeout=1800)
            try:
                times = measure(
                    f"http://127.0.0.1:{port}/nl/{ARTICLE}/",
                    root / "docs" / "nl" / f"{ARTICLE}.md",
                    args.edits if not stock else 1,
                    timeout=600,
                )
            finally:
                server.terminate()
                server.wait(30)
            pages = len(list((root / "docs").rglob("*.md")))
            rows.append((name, pages, startup, times))
    print(f"{'server':28} {'pages':>6} {'start (s)':>10} {'save -> reloaded (s)':>24}")
    for name, pages, startup, times in rows:
        spread = f"median {statistics.median(times):.2f}, max {max(times):.2f}" if len(times) > 1 else f"{times[0]:.2f}"
        print(f"{name:28} {pages:6d} {startup:10.1f} {spread:>24}")
    worst = max(rows[0][3])
    print(f"target: at most {TARGET_SECONDS:.0f} s -> {'met' if worst <= TARGET_SECONDS else 'NOT met'} (worst {worst:.2f} s)")
    return 0 if worst <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
