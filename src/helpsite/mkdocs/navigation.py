"""The navigation: one section per folder in every locale, and a window of a long section per page
(Material writes the navigation into every page, so it must not grow with the site)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator

from markupsafe import Markup
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from helpsite.content.config import Project
from helpsite.model import Article
from helpsite.publishing.titles import display_title


def one_section_per_folder(nav: Navigation) -> Navigation:
    """A fallback page lives in the source locale's folder, so MkDocs files it under a section of
    its own beside the translated one of the same name; readers must see one section. The pages'
    order and their previous/next links follow."""
    nav.items = _merge_sections(nav.items, None)
    nav.pages = [item for item in _walk(nav.items) if isinstance(item, Page)]
    for previous, current in zip([None, *nav.pages], nav.pages, strict=False):
        current.previous_page = previous
        if previous is not None:
            previous.next_page = current
    if nav.pages:
        nav.pages[-1].next_page = None
    return nav


def titles_from_articles(nav: Navigation, article_of: Callable[[Page], Article | None], project: Project | None = None) -> None:
    """A dirty rebuild reads changed pages only; the others' titles come from the checks' parse (cut to max_title_chars)."""
    for item in nav.pages:
        article = article_of(item)
        if article is not None and article.title:
            item.title = Markup.escape(display_title(article.title, project))


def windowed_context(context: dict, window: int) -> dict:
    """The page's template context with the navigation it shows (``window`` 0: all of it)."""
    if window and isinstance(context.get("nav"), Navigation):
        trimmed = copy.copy(context["nav"])
        trimmed.items = windowed(context["nav"].items, window)
        context["nav"] = trimmed
    return context


def windowed(items: list, window: int) -> list:
    """The navigation as one page shows it: in the sections on the page's path, at most ``window``
    entries around the current one, plus the section's index page (copies; the site's nav is kept)."""
    result = []
    for item in items:
        if not (isinstance(item, Section) and item.active):
            result.append(item)
            continue
        children = windowed(item.children, window)
        if len(children) > window:
            current = next((i for i, child in enumerate(children) if child.active), 0)
            start = max(0, min(current - window // 2, len(children) - window))
            kept = children[start : start + window]
            first = children[0]
            if first not in kept and isinstance(first, Page) and first.is_index:
                kept = [first, *kept]
            children = kept
        trimmed = copy.copy(item)
        trimmed.children = children
        result.append(trimmed)
    return result


def _merge_sections(items: list, parent) -> list:
    merged: list = []
    by_title: dict[str, Section] = {}
    for item in items:
        if isinstance(item, Section) and item.title in by_title:
            target = by_title[item.title]
            target.children.extend(item.children)
            continue
        if isinstance(item, Section):
            by_title[item.title] = item
        merged.append(item)
    for item in merged:
        item.parent = parent
        if isinstance(item, Section):
            item.children = sorted(_merge_sections(item.children, item), key=_nav_order)
    return merged


def _nav_order(item) -> tuple:
    """MkDocs' own order within a folder: the index page first, then by path (locale folder ignored)."""
    if isinstance(item, Page) and item.file is not None:
        relpath = item.file.src_uri.split("/", 1)[-1]
        return (0 if relpath.rsplit("/", 1)[-1] in ("index.md", "README.md") else 1, relpath)
    return (1, item.title or "")


def _walk(items: list) -> Iterator:
    for item in items:
        yield item
        if isinstance(item, Section):
            yield from _walk(item.children)
