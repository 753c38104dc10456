"""Every hostile page of the "Safety" issue (tests/hostile.py), opened in a real headless Chromium:
no script of an article runs, nothing is asked of another host, the Content Security Policy is in
force without blocking Material's own scripts, and search still works. A screenshot of each page
goes to test-artifacts/hostile/."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import ARTIFACTS, QuietHandler
from tests.conftest import REPO, Project
from tests.hostile import PAGES, SEARCH_WORD, hostile_mkdocs_yml, write_hostile_site

# xdist_group: one worker builds the module's site for all its tests (./dev test runs --dist loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("browser.test_hostile_pages")]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-browser")
    (root / "site").mkdir()
    handler = functools.partial(QuietHandler, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # The site's URL is the server's, as once published (Material asks site_url for its sitemap.xml).
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    shutil.copytree(REPO / "locales", root / "locales")
    shutil.copytree(REPO / "schema", root / "schema")
    shutil.copytree(REPO / "hooks", root / "hooks")
    (root / "mkdocs.yml").write_text(hostile_mkdocs_yml(base), encoding="utf-8")
    project = Project(root)
    write_hostile_site(project)
    result = project.mkdocs_build(team_pages=True)  # the team's pages too: a review page quotes both pages' hostile text
    assert result.returncode == 0, result.stderr
    yield base
    server.shutdown()
    server.server_close()


def _watch(page, base: str) -> dict[str, list[str]]:
    """Dialogs opened, requests to other hosts, and Content Security Policy violations, as they happen."""
    seen: dict[str, list[str]] = {"dialogs": [], "foreign": [], "csp": []}
    own = {urlsplit(base).netloc, ""}

    def dialog(d):
        seen["dialogs"].append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.on("request", lambda r: seen["foreign"].append(r.url) if urlsplit(r.url).netloc not in own else None)
    page.on("console", lambda m: seen["csp"].append(m.text) if "Content Security Policy" in m.text else None)
    return seen


@pytest.mark.parametrize("hostile", PAGES, ids=lambda p: p.name)
def test_a_hostile_page_runs_nothing_and_asks_no_other_host(page, hostile_site, hostile):
    seen = _watch(page, hostile_site)
    page.goto(hostile_site + hostile.url)
    page.wait_for_load_state("networkidle")
    page.locator("article h1").first.wait_for(state="visible")
    folder = ARTIFACTS / "hostile"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{hostile.name}.png"), full_page=True)
    page.locator(".md-header .md-select").first.hover()  # the language switcher shows the locale names
    page.wait_for_timeout(300)
    assert seen["dialogs"] == [], seen["dialogs"]
    assert seen["foreign"] == [], seen["foreign"]
    assert seen["csp"] == [], seen["csp"]  # the policy blocks nothing of Material's: its inline scripts are hashed
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]')
    assert policy.count() == 1
    content = policy.get_attribute("content") or ""
    assert "script-src 'self' 'sha256-" in content and "object-src 'none'" in content and "frame-src 'none'" in content
    assert "base-uri 'self'" in content and "form-action 'self'" in content
    assert page.url == hostile_site + hostile.url  # no redirect happened
    assert page.errors == []


@pytest.mark.parametrize("start", ["script/", "nl/"])
def test_search_still_works_under_the_policy(page, hostile_site, start):
    seen = _watch(page, hostile_site)
    page.goto(hostile_site + start)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(SEARCH_WORD if start != "nl/" else "Betaal")
    result = page.locator(".md-search-result__item > a").first
    result.wait_for(state="visible")
    page.screenshot(path=str(ARTIFACTS / "hostile" / f"search-{start.strip('/') or 'home'}.png"))
    expected = "Home" if start != "nl/" else "Betalen"
    assert expected in result.inner_text()
    assert seen["dialogs"] == [] and seen["foreign"] == [] and seen["csp"] == []
