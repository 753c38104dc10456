"""L10N: a translation against its source: staleness, structure, untranslated text, glossary."""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # re's own case folding: terms must match as a pattern of them would
import re
from collections import Counter
from collections.abc import Iterator
from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]

import ahocorasick

from helpsite.content.config import ReviewSettings
from helpsite.content.locales import Locales
from helpsite.content.site import Site
from helpsite.model import Article, Finding, RuleSet, Severity
from helpsite.translation.review import GitHistory, staleness

RULESET = RuleSet()

# Where a page-level finding points: the page's first heading (path, line, column).
Position = tuple[str, int | None, int | None]

OUTDATED = RULESET.rule(
    "L10N001",
    "outdated-translation",
    Severity.WARNING,
    "The source page changed after this translation was handed off",
    """
    Two signals, either of which can say "outdated": the stored source hash (``ms.openlocfilehash``
    in helpsite's ``hs1:`` form) differs from the hash of the source as it is now, or git shows
    commits to the source file after the stored ``ms.sourcegitcommit``. Hashes of another
    algorithm (Microsoft's 40/64-digit ones) and commits git does not know count as unknown, never as
    outdated. ``helpsite review mark`` stores the current hash.""",
)
HEADINGS_DIFFER = RULESET.rule(
    "L10N002",
    "headings-differ",
    Severity.WARNING,
    "The translation has a different number of headings than its source",
    """
    Counted per level. A missing or extra heading usually means a section was dropped, merged or
    left over from an older source.""",
)
LISTS_DIFFER = RULESET.rule(
    "L10N003",
    "list-items-differ",
    Severity.WARNING,
    "The translation has a different number of list items or tables",
    """
    Steps in a procedure must not get lost in translation.""",
)
LINKS_DIFFER = RULESET.rule(
    "L10N004",
    "links-differ",
    Severity.WARNING,
    "The translation links to other external URLs than its source",
    """
    Compared as sets of URLs (fragments kept). Internal links may be localized, external ones should
    match.""",
)
IMAGES_DIFFER = RULESET.rule(
    "L10N005",
    "images-differ",
    Severity.WARNING,
    "The translation has a different number of images than its source",
    """
    Screenshots may be localized, so only the count is compared.""",
)
CODE_DIFFERS = RULESET.rule(
    "L10N006",
    "code-differs",
    Severity.WARNING,
    "A code block differs from the source's",
    """
    Commands and code are never translated; a changed block is a translation error or an outdated
    copy.""",
)
NUMBERS_DIFFER = RULESET.rule(
    "L10N007",
    "numbers-differ",
    Severity.WARNING,
    "A number in the source is missing from the translation",
    """
    Prices, limits, durations and version numbers must survive translation. Numbers are compared
    as digit strings, so ``1,000`` and ``1.000`` count as the same.""",
)
BOLD_DIFFERS = RULESET.rule(
    "L10N008",
    "ui-labels-differ",
    Severity.INFO,
    "The translation has a different number of bold UI labels",
    """
    Help articles put UI labels in bold (**Save**). A different count often means a label was lost
    or a sentence was restructured around it.""",
)
UNTRANSLATED = RULESET.rule(
    "L10N009",
    "untranslated-text",
    Severity.WARNING,
    "Source sentences appear untranslated in the translation",
    """
    Sentences of the source (at least 6 words, 3 of them ordinary lower-case words, so that lists
    of product names do not count) found word for word in the translation: text the translation
    pipeline skipped. Terms that must stay untranslated belong in the glossary.""",
)
GLOSSARY = RULESET.rule(
    "L10N010",
    "glossary",
    Severity.WARNING,
    "A glossary term is not translated as the glossary says, or a do-not-translate term was changed",
    """
    ``locales/<code>.yml`` holds ``glossary.terms`` (source term -> required translation) and
    ``glossary.keep`` (terms that stay as they are); an article's own ``no-loc`` list adds to
    ``keep``. When the source uses a term, the translation must use its required form.""",
)
ORPHAN = RULESET.rule(
    "L10N011",
    "no-source",
    Severity.WARNING,
    "A translation has no source page",
    """
    The page exists in a translation folder but not in the source locale: its source was renamed
    or deleted. It cannot be checked for staleness or QA.""",
)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
MIN_SENTENCE_WORDS = 6
# A sentence of names ("Windows 10: Microsoft Edge, Internet Explorer, Chrome") stays the same in
# every language; only sentences with some ordinary lower-case words are evidence of skipped text.
MIN_COMMON_WORDS = 3
_COMMON_WORD = re.compile(r"(?<!\S)[a-z\u00df-\u00ff]{2,}(?=[\s,.;:!?]|$)")


def check_translation(
    article: Article, site: Site, locales: Locales, settings: ReviewSettings, git: GitHistory | None
) -> Iterator[Finding]:
    if site.is_source(article) or site.source_folder is None:
        return
    source = site.source_of(article)
    line = article.headings[0].line if article.headings else article.body_line
    at: Position = (article.display_path, line, 1)
    if source is None:
        yield ORPHAN.finding(*at, f"no source page {site.source_folder}/{article.relpath}")
        return
    state = staleness(article, source, settings, git)
    if state.state == "outdated":
        key_line = article.line_of(state.keys[0])  # the key whose signal said so
        yield OUTDATED.finding(article.display_path, key_line, 1, f"outdated: {state.reason} ({source.display_path})")
    yield from _structure(article, source, at)
    yield from _untranslated(article, source, at)
    yield from _glossary(article, source, locales, at)


def _structure(article: Article, source: Article, at: Position) -> Iterator[Finding]:
    mine, theirs = article.structure, source.structure
    levels = Counter(h.level for h in article.headings)
    source_levels = Counter(h.level for h in source.headings)
    if levels != source_levels:
        differ = [
            f"H{lvl}: {levels[lvl]} here, {source_levels[lvl]} in the source"
            for lvl in sorted(levels | source_levels)
            if levels[lvl] != source_levels[lvl]
        ]
        yield HEADINGS_DIFFER.finding(*at, "headings differ from the source: " + "; ".join(differ))
    if mine.list_items != theirs.list_items or mine.tables != theirs.tables:
        yield LISTS_DIFFER.finding(
            *at, f"{mine.list_items} list items and {mine.tables} tables here, {theirs.list_items} and {theirs.tables} in the source"
        )
    external = {link.target for link in article.links if link.target.startswith(("http://", "https://"))}
    source_external = {link.target for link in source.links if link.target.startswith(("http://", "https://"))}
    if external != source_external:
        missing, extra = sorted(source_external - external), sorted(external - source_external)
        parts = ([f"missing {_few(missing)}"] if missing else []) + ([f"not in the source {_few(extra)}"] if extra else [])
        yield LINKS_DIFFER.finding(*at, "external links differ from the source: " + "; ".join(parts))
    images = sum(1 for link in article.links if link.kind in ("image", "html-src"))
    source_images = sum(1 for link in source.links if link.kind in ("image", "html-src"))
    if images != source_images:
        yield IMAGES_DIFFER.finding(*at, f"{images} images here, {source_images} in the source")
    if mine.code_blocks != theirs.code_blocks:
        if len(mine.code_blocks) != len(theirs.code_blocks):
            message = f"{len(mine.code_blocks)} code blocks here, {len(theirs.code_blocks)} in the source"
        else:
            index = next(i for i, (a, b) in enumerate(zip(mine.code_blocks, theirs.code_blocks, strict=True)) if a != b)
            message = f"code block {index + 1} differs from the source's"
        yield CODE_DIFFERS.finding(*at, message)
    missing_numbers = Counter(_numbers(source.prose)) - Counter(_numbers(article.prose))
    if missing_numbers:
        yield NUMBERS_DIFFER.finding(*at, f"numbers of the source missing here: {', '.join(sorted(missing_numbers))}")
    if len(mine.bold) != len(theirs.bold):
        yield BOLD_DIFFERS.finding(*at, f"{len(mine.bold)} bold UI labels here, {len(theirs.bold)} in the source")


def _numbers(text: str) -> list[str]:
    return [re.sub(r"[.,]", "", n) for n in _NUMBER.findall(text)]


def _untranslated(article: Article, source: Article, at: Position) -> Iterator[Finding]:
    candidates = [
        sentence
        for sentence in (" ".join(s.split()) for s in _SENTENCE_END.split(source.prose))
        if len(sentence.split()) >= MIN_SENTENCE_WORDS and len(_COMMON_WORD.findall(sentence)) >= MIN_COMMON_WORDS
    ]
    found = _substrings_in(" ".join(article.prose.split()), set(candidates)) if candidates else set()
    left = [sentence for sentence in candidates if sentence in found]
    if left:
        example = left[0] if len(left[0]) <= 80 else left[0][:77] + "..."
        yield UNTRANSLATED.finding(*at, f'{len(left)} source sentence(s) left untranslated, e.g. "{example}"')


def _glossary(article: Article, source: Article, locales: Locales, at: Position) -> Iterator[Finding]:
    locale = locales.for_folder(article.locale)
    glossary = locale.glossary if locale else {}
    terms = {str(term): str(required) for term, required in (glossary.get("terms") or {}).items()}
    keep = [str(term) for term in glossary.get("keep") or []]
    no_loc = source.meta.get("no-loc") or []
    keep += [str(term) for term in (no_loc if isinstance(no_loc, list) else [no_loc])]
    if not keep and not terms:
        return
    in_source = _words_in(source.prose, {*keep, *terms}, ignore_case=True)
    kept = _words_in(article.prose, {term for term in keep if term in in_source}, ignore_case=False)
    for term in keep:
        if term in in_source and term not in kept:
            yield GLOSSARY.finding(*at, f"'{term}' must stay as it is (do not translate), but is not in the translation")
    used = _words_in(article.prose, {terms[term] for term in terms if term in in_source}, ignore_case=True)
    for term, required in terms.items():
        if term in in_source and required not in used:
            yield GLOSSARY.finding(*at, f"the glossary translates '{term}' as '{required}', which the translation does not use")


# Terms and sentences are looked for all at once, with an Aho-Corasick automaton (pyahocorasick):
# one pass over the text whatever their number. One search per term made 20,000 no-loc terms
# against 500 KB of text a matter of minutes.


def _substrings_in(text: str, needles: set[str]) -> set[str]:
    """The needles that occur in ``text``, as ``needle in text`` says of each."""
    return _occurring(text, {needle: [needle] for needle in needles if needle}) | ({""} & needles)


def _words_in(text: str, terms: set[str], *, ignore_case: bool) -> set[str]:
    r"""The terms that occur in ``text`` not inside a longer word: what
    ``re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE if ignore_case else 0)`` finds of each.

    Both sides are compared in their :func:`_word_form`, where a term's boundaries are part of
    the string to find, so that every occurrence found is a real one; ignoring case, both are
    first folded as ``re`` folds them."""
    prepare = _fold if ignore_case else str  # folded first: word boundaries are those of what is compared
    needles: dict[str, list[str]] = {}
    for term in terms:
        # Decoded text never holds a lone surrogate: a term with one (the word form's markers) cannot occur.
        if not _SURROGATE.search(term):
            needles.setdefault(_word_form(prepare(term)), []).append(term)
    return _occurring(_word_form(prepare(text)), needles)


def _occurring(haystack: str, needles: dict[str, list[str]]) -> set[str]:
    """The values of the needles that occur in ``haystack``, each found once. The automaton reports
    every occurrence of every needle, so needles nested in one another (``a``, ``a a``, ``a a a``
    ...) could report thousands at each position: once the needles already found have been
    reported again as often as the automaton is long, it is rebuilt without them."""
    found: set[str] = set()
    pending = set(needles)
    start = 0
    while pending:
        automaton = ahocorasick.Automaton()
        for needle in pending:
            automaton.add_word(needle, needle)
        automaton.make_automaton()
        longest = max(map(len, pending))
        repeats_allowed = sum(map(len, pending)) + 4096
        for end, needle in automaton.iter(haystack, start):
            if needle in pending:
                pending.discard(needle)
                found.update(needles[needle])
                if not pending:
                    break
            else:
                repeats_allowed -= 1
                if repeats_allowed < 0:
                    start = max(start, end - longest + 1)  # an occurrence not reported yet ends at end or later
                    break
        else:
            break
    return found


# Between two characters of a word form: a word boundary (one side a word character, as re's \w,
# the other not), or two characters neither of which is a word character; the text is taken to
# begin and end beside one that is not.
_BOUNDARY = "\ud800"
_BETWEEN_NON_WORDS = "\ud801"
_WORD_BOUNDARY = re.compile(r"\b")
_NON_WORDS = re.compile(r"(?<![\w\ud800])(?![\w\ud800])")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _word_form(text: str) -> str:
    r"""``text`` with a marker wherever a term may begin or end: ``a b`` becomes ``|a| |b|`` (``|``
    a word boundary) and `` -`` ``:: :-:`` (``:`` between two non-word characters). A term that
    occurs in a text's word form occurs in the text with nothing of a word beside it, as
    ``(?<!\w)term(?!\w)`` asks, and where the pattern finds it, it occurs in the word form."""
    return _NON_WORDS.sub(_BETWEEN_NON_WORDS, _WORD_BOUNDARY.sub(_BOUNDARY, text))


class _FoldTable(dict[int, int]):
    """Each character to the one that stands for all those ``re`` takes it for under IGNORECASE (its
    lower case and the few more ``re`` adds: ``ſ`` is ``s``, ``ı`` is ``i``): the smallest of them
    that is a word character, else the smallest. The only such set that mixes word characters and
    others is iota's, with U+0345 (combining ypogegrammeni): ignoring case, that one counts as a
    letter at a term's edges, where the pattern would take it for a non-word character."""

    def __missing__(self, code: int) -> int:
        lower = _sre.unicode_tolower(code)
        folded = min((lower, *_EXTRA_CASES.get(lower, ())), key=lambda c: (not _is_word(chr(c)), c))
        self[code] = folded
        return folded


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"  # re's \w


_FOLD = _FoldTable()


def _fold(text: str) -> str:
    return text.lower() if text.isascii() else text.translate(_FOLD)


def _few(items: list[str]) -> str:
    shown = ", ".join(items[:2])
    return shown + (f" and {len(items) - 2} more" if len(items) > 2 else "")
