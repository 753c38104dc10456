"""L10N: a translation against its source: staleness, structure, untranslated text, glossary."""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # re's own case folding: terms must match as a pattern of them would
import functools
import re
from collections import Counter
from collections.abc import Iterator, Set
from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]

import ahocorasick
import langcodes

from helpsite.checks.locale import detect_language, detector_languages, language_name, outside_latin, script_of, stop_word_hits, words_of
from helpsite.checks.numbers import missing_numbers
from helpsite.content.config import Settings
from helpsite.content.locales import Locale, Locales, valid_tag
from helpsite.content.site import Site
from helpsite.model import Article, Finding, RuleSet, Severity
from helpsite.translation.glossary import kept_terms as _kept_terms
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
    Prices, limits, durations, dates and version numbers must survive translation. Numbers are
    compared as values, each read in its own locale's conventions (CLDR through Babel): ``1,000``
    is ``1.000`` in Dutch, ``2 PM`` is ``14.00 uur``, ``10/3`` is ``3.10.`` in German, ``100K`` is
    ``100.000`` and ``30 million`` ``30 Millionen``; a number the translation writes as a word
    (``drei Minuten`` for ``3 minutes``) counts too. Each distinct value of the source must appear
    once at least (a number mentioned twice may be mentioned once); 0, 1, ``1:1`` and small
    ordinals (``3rd party``, ``Drittanbieter``) are not required. The message names what is
    missing and what the translation has instead (``6 PM (18:00)`` missing, ``16`` here).""",
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
    pipeline skipped. What is the same in both languages for a reason is left out before the
    words are counted: UI labels in bold, URLs, paths, commands and identifiers, the glossary's
    ``keep`` terms and the source's ``no-loc`` list; DocFX directives (``:::image ...
    alt-text="..."``) are markup, not sentences. A sentence the translation follows with its
    translation in brackets (an English page title kept on purpose) does not count, nor one the
    language detector already reads as the translation's language.""",
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


SOURCE_FRONT_MATTER = RULESET.rule(
    "L10N014",
    "front-matter-untranslated",
    Severity.WARNING,
    "A translation's title or description is still in the source language",
    """
    The ``title`` or ``description`` of a translation is the source's, word for word (with at
    least two ordinary lower-case words, so that a title that is only a product name does not
    count), or the language detector of LOC004 reads it as the source language. Search results,
    tabs and link previews then show the reader the source language. Only the ordinary words are
    judged: capitalised words and words with digits (product names) are left out, and what is
    left must have at least 20 letters; the detector chooses between the source and the
    translation's language and must be 0.99 sure.""",
)
HARD_CODED_LOCALE = RULESET.rule(
    "L10N015",
    "hard-coded-locale-url",
    Severity.WARNING,
    "A translation links to a URL that names another locale",
    """
    ``https://learn.microsoft.com/en-us/...``, ``https://support.microsoft.com/en-us/...`` or a
    root link ``/en-us/...`` in a Dutch page sends Dutch readers to the English page. These sites
    choose the reader's language themselves when the URL has no locale, so the fix is the same
    URL without its locale segment. Which sites do so is the setting ``locale_neutral_hosts``
    (``microsoft.com`` and ``office.com`` and their subdomains); a locale segment of the page's
    own language is not reported.""",
)


# Spaces after a full stop, or line breaks: a space first, then what it is checked against looking
# behind, so that re looks for the pattern by its first character (as numbers._NUMBER).
_SENTENCE_END = re.compile(r"\s(?:(?<=[.!?]\s)\s*|(?<=\n)\n*)")
MIN_SENTENCE_WORDS = 6
# A sentence of names ("Windows 10: Microsoft Edge, Internet Explorer, Chrome") stays the same in
# every language; only sentences with some ordinary lower-case words are evidence of skipped text.
MIN_COMMON_WORDS = 3
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_COMMON_WORD = re.compile(r"(?<!\S)[a-z\u00df-\u00ff]{2,}(?=[\s,.;:!?]|$)")
# DocFX directives (:::image type="content" source="..." alt-text="...":::) are markup, not sentences.
_DIRECTIVE = re.compile(r":::[^\n]*?(?::::|$)", re.MULTILINE)
# URLs, paths, commands and identifiers: the same in every language.
_CODE_LIKE = re.compile(
    r"https?://\S+|www\.\S+|\S*[\\=<>{}\[\]_@]\S*|\S*[a-z][A-Z]\S*|\S+\.(?:exe|ps1|psm1|dll|xml|json|csv|msi|com|net|org)\b\S*"
)
# ... of which paths, options and script names mark a command or its output.
_COMMAND_LIKE = re.compile(r"\S*[\\=]\S*|\S+\.(?:exe|ps1|psm1|dll|xml|json|csv|msi)\b|\S+::\S*")
SAME_LANGUAGE_CONFIDENCE = 0.9  # a source sentence the detector reads as the translation's language


def check_translation(article: Article, site: Site, locales: Locales, settings: Settings, git: GitHistory | None) -> Iterator[Finding]:
    if site.is_source(article):
        return
    locale = locales.for_folder(article.locale)
    if locale is not None and not locale.source:  # a translation, with its source page or without
        yield from _hard_coded_locales(article, locale, site, settings)
        yield from _front_matter_language(article, site.source_of(article), locale, locales)
    if site.source_folder is None:
        return
    source = site.source_of(article)
    line = article.headings[0].line if article.headings else article.body_line
    at: Position = (article.display_path, line, 1)
    if source is None:
        yield ORPHAN.finding(*at, f"no source page {site.source_folder}/{article.relpath}")
        return
    if not source.readable:  # nothing to compare with: the source's own finding says why
        return
    state = staleness(article, source, settings.review, git)
    if state.state == "outdated":
        key_line = article.line_of(state.keys[0])  # the key whose signal said so
        yield OUTDATED.finding(article.display_path, key_line, 1, f"outdated: {state.reason} ({source.display_path})")
    yield from _structure(article, source, at)
    yield from _numbers(article, source, locales, at)
    yield from _untranslated(article, source, locales, at)
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
    if len(mine.bold) != len(theirs.bold):
        yield BOLD_DIFFERS.finding(*at, f"{len(mine.bold)} bold UI labels here, {len(theirs.bold)} in the source")


def _numbers(article: Article, source: Article, locales: Locales, at: Position) -> Iterator[Finding]:
    missing, extra = missing_numbers(source.prose, _tag(source, locales), article.prose, _tag(article, locales))
    if missing:
        message = f"numbers of the source missing here: {_few([q.shown() for q in missing], 4)}"
        if extra:
            message += f"; numbers here that the source does not have: {_few([q.shown() for q in extra], 4)}"
        yield NUMBERS_DIFFER.finding(*at, message)


def _tag(article: Article, locales: Locales) -> str:
    """The BCP 47 tag of the article's language: its locale file's, else its folder name."""
    locale = locales.for_folder(article.locale)
    return locale.tag if locale else article.locale


def _untranslated(article: Article, source: Article, locales: Locales, at: Position) -> Iterator[Finding]:
    translated = " ".join(_DIRECTIVE.sub(" ", article.prose).split())
    if not translated:
        return
    noise: re.Pattern[str] | None = None  # compiled for the first candidate only: most pages have none
    sentences, candidates = _source_sentences(source.prose)
    found = _substrings_in(translated, candidates) if candidates else set()
    left = []
    judged: dict[str, bool] = {}  # a sentence the source repeats is judged once
    for sentence in sentences:
        if sentence not in found:
            continue
        if sentence not in judged:
            if noise is None:
                noise = _noise_pattern(source, _kept_terms(source, locales.for_folder(article.locale)))
            judged[sentence] = _left_untranslated(sentence, translated, noise, locales, article)
        if judged[sentence]:
            left.append(sentence)
    if left:
        example = left[0] if len(left[0]) <= 80 else left[0][:77] + "..."
        yield UNTRANSLATED.finding(*at, f'{len(left)} source sentence(s) left untranslated, e.g. "{example}"')


def _left_untranslated(sentence: str, translated: str, noise: re.Pattern[str], locales: Locales, article: Article) -> bool:
    """Whether a source sentence found in the translation is text the translation skipped."""
    if len(_COMMAND_LIKE.findall(sentence)) >= 2:
        return False  # a command or its output ("ErrorDetails - At C:\\Program Files\\...")
    # What is the same in both languages for a reason does not count: UI labels in bold, URLs,
    # paths and identifiers, terms kept untranslated.
    words = noise.sub(" ", sentence).split()
    if len(words) < MIN_SENTENCE_WORDS or len(_COMMON_WORD.findall(" ".join(words))) < MIN_COMMON_WORDS:
        return False
    if _followed_by_translation(translated, sentence):
        return False  # "[English title](url) (Dutch title)": the original kept on purpose, with its translation
    return not _reads_as(sentence, locales, article)  # the source may already have it in the translation's language


def _noise_pattern(source: Article, kept: list[str]) -> re.Pattern[str]:
    labels = sorted({label for label in source.structure.bold if label} | set(kept), key=len, reverse=True)
    terms = "|".join(re.escape(label) for label in labels[:200])
    return re.compile(f"(?i:{terms})|{_CODE_LIKE.pattern}") if terms else _CODE_LIKE


def _followed_by_translation(translated: str, sentence: str) -> bool:
    at = translated.find(sentence)
    while at != -1:
        if not translated.startswith(" (", at + len(sentence)) and not translated.startswith("(", at + len(sentence)):
            return False
        at = translated.find(sentence, at + 1)
    return True


def _reads_as(sentence: str, locales: Locales, article: Article) -> bool:
    """Whether the detector is sure the sentence is in the article's own language."""
    locale = locales.for_folder(article.locale)
    if locale is None:
        return False
    languages = tuple(sorted(set(detector_languages(locales)) | {locale.language}))
    language, confidence = detect_language(sentence, languages)
    return language == locale.language and confidence >= SAME_LANGUAGE_CONFIDENCE


def _glossary(article: Article, source: Article, locales: Locales, at: Position) -> Iterator[Finding]:
    locale = locales.for_folder(article.locale)
    terms = {str(term): str(required) for term, required in ((locale.glossary if locale else {}).get("terms") or {}).items()}
    keep = _kept_terms(source, locale)
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


@functools.lru_cache(maxsize=4096)  # a source's, asked again for each of its translations
def _source_sentences(prose: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """A source's sentences (spaces made single), and those with enough words to count."""
    sentences = tuple(" ".join(s.split()) for s in _SENTENCE_END.split(_DIRECTIVE.sub("\n", prose)))
    return sentences, frozenset(sentence for sentence in sentences if len(sentence.split()) >= MIN_SENTENCE_WORDS)


# Below this many characters of needles times text, ``needle in text`` for each needle is cheaper
# than building an automaton (a page's sentences in its translation: some thousands of characters
# each, a few dozen sentences); above it, the automaton's one pass bounds the work.
_SEARCHES_CHEAPER_THAN_AUTOMATON = 20_000_000


def _substrings_in(text: str, needles: Set[str]) -> set[str]:
    """The needles that occur in ``text``, as ``needle in text`` says of each."""
    if len(needles) * len(text) <= _SEARCHES_CHEAPER_THAN_AUTOMATON:
        return {needle for needle in needles if needle in text}
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


def _few(items: list[str], count: int = 2) -> str:
    shown = ", ".join(items[:count])
    return shown + (f" and {len(items) - count} more" if len(items) > count else "")


# The first path segment of a URL when it is a locale: /en-us/, /zh-hans/, /pt-br/.
_LOCALE_SEGMENT = re.compile(
    r"(?:(?:https?:)?//(?P<host>[^/?#]+))?/(?P<locale>[a-z]{2,3}(?:-[a-z]{4})?(?:-[a-z]{2}|-hans|-hant))(?=[/?#]|$)",
    re.IGNORECASE,
)


def _hard_coded_locales(article: Article, locale: Locale, site: Site, settings: Settings) -> Iterator[Finding]:
    for link in article.links:
        match = _LOCALE_SEGMENT.match(link.target)
        if not match:
            continue
        host = (match.group("host") or "").lower().rsplit("@", 1)[-1].split(":")[0]
        if host and not any(host == h or host.endswith("." + h) for h in settings.locale_neutral_hosts):
            continue
        if not host and (match.group("locale") in site.by_locale or not link.target.startswith("/")):
            continue  # a root link to one of the site's own locale folders
        tag = match.group("locale")
        if not valid_tag(tag) or langcodes.Language.get(tag).language == locale.language:
            continue
        fixed = link.target[: match.start("locale") - 1] + link.target[match.end("locale") :]
        yield HARD_CODED_LOCALE.finding(
            article.display_path,
            link.line,
            link.column,
            f"the URL names the locale '{tag}': readers of this {language_name(locale.language)} page get the "
            f"{language_name(tag)} one; without it the site picks the reader's language ({fixed})",
            fix=fixed,
        )


FRONT_MATTER_KEYS = ("title", "description")
FRONT_MATTER_MIN_LETTERS = 20  # of ordinary words (not names) in a title or description, to judge its language
FRONT_MATTER_CONFIDENCE = 0.99
# A title or description mostly in letters outside the Latin alphabets (a source in them), or with
# two stop words or more of the translation's language and none of the source's, is not read as
# the source language, and goes to no detector. Measured before it was used (see the README,
# L10N014): of 9,177 titles and descriptions (the Alchemy and Arabic Learn translations, the
# synthetic site's, and English, Dutch and German ones put in another language's place), they
# settle 3,171 of the 5,261 translations, and none that the detector flags.
FRONT_MATTER_CLEAR_MINIMUM = 2
_NAME_OR_NUMBER = re.compile(r"\S*(?:\d|[A-Z\u00c0-\u00de])\S*|[^\w\s]+")


def _front_matter_language(article: Article, source: Article | None, locale: Locale, locales: Locales) -> Iterator[Finding]:
    source_locale = locales.for_folder(source.locale) if source else locales.source
    if source_locale is None or source_locale.language == locale.language:
        return
    for key in FRONT_MATTER_KEYS:
        value = article.meta.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        where: Position = (article.display_path, article.line_of(key), article.column_of(key))
        theirs = source.meta.get(key) if source else None
        if isinstance(theirs, str) and " ".join(value.split()) == " ".join(theirs.split()):
            if len(_COMMON_WORD.findall(value)) >= 2:
                yield SOURCE_FRONT_MATTER.finding(*where, f"'{key}' is the source's, untranslated: {_show(value)}")
            continue
        ordinary = " ".join(_NAME_OR_NUMBER.sub(" ", value).split())
        if len(_NOT_LETTERS.sub("", ordinary)) < FRONT_MATTER_MIN_LETTERS:
            continue
        languages = tuple(sorted({source_locale.language, locale.language}))
        if _clearly_not_the_source(ordinary, source_locale.language, locale.language, languages):
            continue
        detected, confidence = detect_language(ordinary, languages)
        if detected == source_locale.language and confidence >= FRONT_MATTER_CONFIDENCE:
            yield SOURCE_FRONT_MATTER.finding(
                *where,
                f"'{key}' reads as {language_name(detected)} ({detected}, confidence {confidence:.2f}), "
                f"not {language_name(locale.language)}: {_show(value)}",
            )


def _clearly_not_the_source(text: str, source: str, own: str, languages: tuple[str, ...]) -> bool:
    if _in_latin_script(source) and not _in_latin_script(own) and _mostly_other_letters(text):
        return True  # an Arabic or Japanese title, its product names left out, is not English
    hits = dict(zip(languages, stop_word_hits(words_of(text), languages), strict=True))
    return hits[own] >= FRONT_MATTER_CLEAR_MINIMUM and hits[source] == 0


def _in_latin_script(language: str) -> bool:
    return script_of(language) == "Latn"


def _mostly_other_letters(text: str) -> bool:
    """Whether most of the text's letters are outside the Latin alphabets (below U+0250)."""
    letters = "".join(character for character in text if character.isalpha())
    return outside_latin(letters) * 2 > len(letters)


def _show(value: str) -> str:
    value = " ".join(value.split())
    return repr(value if len(value) <= 80 else value[:77] + "...")
