"""hooks/review_notices.py is what flags pages for review; without it the site builds, unflagged."""

from __future__ import annotations

import re

import pytest

from tests.site.test_build import page

pytestmark = pytest.mark.slow

MT = "nl/billing/change-payment-method"  # machine-translated, no ROBOTS front matter
OUTDATED = "nl/troubleshooting/payment-declined"  # machine-translated and outdated
HOOKS = "hooks:\n  - hooks/review_notices.py\n"


def without_hooks(project) -> None:
    config = project.root / "mkdocs.yml"
    text = config.read_text()
    assert HOOKS in text
    config.write_text(text.replace(HOOKS, ""))


def flags(project, url: str) -> dict[str, bool]:
    html = page(project, url)
    return {
        "mt notice": "helpsite-notice--mt" in html,
        "outdated notice": "helpsite-notice--outdated" in html,
        "noindex": '<meta name="robots" content="noindex">' in html,
    }


def listed_in_sitemap(project, url: str) -> bool:
    return f"<loc>https://help.contoso.example/{url}/</loc>" in (project.root / "site/nl/sitemap.xml").read_text()


def test_the_hooks_flag_machine_translated_and_outdated_pages(built_site):
    project, _ = built_site
    assert flags(project, MT) == {"mt notice": True, "outdated notice": False, "noindex": True}
    assert flags(project, OUTDATED) == {"mt notice": True, "outdated notice": True, "noindex": True}
    reviewed = page(project, "nl/account/reset-password")
    assert reviewed.count("md-status--machine-translated") == 5 and reviewed.count("md-status--outdated") == 1
    assert not listed_in_sitemap(project, MT)
    assert f'hreflang="nl" href="https://help.contoso.example/{MT}/"' not in page(project, "billing/change-payment-method")


def test_without_the_hooks_the_site_builds_with_no_flags(site_copy):
    without_hooks(site_copy)
    result = site_copy.mkdocs_build("--strict", team_pages=True)
    assert result.returncode == 0, result.stderr
    for url in (MT, OUTDATED, "nl/billing/make-immediate-payment"):
        assert flags(site_copy, url) == {"mt notice": False, "outdated notice": False, "noindex": False}, url
    reviewed = page(site_copy, "nl/account/reset-password")
    navigation = reviewed.split("</head>", 1)[1]
    assert "md-status--machine-translated" not in navigation and "md-status--outdated" not in navigation  # no review status
    assert "md-status--fallback" in navigation  # a fallback copy's marker is the plugin's, not a review flag
    # Crawlers are told what the pages say of themselves: ROBOTS front matter still counts.
    assert '<meta name="robots" content="noindex, nofollow">' in page(site_copy, "nl/billing/make-immediate-payment")
    # The fallback copy, the review queue and the dashboard are the plugin's, not review flags.
    assert "helpsite-notice--fallback" in page(site_copy, "nl/account/close-account")
    assert "Te controleren vertalingen" in page(site_copy, "nl/review")
    # An unflagged translation is an ordinary page: in the sitemap and named by hreflang.
    assert listed_in_sitemap(site_copy, MT)
    assert f'hreflang="nl" href="https://help.contoso.example/{MT}/"' in page(site_copy, "billing/change-payment-method")
    assert site_copy.helpsite("check", "--site", "site").returncode == 0


def test_a_site_owner_changes_what_flags_a_page_in_the_hook(site_copy):
    hook = site_copy.root / "hooks/review_notices.py"
    text = hook.read_text()
    rule = "review.noindex_when(notices.machine_translation_noindex)"
    assert rule in text
    hook.write_text(text.replace(rule, 'review.noindex_when(lambda entry, settings: entry.staleness.state == "outdated")'))
    result = site_copy.mkdocs_build("--strict")
    assert result.returncode == 0, result.stderr
    assert flags(site_copy, MT) == {"mt notice": True, "outdated notice": False, "noindex": False}
    assert flags(site_copy, OUTDATED) == {"mt notice": True, "outdated notice": True, "noindex": True}
    assert listed_in_sitemap(site_copy, MT) and not listed_in_sitemap(site_copy, OUTDATED)
    assert site_copy.helpsite("check", "--site", "site").returncode == 0


def test_the_hooks_without_the_plugin_are_a_clear_error(site_copy):
    config = site_copy.root / "mkdocs.yml"
    config.write_text(re.sub(r"  - helpsite:\n      docs_structure: folder\n", "", config.read_text()))
    result = site_copy.mkdocs_build()
    assert result.returncode != 0
    assert "helpsite's hooks need the 'helpsite' plugin in mkdocs.yml's plugins" in result.stderr
    assert "Traceback" not in result.stderr
