"""A page's title as the site shows it: in other pages (navigation, search, review queue) and in its title tag.

Material repeats every title of a section in each of its pages' navigation, so one page's title is
written once per page: a 1 MB title in 1.1 MB of docs made a 110 MB site. Titles are cut at
``max_title_chars`` (300 by default), with an ellipsis; META006 still reports the long title.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from helpsite.content.config import Project, Settings

ELLIPSIS = "\u2026"
DEFAULT_MAX_TITLE_CHARS = Settings().max_title_chars


def display_title(title: str, project: Project | None = None) -> str:
    """``title`` cut to the site's ``max_title_chars``, ending in an ellipsis when cut."""
    limit = project.settings.max_title_chars if project else DEFAULT_MAX_TITLE_CHARS
    if len(title) <= limit:
        return title
    return title[: limit - 1].rstrip() + ELLIPSIS


def shorten_page_title(meta: MutableMapping[str, Any], project: Project | None = None) -> None:
    """A page's front matter, as MkDocs read it, with its title (when it is text) cut for display."""
    if isinstance(meta.get("title"), str):
        meta["title"] = display_title(meta["title"], project)
