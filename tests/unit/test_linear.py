"""The linear-time forms of patterns and searches find what the patterns they replace found.

Each quadratic (or worse) pattern was rewritten so that no run of characters is scanned again from
each of its positions; the old pattern is kept here, as the specification, and both are run on
random strings made of the characters that matter to it.
"""

from __future__ import annotations

import random
import re

import pytest

from helpsite.checks import l10n
from helpsite.checks.l10n import _substrings_in, _words_in
from helpsite.content import docfx, parse

ROUNDS = 20_000


def _strings(alphabet: list[str], seed: int, longest: int = 14, rounds: int = ROUNDS):
    rng = random.Random(seed)
    for _ in range(rounds):
        yield "".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest)))


OLD_HTML_ATTR = re.compile(r"""([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
OLD_IMAGE_SOURCE = re.compile(r':::\s*image\b[^\n]*?\bsource\s*=\s*"([^"]*)"', re.IGNORECASE)
OLD_TAB_HEADING = re.compile(r'^(#{1,6})[ \t]+(?:<a\s+name="([^"]*)"\s*>\s*</a>\s*)?\[(.+)\]\(#tab/([^)\s]+)\)\s*#*\s*$')
OLD_QUOTED_BRACKET = re.compile(r"^(\s*)>\s?\[!\s*([^\]\[]*?)\s*\](.*)$")
OLD_DIRECTIVE = re.compile(r"^(\s*):::\s*([A-Za-z][\w-]*)(.*?)(:::)?\s*$")
OLD_INCLUDE = re.compile(r"\[!INCLUDE\s*\[([^\]]*)\]\(\s*<?([^)>\s]+)>?\s*\)\s*\]", re.IGNORECASE)


def test_html_attributes_are_found_as_before():
    alphabet = ["a", "B", "1", "-", ".", "_", ":", " ", "=", '"', "'", "\n", "<", ">", "`", "é", "id", "9"]
    for text in _strings(alphabet, 1):
        old = [(m.groups(), m.start()) for m in OLD_HTML_ATTR.finditer(text)]
        assert old == [(m.groups(), m.start(1)) for m in parse._HTML_ATTR.finditer(text)], repr(text)


def test_docfx_image_sources_are_found_as_before():
    alphabet = [":::", "image", "IMAGE", " ", "\n", "source", "Source", "=", '"', "x", ":", "\t", "imagex", "_source", "é"]
    for text in _strings(alphabet, 2, 25):
        old = [(m.group(1), m.start(1)) for m in OLD_IMAGE_SOURCE.finditer(text)]
        assert old == [(m.group(1), m.start(1)) for m in parse.docfx_image_sources(text)], repr(text)


@pytest.mark.parametrize(
    ("old", "new", "alphabet"),
    [
        (OLD_TAB_HEADING, parse.TAB_HEADING, ["#", "# ", "## ", "[", "]", "(#tab/", "x", ")", " ", "\t", '<a name="n"></a>']),
        (OLD_QUOTED_BRACKET, docfx._QUOTED_BRACKET, [">", " ", "[!", "]", "[", "a", "NOTE", "\t", "x y", "("]),
        (OLD_DIRECTIVE, docfx._DIRECTIVE, [":::", ":", "::", " ", "\t", "zone", "image", 'a="b"', "x", "-end", "\u00a0"]),
    ],
    ids=["tab heading", "quoted bracket", "directive"],
)
def test_docfx_line_patterns_match_as_before(old, new, alphabet):
    for text in _strings(alphabet, 3, 12):
        before, after = old.match(text), new.match(text)
        assert (before and before.groups()) == (after and after.groups()), repr(text)


def test_includes_are_found_as_before_unless_a_title_holds_another_include():
    alphabet = ["[!INCLUDE", "[!include", " ", "[", "]", "(", ")", "a.md", "<", ">", "t"]
    for text in _strings(alphabet, 4):
        old = [m.groups() for m in OLD_INCLUDE.finditer(text)]
        if any("[!INCLUDE" in title.upper() for title, _ in old):
            continue  # the one difference, on purpose: a title cannot hold an include
        assert old == [m.groups() for m in docfx._INCLUDE.finditer(text)], repr(text)


def _contains(text: str, term: str, ignore_case: bool) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE if ignore_case else 0) is not None


def test_terms_are_found_as_one_pattern_per_term_finds_them(monkeypatch):
    monkeypatch.setattr(l10n, "_SEARCHES_CHEAPER_THAN_AUTOMATON", 0)  # sentences as terms are: with the automaton
    # Letters whose case re folds specially (ß, İ, ı, ſ, the Kelvin sign, the sigmas), digits, '_', and non-word characters.
    alphabet = [*"aAbB _-.é É1", "ß", "İ", "ı", "ſ", "\u212a", "k", "K", "s", "S", "i", "I", "Σ", "σ", "ς", "\x00", "x", "Θ", "ϑ", "µ", "μ"]
    rng = random.Random(5)
    for text in _strings(alphabet, 6, rounds=ROUNDS // 4):  # each round builds the automaton four times
        terms = {"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4))) for _ in range(rng.randint(1, 6))}
        if len(text) > 1:  # and a piece of the text itself, which is often found
            start, end = sorted(rng.sample(range(len(text) + 1), 2))
            terms.add(text[start:end])
        for ignore_case in (True, False):
            expected = {term for term in terms if _contains(text, term, ignore_case)}
            assert _words_in(text, terms, ignore_case=ignore_case) == expected, (text, terms, ignore_case)
        assert _substrings_in(text, terms) == {term for term in terms if term in text}, (text, terms)


@pytest.mark.timeout(60)
def test_many_nested_terms_cost_one_pass():
    """Terms nested in one another, all present but one: each found once, not once per position."""
    text = "a " * 200_000
    terms = {" ".join(["a"] * count) for count in range(1, 120)} | {"absent"}
    assert _words_in(text, terms, ignore_case=True) == terms - {"absent"}
    assert _substrings_in(text, terms) == terms - {"absent"}
