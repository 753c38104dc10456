"""META013: front-matter values that MkDocs' and Material's templates read, checked before they get there.

Material's templates print ``title``, ``description``, ``author``, ``subtitle`` and ``status`` as
they are (MkDocs' Jinja does not escape), include ``.icons/<icon>.svg`` for ``icon`` (a missing one
stops the build with TemplateNotFound), render the page with the template ``template`` names
(``redirect.html`` sends the reader to ``location``, even a ``javascript:`` one) and read ``hide``,
``search`` and ``tags`` as lists and mappings. Each value here must have the form its template
expects; one that does not is a finding and is left out of the published page
(``helpsite.publishing.sanitize``), and the strings that remain are escaped there.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpsite.content.config import HtmlSettings
from helpsite.model import Article, Finding, RuleSet, Severity

RULESET = RuleSet()

TEMPLATE_VALUE = RULESET.rule(
    "META013",
    "template-value",
    Severity.ERROR,
    "A front-matter value the theme reads is not of the form it expects",
    """
    ``title``, ``description``, ``author``, ``subtitle``, ``status``, ``icon``, ``template`` and
    ``location`` must be text, ``authors``, ``tags`` and ``hide`` lists of text, ``search`` a
    mapping (``exclude: true``, ``boost: 2``). ``status`` is a word (``new``, ``deprecated``),
    ``icon`` an icon the theme has (``material/information``), ``template`` one that
    ``html.allow_templates`` lists (``main.html`` by default), and a redirect's ``location`` an
    ``http(s)`` or relative URL. A value of another form (a list where text is expected, HTML
    smuggled in a status, an icon that does not exist) is left out of the published page: the
    page keeps its heading as title, the theme's default template and no icon.""",
)

STRING_KEYS = ("title", "description", "author", "subtitle", "revision_date")
LIST_KEYS = ("authors", "tags", "hide")
REDIRECT_TEMPLATES = frozenset({"redirect.html"})
_WORD = re.compile(r"[A-Za-z0-9_-]+")
_ICON = re.compile(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_.-]+)+")
_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass(frozen=True, slots=True)
class MetaProblem:
    key: str
    message: str
    drops: tuple[str, ...]  # the keys left out of the published page because of it


def icon_folders(theme_dirs: Iterable[str | os.PathLike[str]] = ()) -> tuple[Path, ...]:
    """Where ``.icons/`` are: the theme's folders (a custom_dir first), else Material's own."""
    folders = [Path(d) / ".icons" for d in theme_dirs]
    spec = importlib.util.find_spec("material")
    if spec is not None and spec.origin:
        folders.append(Path(spec.origin).parent / "templates" / ".icons")
    return tuple(dict.fromkeys(f for f in folders if f.is_dir()))


def icon_exists(folders: tuple[Path, ...]) -> Callable[[str], bool]:
    def exists(icon: str) -> bool:
        return bool(_ICON.fullmatch(icon)) and ".." not in icon and any((folder / f"{icon}.svg").is_file() for folder in folders)

    return exists


def template_problems(meta: Mapping[str, Any], settings: HtmlSettings, has_icon: Callable[[str], bool]) -> list[MetaProblem]:
    """What in ``meta`` the templates must not get, key by key."""
    problems: list[MetaProblem] = []

    def problem(key: str, message: str, *drops: str) -> None:
        problems.append(MetaProblem(key, message, drops or (key,)))

    for key in STRING_KEYS:
        if key in meta and meta[key] is not None and not isinstance(meta[key], str):
            problem(key, f"'{key}' is {_kind(meta[key])}, not text; left out of the page")
    for key in LIST_KEYS:
        value = meta.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(item, str | int | float) for item in value)):
            problem(key, f"'{key}' is {_kind(value)}, not a list of text; left out of the page")
    status = meta.get("status")
    if status is not None and not (isinstance(status, str) and _WORD.fullmatch(status)):
        problem("status", f"'status' must be a single word such as new or deprecated, not {_shown(status)}; left out of the page")
    icon = meta.get("icon")
    if icon is not None and not (isinstance(icon, str) and has_icon(icon)):
        problem("icon", f"'icon' {_shown(icon)} is not an icon the theme has (e.g. material/information); left out of the page")
    search = meta.get("search")
    if search is not None and not _valid_search(search):
        problem("search", f"'search' must be a mapping such as {{exclude: true}} or {{boost: 2}}, not {_shown(search)}; left out")
    template = meta.get("template")
    if template is not None:
        if not isinstance(template, str) or template not in settings.allow_templates:
            allowed = ", ".join(settings.allow_templates) or "none"
            problem("template", f"template {_shown(template)} is not one html.allow_templates lists ({allowed}); the page uses main.html")
        elif template in REDIRECT_TEMPLATES:
            location = meta.get("location")
            scheme = _SCHEME.match(location) if isinstance(location, str) else None
            if not isinstance(location, str) or not location.strip() or (scheme and scheme.group(1).lower() not in ("http", "https")):
                problem(
                    "location",
                    f"a redirect's 'location' must be an http(s) or relative URL, not {_shown(location)}; the page is not a redirect",
                    "template",
                    "location",
                )
    return problems


def _valid_search(search: Any) -> bool:
    if not isinstance(search, dict) or not set(search) <= {"exclude", "boost"}:
        return False
    boost = search.get("boost", 1)
    return isinstance(search.get("exclude", False), bool) and isinstance(boost, int | float) and not isinstance(boost, bool)


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return f"a {type(value).__name__}" if not isinstance(value, str) else "text"


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


def check_template_values(article: Article, settings: HtmlSettings, has_icon: Callable[[str], bool]) -> list[Finding]:
    return [
        TEMPLATE_VALUE.finding(article.display_path, article.line_of(p.key), article.column_of(p.key), p.message)
        for p in template_problems(article.meta, settings, has_icon)
    ]
