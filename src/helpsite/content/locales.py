"""locales/: one YAML file per locale, the single source of truth for the site's languages."""

from __future__ import annotations

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


# The top-level keys a new locale's file gets its own values for; the rest of the template is kept.
_LOCALE_OWN_KEYS = ("code", "tag", "name", "search_language", "direction", "fallback")
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def locale_file_from(template: Locale, template_text: str, code: str, tag: str, search_languages: frozenset[str]) -> str:
    """The text of a new locale's file, made from another's (the source locale's): its UI strings and
    comments kept, to be translated; its own code, tag, name (the language's own name), search
    language (``search_languages``: the stemmers the theme has; else the template's), text direction
    (CLDR's, through Babel) and the template as its fallback; no ``source:``, no glossary and no
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
    head = f"# Made by `helpsite new --create-locale` from {template.code}.yml: translate its strings (still the {template.code} ones)."
    text = "\n".join([head, *lines[:after_own], *missing, *lines[after_own:]]) + "\n"
    created = read_locale(text, Path(f"{code}.yml"))
    if created.code != code or created.source:
        raise ConfigError(f"{code}.yml: the template {template.code}.yml does not make a locale file")
    return text
