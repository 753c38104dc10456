"""The whole page in the reader's language, and what readers of a help centre expect, in a real
headless Chromium: the frame, the 404 pages, notices, requests, stubs, dates, breadcrumbs, related
articles, feedback, the team's pages. Screenshots of five pages, desktop and mobile, are written to
test-artifacts/ on every run."""

from __future__ import annotations

import datetime
import json
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from babel.dates import format_date
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, ServedSite
from tests.browser.ui_strings import english_in, english_ui_strings, material_strings, visible_text
from tests.conftest import REPO, copy_repository_site

# xdist_group: one worker builds the module's site for all its tests (./dev test runs --dist loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("browser.test_readers_site")]

SEED = "nl/billing/make-immediate-payment/"
FALLBACK = "nl/account/close-account/"
OUTDATED_MT = "nl/troubleshooting/payment-declined/"
WITH_ALTERNATES = ("account/reset-password/", "nl/account/reset-password/")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 390, "height": 844}}


def dutch_pages(site_root: Path) -> list[str]:
    pages = sorted(path.relative_to(site_root).as_posix() for path in (site_root / "nl").rglob("*.html"))
    return [page.removesuffix("index.html") for page in pages]


def test_no_english_ui_string_on_any_dutch_page(page, served, built_site):
    """Every built /nl/ page, in the browser: no English UI string in its visible text, its title
    or the titles, placeholders and labels a reader meets (English article text, marked lang="en"
    on a fallback copy, is left out)."""
    strings = english_ui_strings("nl")
    assert "Made with" in strings and "Type to start searching" in strings and "Related articles" in strings
    assert "Permanent link" in strings  # the headings' ¶ link (Python-Markdown's toc)
    urls = dutch_pages(built_site[0].root / "site")
    assert len(urls) >= 12 and "nl/404.html" in urls and "nl/status/" in urls and "nl/review/" in urls
    found = {}
    for url in urls:
        page.goto(served.url + url)
        english = english_in(visible_text(page, "nl"), strings)
        if english:
            found[url] = english
    assert found == {}


TITLES = [("", "Contoso Help Centre"), ("nl/", "Contoso Helpcentrum"), (SEED, "Maak direct een betaling - Contoso Helpcentrum")]


@pytest.mark.parametrize(("url", "title"), TITLES)
def test_title_and_header_are_the_locales(page, served_site, url, title):
    page.goto(served_site + url)
    assert page.title() == title  # the home page's title once, not "X - X"
    assert page.locator(".md-header__topic").first.inner_text().strip() == title.rsplit(" - ", 1)[-1]
    footer = page.locator(".md-copyright").inner_text()
    assert "© Contoso Ltd." in footer and ("Gemaakt met" in footer) == url.startswith("nl/")


def test_each_locale_has_its_own_404_page(page, served_site):
    response = page.goto(served_site + "nl/bestaat/niet/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("article h1").inner_text() == "Pagina niet gevonden"
    assert page.title() == "Pagina niet gevonden - Contoso Helpcentrum"
    page.get_by_role("link", name="Naar de startpagina").click()
    page.wait_for_url(served_site + "nl/")
    response = page.goto(served_site + "does/not/exist/")
    assert response.status == 404 and page.locator("html").get_attribute("lang") == "en"
    assert page.locator("article h1").inner_text() == "Page not found"
    page.goto(served_site + "nl/bestaat/niet/")  # the Dutch 404 page searches the Dutch index
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("factuur")
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    assert served_site + "nl/search/search_index.json" in requested or page.locator(".md-search-result__item > a").first.get_attribute(
        "href"
    ).startswith(served_site + "nl/")


@pytest.mark.parametrize("url", WITH_ALTERNATES)
def test_a_page_with_alternates_asks_only_its_own_host(page, served_site, url):
    hosts: dict[str, int] = {}
    page.on("request", lambda request: hosts.update({urlsplit(request.url).netloc: hosts.get(urlsplit(request.url).netloc, 0) + 1}))
    page.goto(served_site + url, wait_until="networkidle")
    assert list(hosts) == [urlsplit(served_site).netloc], hosts
    alternates = page.locator('head link[rel="alternate"][hreflang]')
    assert alternates.count() == 3  # put back in the head for crawlers that render the page
    assert alternates.first.get_attribute("href").startswith("https://help.contoso.example/")


def test_machine_translated_and_outdated_page_has_one_notice_with_both_sentences(page, served_site):
    page.goto(served_site + OUTDATED_MT)
    notices = page.locator(".helpsite-notice")
    assert notices.count() == 1
    text = notices.inner_text()
    assert "Deze pagina is automatisch vertaald" in text and "De oorspronkelijke pagina is gewijzigd" in text
    assert notices.get_by_role("link").count() == 1


def test_notices_are_not_what_search_finds_or_shows(page, served_site):
    page.goto(served_site + "nl/")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("nagekeken")  # a word of the machine-translation notice only
    # Each key sends a query: the results of a shorter prefix ("nage") may still be listed when the
    # meta first shows, so wait for the answer to the whole word (Material's Dutch "none").
    expect(page.locator(".md-search-result__meta")).to_have_text(material_strings("nl")["search.result.none"], timeout=10_000)
    assert page.locator(".md-search-result__item").count() == 0
    box.fill("")
    box.press_sequentially("factuur")
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    snippets = page.locator(".md-search-result").inner_text()
    assert "automatisch vertaald" not in snippets.lower() and "nog niet vertaald" not in snippets.lower()
    index = json.loads(urllib.request.urlopen(served_site + "nl/search/search_index.json").read())
    assert not [doc["location"] for doc in index["docs"] if "nagekeken" in doc["text"] or "Verwante artikelen" in doc["text"]]


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


GAP_BEFORE = """element => {
  const before = document.createRange();
  before.selectNode(element.previousSibling);
  return element.getBoundingClientRect().left - before.getBoundingClientRect().right;
}"""


def test_a_page_shows_its_description_date_breadcrumbs_and_related_articles(page, served_site):
    page.goto(served_site + "nl/account/reset-password/")
    description = page.locator('meta[name="description"]').get_attribute("content")
    assert description.startswith("Wachtwoord vergeten? Stel het zelf opnieuw in")
    assert "vertaald" not in description
    updated = page.locator(".md-source-file time")
    assert updated.get_attribute("datetime") == "2026-08-19"  # ms.date 08/19/2026
    assert " ".join(page.locator(".md-source-file").inner_text().split()) == "Laatst bijgewerkt op " + format_date(
        datetime.date(2026, 8, 19), "long", locale="nl_NL"
    )
    # "op" and the date are one line of text: Material's flex box would set them a gap apart as two items.
    assert updated.evaluate(GAP_BEFORE) <= 1
    crumbs = page.locator(".md-path .md-path__link")
    assert [crumbs.nth(i).inner_text().strip() for i in range(crumbs.count())] == ["Contoso Helpcentrum", "Account"]
    related = page.locator(".helpsite-related")
    assert related.locator("h2").inner_text() == "Verwante artikelen"
    links = related.locator("a")
    titles = [links.nth(i).inner_text() for i in range(links.count())]
    assert 1 <= len(titles) <= 5 and "Close your account" in titles and "Gebruikers toevoegen aan uw organisatie" in titles
    links.filter(has_text="Gebruikers toevoegen").click()
    page.wait_for_url(served_site + "nl/account/add-users/")


def test_fallback_pages_are_marked_in_the_navigation(page, served_site):
    page.goto(served_site + "nl/")
    marker = page.locator(".md-nav__link", has_text="Close your account").locator(".md-status--fallback")
    assert marker.count() >= 1 and marker.first.get_attribute("title") == "Nog niet vertaald"
    assert page.locator(".md-nav__link", has_text="Uw wachtwoord opnieuw instellen").locator(".md-status").count() == 0


def test_robots_txt_lists_every_locales_sitemap(served_site):
    robots = urllib.request.urlopen(served_site + "robots.txt").read().decode()
    assert "Sitemap: https://help.contoso.example/sitemap.xml" in robots
    assert "Sitemap: https://help.contoso.example/nl/sitemap.xml" in robots


def test_without_a_feedback_url_there_is_no_widget_and_no_request(page, served):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(served.url + SEED, wait_until="networkidle")
    assert page.locator("form[name=feedback]").count() == 0
    assert not [url for url in requested if "feedback" in url] and served.votes == []


def test_review_queue_and_dashboard_are_in_dutch_with_every_column_visible(page, served_site):
    page.goto(served_site + "nl/review/")
    text = page.locator("article").inner_text()
    assert "title:" not in text and "exclude: true" not in text  # the front matter is not text
    headers = page.locator("article table th")
    assert [headers.nth(i).inner_text() for i in range(headers.count())][:3] == ["risico", "pagina", "status"]
    # The hand-off date as a Dutch reader writes it ("30 okt 2026"), not the front matter's 10/30/2026.
    row = page.locator("article table tr", has_text="Een betaling is geweigerd")
    handoff = datetime.datetime.strptime(front_matter(REPO / "docs/nl/troubleshooting/payment-declined.md")["ms.lasthandoff"], "%m/%d/%Y")
    assert row.locator("td").nth(5).inner_text() == format_date(handoff.date(), "medium", locale="nl_NL")
    for url in ("nl/review/", "nl/status/"):
        page.goto(served_site + url)
        table = page.locator("article table").first
        clipped = table.evaluate("t => t.closest('.md-typeset__scrollwrap').scrollWidth - t.closest('.md-typeset__scrollwrap').clientWidth")
        assert clipped <= 1, f"{url}: {clipped} px of the table are out of sight at 1280 px"
        assert page.locator("svg.helpsite-status-chart").count() == (url == "nl/status/")
    assert "ontbreekt" in page.locator("svg.helpsite-status-chart").inner_html()


def test_the_dashboards_chart_and_legend_fit_a_phone(browser, served_site):
    """At 390 px the bars are as wide as the text and the legend wraps: nothing of the chart is out
    of sight, and its labels keep their size (13 px, as on a desktop)."""
    context = browser.new_context(viewport=VIEWPORTS["mobile"], locale="nl-NL")
    tab = context.new_page()
    try:
        tab.goto(served_site + "nl/status/")
        status = tab.locator(".helpsite-status")
        assert status.evaluate("el => el.scrollWidth - el.clientWidth") <= 0
        chart, legend = tab.locator("svg.helpsite-status-chart"), tab.locator("ul.helpsite-status-legend")
        assert chart.bounding_box()["width"] <= status.bounding_box()["width"]
        assert chart.locator("text").first.evaluate("t => t.getBoundingClientRect().height") >= 12
        items = legend.locator("li")
        assert [items.nth(i).inner_text().strip() for i in range(items.count())] == [
            "nagekeken",
            "automatisch",
            "zonder soort",
            "verouderd",
            "ontbreekt",
        ]
        right = status.bounding_box()["x"] + status.bounding_box()["width"]
        assert all(items.nth(i).bounding_box()["x"] + items.nth(i).bounding_box()["width"] <= right for i in range(items.count()))
    finally:
        context.close()


SCREENSHOTS = [("seed", SEED), ("fallback", FALLBACK), ("404", "nl/bestaat/niet/"), ("dashboard", "nl/status/"), ("review", "nl/review/")]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_screenshots_of_the_pages_a_reader_and_a_manager_open(browser, served_site, viewport):
    """Written on every run, for a person to look at: the seed page, a fallback page, the 404 page,
    the dashboard and the review queue. Each fits its viewport's width (no sideways scrolling of the
    page)."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="nl-NL")
    tab = context.new_page()
    try:
        for name, url in SCREENSHOTS:
            tab.goto(served_site + url, wait_until="networkidle")
            tab.screenshot(path=str(ARTIFACTS / f"reader-{name}-{viewport}.png"), full_page=True)
            overflow = tab.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{url} scrolls sideways by {overflow} px at {viewport} width"
    finally:
        context.close()


# A second build, as a site owner may configure it: a feedback endpoint on another origin (an API
# host: the page's Content Security Policy must let the vote through), no team pages, a translation
# stub, a description with markup characters, and (built without --strict) broken front matter.
@pytest.fixture(scope="module")
def owner_site(tmp_path_factory):
    endpoint = ServedSite(tmp_path_factory.mktemp("api"))
    project = copy_repository_site(tmp_path_factory.mktemp("owner"))
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text() + f"      feedback_url: {endpoint.url}api/feedback\n      team_pages: never\n")
    stub = project.helpsite("new", "docs/nl/account/close-account.md", "--from", "docs/en/account/close-account.md")
    assert stub.returncode == 0, stub.stderr
    english = project.root / "docs/en/account/add-users.md"
    english.write_text(english.read_text().replace("---\n", '---\ndescription: "Add <people> & \\"teams\\""\n', 1))
    project.write("docs/en/billing/broken.md", "---\ntitle: [not closed\nms.topic: article\n---\n# Broken front matter\n\nThe text.\n")
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr
    served = ServedSite(project.root / "site")
    served.endpoint = endpoint
    yield project, served
    served.stop()
    endpoint.stop()


def test_a_stub_is_served_like_a_missing_page(page, owner_site):
    project, served = owner_site
    assert "helpsite.state: stub" in (project.root / "docs/nl/account/close-account.md").read_text()
    page.goto(served.url + FALLBACK)
    assert page.locator(".helpsite-notice--fallback").is_visible()
    assert page.locator("article [lang=en] h1").inner_text().rstrip("¶ \n") == "Close your account"
    assert 'href="https://help.contoso.example/account/close-account/"' in page.content()  # its canonical is the source
    sitemap = (project.root / "site/nl/sitemap.xml").read_text()
    index = (project.root / "site/nl/search/search_index.json").read_text()
    assert "close-account" not in sitemap and "close-account" not in index
    page.goto(served.url + "account/close-account/")
    assert page.locator('link[hreflang="nl"]').count() == 0  # no alternate names the stub
    status = json.loads(project.helpsite("status", "--format", "json", check=True).stdout)
    dutch = next(row for row in status if row["locale"] == "nl")
    assert dutch["missing"] == 2 and dutch["translated"] == 8  # the stub, and billing/broken.md written in English only
    queue = json.loads(project.helpsite("review", "list", "--locale", "nl", "--format", "json", check=True).stdout)
    assert [row["state"] for row in queue if row["page"] == "account/close-account.md"] == ["to translate"]


def test_a_vote_reaches_the_site_owners_endpoint(page, owner_site):
    _, served = owner_site
    endpoint = served.endpoint
    requested: list[str] = []
    blocked: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(served.url + SEED)
    form = page.locator("form[name=feedback]")
    form.wait_for(state="visible")
    assert form.locator(".md-feedback__title").inner_text().strip() == "Was deze pagina nuttig?"
    form.locator("button[title=Ja]").click()
    page.locator(".md-feedback__note", has_text="Bedankt voor uw feedback.").wait_for(state="visible")
    for _ in range(50):
        if endpoint.votes:
            break
        page.wait_for_timeout(100)
    origin = served.url.rstrip("/")
    assert endpoint.votes == [{"content_type": "application/json", "origin": origin, "page": "/" + SEED, "lang": "nl", "value": 1}]
    assert served.votes == []
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert f"connect-src 'self' {endpoint.url.rstrip('/')};" in policy  # the endpoint's origin, and no other
    assert blocked == []
    assert all(url.startswith((served.url, endpoint.url)) for url in requested)


def test_the_owners_build_publishes_no_team_page(owner_site):
    project, served = owner_site
    site = project.root / "site"
    for gone in ("status", "nl/status", "nl/review", "writers", "nl/writers"):
        assert not (site / gone).exists(), gone
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(served.url + "nl/writers/")
    assert missing.value.code == 404


def test_broken_front_matter_is_not_published_as_text(page, owner_site):
    _, served = owner_site
    page.goto(served.url + "billing/broken/")
    text = page.locator("article").inner_text()
    assert "Broken front matter" in text and "The text." in text
    assert "not closed" not in text and "ms.topic" not in text


def test_a_description_is_escaped_in_the_head(page, owner_site):
    _, served = owner_site
    page.goto(served.url + "account/add-users/")
    assert page.locator('meta[name="description"]').get_attribute("content") == 'Add <people> & "teams"'
    assert page.locator("people").count() == 0
