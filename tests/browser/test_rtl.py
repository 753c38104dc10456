"""An Arabic machine-translated page in a real headless Chromium: it reads right to left, notice
and language switcher included. Desktop and mobile screenshots are kept in test-artifacts/."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from tests.arabic_site import FALLBACK, MACHINE_TRANSLATED, write_arabic_site
from tests.browser.conftest import ARTIFACTS, QuietHandler

pytestmark = [pytest.mark.slow, pytest.mark.browser]

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def arabic_served(tmp_path_factory):
    project = write_arabic_site(tmp_path_factory.mktemp("arabic"))
    result = project.mkdocs_build("--strict")
    assert result.returncode == 0, result.stderr
    handler = functools.partial(QuietHandler, directory=str(project.root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def direction(locator) -> str:
    return locator.evaluate("element => getComputedStyle(element).direction")


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_an_arabic_machine_translated_page_reads_right_to_left(browser, arabic_served, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="ar-SA")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(arabic_served + MACHINE_TRANSLATED)
        notice = page.locator(".helpsite-notice--mt")
        notice.wait_for(state="visible")
        assert page.locator("html").get_attribute("lang") == "ar"
        assert direction(page.locator("body")) == "rtl"
        assert direction(notice) == "rtl"
        assert "تمت ترجمة هذه الصفحة آليًا" in notice.inner_text()
        # Right to left: the notice's title starts at the right edge of the notice.
        title, box = notice.locator(".admonition-title").bounding_box(), notice.bounding_box()
        assert box["x"] + box["width"] - (title["x"] + title["width"]) < 0.1 * box["width"]
        heading = page.locator("article h1")
        heading_box = heading.bounding_box()
        assert box["y"] < heading_box["y"], "the notice stands above the article's title"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"rtl-arabic-machine-translated-{viewport}.png"), full_page=True)
        if viewport == "desktop":
            switcher = page.locator(".md-select").first
            switcher.hover()
            links = page.locator(".md-select__link")
            links.first.wait_for(state="visible")
            assert direction(links.first) == "rtl"
            assert [text.strip() for text in links.all_inner_texts()] == ["English", "العربية"]
            page.screenshot(path=str(ARTIFACTS / "rtl-arabic-language-switcher-desktop.png"))
            page.locator(".md-select__link", has_text="English").click()
            page.wait_for_url(arabic_served + "lighthouse/m365-lighthouse-block-user-signin/")
            assert direction(page.locator("body")) == "ltr"
        assert errors == []
    finally:
        context.close()


def test_an_english_fallback_page_reads_left_to_right_under_an_arabic_notice(browser, arabic_served):
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="ar-SA")
    page = context.new_page()
    try:
        page.goto(arabic_served + FALLBACK)
        notice = page.locator(".helpsite-notice--fallback")
        notice.wait_for(state="visible")
        assert direction(notice) == "rtl"
        english = page.locator('article div[lang="en"]')
        assert direction(english) == "ltr"
        assert "Your role in the partner tenant" in english.inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "rtl-arabic-fallback-desktop.png"), full_page=True)
    finally:
        context.close()
