"""locales/: one YAML file per locale, the single source of truth for the site's languages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import langcodes
import yaml

from helpsite.errors import ConfigError

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's where installed: 20 times faster
_DIRECTIONS = ("ltr", "rtl")
# helpsite's own UI strings, in English: what a page shows when neither the locale nor its fallback
# chain nor the source locale has the key in ``strings:``. The README's "UI strings" lists them.
# ``{date}``, ``{title}`` are filled in where the text is used.
DEFAULT_STRINGS: dict[str, str] = {
    "site_name": "",  # empty: mkdocs.yml's site_name
    "title_suffix": "",  # after a page's title in the browser's tab; empty: the site name
    "copyright": "",
    "made_with": "Made with",
    "mt_status": "Machine translated",
    "mt_notice": "This page was translated by machine and has not yet been reviewed.",
    "mt_notice_link": "Read the original page",
    "outdated_status": "Outdated translation",
    "outdated_notice": "The original page has changed since this translation was made.",
    "fallback_status": "Not yet translated",
    "fallback_notice": "This page is not yet available in your language; it is shown in the original language.",
    "last_updated": "Last updated on {date}",
    "related_title": "Related articles",
    "permalink_title": "Permanent link",  # the heading's ¶ link (Python-Markdown's toc writes it in English)
    "feedback_title": "Was this page helpful?",
    "feedback_yes": "Yes",
    "feedback_no": "No",
    "feedback_thanks": "Thank you for your feedback.",
    "not_found_title": "Page not found",
    "not_found_text": "The page you asked for does not exist or has moved. Search the help centre, or start from the home page.",
    "not_found_home": "Go to the home page",
    "status_title": "Translation status",
    "status_chart_title": "Translation status per language",
    "status_locale": "language",
    "status_pages": "pages",
    "status_translated": "translated",
    "status_orphans": "without source",
    "status_coverage": "coverage",
    "status_source": "source",
    "state_reviewed": "reviewed",
    "state_machine": "machine",
    "state_untyped": "untyped",
    "state_outdated": "outdated",
    "state_missing": "missing",
    "review_title": "Review queue",
    "review_empty": "Nothing to review.",
    "review_risk": "risk",
    "review_page": "page",
    "review_state": "state",
    "review_type": "type",
    "review_priority": "priority",
    "review_handoff": "hand-off",
    "review_source": "source text",
    "review_qa": "QA",
    "review_to_translate": "to translate",
    "review_machine": "machine translated",
    "review_outdated": "outdated",
    "review_reviewed": "reviewed",
    "staleness_current": "current",
    "staleness_outdated": "outdated",
    "staleness_unknown": "unknown",
    "priority_high": "high",
    "priority_normal": "normal",
}

_KNOWN_KEYS = {"code", "tag", "name", "search_language", "direction", "fallback", "source", "strings", "glossary", "nav"}


@dataclass(frozen=True, slots=True)
class Locale:
    code: str  # folder under docs/ and URL prefix, e.g. "nl"
    tag: str  # BCP 47 tag that articles declare in ms.contentlocale, e.g. "nl-NL"
    name: str  # shown in the language switcher, in the language itself
    search_language: str  # lunr stemmer language
    direction: str = "ltr"
    fallback: str | None = None  # locale whose page is served when this one has none
    source: bool = False  # the locale articles are written in and translated from
    strings: dict[str, str] = field(default_factory=dict)  # UI strings (notices, labels)
    glossary: dict[str, Any] = field(default_factory=dict)
    nav: dict[str, str] = field(default_factory=dict)  # navigation titles of the source, translated
    path: Path | None = None

    @property
    def language(self) -> str:
        return langcodes.Language.get(self.tag).language or self.code

    def matches_folder(self, folder: str) -> bool:
        return folder == self.code or folder.lower() == self.tag.lower()


class Locales:
    def __init__(self, locales: list[Locale]) -> None:
        self.all = sorted(locales, key=lambda loc: (not loc.source, loc.code))
        self.by_code = {loc.code: loc for loc in self.all}

    def __iter__(self):
        return iter(self.all)

    def __len__(self) -> int:
        return len(self.all)

    @property
    def source(self) -> Locale | None:
        return next((loc for loc in self.all if loc.source), None)

    def for_folder(self, folder: str) -> Locale | None:
        return self.by_code.get(folder) or next((loc for loc in self.all if loc.matches_folder(folder)), None)

    def string(self, locale: str, key: str) -> tuple[str | None, str | None]:
        """A UI string in ``locale``, else in its fallback chain, else in the source locale.

        Returns (text, locale it came from).
        """
        seen = set()
        current = self.by_code.get(locale)
        while current and current.code not in seen:
            seen.add(current.code)
            if key in current.strings:
                return current.strings[key], current.code
            current = self.by_code.get(current.fallback) if current.fallback else None
        source = self.source
        if source and key in source.strings:
            return source.strings[key], source.code
        return None, None

    def text(self, locale: str, key: str) -> str:
        """A UI string in ``locale`` (as :meth:`string`), else helpsite's English default (DEFAULT_STRINGS)."""
        found = self.string(locale, key)[0]
        return found if found is not None else DEFAULT_STRINGS.get(key, "")

    @classmethod
    def load(cls, folder: Path) -> Locales:
        if not folder.is_dir():
            raise ConfigError(f"{folder}: the locales folder does not exist; create one YAML file per locale in it")
        locales = [load_locale(path) for path in sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml"))]
        if not locales:
            raise ConfigError(f"{folder}: no locale files (*.yml)")
        result = cls(locales)
        sources = [loc.code for loc in locales if loc.source]
        if len(sources) != 1:
            raise ConfigError(f"{folder}: exactly one locale must say 'source: true' (found: {', '.join(sources) or 'none'})")
        codes = [loc.code for loc in locales]
        if len(set(codes)) != len(codes):
            raise ConfigError(f"{folder}: two locale files use the same code")
        for loc in locales:
            if loc.fallback and loc.fallback not in result.by_code:
                raise ConfigError(f"{loc.path}: fallback '{loc.fallback}' is not a configured locale")
        return result


def load_locale(path: Path) -> Locale:
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ConfigError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must be a mapping of settings")
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown settings {', '.join(sorted(map(str, unknown)))}")
    code = str(data.get("code") or path.stem)
    if code != path.stem:
        raise ConfigError(f"{path}: code '{code}' must match the file name")
    tag = str(data.get("tag") or code)
    if not langcodes.tag_is_valid(tag):
        raise ConfigError(f"{path}: tag '{tag}' is not a valid BCP 47 language tag")
    direction = str(data.get("direction", "ltr"))
    if direction not in _DIRECTIONS:
        raise ConfigError(f"{path}: direction must be ltr or rtl, not '{direction}'")
    strings = data.get("strings") or {}
    if not isinstance(strings, dict) or not all(isinstance(v, str) for v in strings.values()):
        raise ConfigError(f"{path}: strings must map names to text")
    glossary = data.get("glossary") or {}
    if not isinstance(glossary, dict):
        raise ConfigError(f"{path}: glossary must be a mapping")
    nav = data.get("nav") or {}
    if not isinstance(nav, dict) or not all(isinstance(v, str) for v in nav.values()):
        raise ConfigError(f"{path}: nav must map navigation titles to their translation")
    return Locale(
        code=code,
        tag=tag,
        name=str(data.get("name") or langcodes.Language.get(tag).autonym()),
        search_language=str(data.get("search_language") or langcodes.Language.get(tag).language),
        direction=direction,
        fallback=data.get("fallback"),
        source=bool(data.get("source", False)),
        strings={str(k): v for k, v in strings.items()},
        glossary=glossary,
        nav={str(k): v for k, v in nav.items()},
        path=path,
    )
