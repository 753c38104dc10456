"""Dates as a reader of a locale writes them: the front matter's MM/DD/YYYY (``ms.date``,
``ms.lasthandoff``) read, and written by Babel's CLDR data ("2 juni 2023", "June 2, 2023")."""

from __future__ import annotations

import datetime
import functools
from typing import Literal

from babel import Locale as BabelLocale
from babel import UnknownLocaleError
from babel.dates import format_date


def parse_day(value: object) -> datetime.date | None:
    """A front-matter date (MM/DD/YYYY, as the schema requires, or one YAML read as a date); None
    when it is none or not a real date."""
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        return None
    return _day(value)


@functools.lru_cache(maxsize=4096)
def _day(value: str) -> datetime.date | None:
    """A site has few distinct dates and reads each page's several times (strptime: 3 µs a call)."""
    try:
        return datetime.datetime.strptime(value.strip(), "%m/%d/%Y").date()
    except ValueError:
        return None


def format_day(day: datetime.date, tag: str, width: Literal["long", "medium", "short"] = "long") -> str:
    """The date as a reader of ``tag`` writes it (its language's when Babel has no data for the tag, else English)."""
    for candidate in (tag, tag.split("-", 1)[0]):
        try:
            return format_date(day, format=width, locale=BabelLocale.parse(candidate, sep="-"))
        except (ValueError, UnknownLocaleError):
            continue
    return format_date(day, format=width, locale=BabelLocale("en"))
