"""L10N: a translation against its source: staleness, structure, untranslated text, glossary."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from .. import registry as R
from ..config import ReviewSettings
from ..locales import Locales
from ..model import Article, Finding
from ..review import GitHistory, staleness
from ..site import Site

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
MIN_SENTENCE_WORDS = 6
# A sentence of names ("Windows 10: Microsoft Edge, Internet Explorer, Chrome") stays the same in
# every language; only sentences with some ordinary lower-case words are evidence of skipped text.
MIN_COMMON_WORDS = 3
_COMMON_WORD = re.compile(r"(?<!\S)[a-z\u00df-\u00ff]{2,}(?=[\s,.;:!?]|$)")


def check_translation(article: Article, site: Site, locales: Locales, settings: ReviewSettings, git: GitHistory | None) -> Iterator[Finding]:
    if site.is_source(article) or site.source_folder is None:
        return
    source = site.source_of(article)
    line = article.headings[0].line if article.headings else article.body_line
    at = (article.display_path, line, 1)
    if source is None:
        yield R.ORPHAN.finding(*at, f"no source page {site.source_folder}/{article.relpath}")
        return
    state = staleness(article, source, settings, git)
    if state.state == "outdated":
        key_line = article.line_of(settings.source_hash_key)
        yield R.OUTDATED.finding(article.display_path, key_line, 1, f"outdated: {state.reason} ({source.display_path})")
    yield from _structure(article, source, at)
    yield from _untranslated(article, source, at)
    yield from _glossary(article, source, locales, at)


def _structure(article: Article, source: Article, at: tuple) -> Iterator[Finding]:
    mine, theirs = article.structure, source.structure
    levels = Counter(h.level for h in article.headings)
    source_levels = Counter(h.level for h in source.headings)
    if levels != source_levels:
        differ = [f"H{lvl}: {levels[lvl]} here, {source_levels[lvl]} in the source" for lvl in sorted(levels | source_levels) if levels[lvl] != source_levels[lvl]]
        yield R.HEADINGS_DIFFER.finding(*at, "headings differ from the source: " + "; ".join(differ))
    if mine.list_items != theirs.list_items or mine.tables != theirs.tables:
        yield R.LISTS_DIFFER.finding(
            *at, f"{mine.list_items} list items and {mine.tables} tables here, {theirs.list_items} and {theirs.tables} in the source"
        )
    external = {link.target for link in article.links if link.target.startswith(("http://", "https://"))}
    source_external = {link.target for link in source.links if link.target.startswith(("http://", "https://"))}
    if external != source_external:
        missing, extra = sorted(source_external - external), sorted(external - source_external)
        parts = ([f"missing {_few(missing)}"] if missing else []) + ([f"not in the source {_few(extra)}"] if extra else [])
        yield R.LINKS_DIFFER.finding(*at, "external links differ from the source: " + "; ".join(parts))
    images = sum(1 for link in article.links if link.kind in ("image", "html-src"))
    source_images = sum(1 for link in source.links if link.kind in ("image", "html-src"))
    if images != source_images:
        yield R.IMAGES_DIFFER.finding(*at, f"{images} images here, {source_images} in the source")
    if mine.code_blocks != theirs.code_blocks:
        if len(mine.code_blocks) != len(theirs.code_blocks):
            message = f"{len(mine.code_blocks)} code blocks here, {len(theirs.code_blocks)} in the source"
        else:
            index = next(i for i, (a, b) in enumerate(zip(mine.code_blocks, theirs.code_blocks)) if a != b)
            message = f"code block {index + 1} differs from the source's"
        yield R.CODE_DIFFERS.finding(*at, message)
    missing_numbers = Counter(_numbers(source.prose)) - Counter(_numbers(article.prose))
    if missing_numbers:
        yield R.NUMBERS_DIFFER.finding(*at, f"numbers of the source missing here: {', '.join(sorted(missing_numbers))}")
    if len(mine.bold) != len(theirs.bold):
        yield R.BOLD_DIFFERS.finding(*at, f"{len(mine.bold)} bold UI labels here, {len(theirs.bold)} in the source")


def _numbers(text: str) -> list[str]:
    return [re.sub(r"[.,]", "", n) for n in _NUMBER.findall(text)]


def _untranslated(article: Article, source: Article, at: tuple) -> Iterator[Finding]:
    translated = " ".join(article.prose.split())
    left = [
        sentence
        for sentence in (" ".join(s.split()) for s in _SENTENCE_END.split(source.prose))
        if len(sentence.split()) >= MIN_SENTENCE_WORDS
        and len(_COMMON_WORD.findall(sentence)) >= MIN_COMMON_WORDS
        and sentence in translated
    ]
    if left:
        example = left[0] if len(left[0]) <= 80 else left[0][:77] + "..."
        yield R.UNTRANSLATED.finding(*at, f"{len(left)} source sentence(s) left untranslated, e.g. \"{example}\"")


def _glossary(article: Article, source: Article, locales: Locales, at: tuple) -> Iterator[Finding]:
    locale = locales.for_folder(article.locale)
    glossary = locale.glossary if locale else {}
    terms = glossary.get("terms") or {}
    keep = list(glossary.get("keep") or [])
    no_loc = source.meta.get("no-loc") or []
    keep += [str(term) for term in (no_loc if isinstance(no_loc, list) else [no_loc])]
    for term in keep:
        if _contains(source.prose, term) and not _contains(article.prose, term, case=True):
            yield R.GLOSSARY.finding(*at, f"'{term}' must stay as it is (do not translate), but is not in the translation")
    for term, required in terms.items():
        if _contains(source.prose, str(term)) and not _contains(article.prose, str(required)):
            yield R.GLOSSARY.finding(*at, f"the glossary translates '{term}' as '{required}', which the translation does not use")


def _contains(text: str, term: str, case: bool = False) -> bool:
    flags = 0 if case else re.IGNORECASE
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, flags) is not None


def _few(items: list[str]) -> str:
    shown = ", ".join(items[:2])
    return shown + (f" and {len(items) - 2} more" if len(items) > 2 else "")
