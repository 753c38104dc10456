"""Numbers as values in a locale's conventions: what L10N007 compares between a source and its translation.

A translation writes the same number another way: ``1,000`` becomes ``1.000``, ``2 PM`` becomes
``14.00 uur``, ``10/3`` becomes ``3.10.``, ``100K`` becomes ``100.000``, ``3 minutes`` becomes
``drei Minuten``. Each number of a text is read into the values it may stand for (its
*readings*), with the locale's decimal and group symbols, day periods, compact-number words and
date order taken from CLDR through Babel, and number words from num2words; a source number is
kept when one of its readings is among the translation's.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

Reading = tuple  # ("n", Decimal) a number, ("t", minutes) a time of day, ("d", month, day) a date, ("s", text) as written

# A number: digits with inner separators, not part of a name (E5, M365, Q1 are names on both sides).
# (Each pattern starts with a digit, then looks behind it: a pattern that starts with a character
# class is searched for by that class, position by position in C, while one that starts with a
# look-ahead or look-behind is tried at every position; a third faster than (?=\d) first.)
_NUMBER = re.compile(r"\d(?<=(?<![^\W\d_])(?<![\d.,])\d)\d*(?:[.,:/]\d+)*")
# ... and in a translation also grouped by spaces (10 000), read as well as its parts.
_SPACED_NUMBER = re.compile(r"\d(?<=(?<![^\W\d_])(?<![\d.,])\d)(?:\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?!\d|[.,]\d)|\d*(?:[.,:/]\d+)*)")
_SPACE = re.compile(r"[ \u00a0\u202f]")
_AFTER = re.compile(r"([ \u00a0\u202f]?)([^\W\d_][^\W\d_.]*\.?(?:[^\W\d_]\.)?)")
_SEPARATED = re.compile(r"[.,:/]")
_DAY_MONTH = re.compile(r"(?<![\d.,])(\d{1,2})\.? ([^\W\d_]{3,}\.?)(?: (\d{4}))?")
_MONTH_NUMBER = re.compile(r"([^\W\d_]{3,}\.?) (\d{1,2}|\d{4})(?![\d.,]\d)")
_HYPHEN_DATE = re.compile(r"(?<![\d-])(\d{1,2})-(\d{1,2}|\d{4})(?:-(?:\d{4}|\d{2}))?(?![\d-])")
_NEXT_TO_NOTHING = re.compile(r"[01](?::[01])?")  # 0, 1, 1:1: as often "a", "ein", "een", "single" or "Einzel-" as digits
_ENGLISH_ORDINAL = {"st", "nd", "rd", "th"}
MAX_SPELLED = 100  # numbers up to this may be written as words in the translation ("drei", "dertig")
SMALL_ORDINAL = 10  # "3rd party" is "Drittanbieter": small ordinals are often words


@dataclass(frozen=True, slots=True)
class Quantity:
    text: str  # as written, e.g. "6 PM", "1,000", "100K"
    readings: frozenset[Reading]
    optional: bool = False  # may be written as a word the translation does not spell out
    name: str | None = None  # the word of the name the number belongs to: Office in "Office 365"

    def shown(self) -> str:
        time = next((r for r in self.readings if r[0] == "t"), None)
        if time and re.search(r"[^\W\d_]", self.text):  # 6 PM (18:00)
            return f"{self.text} ({time[1] // 60:02d}:{time[1] % 60:02d})"
        return self.text


@dataclass(frozen=True, slots=True)
class Conventions:
    """A locale's ways of writing numbers, read from CLDR (Babel) and num2words."""

    language: str
    decimal: str
    group: str
    month_first: bool  # 10/3 is October 3rd (en-US) rather than 10 March
    periods: dict[str, int]  # "am" -> 0, "pm" -> 12 (lower case, without dots)
    scales: dict[str, int]  # "k" -> 1000, "million" -> 1000000, "mln" -> 1000000
    months: dict[str, int]  # "juli" -> 7, "jul" -> 7 (folded, without dots)
    words: tuple[tuple[str, int], ...]  # number words, longest first: ("dreißig", 30), ("drei", 3)


@functools.cache
def conventions(tag: str) -> Conventions:
    from babel import Locale, UnknownLocaleError
    from babel.numbers import get_decimal_symbol, get_group_symbol

    try:
        locale = Locale.parse(tag.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError):
        try:
            locale = Locale.parse(tag.split("-", maxsplit=1)[0])
        except (UnknownLocaleError, ValueError):
            locale = Locale.parse("en")
    # Latin digits: help articles write 1.000 even where CLDR's default digits are others (ar-SA).
    decimal, group = get_decimal_symbol(locale, numbering_system="latn"), get_group_symbol(locale, numbering_system="latn")
    pattern = locale.date_formats["short"].pattern
    month_first = pattern.find("M") < pattern.find("d")
    periods: dict[str, int] = {"am": 0, "pm": 12}
    for width in ("abbreviated", "wide", "narrow"):
        names = locale.day_periods.get("format", {}).get(width, {})
        for key, hours in (("am", 0), ("pm", 12)):
            if key in names:
                periods[_plain(names[key])] = hours
    scales: dict[str, int] = {}
    for width in ("short", "long"):
        for forms in locale.compact_decimal_formats.get(width, {}).values():
            for magnitude, form in forms.items():
                text = str(getattr(form, "pattern", form))
                zeros = text.count("0")
                word = _plain(text.replace("0", "").replace("'", ""))
                if zeros and word and not word.isdigit():
                    scales[word] = 10 ** (len(magnitude) - 1) // 10 ** (zeros - 1)
    months: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, month in locale.months.get(context, {}).get(width, {}).items():
                months.setdefault(_fold(month).rstrip("."), int(number))
    return Conventions(locale.language, decimal, group, month_first, periods, scales, months, _number_words(locale.language))


@functools.cache
def _number_words(language: str) -> tuple[tuple[str, int], ...]:
    from num2words import num2words

    words: dict[str, int] = {}
    try:
        for n in range(MAX_SPELLED + 1):
            words.setdefault(_fold(num2words(n, lang=language)), n)
        for n in range(1, 32):
            words.setdefault(_fold(num2words(n, lang=language, to="ordinal")), n)
    except (NotImplementedError, OverflowError, TypeError, ValueError):
        return ()
    return tuple(sorted(((w, n) for w, n in words.items() if len(w) >= 3), key=lambda item: -len(item[0])))


def _plain(text: str) -> str:
    return re.sub(r"[.\s\u00a0\u202f]+", "", text).lower()


def _fold(text: str) -> str:
    """Lower case without accents: één and een, dreißig and dreissig are found alike."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("ß", "ss"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("-", " ")


def quantities(text: str, locale: Conventions, *, lenient: bool = False) -> list[Quantity]:
    """The numbers of ``text`` with their readings in ``locale``. ``lenient`` (for the translation)
    also reads each number the other way round (a separator left as in the source, day and month
    swapped) and whole hours as times (``14`` for ``2 PM``)."""
    found: list[Quantity] = []
    for match in (_SPACED_NUMBER if lenient else _NUMBER).finditer(text):
        core, start, end = match.group(), match.start(), match.end()
        name = None if lenient else _name_before(text, start)  # only the source's names are looked for
        if _SEPARATED.search(core) and not _values(core, locale, lenient) and _clock(core) is None:
            # 2013,2016,2019 or 101.49.25: not one number; each part counts (and the whole, as written)
            parts = [_quantity(part, None, locale, lenient, name) for part in _SEPARATED.split(core) if part]
            found.extend(q for q in parts if q)
            found.append(Quantity(core, frozenset({("s", core)}), optional=True, name=name))
            continue
        after = _AFTER.match(text, end)
        if text.startswith(".", end) and text[end + 1 : end + 2].isupper():
            found.append(Quantity(core, frozenset({("s", core)}), optional=True))  # "2.Select": a step's number
            continue
        quantity = _quantity(core, after, locale, lenient, name)
        if quantity:
            found.append(quantity)
    return found


def _quantity(core: str, after: re.Match | None, locale: Conventions, lenient: bool, name: str | None) -> Quantity | None:
    word = _plain(after.group(2)) if after else ""
    glued = bool(after and not after.group(1))
    readings: set[Reading] = {("s", core)}
    optional = bool(_NEXT_TO_NOTHING.fullmatch(core))
    value = _integer(core)
    written = core
    if _SPACE.search(core):  # 10 000, or two numbers side by side
        readings.add(("n", Decimal(int(_SPACE.sub("", core)))))
        readings |= {("n", Decimal(int(part))) for part in _SPACE.split(core)}
    else:
        readings |= _values(core, locale, lenient)
    if after and word in locale.periods and value is not None and 1 <= value <= 12:
        readings = {("t", (value % 12 + locale.periods[word]) * 60), ("s", core)}
        written = _with_word(core, after)
    elif after and word and word in locale.scales and (glued or len(word) > 1):
        number = _number(core, locale.decimal, locale.group) or _number(core, locale.group, locale.decimal)
        if number is not None:
            readings.add(("n", number * locale.scales[word]))
            written = _with_word(core, after)
    elif glued and locale.language == "en" and word in _ENGLISH_ORDINAL and value is not None:
        optional = optional or value <= SMALL_ORDINAL
        written = core + word
    elif (time := _clock(core)) is not None:
        readings.add(("t", time))
    if lenient and value is not None and value <= 24:
        readings.add(("t", value * 60))
    return Quantity(written, frozenset(readings), optional, name)


def _name_before(text: str, start: int) -> str | None:
    """Office in "Office 365", Exchange in "Exchange 2010": a capitalised word before the number
    that does not start a sentence."""
    if text[start - 1 : start] != " ":
        return None
    words = text[max(0, start - 60) : start - 1].rsplit(" ", 2)
    if len(words) < 2 or not words[-2] or words[-2][-1] in ".!?\n":
        return None
    word = words[-1]
    return word if word[:1].isupper() and word.replace("-", "").isalpha() else None


def calendar_readings(text: str, locale: Conventions) -> set[Reading]:
    """Dates a translation writes with a month name (``31 juli``, ``februari 2009``) or hyphens
    (``9-10``), in either order of day and month."""
    readings: set[Reading] = set()
    for match in _DAY_MONTH.finditer(text):
        day, month, year = match.group(1), locale.months.get(_fold(match.group(2)).rstrip(".")), match.group(3)
        if month:
            readings.add(("d", month, int(day)))
            if year:
                readings.add(("m", month, int(year)))
    for match in _MONTH_NUMBER.finditer(text):
        month, number = locale.months.get(_fold(match.group(1)).rstrip(".")), int(match.group(2))
        if month:
            readings.add(("m", month, number) if number > 31 else ("d", month, number))
    for match in _HYPHEN_DATE.finditer(text):
        first, second = int(match.group(1)), int(match.group(2))
        if second > 31:
            readings.add(("m", first, second))  # 2-2009
            continue
        readings |= {("d", m, d) for m, d in ((first, second), (second, first)) if 1 <= m <= 12 and 1 <= d <= 31}
    return readings


def _with_word(core: str, after: re.Match) -> str:
    """6 PM, 100K, 30 million: the number with its word, without a full stop that ends the sentence."""
    word = after.group(2)
    return core + after.group(1) + (word[:-1] if word.endswith(".") and word.count(".") == 1 else word)


def spelled_numbers(text: str, locale: Conventions) -> set[int]:
    """Numbers written as words in ``text`` (``drei``, ``dertig``, ``zweistufig``), up to MAX_SPELLED."""
    pattern = _spelled_pattern(locale.words)
    if pattern is None:
        return set()
    values = dict(locale.words)
    return {values[word] for word in pattern.findall(_fold(text))}


@functools.cache
def _spelled_pattern(words: tuple[tuple[str, int], ...]) -> re.Pattern[str] | None:
    # Longest first, at the start of a word: dreißig before drei, and zweistufig counts as zwei.
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(word) for word, _ in words) + ")") if words else None


def _values(core: str, locale: Conventions, lenient: bool) -> set[Reading]:
    readings: set[Reading] = set()
    symbols = [(locale.decimal, locale.group), (locale.group, locale.decimal)] if lenient else [(locale.decimal, locale.group)]
    for decimal, group in symbols:
        number = _number(core, decimal, group)
        if number is not None:
            readings.add(("n", number))
    for date in _dates(core, locale.month_first, both_orders=lenient):
        readings.add(date)
    return readings


def _number(core: str, decimal: str, group: str) -> Decimal | None:
    """``core`` as a number written with these symbols: groups of three after the group symbol,
    a fraction after the decimal one."""
    match = _number_pattern(decimal, group).fullmatch(core)
    if not match:
        return None
    whole = match.group(1).replace(group, "")
    try:
        return Decimal(f"{int(whole)}.{match.group(2)}") if match.group(2) else Decimal(int(whole))
    except (InvalidOperation, ValueError):
        return None


@functools.cache
def _number_pattern(decimal: str, group: str) -> re.Pattern[str]:
    return re.compile(rf"(\d{{1,3}}(?:{re.escape(group)}\d{{3}})+|\d+)(?:{re.escape(decimal)}(\d+))?")


def _integer(core: str) -> int | None:
    return int(core) if core.isdigit() else None


def _clock(core: str) -> int | None:
    """A 24-hour time written H:MM or H.MM (minutes since midnight)."""
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", core)
    if not match or int(match.group(1)) > 24 or int(match.group(2)) > 59:
        return None
    return int(match.group(1)) * 60 + int(match.group(2))


def _dates(core: str, month_first: bool, both_orders: bool) -> Iterable[Reading]:
    month_year = re.fullmatch(r"(\d{1,2})[/.](\d{4})", core)
    if month_year and 1 <= int(month_year.group(1)) <= 12:
        return [("m", int(month_year.group(1)), int(month_year.group(2)))]
    match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?", core)
    if not match:
        return ()
    first, second = int(match.group(1)), int(match.group(2))
    orders = [(first, second), (second, first)] if both_orders else [(first, second) if month_first else (second, first)]
    return [("d", month, day) for month, day in orders if 1 <= month <= 12 and 1 <= day <= 31]


@functools.lru_cache(maxsize=4096)  # a source's, asked again for each of its translations
def _written_numbers(text: str) -> frozenset[str]:
    return frozenset(_NUMBER.findall(text))


def missing_numbers(source: str, source_locale: str, translation: str, target_locale: str) -> tuple[list[Quantity], list[Quantity]]:
    """The source's numbers that the translation has in no form, and the translation's numbers
    that the source does not have (shown beside the missing ones: ``6 PM`` became ``16``)."""
    written = _written_numbers(source)
    if not written or written <= set(_SPACED_NUMBER.findall(translation)):
        return [], []  # every number written as in the source: the usual case, and the fast one
    theirs = quantities(source, conventions(source_locale))
    target = conventions(target_locale)
    mine = quantities(translation, target, lenient=True)
    present = {reading for q in mine for reading in q.readings}
    missing: dict[frozenset, Quantity] = {}
    for quantity in theirs:
        if quantity.optional or quantity.readings & present:
            continue
        if quantity.name and not re.search(rf"(?<!\w){re.escape(quantity.name)}(?!\w)", translation):
            continue  # "Office 365 Security Center" became "Security Center": the name went, not a number
        missing.setdefault(quantity.readings, quantity)
    if missing:  # the slower readings, only for what is still missing
        dates = calendar_readings(translation, target)
        missing = {key: q for key, q in missing.items() if not key & dates}
    if missing:
        spelled = spelled_numbers(translation, target)
        missing = {key: q for key, q in missing.items() if not any(r[0] == "n" and r[1] in spelled for r in q.readings)}
    if not missing:
        return [], []
    known = {reading for q in theirs for reading in q.readings}
    extra = {q.text: q for q in mine if not q.optional and not q.readings & known}
    return list(missing.values()), list(extra.values())
