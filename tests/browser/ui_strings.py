"""The English UI strings a page in another language must not show, and a page's text as a reader
meets it (for the tests that look for English left on Dutch and Arabic pages)."""

from __future__ import annotations

import re
from pathlib import Path

from helpsite.content.locales import DEFAULT_STRINGS, Locales
from tests.conftest import REPO

MATERIAL_LANGUAGES = Path(__import__("material").__file__).parent / "templates" / "partials" / "languages"


def material_strings(language: str) -> dict[str, str]:
    text = (MATERIAL_LANGUAGES / f"{language}.html").read_text(encoding="utf-8")
    return dict(re.findall(r'^\s*"([^"]+)": "([^"]*)"', text, re.M))


def english_ui_strings(locale: str) -> list[str]:
    """Every English UI string a page in ``locale`` could show by mistake: Material's own (the keys
    whose text in that language differs) and helpsite's (its defaults and the English locale file),
    without the ``#``/``{date}`` placeholders."""
    locales = Locales.load(REPO / "locales")
    english, translated = material_strings("en"), material_strings(locale)
    found = {value for key, value in english.items() if key not in ("language", "search.config.lang") and value != translated.get(key)}
    found |= {locales.text("en", key) for key in DEFAULT_STRINGS if locales.text("en", key) != locales.text(locale, key)}
    found.add("Made with")  # Material's footer writes it in English, not through its translations
    pieces = {piece.strip() for value in found for piece in re.split(r"#|\{date\}", value)}
    return sorted(piece for piece in pieces if len(piece) > 1)


# The page's title, its visible text and the titles, placeholders and labels a reader meets; text
# marked as another language (an English article on a fallback copy, lang="en") is left out, and so
# are code and program output (a review page quotes Markdown whose DocFX attributes are English).
_VISIBLE_TEXT = """(locale) => {
  for (const el of document.querySelectorAll(`script, style, code, pre, samp, [lang]:not([lang="${locale}"])`)) el.remove();
  const attributes = [...document.querySelectorAll('[title], [placeholder], [aria-label]')]
    .map(el => [el.getAttribute('title'), el.getAttribute('placeholder'), el.getAttribute('aria-label')].join('\\n'));
  return document.title + '\\n' + document.body.innerText + '\\n' + attributes.join('\\n');
}"""


def visible_text(page, locale: str) -> str:
    """What a reader of the open page meets in ``locale`` (the page is changed: reload it to use it again)."""
    return page.evaluate(_VISIBLE_TEXT, locale)


def english_in(text: str, strings: list[str]) -> list[str]:
    """The strings that stand in ``text`` as words of their own."""
    return [s for s in strings if re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", text)]
