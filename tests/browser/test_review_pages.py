"""A reviewer of the example site's outdated Dutch page, in a real headless Chromium: the page beside
its source, block by block, with the source's changes since hand-off."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.slow, pytest.mark.browser]

OUTDATED = "nl/review/side-by-side/troubleshooting/payment-declined/"


def test_the_outdated_page_beside_its_source_shows_the_diff_since_hand_off(page, served_site):
    page.goto(served_site + "nl/review/")
    page.get_by_role("link", name="naast de bron").first.wait_for(state="visible")  # in the queue's language
    page.locator('a[href$="side-by-side/troubleshooting/payment-declined/"]').click()
    page.wait_for_url(served_site + OUTDATED)
    diff = page.locator("table.helpsite-diff")
    diff.wait_for(state="visible")
    added = [text.strip() for text in page.locator(".helpsite-diff--added .helpsite-diff-text").all_inner_texts()]
    assert "+ ## The card limit was reached" in added
    assert any(line.startswith("+ Annual subscriptions are charged in one payment") for line in added)
    assert page.locator(".helpsite-diff--removed").count() == 0  # the source only gained a section
    facts = page.locator(".helpsite-handoff").inner_text()
    assert "momentopname van helpsite .helpsite/handoff/114cb2d6" in facts and "30 okt 2026" in facts  # the hand-off text, and date
    # Source and translation side by side: each Dutch heading beside its English one.
    rows = page.locator("table.helpsite-sbs tbody tr")
    assert rows.count() == 10
    first = rows.nth(0).locator("td")
    assert "# A payment was declined" in first.nth(0).inner_text() and "# Een betaling is geweigerd" in first.nth(1).inner_text()
    assert first.nth(0).get_attribute("lang") == "en" and first.nth(1).get_attribute("lang") == "nl"
    left, right = first.nth(0).bounding_box(), first.nth(1).bounding_box()
    assert abs(left["y"] - right["y"]) < 1 and left["x"] + left["width"] <= right["x"] + 1, "the two columns stand side by side"
    # The new section is marked in the source column, with nothing beside it; the heading count's finding sits at its block.
    changed = page.locator("tr.helpsite-sbs-row--changed")
    assert changed.count() == 2 and "## The card limit was reached" in changed.first.inner_text()
    assert changed.first.locator("td.helpsite-sbs-missing").count() == 1
    finding = rows.nth(0).locator(".helpsite-sbs-findings li")
    assert "L10N002" in finding.inner_text()
    assert finding.locator("a.helpsite-finding-code").get_attribute("href").endswith("reference/l10n002/")
    command = page.locator("pre.helpsite-mark").inner_text().strip()
    assert command == 'helpsite review mark docs/nl/troubleshooting/payment-declined.md --reviewer "UW NAAM"'
    assert page.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review-side-by-side-outdated.png"), full_page=True)
