"""The cold check's faster pieces give what the slower ones they replaced gave, over generated input."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpsite.checks import locale, numbers
from helpsite.content.parse import INVISIBLE, has_invisible, scan_body
from tests.unit.reference_scan_body import scan_body as reference_scan_body

# Pieces of Markdown that open and close what the walk tracks: headings, lists, tables, code,
# bold and stars, links of each kind, images, raw HTML and comments, DocFX images, breaks and
# rules, invisible and non-ASCII characters.
MARKDOWN_PIECES = [
    *"abc  \n\n\t*_`~>#-|!",
    "word ",
    "Wörter ",
    "كلمة ",
    "\n\n",
    "# ",
    "## ",
    "### x {#custom-id}\n",
    "- ",
    "1. ",
    "    ",
    "**",
    "***",
    "\\*",
    "~~",
    "`code`",
    "```\n",
    "```python\n",
    "[text](target.md)",
    "[text](target.md#anchor)",
    "![alt](image.png)",
    "<https://example.com/x>",
    "<someone@example.com>",
    "[link **bold** text](x.md)",
    '<a name="step-1"></a>',
    '<img src="a.png">',
    '<a href="b.md">',
    '<div id="d">\n',
    "</div>\n",
    "<!-- ",
    " -->",
    ':::image type="content" source="media/x.png" alt-text="x":::',
    ":::\n",
    "| a | b |\n|---|---|\n| c | d |\n",
    "---\n",
    "***\n",
    "  \n",
    "\u200b",
    "\u202f",
    "\ufeff",
    "é",
    "😀",
]


@st.composite
def markdown(draw):
    return "".join(draw(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=60)))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown(), st.sampled_from([None, True, False]), st.sampled_from([None, 2, 4]))
def test_the_body_walk_gives_what_the_walk_it_replaced_gave(body, gather_marks, max_nesting_depth):
    expected = reference_scan_body(body, 3, max_nesting_depth=max_nesting_depth, gather_marks=gather_marks)
    assert scan_body(body, 3, max_nesting_depth=max_nesting_depth, gather_marks=gather_marks) == expected


@given(st.text(alphabet=st.sampled_from([*"ab\u200b\u200c\u200d\u2060\ufeff\u202f\u200e é\n"])))
def test_invisible_characters_are_found_where_the_pattern_finds_them(text):
    assert has_invisible(text) == (INVISIBLE.search(text) is not None)


# The number patterns as they were, each starting with a look-ahead for a digit.
_LOOKAHEAD_NUMBER = re.compile(r"(?=\d)(?<![^\W\d_])(?<![\d.,])\d+(?:[.,:/]\d+)*")
_LOOKAHEAD_SPACED_NUMBER = re.compile(r"(?=\d)(?<![^\W\d_])(?<![\d.,])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d|[.,]\d)|\d+(?:[.,:/]\d+)*)")
NUMBER_ALPHABET = [*"0123456789 .,:/-_aZ\u00a0\u202f", "é", "²", "٣", "M365", "1 000", "10.5", "2,5"]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(NUMBER_ALPHABET), max_size=40).map("".join))
def test_the_number_patterns_find_what_they_found_with_a_look_ahead_first(text):
    for pattern, before in ((numbers._NUMBER, _LOOKAHEAD_NUMBER), (numbers._SPACED_NUMBER, _LOOKAHEAD_SPACED_NUMBER)):
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in before.finditer(text)], text


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_words_of_ascii_text_are_the_runs_of_letters_the_unicode_pattern_finds(text):
    assert locale._ASCII_WORD.findall(text) == locale._WORD.findall(text)
