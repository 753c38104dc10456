"""LOC: the declared locale, the folder's locale and the language the text is really written in."""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterator

import langcodes

from helpsite.checks import detections
from helpsite.content.config import Settings
from helpsite.content.locales import Locale, Locales, valid_tag
from helpsite.model import Article, Finding, RuleSet, Severity

RULESET = RuleSet()

BAD_TAG = RULESET.rule(
    "LOC001",
    "invalid-locale-tag",
    Severity.ERROR,
    "ms.contentlocale is not a valid BCP 47 language tag",
    """
    ``ms.contentlocale`` must be a BCP 47 tag such as ``nl-NL`` or ``de-DE``. Case does not
    matter (``nl-nl`` is the same tag).""",
)
LOCALE_MISMATCH = RULESET.rule(
    "LOC002",
    "locale-mismatch",
    Severity.ERROR,
    "ms.contentlocale disagrees with the article's locale folder",
    """
    The article sits in one locale's folder but declares another. A different language is an
    error (the page is published under the wrong language); the same language with another
    region (``nl-BE`` in the ``nl-NL`` folder) is a warning.""",
)
WRONG_LANGUAGE = RULESET.rule(
    "LOC004",
    "wrong-language",
    Severity.WARNING,
    "The text is written in another language than declared",
    """
    The language of the article's running text (headings, paragraphs and lists, without code,
    HTML or URLs) is detected offline with py3langid. The rule fires only when there are at least
    ``min_letters`` letters of text (200 by default: short or code-heavy pages are never judged),
    the detected language differs from the declared one, and the detector is at least
    ``min_confidence`` sure (0.99 by default). Typical cause: an untranslated English article
    copied into a translation folder.""",
)

LOCALE_KEY = "ms.contentlocale"

# Languages the detector may answer with: the help-centre languages most often seen, plus the
# site's own. A small candidate set makes the detector both faster and less prone to exotic
# confusions (Dutch read as Afrikaans) on short texts.
COMMON_LANGUAGES = (
    "en",
    "nl",
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "da",
    "sv",
    "no",
    "fi",
    "pl",
    "cs",
    "hu",
    "ro",
    "tr",
    "ru",
    "uk",
    "el",
    "ja",
    "zh",
    "ko",
    "ar",
    "he",
    "th",
    "id",
    "vi",
)
_DETECTOR_ALIASES = {"nb": "no", "nn": "no"}
_WORD = re.compile(r"[^\W\d_]+")  # a run of letters
# In ASCII text the runs of letters are what is left between spaces once every other byte is one:
# a translation and a split in C, two and a half times faster than the pattern.
_ASCII_LETTERS_ONLY = bytes(byte if chr(byte).isascii() and chr(byte).isalpha() else 0x20 for byte in range(256))


def words_of(text: str) -> list[str]:
    """The runs of letters in ``text``."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_LETTERS_ONLY).decode("ascii").split()
    return _WORD.findall(text)


DETECTION_SAMPLE = 1_000  # characters of running text given to the detector; see the README (LOC004)

# A text whose declared language clearly wins on stop words needs no detector: at least a quarter
# of its words (and ten or more) are that language's stop words, and at least twice as many as
# any other candidate language's. Measured on 11,400 pages (see the README, LOC004): py3langid read
# every page that passes as its declared language, with a probability of 0.997 or more.
CLEAR_SHARE = 0.25
CLEAR_MINIMUM = 10
CLEAR_LEAD = 2
_STOP_WORD_LISTS = {"no": "nb"}  # the detector's Norwegian is the lists' Bokmål


@functools.cache
def _full_identifier():
    from helpsite.checks.language_model import load_identifier  # numpy and the model load only when needed

    return load_identifier()


@functools.lru_cache(maxsize=8)
def _identifier(languages: tuple[str, ...]):
    # The model is read once (a second or more); each set of candidate languages is a view of it.
    identifier = copy.copy(_full_identifier())
    identifier.set_languages([lang for lang in languages if lang in identifier.labels] or None)
    return identifier


def detector_languages(locales: Locales) -> tuple[str, ...]:
    return _with_common_languages(tuple(loc.language for loc in locales))


@functools.lru_cache(maxsize=8)
def _with_common_languages(own: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({_DETECTOR_ALIASES.get(language, language) for language in own} | set(COMMON_LANGUAGES)))


_FIELD = 16  # bits per language in a packed count: more than a sample's words


@functools.lru_cache(maxsize=8)
def _stop_word_index(languages: tuple[str, ...]) -> dict[str, int]:
    """Each stop word of the languages that have a list, as a packed count: one for each language
    (the ``_FIELD`` bits at its position in ``languages``) whose stop word it is. Adding up a
    text's words counts every language's stop words in one pass."""
    import stop_words

    index: dict[str, int] = {}
    for position, language in enumerate(languages):
        try:
            words = stop_words.get_stop_words(_STOP_WORD_LISTS.get(language, language))
        except stop_words.StopWordError:
            continue  # no list: a language that cannot win, nor stop another from winning
        for word in set(words):
            index[word] = index.get(word, 0) + (1 << (_FIELD * position))
    return index


def stop_word_hits(words: list[str], languages: tuple[str, ...]) -> list[int]:
    """How many of ``words`` (runs of letters) are stop words of each of ``languages``, in one pass."""
    lowered = " ".join(words).lower().split(" ")
    packed = sum(filter(None, map(_stop_word_index(languages).get, lowered)))  # stop words only: no zero added to a big sum
    mask = (1 << _FIELD) - 1
    return [(packed >> (_FIELD * position)) & mask for position in range(len(languages))]


def clearly_written_in(words: list[str], language: str, languages: tuple[str, ...]) -> bool:
    """Whether stop words alone show a text (its ``words``, runs of letters) in ``language`` rather
    than in any other of ``languages``."""
    if not words:
        return False
    hits = stop_word_hits(words, languages)
    own = hits.pop(languages.index(language))
    return own >= CLEAR_MINIMUM and own >= CLEAR_SHARE * len(words) and own >= CLEAR_LEAD * max(hits, default=0)


# The letters of each script the test below knows, by Unicode block (Korean: Hangul alone, as
# Hanja are Chinese characters too).
_SCRIPT_LETTERS = {
    "Arab": re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"),
    "Hebr": re.compile("[\u0590-\u05ff\ufb1d-\ufb4f]"),
    "Grek": re.compile("[\u0370-\u03ff\u1f00-\u1fff]"),
    "Thai": re.compile("[\u0e00-\u0e7f]"),
    "Kore": re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff]"),
}


@functools.lru_cache(maxsize=64)
def script_of(language: str) -> str | None:
    """The script a language is most likely written in (ISO 15924: ``Latn``, ``Arab`` ...), as langcodes says."""
    try:
        return langcodes.Language.get(language).maximize().script
    except (LookupError, ValueError):  # no language langcodes knows: no script
        return None


@functools.lru_cache(maxsize=64)
def _letters_of_its_own_script(language: str, languages: tuple[str, ...]) -> re.Pattern[str] | None:
    script = script_of(language)
    if any(script_of(other) == script for other in languages if other != language):
        return None
    return _SCRIPT_LETTERS.get(script or "")


_NOT_LATIN = re.compile("[^\u0000-\u024f]")  # a letter outside the Latin alphabets (and their extensions)


def outside_latin(letters: str) -> int:
    """How many of ``letters`` are outside the Latin alphabets (at U+0250 or above)."""
    return len(_NOT_LATIN.findall(letters))


def clearly_in_its_own_script(words: list[str], language: str, languages: tuple[str, ...]) -> bool:
    """Whether most letters of ``words`` (runs of letters) are in a script that ``language`` alone of
    ``languages`` is written in, and all the others Latin: Arabic technical text, whose particles
    are parts of words and which names English products, is short of stop words, but no other
    candidate writes its letters. A third script leaves the page to the detector: it weighs a
    text's bytes, and Thai's and Japanese letters take three to Arabic's two."""
    letters = _letters_of_its_own_script(language, languages)
    if letters is None:
        return False
    text = "".join(words)
    own = len(letters.findall(text))
    return own * 2 > len(text) and own == outside_latin(text)


def detect_language(text: str, languages: tuple[str, ...]) -> tuple[str, float]:
    """The detector's answer (language, confidence), from the answers kept by an earlier run when
    the check keeps them (:mod:`helpsite.checks.detections`)."""
    kept = detections.current()
    return kept.answer(text, languages, _detect) if kept is not None else _detect(text, languages)


def _detect(text: str, languages: tuple[str, ...]) -> tuple[str, float]:
    language, confidence = _identifier(languages).classify(text)
    return language, float(confidence)


def language_name(code: str | None) -> str:
    """The English name of a language subtag; None (a tag like und-NL names no language) is "Unknown language"."""
    subtag = code or "und"
    try:
        return langcodes.Language.get(subtag).display_name()
    except (LookupError, ValueError):
        return subtag


def check_locale(article: Article, locales: Locales, settings: Settings) -> Iterator[Finding]:
    if not article.readable:
        return
    folder_locale = locales.for_folder(article.locale)
    declared = article.meta.get(LOCALE_KEY)
    declared_tag: langcodes.Language | None = None
    if declared is not None:
        line, column = article.line_of(LOCALE_KEY), article.column_of(LOCALE_KEY)
        if not isinstance(declared, str) or not valid_tag(declared):
            yield BAD_TAG.finding(article.display_path, line, column, f"{LOCALE_KEY} {declared!r} is not a valid BCP 47 language tag")
        elif "_" in declared:  # langcodes reads POSIX locale names (nl_NL); BCP 47 has hyphens only
            fixed = declared.replace("_", "-")
            yield BAD_TAG.finding(
                article.display_path, line, column, f"{LOCALE_KEY} {declared!r} is a POSIX locale name, not a BCP 47 tag", fix=fixed
            )
        else:
            declared_tag = langcodes.Language.get(declared)
            yield from _compare_with_folder(article, declared, declared_tag, folder_locale, line, column)
    yield from _check_text_language(article, declared_tag, folder_locale, locales, settings)


def _expected_tag(article: Article, folder_locale: Locale | None) -> langcodes.Language | None:
    if folder_locale:
        return langcodes.Language.get(folder_locale.tag)
    if valid_tag(article.locale):
        return langcodes.Language.get(article.locale)
    return None


def _compare_with_folder(
    article: Article, declared: str, tag: langcodes.Language, folder_locale: Locale | None, line: int, column: int
) -> Iterator[Finding]:
    expected = _expected_tag(article, folder_locale)
    if expected is None:
        return
    shown_expected = folder_locale.tag if folder_locale else article.locale
    if tag.language != expected.language:
        yield LOCALE_MISMATCH.finding(
            article.display_path,
            line,
            column,
            f"{LOCALE_KEY} is {declared} ({language_name(tag.language)}) but the article is in the "
            f"'{article.locale}' folder ({language_name(expected.language)})",
            fix=shown_expected,
        )
    elif (tag.territory and expected.territory and tag.territory != expected.territory) or (
        tag.script and expected.script and tag.script != expected.script
    ):
        yield LOCALE_MISMATCH.finding(
            article.display_path,
            line,
            column,
            f"{LOCALE_KEY} is {declared} but the '{article.locale}' folder is {shown_expected}",
            severity=Severity.WARNING,
            fix=shown_expected,
        )


def _check_text_language(
    article: Article,
    declared_tag: langcodes.Language | None,
    folder_locale: Locale | None,
    locales: Locales,
    settings: Settings,
) -> Iterator[Finding]:

    expected = declared_tag or _expected_tag(article, folder_locale)
    if expected is None or not expected.language:
        return
    prose = article.prose[:DETECTION_SAMPLE]
    words = words_of(prose)
    if sum(map(len, words)) < settings.language_min_letters:  # every letter is in a word
        return
    expected_language = _DETECTOR_ALIASES.get(expected.language, expected.language)
    languages = detector_languages(locales)
    if expected_language not in languages:
        languages = tuple(sorted((*languages, expected_language)))
    if clearly_written_in(words, expected_language, languages) or clearly_in_its_own_script(words, expected_language, languages):
        return
    detected, confidence = detect_language(prose, languages)
    if detected == expected_language or confidence < settings.language_min_confidence:
        return
    line = article.headings[0].line if article.headings else article.body_line
    yield WRONG_LANGUAGE.finding(
        article.display_path,
        line,
        1,
        f"the text reads as {language_name(detected)} ({detected}, confidence {confidence:.2f}) but the article is "
        f"declared {language_name(expected.language)} ({expected.to_tag()})",
    )
