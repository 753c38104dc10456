"""A built copy of the site served on 127.0.0.1, and Debian's Chromium driven by Playwright.

No browser is downloaded: Playwright drives /usr/bin/chromium (``./dev test`` installs it with
apt-get). When a test fails, a screenshot of its page is kept in test-artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from pathlib import Path

import pytest

from tests.conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
# Headless, and quiet: this machine's network is closed, so Chromium must not try to phone home.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """A built site as a web server configured as the README says: a missing page under /nl/ gets
    nl/404.html (nginx: ``location /nl/ { error_page 404 /nl/404.html; }``), any other the root's;
    and POST /api/feedback records a vote (the site owner's feedback endpoint), answering the CORS
    preflight of a page on another origin as such an endpoint must."""

    votes: list[dict]

    def log_message(self, format, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        root = Path(self.directory)
        locale = self.path.lstrip("/").split("/", 1)[0]
        page = root / locale / "404.html" if locale and (root / locale / "404.html").is_file() else root / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def _allow_origin(self) -> None:
        if self.headers.get("Origin"):
            self.send_header("Access-Control-Allow-Origin", self.headers["Origin"])
            self.send_header("Access-Control-Allow-Methods", "POST")
            self.send_header("Access-Control-Allow-Headers", "Content-Type")

    def do_OPTIONS(self):
        if self.path != "/api/feedback":
            return self.send_error(405)
        self.send_response(204)
        self._allow_origin()
        self.end_headers()
        return None

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(length, 10_000))
        if self.path != "/api/feedback":
            return self.send_error(405)
        self.votes.append({"content_type": self.headers.get("Content-Type"), "origin": self.headers.get("Origin"), **json.loads(body)})
        self.send_response(204)
        self._allow_origin()
        self.end_headers()
        return None


QuietHandler = SiteHandler  # the name tests written before SiteHandler import


class ServedSite:
    """A folder served on 127.0.0.1 by :class:`SiteHandler`; ``votes`` holds the feedback it received."""

    def __init__(self, folder: Path) -> None:
        self.votes: list[dict] = []
        handler = type("Handler", (SiteHandler,), {"votes": self.votes})
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def served(built_site):
    """The repository's site, built with --strict (and the team's pages), served over HTTP."""
    site = ServedSite(built_site[0].root / "site")
    yield site
    site.stop()


@pytest.fixture(scope="session")
def served_site(served):
    """The served site's base URL."""
    return served.url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: run ./dev test, which installs it with apt-get")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.errors = errors
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.report_call = report
    return report
