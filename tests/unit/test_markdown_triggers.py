"""Python-Markdown's inline patterns tried, and its block processors asked, only where their strings
are: every page renders as Python-Markdown renders it trying and asking every one everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown import inlinepatterns

from helpsite.content.docfx import MARKDOWN_EXTENSIONS, transform
from helpsite.mkdocs import block_triggers, inline_triggers
from helpsite.mkdocs.block_triggers import TriggeredBlockParser
from helpsite.mkdocs.inline_triggers import TriggeredInlineProcessor, triggers_of
from helpsite.mkdocs.markdown_pool import MarkdownPool
from tests.paths import REPO, SHARED_CORPUS, SLICE

EXTENSIONS = ["toc", *MARKDOWN_EXTENSIONS]
CONFIGS = {"toc": {"permalink": True}, **MARKDOWN_EXTENSIONS}


def instances(extensions: list[str] = EXTENSIONS) -> tuple[markdown.Markdown, markdown.Markdown]:
    """Python-Markdown's own, and one with the triggered InlineProcessor and BlockParser (as the pool makes it)."""
    stock = markdown.Markdown(extensions=extensions, extension_configs=CONFIGS)
    triggered = markdown.Markdown(extensions=extensions, extension_configs=CONFIGS)
    assert inline_triggers.install(triggered)
    assert block_triggers.install(triggered)
    return stock, triggered


STOCK, TRIGGERED = instances()


def same_rendering(text: str, stock: markdown.Markdown = STOCK, triggered: markdown.Markdown = TRIGGERED) -> None:
    expected = stock.reset().convert(text)
    assert triggered.reset().convert(text) == expected
    assert triggered.toc_tokens == stock.toc_tokens
    assert triggered.references == stock.references


# Every pattern's strings, the characters around them, and a placeholder's: text where the
# patterns start, fail half-way, nest in one another and match after another one's placeholder.
PIECES = st.sampled_from(
    [
        *("`", "``", "\\", "\\\\", "[", "]", "(", ")", "![", "!", "<", ">", "://", "@", "&", ";", "#x41", "#1", "amp"),
        *("*", "**", "***", "_", "__", "  \n", "\n", "\n\n", " ", "a", "word", "http", "x.md", '"t"', "</b>", "<b>", "<!--"),
        *("-->", "<?", "?>", "\x02", "\x03", "klzzwxh:0", "{ #id }", "# ", "- ", "1. ", "> ", "    ", "!!! note\n    ", "|", "---"),
        # What the block processors look for: headings, rules, lists, quotes, references, fences, tabs.
        *("\n#", "##", "\n===", "\n---", "***", "___", "\n* ", "\n+ ", "\n2. ", "\n>", "]: ", "[r]: x.md", "\n\t", "```\n"),
        *('=== "Tab"\n    ', "<div markdown>\n", "</div>\n", "  "),
    ]
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
@example("A [link](x.md) and `code` and **bold** and <b>html</b> &amp; <https://a.b> <a@b.c>  \nend")
@example("`a` [b] `c` [d]")  # a pattern matching twice, another between
@example("\\` not code `but this` \\\\`code`")
@example("*a [b *c* d](e) f*")  # a link inside emphasis: its text is searched from the link's pattern on
@example("![i](j.png) [![k](l.png)](m)")
@example("# H\n\nT\n===\n\n---\n\n1. a\n2. b\n\n- c\n\n> q\n> > r\n\n[r]: http://x\n\n[r] and [s][r]")
@example("- a\n\n    > b\n\n    1. c\n\n        # d")  # nested: the processors asked in each container
def test_any_text_renders_as_python_markdown_renders_it(text):
    same_rendering(text)


def test_the_articles_of_the_repository_render_as_python_markdown_renders_them():
    paths = sorted([*(REPO / "docs").rglob("*.md"), *SLICE.rglob("*.md")])
    assert len(paths) > 100
    for path in paths:
        same_rendering(path.read_text(encoding="utf-8", errors="replace"))


def _docfx_transformed(path: Path) -> str:
    body = path.read_text(encoding="utf-8", errors="replace")
    return transform(body, display_path=path.name, first_line=1, locale="ar", relpath=path.name, titles=str).markdown


def test_docfx_markdown_as_the_build_renders_it_renders_as_python_markdown_renders_it():
    paths = sorted((SLICE / "m365-ar").rglob("*.md"))
    assert paths
    for path in paths:
        same_rendering(_docfx_transformed(path))


@pytest.mark.slow
@pytest.mark.skipif(SHARED_CORPUS is None, reason="the shared corpus is not beside the repository")
def test_the_shared_corpus_renders_as_python_markdown_renders_it():
    # A third of its 5,700 articles, as the build renders them (all of them, raw and transformed,
    # were compared when the triggers were written: a minute of the suite's five).
    assert SHARED_CORPUS is not None
    paths = sorted(SHARED_CORPUS.rglob("*.md"))[::3]
    assert len(paths) > 1500
    for path in paths:
        same_rendering(_docfx_transformed(path))


def test_every_built_in_pattern_of_this_python_markdown_has_its_strings():
    # Python-Markdown's built-in patterns, as an upgrade may change them: one without strings is
    # tried everywhere again (correct, slower); its expression's strings are then to be worked out.
    untriggered = [type(pattern).__name__ for pattern in markdown.Markdown().inlinePatterns if triggers_of(pattern) is None]
    assert untriggered == []


def test_a_pattern_of_an_extension_is_tried_everywhere():
    stock, triggered = instances([*EXTENSIONS, "pymdownx.caret", "pymdownx.tilde"])
    added = [pattern for pattern in triggered.inlinePatterns if type(pattern).__module__.startswith("pymdownx")]
    assert added and all(triggers_of(pattern) is None for pattern in added)
    for text in ("^^insert^^ and ~~delete~~ and H^2^O", "[^^a^^](b) ~~[c](d)~~ `^^e^^`"):
        same_rendering(text, stock, triggered)


def test_an_old_style_pattern_is_tried_everywhere():
    class Shout(inlinepatterns.Pattern):
        def handleMatch(self, m):
            return m.group(2).upper()

    stock, triggered = instances()
    for md in (stock, triggered):
        md.inlinePatterns.register(Shout(r"(\[)"), "shout", 175)  # the same expression as a link's, old-style
    assert triggers_of(triggered.inlinePatterns["shout"]) is None
    same_rendering("a [b](c) [d", stock, triggered)


def test_an_expression_compiled_with_other_flags_is_tried_everywhere():
    # A line break's expression, verbose: its spaces are not part of it, so it matches any newline.
    class Pilcrow(inlinepatterns.InlineProcessor):
        def __init__(self) -> None:
            super().__init__(inlinepatterns.LINE_BREAK_RE)
            self.compiled_re = re.compile(inlinepatterns.LINE_BREAK_RE, re.VERBOSE)

        def handleMatch(self, m, data):
            return "\u00b6", m.start(0), m.end(0)

    stock, triggered = instances()
    for md in (stock, triggered):
        md.inlinePatterns.register(Pilcrow(), "pilcrow", 95)
    assert triggers_of(triggered.inlinePatterns["pilcrow"]) is None
    assert triggers_of(triggered.inlinePatterns["linebreak"]) == ("  \n",)
    same_rendering("one\ntwo", stock, triggered)
    assert "\u00b6" in stock.reset().convert("one\ntwo")


def test_an_inline_processor_not_written_as_this_one_was_is_left_in_place(monkeypatch):
    md = markdown.Markdown()
    monkeypatch.setitem(inline_triggers.METHODS, "_InlineProcessor__handleInline", "0" * 16)  # another version's source
    inline_triggers.methods_as_written.cache_clear()
    try:
        assert not inline_triggers.install(md)
        assert type(md.treeprocessors["inline"]) is markdown.treeprocessors.InlineProcessor
    finally:
        monkeypatch.undo()
        inline_triggers.methods_as_written.cache_clear()
    assert inline_triggers.install(md)


def test_the_pool_renders_with_the_triggered_processor(tmp_path):
    from tests.unit.test_markdown_pool import EXTENSIONS as POOL_EXTENSIONS
    from tests.unit.test_markdown_pool import build

    pool = MarkdownPool()
    assert build(tmp_path, POOL_EXTENSIONS, pool) == build(tmp_path, POOL_EXTENSIONS, None)
    assert isinstance(pool._md.treeprocessors["inline"], TriggeredInlineProcessor)
    assert isinstance(pool._md.parser, TriggeredBlockParser)


def test_another_inline_processor_is_left_in_place():
    md = markdown.Markdown()

    class Own(markdown.treeprocessors.InlineProcessor):
        pass

    own = Own(md)
    md.treeprocessors.register(own, "inline", 20)
    assert not inline_triggers.install(md)
    assert md.treeprocessors["inline"] is own


def test_the_block_processors_of_this_python_markdown_that_test_the_block_alone_have_their_strings():
    # Those whose test reads the block alone; the others are asked everywhere, as Python-Markdown asks them.
    md = markdown.Markdown()
    found = {type(processor).__name__: block_triggers.triggers_of(processor) for processor in md.parser.blockprocessors}
    assert {name for name, needed in found.items() if needed is not None} == {
        *("HashHeaderProcessor", "SetextHeaderProcessor", "HRProcessor", "OListProcessor"),
        *("UListProcessor", "BlockQuoteProcessor", "ReferenceProcessor"),
    }


def test_a_subclass_or_another_expression_of_a_block_processor_is_asked_everywhere():
    stock, triggered = instances([*EXTENSIONS, "sane_lists"])  # its lists' processors subclass Python-Markdown's
    lists = [processor for processor in triggered.parser.blockprocessors if "List" in type(processor).__name__]
    assert lists and all(
        block_triggers.triggers_of(processor) is None for processor in lists if type(processor).__module__.endswith("sane_lists")
    )
    for text in ("1. a\n2. b\n\n* c\n* d", "- a\n\n1. b"):
        same_rendering(text, stock, triggered)
    stock, triggered = instances()
    same_rendering("> a page before: each processor's strings looked up", stock, triggered)
    for md in (stock, triggered):  # a quote marked by "|" instead of ">": the same class, another expression
        md.parser.blockprocessors["quote"].RE = re.compile(r"(^|\n)[ ]{0,3}\|[ ]?(.*)")
    assert block_triggers.triggers_of(triggered.parser.blockprocessors["quote"]) is None
    same_rendering("| quoted\n\nnot", stock, triggered)
    assert "<blockquote>" in stock.reset().convert("| quoted")


def test_a_block_parser_not_written_as_this_one_was_is_left_in_place(monkeypatch):
    md = markdown.Markdown()
    monkeypatch.setattr(block_triggers, "PARSE_BLOCKS", "0" * 16)  # another version's parseBlocks
    assert not block_triggers.install(md)
    assert type(md.parser) is markdown.blockparser.BlockParser
    monkeypatch.undo()
    assert block_triggers.install(md)
    assert isinstance(md.parser, TriggeredBlockParser)
