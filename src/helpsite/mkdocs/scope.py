"""Which locales a build writes: every published one, a preview's one, or a shard's. Without
MkDocs, so that `helpsite build --jobs` can plan its shards before any engine is loaded."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from helpsite.content.config import Project

# How `helpsite serve --locale` and `helpsite build --locale` (and --team-pages) tell the plugin, in their process or a child's.
PREVIEW_ENV = "HELPSITE_PREVIEW_LOCALE"
BUILD_LOCALES_ENV = "HELPSITE_BUILD_LOCALES"
TEAM_PAGES_ENV = "HELPSITE_TEAM_PAGES"
NO_BUILD_CACHE_ENV = "HELPSITE_NO_BUILD_CACHE"  # `helpsite build --no-cache`
BUILD_PART_ENV = "HELPSITE_BUILD_PART"  # "nl:0/2,de:0+1/3": a shard of `helpsite build --jobs` renders these parts of these locales


def locales_to_build(project: Project) -> list[str]:
    """The locales this build writes when not all: a preview's one, or a shard's (comma-separated)."""
    for value in (os.environ.get(PREVIEW_ENV), os.environ.get(BUILD_LOCALES_ENV)):
        if value:
            return [code.strip() for code in value.split(",") if code.strip()]
    settings = project.settings
    return [settings.preview_locale] if settings.preview_locale else list(settings.build_locales)


def written_locales(project: Project) -> list[str]:
    """The published locales this build writes, in the site's order."""
    only = locales_to_build(project)
    return [locale.code for locale in project.published_locales if not only or locale.code in only]


def build_part() -> dict[str, tuple[frozenset[int], int]]:
    """The locales of which this build renders some parts of the pages only: locale -> (the parts, of how many)."""
    parts: dict[str, tuple[frozenset[int], int]] = {}
    for item in os.environ.get(BUILD_PART_ENV, "").split(","):
        code, _, spec = item.strip().rpartition(":")
        indices, _, count = spec.partition("/")
        numbers = indices.split("+")
        if code and count.isdigit() and all(n.isdigit() and int(n) < int(count) for n in numbers):
            parts[code] = (frozenset(map(int, numbers)), int(count))
    return parts


def part_spec(parts: Mapping[str, tuple[Iterable[int], int]]) -> str:
    """The value of BUILD_PART_ENV for ``parts`` (:func:`build_part` reads it)."""
    return ",".join(f"{code}:{'+'.join(map(str, sorted(indices)))}/{count}" for code, (indices, count) in sorted(parts.items()))
