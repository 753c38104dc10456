"""What a translation must keep or translate one way: the locale's glossary and the source's ``no-loc`` list."""

from __future__ import annotations

import re

from helpsite.content.locales import Locale
from helpsite.model import Article


def kept_terms(source: Article, locale: Locale | None) -> list[str]:
    """Terms that stay as they are: the locale's glossary ``keep`` and the source's ``no-loc``."""
    keep = [str(term) for term in ((locale.glossary if locale else {}).get("keep") or [])]
    no_loc = source.meta.get("no-loc") or []
    return keep + [str(term) for term in (no_loc if isinstance(no_loc, list) else [no_loc])]


def glossary_terms(locale: Locale | None) -> dict[str, str]:
    """Source term -> the translation the locale's glossary requires."""
    terms = (locale.glossary if locale else {}).get("terms") or {}
    return {str(term): str(required) for term, required in terms.items()}


def term_pattern(term: str, case: bool = False) -> re.Pattern[str]:
    """The term as a whole word (or words) of a text."""
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", 0 if case else re.IGNORECASE)
