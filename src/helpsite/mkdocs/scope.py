"""Which locales a build writes: every published one, a preview's one, or a shard's. Without
MkDocs, so that `helpsite build --jobs` can plan its shards before any engine is loaded."""

from __future__ import annotations

import os

from helpsite.content.config import Project

# How `helpsite serve --locale` and `helpsite build --locale` (and --team-pages) tell the plugin, in their process or a child's.
PREVIEW_ENV = "HELPSITE_PREVIEW_LOCALE"
BUILD_LOCALES_ENV = "HELPSITE_BUILD_LOCALES"
TEAM_PAGES_ENV = "HELPSITE_TEAM_PAGES"
NO_BUILD_CACHE_ENV = "HELPSITE_NO_BUILD_CACHE"  # `helpsite build --no-cache`
BUILD_PART_ENV = "HELPSITE_BUILD_PART"  # "K/N": a part of `helpsite build --jobs N` renders the pages of part K (0-based) only


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


def build_part() -> tuple[int, int] | None:
    """The part of the pages this build renders, (index, count), when it is one of `helpsite build --jobs`'s."""
    value = os.environ.get(BUILD_PART_ENV, "")
    index, _, count = value.partition("/")
    if not (index.isdigit() and count.isdigit()) or not 0 <= int(index) < int(count):
        return None
    return int(index), int(count)
