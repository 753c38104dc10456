"""Material's search indexer fed in one pass (helpsite.mkdocs.search.TokenizedParser): for any HTML,
the sections Material's own Parser makes, or the same error; the plain HTML of a sanitizer taken
in one pass, anything else given to html.parser whole, in time linear in the page."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpsite.mkdocs.search import TokenizedParser, _plain_tokens

MATERIAL = TokenizedParser.__bases__[0]  # Material's Parser, as html.parser feeds it

# What pages hold: headings with and without ids, Material's kept tags, permalinks, excluded blocks,
# void and self-closed tags, attributes with entities, empty and without values, text with entities
# (complete, bare, cut short), non-breaking spaces and newlines; upper-case names, custom elements.
PLAIN = [
    '<h1 id="a">',
    "</h1>",
    '<h2 id="b&amp;c">',
    "</h2>",
    "<h3>",
    "</h3>",
    "<p>",
    "</p>",
    "<code>",
    "</code>",
    "<pre>",
    "</pre>",
    "<li>",
    "</li>",
    "<ul>",
    "</ul>",
    "<ol>",
    "</ol>",
    '<a class="headerlink" href="#x">',
    "</a>",
    '<a href="y">',
    "<br>",
    "<br/>",
    "<br />",
    '<img src="x" alt="">',
    "<div data-search-exclude>",
    "</div>",
    '<div class="linenodiv">',
    '<span title="&quot;q&quot;">',
    "</span>",
    "text",
    " ",
    "\n",
    "  \n ",
    "&amp;",
    "&lt;",
    "&#x41;",
    "&nbsp;",
    "&",
    "&amp",
    "\xa0",
    "\u00e9",
    "<P>",
    "</P >",
    '<H1 ID="Up">',
    "<table>",
    "<td>",
    "</td>",
    "<sub>",
    "</sub>",
    "<sup>",
    "</sup>",
    '<x-y a="1">',
    '<p b="">',
    "<p b>",
    "</p\n>",
    "<hr>",
    "</br>",
    '<a b="1" c="&lt;2&gt;">',
    '<div\tclass="x"\n>',
]
# What html.parser reads its own way: comments, declarations, raw-text elements, other quoting,
# a "<" that opens no tag, a non-ASCII space in a tag.
ODD = [
    "<!-- c -->",
    "<script>x<y</script>",
    "<style>p{}</style>",
    "<title>t</title>",
    "<textarea>t</textarea>",
    "<!DOCTYPE html>",
    "<?pi?>",
    "</>",
    "<a href='s'>",
    "<a href=bare>",
    "<",
    "a < b",
    '<p\xa0a="1">',
    '<a b="1"c="2">',
    '<a  b = "1">',
    "<a b='1'/>",
    "<1>",
    "</ p>",
    '<a b="1',
    "<a",
]


def recording(parser_class: type) -> type:
    """The parser class with each call of Material's handlers written down, in order."""

    class Recording(parser_class):
        def __init__(self) -> None:
            super().__init__()
            self.calls: list[tuple] = []

        def handle_starttag(self, tag, attrs):
            self.calls.append(("start", tag, list(attrs)))
            return super().handle_starttag(tag, attrs)

        def handle_endtag(self, tag):
            self.calls.append(("end", tag))
            return super().handle_endtag(tag)

        def handle_data(self, data):
            self.calls.append(("data", data))
            return super().handle_data(data)

    return Recording


RECORDING, RECORDING_MATERIAL = recording(TokenizedParser), recording(MATERIAL)


def sections(parser_class: type, html: str) -> object:
    """The handlers' calls and the sections they made (or Material's own error: a kept tag closed
    in the title it was opened in the text raises)."""
    parser = RECORDING if parser_class is TokenizedParser else RECORDING_MATERIAL
    parser = parser()
    try:
        parser.feed(html)
        parser.close()
    except Exception as exc:
        return parser.calls, repr(exc)
    return parser.calls, [(s.el.tag, s.el.attrs, s.depth, s.id, s.title, s.text, s.is_excluded()) for s in parser.data]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(PLAIN), max_size=60))
def test_plain_html_is_taken_in_one_pass_with_the_sections_material_makes(pieces):
    html = "".join(pieces)
    assert _plain_tokens(html) is not None
    assert sections(TokenizedParser, html) == sections(MATERIAL, html)


@settings(max_examples=400)
@given(st.lists(st.sampled_from(PLAIN), max_size=30), st.sampled_from(ODD), st.lists(st.sampled_from(PLAIN), max_size=30))
def test_html_of_another_kind_goes_to_html_parser_with_the_sections_material_makes(before, odd, after):
    html = "".join([*before, odd, *after])
    assert _plain_tokens(html) is None
    assert sections(TokenizedParser, html) == sections(MATERIAL, html)


def test_a_parser_fed_twice_reads_as_html_parser_does():
    parser, reference = TokenizedParser(), MATERIAL()
    for chunk in ('<h1 id="a">Ti', "tle</h1><p>Te&amp", "xt</p>"):
        parser.feed(chunk)
        reference.feed(chunk)
    parser.close()
    reference.close()
    assert [(s.title, s.text) for s in parser.data] == [(s.title, s.text) for s in reference.data]  # "Ti", "tle": as fed


@pytest.mark.parametrize(
    "hostile",
    [
        "<a" + ' b="1"' * 200_000,  # a tag that never ends
        "<a " + "b " * 300_000 + "<",
        "x" * 1_000_000 + "<",
        "<p>" * 100_000 + "< p>",
    ],
)
def test_a_hostile_page_is_judged_in_linear_time(hostile):
    started = time.process_time()
    assert _plain_tokens(hostile) is None
    assert time.process_time() - started < 2
