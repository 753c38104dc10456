"""A removed element keeps its text, as HTML002 says, even where nh3 alone would drop it with its
content: ammonia removes every element named as a MathML one (``true``, ``false``, ``set``,
``domain``, ``list``, ``max``, ...) with what it holds, and a plist that leaks out of a code block
(the Arabic corpus's ``mac-jamfpro-policies.md``) or a placeholder such as ``<domain>`` would lose
text a reader saw before sanitizing."""

from __future__ import annotations

import nh3
import pytest

from helpsite.checks.html import policy_for
from helpsite.content.config import HtmlSettings

CASES = {
    # m365-ar security/defender-endpoint/mac-jamfpro-policies.md: a fence Python-Markdown did not take as one
    "plist": (
        "<p><dict>\n<key>DisableInsiderCheckbox</key>\n<false/>\n<key>SendAllTelemetryEnabled</key>\n<true/>\n</dict></p>",
        ["DisableInsiderCheckbox", "SendAllTelemetryEnabled"],
    ),
    "placeholder": ("<p>Replace <domain> with your domain, then <b>run it</b>.</p>", ["with your domain, then", "<b>run it</b>"]),
    "upper case": ("<p>A <SET>value</SET> kept.</p>", ["value", "kept."]),
}


@pytest.mark.parametrize("html, texts", CASES.values(), ids=CASES.keys())
def test_a_removed_element_keeps_its_text_where_nh3_alone_drops_it(html: str, texts: list[str]):
    policy = policy_for(HtmlSettings())
    assert not all(text in nh3.clean(html) for text in texts)  # what the sanitizer works around
    cleaned, removals = policy.sanitize(html)
    for text in texts:
        assert text in cleaned
    assert removals and all(r.rule.code == "HTML002" and "its text kept" in r.message for r in removals)
    assert "helpsite-removed" not in cleaned and "<domain" not in cleaned.lower() and "<true" not in cleaned


def test_script_is_still_removed_with_its_content_and_svg_animation_stays_out():
    policy = policy_for(HtmlSettings())
    cleaned, removals = policy.sanitize(
        '<p><set>x</set><script>alert(1)</script></p><svg><set attributeName="href" to="javascript:alert(1)"/><a><text>t</text></a></svg>'
    )
    assert "alert" not in cleaned and "javascript" not in cleaned and "<set" not in cleaned
    assert {r.tag for r in removals} >= {"set", "script"}


def test_a_page_that_loses_nothing_is_cleaned_once():
    policy = policy_for(HtmlSettings())
    html = "<p>Plain <strong>text</strong> and <code>&lt;true/&gt;</code>.</p>"
    assert policy.sanitize(html) == (policy.clean(html), [])


def test_md_in_htmls_markdown_attribute_is_removed_unreported_and_hides_no_other_removal():
    policy = policy_for(HtmlSettings())
    alone = '<ul><li><div class="note" markdown="1"><p>Text</p></div></li></ul>'
    cleaned, removals = policy.sanitize(alone)
    assert removals == [] and "markdown" not in cleaned and "Text" in cleaned
    beside = '<ul><li><div markdown="1"><p onclick="x()">Text <token> here</p></div></li></ul>'
    cleaned, removals = policy.sanitize(beside)
    assert sorted((r.tag, r.attribute) for r in removals) == [("p", "onclick"), ("token", None)]
