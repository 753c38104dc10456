"""Redirect pages in a real MkDocs build: one per moved page and locale, localized, noindex, with a
canonical link; never in a sitemap or a search index; never a script; `helpsite check --site` passes."""

import json
import re
import shutil

import pytest
import yaml

from tests.conftest import MINIMAL_MKDOCS, REPO, Project, article

# xdist_group: one worker builds the module's site for all its tests (./dev test runs --dist loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site.test_redirects")]
SITE_URL = "http://127.0.0.1:8000/"

LEARN_REDIRECTS = {
    "redirections": [
        {"source_path": "billing/old-payment.md", "redirect_url": "/billing/pay", "redirect_document_id": False},
        {"source_path": "billing/older-payment.md", "redirect_url": "old-payment", "redirect_document_id": False},
        {"source_path": "teams/guests.md", "redirect_url": "/microsoftteams/guest-experience", "redirect_document_id": False},
        {"source_path": "account/moved.md", "redirect_url": "https://support.example/a?b=1&c=2", "redirect_document_id": False},
        {"source_path": "account/tag.md", "redirect_url": "https://support.example/<script>", "redirect_document_id": False},
        {"source_path": "evil.md", "redirect_url": "javascript:alert(1)", "redirect_document_id": False},
        {"source_path": "../../outside.md", "redirect_url": "/billing/pay", "redirect_document_id": False},
        {"source_path": "billing/pay.md", "redirect_url": "/billing/elsewhere", "redirect_document_id": False},
        {"source_path": "nowhere.md", "redirect_url": "/no/such/page", "redirect_document_id": False},
    ]
}


@pytest.fixture(scope="module")
def redirected_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("redirects")
    shutil.copytree(REPO / "locales", root / "locales")
    shutil.copytree(REPO / "schema", root / "schema")
    project = Project(root)
    config = yaml.safe_load(MINIMAL_MKDOCS)
    config["plugins"][1]["helpsite"].update(
        {
            "other_sites": {"/microsoftteams/": "https://learn.microsoft.com/{locale}/microsoftteams/"},
            "redirects": {"account/renamed.md": "account/close.md"},
        }
    )
    project.write("mkdocs.yml", yaml.safe_dump(config, sort_keys=False))
    project.write("docs/.openpublishing.redirection.json", json.dumps(LEARN_REDIRECTS, indent=2))
    project.write("docs/en/index.md", article("Help", "# Help\n\n[Pay](billing/pay.md)\n"))
    project.write("docs/en/billing/pay.md", article("Pay", "# Pay\n\nPay now.\n"))
    project.write("docs/en/account/close.md", article("Close", "# Close\n\nClose it.\n"))
    project.write("docs/nl/index.md", article("Hulp", "# Hulp\n\n[Betalen](billing/pay.md)\n", ms_contentlocale="nl-NL"))
    project.write("docs/nl/billing/pay.md", article("Betalen", "# Betalen\n\nNu betalen.\n", ms_contentlocale="nl-NL"))
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr
    return project, result


def read(project, relative: str) -> str:
    return (project.root / "site" / relative).read_text(encoding="utf-8")


def test_a_moved_page_gets_a_redirect_page_in_each_locale(redirected_site):
    project, _ = redirected_site
    english = read(project, "billing/old-payment/index.html")
    assert '<meta http-equiv="refresh" content="0; url=../pay/">' in english
    assert f'<link rel="canonical" href="{SITE_URL}billing/pay/">' in english
    assert '<meta name="robots" content="noindex">' in english
    assert '<html lang="en" dir="ltr">' in english and 'This page has moved to <a href="../pay/">' in english
    dutch = read(project, "nl/billing/old-payment/index.html")
    assert '<html lang="nl" dir="ltr">' in dutch
    assert '<meta http-equiv="refresh" content="0; url=../pay/">' in dutch
    assert f'<link rel="canonical" href="{SITE_URL}nl/billing/pay/">' in dutch
    assert "Deze pagina is verplaatst naar" in dutch


def test_chains_go_straight_to_the_final_page_and_other_sites_get_the_readers_locale(redirected_site):
    project, _ = redirected_site
    assert 'content="0; url=../pay/"' in read(project, "billing/older-payment/index.html")
    teams = read(project, "nl/teams/guests/index.html")
    assert 'content="0; url=https://learn.microsoft.com/nl-nl/microsoftteams/guest-experience"' in teams
    renamed = read(project, "nl/account/renamed/index.html")  # the redirects: map, in the Dutch site too
    assert 'content="0; url=../close/"' in renamed and f'href="{SITE_URL}nl/account/close/"' in renamed


def test_every_value_is_escaped_and_no_script_or_bad_entry_is_published(redirected_site):
    project, _ = redirected_site
    moved = read(project, "nl/account/moved/index.html")
    assert '<meta http-equiv="refresh" content="0; url=https://support.example/a?b=1&amp;c=2">' in moved
    assert '<a href="https://support.example/a?b=1&amp;c=2">https://support.example/a?b=1&amp;c=2</a>' in moved
    site = project.root / "site"
    assert not (site / "account" / "tag").exists()  # "<" and quotes are refused outright (LNK013)
    assert not (site / "evil").exists() and not (site / "nl" / "evil").exists()
    assert not (project.root / "outside").exists() and not (site.parent / "outside").exists()
    assert not (site / "nowhere").exists()  # leads nowhere: no page
    for page in site.rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            assert "<script" not in text and "javascript:" not in text, page


def test_a_page_that_still_exists_is_not_replaced(redirected_site):
    project, _ = redirected_site
    assert "Pay now." in read(project, "billing/pay/index.html")
    assert "Nu betalen." in read(project, "nl/billing/pay/index.html")


def test_redirect_pages_are_in_no_sitemap_or_search_index_and_the_site_check_passes(redirected_site):
    project, _ = redirected_site
    for sitemap in ("sitemap.xml", "nl/sitemap.xml"):
        assert "old-payment" not in read(project, sitemap)
    for index in ("search/search_index.json", "nl/search/search_index.json"):
        assert not any("old-payment" in doc["location"] for doc in json.loads(read(project, index))["docs"])
    result = project.helpsite("check", "--site", "site")
    assert result.returncode == 0 and result.stdout == "", result.stdout


def test_the_check_reports_the_bad_entries(redirected_site):
    project, _ = redirected_site
    result = project.helpsite("check", "--select", "LNK010,LNK011,LNK012,LNK013", "--format", "json")
    found = sorted((f["code"], f["line"]) for f in json.loads(result.stdout))
    lines = {entry["source_path"]: number for number, entry in _entry_lines(project)}
    assert found == sorted(
        [
            ("LNK013", lines["account/tag.md"]),
            ("LNK013", lines["evil.md"]),
            ("LNK013", lines["../../outside.md"]),
            ("LNK010", lines["billing/pay.md"]),
            ("LNK011", lines["nowhere.md"]),
            ("LNK012", lines["billing/older-payment.md"]),
        ]
    )
    assert re.search(r"mkdocs\.yml", result.stdout) is None  # the map's entry is fine


def _entry_lines(project):
    text = (project.root / "docs/.openpublishing.redirection.json").read_text()
    lines = text.splitlines()
    starts = [number for number, line in enumerate(lines, 1) if line.strip() == "{" and number > 1]
    return list(zip(starts, LEARN_REDIRECTS["redirections"], strict=True))
