"""Which locales a build writes: every published one, a preview's one, or a shard's. Without
MkDocs, so that `helpsite build --jobs` can plan its shards before any engine is loaded."""

from __future__ import annotations

import os

from helpsite.content.config import Project

# How `helpsite serve --locale` and `helpsite build --locale` (and --team-pages) tell the plugin, in their process or a child's.
PREVIEW_ENV = "HELPSITE_PREVIEW_LOCALE"
BUILD_LOCALES_ENV = "HELPSITE_BUILD_LOCALES"
TEAM_PAGES_ENV = "HELPSITE_TEAM_PAGES"


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
