"""The published site: fallback, canonical, hreflang, sitemaps, per-locale search, and `helpsite check --site`."""

import json
import re
import shutil

import pytest

from tests.conftest import article
from tests.site.test_build import page

pytestmark = pytest.mark.slow
SITE_URL = "https://help.contoso.example/"


def head_links(html: str) -> tuple[str | None, dict[str, str]]:
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    return (canonical.group(1) if canonical else None), alternates


def test_the_built_site_passes_its_own_consistency_check(built_site):
    project, _ = built_site
    result = project.helpsite("check", "--site", "site")
    assert result.returncode == 0 and result.stdout == "", result.stdout


def test_fallback_page_notice_canonical_and_exclusions(built_site):
    project, _ = built_site
    fallback = page(project, "nl/account/close-account")
    assert "Deze pagina is nog niet vertaald; u ziet de oorspronkelijke versie." in fallback
    assert '<div lang="en" dir="ltr"><h1 id="close-your-account">' in fallback
    canonical, alternates = head_links(fallback)
    assert canonical == SITE_URL + "account/close-account/" and alternates == {}
    assert "close-account" not in (project.root / "site/nl/sitemap.xml").read_text()
    dutch_index = json.loads((project.root / "site/nl/search/search_index.json").read_text())
    assert not any(doc["location"].startswith("account/close-account") for doc in dutch_index["docs"])


def test_hreflang_only_between_indexable_versions(built_site):
    project, _ = built_site
    canonical, alternates = head_links(page(project, "account/reset-password"))
    assert alternates == {"en": SITE_URL + "account/reset-password/", "nl": SITE_URL + "nl/account/reset-password/", "x-default": SITE_URL + "account/reset-password/"}
    assert head_links(page(project, "nl/account/reset-password"))[1] == alternates
    # The Dutch version is machine-translated, hence noindex: it is named nowhere.
    assert head_links(page(project, "billing/change-payment-method"))[1] == {"en": SITE_URL + "billing/change-payment-method/", "x-default": SITE_URL + "billing/change-payment-method/"}
    assert head_links(page(project, "nl/billing/change-payment-method"))[1] == {}


def test_sitemaps_hold_indexable_pages_only(built_site):
    project, _ = built_site
    english = (project.root / "site/sitemap.xml").read_text()
    dutch = (project.root / "site/nl/sitemap.xml").read_text()
    assert f"<loc>{SITE_URL}account/reset-password/</loc>" in english
    assert f"<loc>{SITE_URL}billing/make-immediate-payment/</loc>" not in english  # ROBOTS: NOINDEX
    assert re.findall(r"<loc>([^<]+)</loc>", dutch) == [SITE_URL + "nl/account/reset-password/"]
    assert (project.root / "site/nl/sitemap.xml.gz").exists()


def test_each_locale_downloads_only_its_own_search_index(built_site):
    project, _ = built_site
    english = json.loads((project.root / "site/search/search_index.json").read_text())
    dutch = json.loads((project.root / "site/nl/search/search_index.json").read_text())
    assert english["config"]["lang"] == ["en"] and dutch["config"]["lang"] == ["nl"]
    assert not any(doc["location"].startswith("nl/") for doc in english["docs"])
    assert any("factuur" in doc["text"].lower() for doc in dutch["docs"])
    assert not any("invoice" in doc["title"].lower() for doc in dutch["docs"])
    # Dutch pages point Material's search at the Dutch index (base = the Dutch root).
    assert '"base": "../../../nl/"' in page(project, "nl/billing/make-immediate-payment")
    assert '"base": "../.."' in page(project, "billing/make-immediate-payment")
    # Noindex pages stay in the site's own search: ROBOTS speaks to crawlers, not readers.
    assert any(doc["location"].startswith("billing/make-immediate-payment/") for doc in dutch["docs"])


def test_one_navigation_section_per_folder(built_site):
    project, _ = built_site
    dutch = page(project, "nl/account/reset-password")
    sections = re.findall(r'<label class="md-nav__link" for="__nav_\d+"[^>]*>\s*<span class="md-ellipsis">\s*([^<]+?)\s*</span>', dutch)
    assert sections.count("Account") == 1, sections


def test_the_consistency_check_catches_contradictions(built_site, tmp_path):
    project, _ = built_site
    site = tmp_path / "site"
    shutil.copytree(project.root / "site", site)
    sitemap = site / "nl/sitemap.xml"
    sitemap.write_text(sitemap.read_text().replace("</urlset>", f"<url><loc>{SITE_URL}nl/billing/change-payment-method/</loc></url>"
                                                   f"<url><loc>{SITE_URL}nl/account/close-account/</loc></url>"
                                                   f"<url><loc>{SITE_URL}nl/gone/</loc></url></urlset>"))
    english = site / "account/reset-password/index.html"
    english.write_text(english.read_text().replace(f'<link rel="alternate" hreflang="nl" href="{SITE_URL}nl/account/reset-password/">', ""))
    dutch_index = site / "nl/search/search_index.json"
    index = json.loads(dutch_index.read_text())
    index["docs"].append({"location": "account/close-account/", "title": "Close your account", "text": ""})
    dutch_index.write_text(json.dumps(index))
    result = project.helpsite("check", "--site", str(site), "--format", "json")
    codes = sorted(f["code"] for f in json.loads(result.stdout))
    assert result.returncode == 1
    assert codes == ["SITE001", "SITE002", "SITE003", "SITE005", "SITE007"]


def test_settings_keep_noindex_pages_out_of_search_and_machine_translations_indexable(site_copy):
    config = site_copy.root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "      docs_structure: folder\n",
        "      docs_structure: folder\n      search_exclude_noindex: true\n      review:\n        noindex_machine_translated: false\n",
    ))
    result = site_copy.mkdocs_build("--strict")
    assert result.returncode == 0, result.stderr
    dutch = json.loads((site_copy.root / "site/nl/search/search_index.json").read_text())
    locations = {doc["location"].split("#")[0] for doc in dutch["docs"]}
    assert "billing/make-immediate-payment/" not in locations  # ROBOTS: NOINDEX in its front matter
    assert "account/add-users/" in locations  # machine translated, now indexable
    added = (site_copy.root / "site/nl/account/add-users/index.html").read_text()
    assert '<meta name="robots"' not in added and 'hreflang="en"' in added
    assert site_copy.helpsite("check", "--site", "site").returncode == 0


def test_an_unknown_plugin_option_is_refused(site_copy):
    config = site_copy.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("      docs_structure: folder\n", "      docs_structure: folder\n      review:\n        no_such_option: 1\n"))
    result = site_copy.mkdocs_build("--strict")
    assert result.returncode != 0 and "no_such_option" in result.stderr


def test_a_long_section_shows_a_window_of_its_pages_around_the_current_one(project):
    project.write("docs/en/index.md", article("Home", "# Home\n\nWelcome.\n"))
    project.write("docs/en/many/index.md", article("Many", "# Many\n\nThe section's own page.\n"))
    for number in range(60):
        project.write(f"docs/en/many/p{number:02d}.md", article(f"Page {number:02d}", f"# Page {number:02d}\n\nText.\n"))
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("      docs_structure: folder\n", "      docs_structure: folder\n      nav_window: 10\n"))
    assert project.mkdocs_build("--strict").returncode == 0
    middle = (project.root / "site/many/p30/index.html").read_text()
    nav = middle[middle.index('md-nav--primary'):middle.index('md-sidebar--secondary')]
    listed = sorted(set(re.findall(r"Page (\d\d)", nav)))
    assert "30" in listed and len(listed) <= 10 and listed == [f"{n:02d}" for n in range(int(listed[0]), int(listed[-1]) + 1)]
    assert 'href="../"' in nav  # the section's index page stays
    first = (project.root / "site/many/p00/index.html").read_text()
    first_nav = first[first.index('md-nav--primary'):first.index('md-sidebar--secondary')]
    assert "Page 08" in first_nav and "Page 09" not in first_nav  # ten entries: the index page and 00-08
    config.write_text(config.read_text().replace("nav_window: 10", "nav_window: 0"))
    assert project.mkdocs_build("--strict").returncode == 0
    whole = (project.root / "site/many/p30/index.html").read_text()
    assert len(set(re.findall(r"Page (\d\d)", whole[whole.index('md-nav--primary'):whole.index('md-sidebar--secondary')]))) == 60
