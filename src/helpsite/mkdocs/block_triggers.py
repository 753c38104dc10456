"""Python-Markdown's block processors asked only where they can take the block: the same HTML, in
5-7% less of its time.

Python-Markdown's ``BlockParser`` asks each block processor in turn whether it takes the block
(``test``), for every block of a page: an admonition, raw HTML, tabs, an empty block, an indented
one, fenced code, a heading, a setext heading, a rule, two kinds of list, a quote, a reference, a
paragraph. Several of those tests are one regular expression that can only match where the block
holds a certain string (a heading a ``#``, a quote a ``>``, a list item a ``.`` or one of ``*+-``,
a reference ``]:``); where none is there, the test would say no, and that is what
:class:`TriggeredBlockParser` takes for its answer without asking (the reference processor, which
says yes to everything and gives the block back unless its expression matches, likewise). The
processors whose tests depend on more than the block (an admonition's or a list's continuation,
code, empty blocks, paragraphs) are asked as Python-Markdown asks them. The same care as in
:mod:`helpsite.mkdocs.inline_triggers`: only for Python-Markdown's own classes, with the exact
expressions and flags below, and only where ``BlockParser.parseBlocks`` and each test (and the
reference processor's ``run``) are the ones this module was written from (their source's digest).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable

import markdown
from markdown import blockparser
from markdown import blockprocessors as bp

from helpsite.mkdocs.inline_triggers import source_digest

# The source of the methods as this module was written from them (Python-Markdown 3.11.3).
PARSE_BLOCKS = "71e3ed85148649a0"


# A processor's class -> its expression's attribute, the expression (given the processor's tab
# length) with its flags, the strings one of which a block it takes holds, and the digests of the
# methods whose behaviour that relies on: ``test`` (and the reference processor's ``run``).
_M = re.MULTILINE
_PROCESSORS: dict[type, tuple[str, Callable[[int], str], int, tuple[str, ...], dict[str, str]]] = {
    bp.HashHeaderProcessor: (
        "RE",
        lambda tab: r"(?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)",
        0,
        ("#",),
        {"test": "56ac0ef8766f364a"},
    ),
    bp.SetextHeaderProcessor: ("RE", lambda tab: r"^.*?\n(?:=+|-+)[ ]*(\n|$)", _M, ("\n=", "\n-"), {"test": "851234ec863ce3e0"}),
    bp.HRProcessor: (
        "SEARCH_RE",
        lambda tab: r"^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|(\*+[ ]{0,2}){3,}))(?P=atomicgroup)[ ]*$",
        _M,
        ("-", "_", "*"),
        {"test": "52f28db55cfee6e7"},
    ),
    bp.OListProcessor: ("RE", lambda tab: rf"^[ ]{{0,{tab - 1}}}\d+\.[ ]+(.*)", 0, (".",), {"test": "851234ec863ce3e0"}),
    bp.UListProcessor: ("RE", lambda tab: rf"^[ ]{{0,{tab - 1}}}[*+-][ ]+(.*)", 0, ("*", "+", "-"), {"test": "851234ec863ce3e0"}),
    bp.BlockQuoteProcessor: ("RE", lambda tab: r"(^|\n)[ ]{0,3}>[ ]?(.*)", 0, (">",), {"test": "388cd6745d626334"}),
    bp.ReferenceProcessor: (
        "RE",
        lambda tab: r"""^[ ]{0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?((["\'])(.*)\4[ ]*|\((.*)\)[ ]*)?$""",
        _M,
        ("]:",),
        {"test": "0b90951740c67d7b", "run": "73d1fdbaa7cc2d0f"},
    ),
}


def triggers_of(processor: object) -> tuple[str, ...] | None:
    """The strings one of which a block must hold for ``processor`` to take it; None: always ask it."""
    known = _PROCESSORS.get(type(processor))
    if known is None:
        return None
    attribute, expression, flags, needed, methods = known
    compiled = getattr(processor, attribute, None)
    tab = getattr(processor, "tab_length", None)
    if not isinstance(compiled, re.Pattern) or not isinstance(tab, int):
        return None
    if compiled.pattern != expression(tab) or compiled.flags != re.compile("", flags).flags:
        return None
    if any(source_digest(getattr(type(processor), name)) != digest for name, digest in methods.items()):
        return None
    return needed


class TriggeredBlockParser(blockparser.BlockParser):
    """Python-Markdown's BlockParser, not asking a processor whose :func:`triggers_of` are not in the block."""

    _triggers: dict[object, tuple[str, ...] | None]

    def parseDocument(self, lines: Iterable[str]) -> etree.ElementTree:
        # Each processor's strings looked up again for each page, as its test reads its expression then.
        self._triggers = {}
        return super().parseDocument(lines)

    def parseBlocks(self, parent: etree.Element, blocks: list[str]) -> None:
        triggers = self._triggers
        while blocks:
            for processor in self.blockprocessors:  # the registry as it is now, as Python-Markdown reads it
                try:
                    needed = triggers[processor]
                except KeyError:
                    needed = triggers[processor] = triggers_of(processor)
                if needed is not None:
                    block = blocks[0]
                    for string in needed:
                        if string in block:
                            break
                    else:  # its test would say no (the reference processor's run would give the block back)
                        continue
                if processor.test(parent, blocks[0]) and processor.run(parent, blocks) is not False:  # run: True or None
                    break


def install(md: markdown.Markdown) -> bool:
    """Make ``md``'s BlockParser a :class:`TriggeredBlockParser`, where it is Python-Markdown's own
    and its ``parseBlocks`` the one this module's replaces; whether it did."""
    parser = md.parser
    if type(parser) is not blockparser.BlockParser or source_digest(blockparser.BlockParser.parseBlocks) != PARSE_BLOCKS:
        return False
    parser._triggers = {}  # type: ignore[attr-defined]
    parser.__class__ = TriggeredBlockParser
    return True
