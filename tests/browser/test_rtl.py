"""An Arabic machine-translated page in a real headless Chromium: it reads right to left, notice
and language switcher included. Desktop and mobile screenshots are kept in test-artifacts/."""

from __future__ import annotations

import pytest

from tests.arabic_site import FALLBACK, MACHINE_TRANSLATED, write_arabic_site
from tests.browser.conftest import ARTIFACTS, ServedSite
from tests.browser.ui_strings import english_in, english_ui_strings, visible_text

# xdist_group: one worker builds the module's site for all its tests (./dev test runs --dist loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("browser.test_rtl")]

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory):
    project = write_arabic_site(tmp_path_factory.mktemp("arabic"))
    result = project.mkdocs_build("--strict")
    assert result.returncode == 0, result.stderr
    served = ServedSite(project.root / "site")
    yield project.root / "site", served.url
    served.stop()


@pytest.fixture(scope="module")
def arabic_served(arabic_site):
    return arabic_site[1]


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


def test_no_english_ui_string_on_any_arabic_page(page, arabic_site):
    """Every built /ar/ page, the 404 page included: the frame, the notices, related articles, the
    date and Material's own texts are Arabic (English article text, marked lang="en", is left out)."""
    root, url = arabic_site
    strings = english_ui_strings("ar")
    assert "Related articles" in strings and "Made with" in strings and "Contoso Help Centre" in strings
    pages = sorted(path.relative_to(root).as_posix().removesuffix("index.html") for path in (root / "ar").rglob("*.html"))
    assert "ar/404.html" in pages and FALLBACK in pages and MACHINE_TRANSLATED in pages
    found = {}
    for path in pages:
        page.goto(url + path)
        english = english_in(visible_text(page, "ar"), strings)
        if english:
            found[path] = english
    assert found == {}


def test_a_latin_copyright_keeps_its_full_stop_at_its_end_right_to_left(page, arabic_served):
    page.goto(arabic_served + MACHINE_TRANSLATED)
    copyright = page.locator(".md-copyright__highlight bdi")
    assert copyright.inner_text() == "© Contoso Ltd."
    assert direction(page.locator(".md-copyright")) == "rtl"
    # Isolated, the Latin text is laid out left to right: "©" is its leftmost character, the full stop its rightmost.
    first, last = copyright.evaluate(
        """bdi => [0, bdi.textContent.length - 1].map(i => {
             const r = document.createRange(); r.setStart(bdi.firstChild, i); r.setEnd(bdi.firstChild, i + 1);
             return r.getBoundingClientRect().left; })"""
    )
    assert first < last
