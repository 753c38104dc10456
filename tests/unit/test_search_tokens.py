"""Material's search indexer fed in one pass (helpsite.mkdocs.search.TokenizedParser): for any HTML,
the sections Material's own Parser makes, or the same error; the plain HTML of a sanitizer taken
in one pass, anything else given to html.parser whole, in time linear in the page."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpsite.mkdocs import search
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


class Recording(MATERIAL):
    """Material's Parser, each call of its handlers written down in order."""

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


def handler_calls(html: str, tokenized: bool) -> list[tuple]:
    """The calls html.parser makes of Material's handlers, or those made from the one-pass tokens."""
    parser = Recording()
    try:
        if tokenized:
            tokens = _plain_tokens(html)
            assert tokens is not None
            TokenizedParser._handle(parser, tokens)
        else:
            parser.feed(html)
            parser.close()
    except ValueError:  # Material's own error (a kept tag closed in the title it was opened in the text)
        pass
    return parser.calls


def sections(parser_class: type, html: str) -> object:
    """The sections the parser makes of ``html``, or the error it raises (Material's handlers raise
    ValueError for a kept tag closed in the title it was opened in the text: so must the loop)."""
    parser = parser_class()
    try:
        parser.feed(html)
        parser.close()
    except Exception as exc:
        return repr(exc)
    return [(s.el.tag, s.el.attrs, s.depth, s.id, s.title, s.text, s.is_excluded()) for s in parser.data]


def test_materials_parser_is_the_one_whose_handlers_the_loop_does():
    """Another Material's Parser is fed through its own handlers: this says that the one installed
    is run by the loop (helpsite.mkdocs.search._sections), which these tests hold to Material's."""
    assert search._handlers_known()


@settings(max_examples=400)
@given(st.lists(st.sampled_from(PLAIN), max_size=60))
def test_plain_html_is_taken_in_one_pass_with_the_sections_material_makes(pieces):
    html = "".join(pieces)
    assume(not re.search(r"&[^\s;]*\Z", html[-34:]))  # what html.parser holds back for a next feed (below)
    assert _plain_tokens(html) is not None
    assert handler_calls(html, tokenized=True) == handler_calls(html, tokenized=False)
    assert sections(TokenizedParser, html) == sections(MATERIAL, html)


@settings(max_examples=400)
@given(st.lists(st.sampled_from(PLAIN), max_size=30), st.sampled_from(ODD), st.lists(st.sampled_from(PLAIN), max_size=30))
def test_html_of_another_kind_goes_to_html_parser_with_the_sections_material_makes(before, odd, after):
    html = "".join([*before, odd, *after])
    assert _plain_tokens(html) is None
    assert sections(TokenizedParser, html) == sections(MATERIAL, html)


# Material's ways, each shown by a page: a heading inside a block, left with the block (its section
# is not returned to); an excluded block, and its quirk (an inner block of the same tag ends the
# exclusion); line numbers; a permalink; sections before the first h1; objects, never indexed.
MATERIALS_WAYS = [
    '<div><h2 id="a">A</h2><p>in</p></div><p>after</p><div><p>x</p></div><h3 id="c">C</h3><p>y</p>',
    '<div><div><h3 id="b">B</h3></div><p>mid</p></div><p>out</p><div><h4 id="d">D</h4></div><p>end</p>',
    "<div data-search-exclude><p>hidden</p></div><div><p>shown</p></div>",
    "<div data-search-exclude><div><p>x</p></div><p>shown once the inner div closes</p></div><p>z</p>",
    '<pre class="linenodiv">1</pre><table><tr><td class="linenodiv"><pre>1\n2</pre></td><td><pre>code\n  kept</pre></td></tr></table>',
    '<h1 id="t">T<a class="headerlink" href="#t">\u00b6</a></h1><p>x</p>',
    '<h2 id="x">no h1 first</h2><p>text</p>',
    '<p>before</p><h1 id="a">after text</h1><h1>no id</h1><p>b</p>',
    "<object><p>x</p></object><p>y</p>",
    '<h2 id="t"><a class="headerlink" href="#t">\u00b6</a>After the permalink</h2>',
    "<pre><code><span>  </span><span>\n</span>x</code></pre><p><span> </span><span> </span>y</p>",
    "<ul><li><p>a</p></li><li>  </li></ul><ol><li><code>c</code></li></ol><p><sub> </sub><sup>2</sup></p>",
]


@pytest.mark.parametrize("html", MATERIALS_WAYS)
def test_materials_ways_are_kept(html):
    assert _plain_tokens(html) is not None
    assert handler_calls(html, tokenized=True) == handler_calls(html, tokenized=False)
    assert sections(TokenizedParser, html) == sections(MATERIAL, html)


@pytest.mark.parametrize(
    "chunks",
    [
        ('<h1 id="a">Ti', "tle</h1><p>Te&amp", "xt</p>"),  # "Ti", "tle": as fed; "Te&amp" held back for "xt"
        ("<p>Fish &amp", "; chips</p>"),
        ("<p>Fish &amp", "</p>"),
        ("<p>Fish &amp",),
        ('<pre><code class="x">a\n', " b</code></pre>"),
        ("<div data-search-exclude><p>x</p>", "<p>y</p></div><p>z</p>"),
        ('<h2 id="s"><a class="headerlink" href="#s">', "P</a>T</h2>"),
    ],
)
def test_a_parser_fed_in_chunks_reads_as_html_parser_does(chunks):
    parser, reference = TokenizedParser(), MATERIAL()
    for chunk in chunks:
        parser.feed(chunk)
        reference.feed(chunk)
    parser.close()
    reference.close()
    assert [(s.el.tag, s.depth, s.id, s.title, s.text) for s in parser.data] == [
        (s.el.tag, s.depth, s.id, s.title, s.text) for s in reference.data
    ]


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


def test_a_parser_that_keeps_character_references_or_is_fed_no_text_is_html_parsers():
    kept, reference = TokenizedParser(convert_charrefs=False), MATERIAL(convert_charrefs=False)
    for parser in (kept, reference):
        parser.feed("<p>a &amp; b</p>")
        parser.close()
    assert kept.data[0].text == reference.data[0].text == ["<p>", "a ", " b", "</p>"]
    with pytest.raises(TypeError) as ours:
        TokenizedParser().feed(b"<p>bytes</p>")
    with pytest.raises(TypeError) as theirs:
        MATERIAL().feed(b"<p>bytes</p>")
    assert str(ours.value) == str(theirs.value)
