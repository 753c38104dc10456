"""What a reader of the published site sees and does, in a real headless Chromium."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SEED = "nl/billing/make-immediate-payment/"


def search(page, query: str) -> None:
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)  # typed, as a reader does: Material searches on key events


def test_machine_translation_notice_is_shown_and_its_link_reaches_the_english_page(page, served_site):
    page.goto(served_site + SEED)
    notice = page.locator(".helpsite-notice--mt")
    notice.wait_for(state="visible")
    assert "Automatisch vertaald" in notice.inner_text()
    assert "Deze pagina is automatisch vertaald" in notice.inner_text()
    notice_box, heading_box = notice.bounding_box(), page.locator("article h1").bounding_box()
    assert notice_box["y"] < heading_box["y"], "the notice stands above the article's title"
    notice.get_by_role("link", name="Lees de oorspronkelijke pagina").click()
    page.wait_for_url(served_site + "billing/make-immediate-payment/")
    assert page.locator("article h1").inner_text().rstrip("¶ \n") == "Make an immediate payment"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".helpsite-notice").count() == 0
    assert page.errors == []


@pytest.mark.parametrize(
    ("start", "language", "expected"),
    [
        ("troubleshooting/payment-declined/", "Nederlands", "nl/troubleshooting/payment-declined/"),
        ("nl/account/add-users/", "English", "account/add-users/"),
    ],
)
def test_language_switcher_keeps_the_reader_on_the_same_article(page, served_site, start, language, expected):
    page.goto(served_site + start)
    title_before = page.title()
    page.locator(".md-header .md-select").hover()
    page.locator(".md-select__link", has_text=language).click()
    page.wait_for_url(served_site + expected)
    assert page.locator("article h1").is_visible()
    assert page.title() != title_before  # the other language's title, not the same page again


def test_searching_factuur_on_the_dutch_site_finds_the_seed_page_from_the_dutch_index_only(page, served_site):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(served_site + "nl/")
    search(page, "factuur")
    results = page.locator(".md-search-result__item > a")
    results.first.wait_for(state="visible")
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any(href.endswith(SEED) for href in hrefs), hrefs
    assert all("/nl/" in href for href in hrefs), "a Dutch reader gets Dutch pages only"
    indexes = [url for url in requested if url.endswith("search_index.json")]
    assert indexes == [served_site + "nl/search/search_index.json"], indexes
    page.locator(".md-search-result__item > a", has=page.locator("h1, h2", has_text="Maak direct een betaling")).first.click()
    page.wait_for_url(re.compile(re.escape(served_site + SEED)))
    assert page.errors == []


def test_dutch_stemming_matches_other_forms_of_a_word(page, served_site):
    page.goto(served_site + "nl/")
    search(page, "facturen")  # plural; the pages say "factuur" too
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    assert page.locator(".md-search-result__item").count() >= 1


def test_fallback_page_shows_its_notice_in_the_readers_language(page, served_site):
    page.goto(served_site + "nl/account/close-account/")
    notice = page.locator(".helpsite-notice--fallback")
    notice.wait_for(state="visible")
    assert "Deze pagina is nog niet vertaald" in notice.inner_text()
    assert page.locator("html").get_attribute("lang") == "nl"
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical.endswith("/account/close-account/") and "/nl/" not in canonical
    notice.locator("a").click()
    page.wait_for_url(served_site + "account/close-account/")


def test_noindex_meta_is_in_the_page(page, served_site):
    page.goto(served_site + SEED)
    robots = page.locator('meta[name="robots"]')
    assert robots.count() == 1
    assert "noindex" in robots.get_attribute("content")
    page.goto(served_site + "nl/account/reset-password/")  # human translated, no ROBOTS in its front matter
    assert page.locator('meta[name="robots"]').count() == 0


def test_reading_a_page_makes_no_request_to_another_host(page, served_site):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(served_site + SEED, wait_until="networkidle")
    assert requested and all(url.startswith(served_site) for url in requested), [u for u in requested if not u.startswith(served_site)]
