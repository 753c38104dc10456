"""The cold check's faster pieces give what the slower ones they replaced gave, over generated input."""

from __future__ import annotations

import contextlib
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.extensions.toc import slugify as toc_slugify

from helpsite.checks import l10n, locale, numbers
from helpsite.content import parse
from helpsite.content.parse import INVISIBLE, ParseOptions, has_invisible, scan_body
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
    assert locale.words_of(text) == locale._WORD.findall(text)


HEADING_CHARACTERS = [*"aZ09 -_\t\n.!&ÀéžßﬁÅ²١٢", "\u0301", "\u200b", "İ", "ǅ", "ⅷ"]  # ASCII, accents, compatibility forms, digits


@settings(max_examples=1000)
@given(st.text(alphabet=st.sampled_from(HEADING_CHARACTERS)) | st.text(), st.sampled_from(["-", "_", "."]))
def test_heading_slugs_are_python_markdowns(text, separator):
    assert parse.slugify(text, separator) == toc_slugify(text, separator)


# Front matter lines, simple and not: values YAML reads as other types, quotes, escapes, comments,
# indicators, lists at one indentation or two, blank and continued lines, characters YAML refuses.
FRONT_MATTER_KEYS = ["title", "ms.date", "ms-reviewer", "f1.keywords", "ROBOTS", "yes", "null", "1", "_x", "title"]
FRONT_MATTER_VALUES = [
    "",
    " Reset your password",
    " Kennwort zurücksetzen",
    " إعادة تعيين",
    " 06/24/2021",
    " 2021-06-24",
    " 12",
    " 0x1F",
    " 1.5",
    " .inf",
    " yes",
    " No",
    " ~",
    " null",
    " NOINDEX, NOFOLLOW",
    ' "58323039"',
    ' "a \\" b"',
    ' "a \\n b"',
    ' "unclosed',
    " 'single'",
    " 'it''s'",
    " a: b",
    " a #comment",
    " a#b",
    " a:",
    " https://example.com/x?y=1",
    " *alias",
    " &anchor x",
    " !tag x",
    " [a, b]",
    " {a: b}",
    " |",
    " >",
    " - x",
    " -x",
    " %x",
    " @x",
    " `x",
    " a  b  ",
    " x\t",
    " x\u2028y",
    " x\x85y",
    " x\ufeffy",
    " x\x07y",
    " <<",
]
FRONT_MATTER_LINES = [
    *(f"{key}:{value}" for key in FRONT_MATTER_KEYS for value in FRONT_MATTER_VALUES[::3]),
    *(f"title:{value}" for value in FRONT_MATTER_VALUES),
    "- item",
    "- 12",
    "- 'quoted'",
    '- "58323039"',
    "  - item",
    "    - item",
    "-",
    "- a: b",
    "- - x",
    "  continued line",
    "",
    "   ",
    "# a comment",
    "<<: *base",
    "base: &base x",
    "key :x",
    "key:x",
    "? complex",
    "---",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(FRONT_MATTER_LINES), min_size=1, max_size=12), st.sampled_from(["\n", ""]))
def test_simple_front_matter_is_read_as_the_loader_reads_it(lines, end):
    source = "\n".join(lines) + end
    options = ParseOptions()
    simple = parse._simple_mapping(source, 2)
    if simple is not None:
        with _without_the_simple_path():
            assert simple == parse._load_yaml(source, 2, "a.md", options), source


def test_typical_front_matter_takes_the_simple_path():
    source = 'title: Reset your password\nms.date: 06/24/2021\nms.custom:\n- "12064"\n- Adm_O365\nms.collection:\n  - a\n  - b\nempty:\n'
    simple = parse._simple_mapping(source, 2)
    assert simple is not None
    meta, keys, problems = simple
    assert problems == []
    assert meta == {
        "title": "Reset your password",
        "ms.date": "06/24/2021",
        "ms.custom": ["12064", "Adm_O365"],
        "ms.collection": ["a", "b"],
        "empty": None,
    }
    assert [(key.name, key.line, key.column) for key in keys.values()] == [
        ("title", 2, 1),
        ("ms.date", 3, 1),
        ("ms.custom", 4, 1),
        ("ms.collection", 7, 1),
        ("empty", 10, 1),
    ]
    with _without_the_simple_path():
        assert simple == parse._load_yaml(source, 2, "a.md", ParseOptions())


@contextlib.contextmanager
def _without_the_simple_path():
    simple_mapping = parse._simple_mapping
    parse._simple_mapping = lambda source, first_line: None
    try:
        yield
    finally:
        parse._simple_mapping = simple_mapping


_LOOKAHEAD_SENTENCE_END = re.compile(r"(?=\s)(?:(?<=[.!?])\s+|\n+)")  # as it was


@given(st.lists(st.sampled_from([*"ab.!?,:\n \t\u00a0\u2028", "\n\n", ". ", "word"]), max_size=40).map("".join))
def test_sentences_end_where_they_ended_with_a_look_ahead_first(text):
    assert l10n._SENTENCE_END.split(text) == _LOOKAHEAD_SENTENCE_END.split(text)
