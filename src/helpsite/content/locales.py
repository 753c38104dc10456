"""locales/: one YAML file per locale, the single source of truth for the site's languages."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import langcodes
import yaml

from helpsite.errors import ConfigError

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's where installed: 20 times faster
_DIRECTIONS = ("ltr", "rtl")


@functools.lru_cache(maxsize=1024)
def valid_tag(tag: str) -> bool:
    """``langcodes.tag_is_valid``, remembered: its pattern of every registered subtag costs 15
    microseconds a call, and a site's pages declare the same few tags thousands of times."""
    return langcodes.tag_is_valid(tag)


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
    "footnote_backlink_title": "Jump back to footnote {number} in the text",  # the ↩ link's tooltip (Python-Markdown's footnotes)
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
    # The review queue's planning columns, and each translation's review page beside its source.
    "review_words": "words",
    "review_words_changed": "{words} new or changed",
    "review_owner": "owner",
    "review_due": "due {date}",
    "review_side_by_side": "beside its source",
    "sbs_title": "Review: {title}",
    "sbs_translation": "translation",
    "sbs_source": "source",
    "sbs_source_hash": "source hash at hand-off",
    "sbs_source_now": "the source's now: {hash}",
    "sbs_source_same": "the source's still",
    "sbs_source_commit": "source commit at hand-off",
    "sbs_due": "due date",
    "sbs_reviewer": "reviewer",
    "sbs_review_date": "review date",
    "sbs_handoff_text": "the source at hand-off",
    "sbs_from_git": "git, commit {commit}",
    "sbs_from_snapshot": "helpsite's snapshot {path}",
    "sbs_handoff_unknown": "not known: git does not have the hand-off commit, and .helpsite/handoff/ has no snapshot of the source",
    "sbs_work": "work",
    "sbs_work_changed": "{words} words new or changed in the source since hand-off",
    "sbs_work_page": "{words} words: the whole source",
    "sbs_work_unknown": "{words} words: the whole source (its text at hand-off is not known)",
    "sbs_none": "none",
    "sbs_mark_title": "Mark reviewed",
    "sbs_mark_text": "When the translation is right, record the review (in the folder of mkdocs.yml):",
    "sbs_changes_title": "Changes to the source since hand-off",
    "sbs_changes_none": "None: the source is as it was at hand-off.",
    "sbs_page_findings": "Findings of the page",
    "sbs_side_by_side": "Side by side",
    "sbs_removed": "Removed from the source since hand-off",
    "sbs_no_source": "no source page",
    "sbs_changed": "new or changed since hand-off",
    "sbs_heading": "heading {level}",
    "sbs_paragraph": "paragraph",
    "sbs_item": "list item",
    "sbs_row": "table row",
    "sbs_code": "code block",
    "sbs_html": "HTML block",
    "sbs_line": "line {line}",
    "sbs_lines": "lines {first}-{last}",
    "sbs_your_name": "YOUR NAME",
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
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    return read_locale(text, path)


def read_locale(text: str, path: Path) -> Locale:
    """The locale a locale file's ``text`` declares (``path``: the file, whose name is its code)."""
    try:
        data = yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ConfigError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must be a mapping of settings")
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown settings {', '.join(sorted(map(str, unknown)))}")
    code = str(data.get("code") or path.stem)
    if code != path.stem:
        raise ConfigError(f"{path}: code '{code}' must match the file name")
    tag = str(data.get("tag") or code)
    if not valid_tag(tag):
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


# The top-level keys a new locale's file gets its own values for; the rest of the template is kept.
_LOCALE_OWN_KEYS = ("code", "tag", "name", "search_language", "direction", "fallback")
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def locale_file_from(template: Locale, template_text: str, code: str, tag: str, search_languages: frozenset[str]) -> str:
    """The text of a new locale's file, made from another's (the source locale's): its UI strings and
    comments kept, with every UI string it leaves to helpsite's defaults, all to be translated; its
    own code, tag, name (the language's own name), search language (``search_languages``: the
    stemmers the theme has; else the template's), text direction (CLDR's, through Babel) and the
    template as its fallback; no ``source:``, no glossary and no
    navigation titles (those are a translation's own). Raises ConfigError if the result is not a
    valid locale file."""
    import babel

    language = langcodes.Language.get(tag).language or code
    try:
        direction = "rtl" if babel.Locale.parse(language).character_order == "right-to-left" else "ltr"
    except (ValueError, babel.UnknownLocaleError):
        direction = "ltr"
    own = {
        "code": code,
        "tag": tag,
        "name": langcodes.Language.get(language).autonym(),
        "search_language": language if language in search_languages else template.search_language,
        "direction": direction,
        "fallback": template.code,
    }
    lines: list[str] = []
    skipping, after_own = False, None
    for line in template_text.splitlines():
        key = _TOP_KEY.match(line)
        if key:
            skipping = key.group(1) in ("source", "glossary", "nav")
            if key.group(1) in own:
                comment = line[line.index("#") :] if "#" in line and key.group(1) != "name" else ""
                lines.append(
                    f"{key.group(1)}: {json.dumps(own.pop(key.group(1)), ensure_ascii=False)}" + (f"  {comment}" if comment else "")
                )
                after_own = len(lines)
                continue
        elif skipping and (line.startswith((" ", "\t", "-")) or not line.strip()):
            continue
        if not skipping:
            lines.append(line)
    if after_own is None:
        after_own = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    missing = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in own.items()]
    lines = [*lines[:after_own], *missing, *lines[after_own:]]
    # Every UI string, so a translator sees all there is to translate: those the template leaves to
    # helpsite's English defaults too, at the end of its strings.
    left = [(key, value) for key, value in DEFAULT_STRINGS.items() if value and key not in template.strings]
    defaults = [f"  {key}: {json.dumps(value, ensure_ascii=False)}" for key, value in left]
    start = next((i for i, line in enumerate(lines) if _TOP_KEY.match(line) and line.startswith("strings:")), None)
    if start is None:
        lines += ["strings:", *defaults] if defaults else []
    else:
        end = start + 1
        while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
            end += 1
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        lines[end:end] = defaults
    head = f"# Made by `helpsite new --create-locale` from {template.code}.yml: translate its strings (still the {template.code} ones)."
    text = "\n".join([head, *lines]) + "\n"
    created = read_locale(text, Path(f"{code}.yml"))
    if created.code != code or created.source:
        raise ConfigError(f"{code}.yml: the template {template.code}.yml does not make a locale file")
    return text
