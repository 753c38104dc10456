"""Checks on the tree rather than one page: duplicate pages, locale folders without a locale file,
locale files without the notices' texts. Pages need not be parsed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol

from helpsite.content.config import Project
from helpsite.content.links import FileIndex
from helpsite.content.redirects import load_redirects, redirect_findings
from helpsite.content.site import Site, display_path
from helpsite.model import Finding, RuleSet, Severity

RULESET = RuleSet()

NOTICE_STRING = RULESET.rule(
    "L10N012",
    "missing-ui-string",
    Severity.WARNING,
    "A locale has no text for a page notice",
    """
    The locale file lacks a string the notices need (``mt_notice``, ``mt_notice_link``,
    ``outdated_notice``, ``fallback_notice``); the source language's text is shown instead.""",
)
DUPLICATE_PAGE = RULESET.rule(
    "L10N013",
    "duplicate-page",
    Severity.ERROR,
    "Two files in one locale are the same page",
    """
    ``pay.md`` and ``pay/index.md`` publish to the same URL, and ``Pay.md`` and ``pay.md`` are one
    file on macOS and Windows: both claim the same source page and the same place in the site, and
    which one a reader gets depends on the machine that builds it.""",
)
UNCONFIGURED_LOCALE = RULESET.rule(
    "LOC003",
    "unconfigured-locale",
    Severity.ERROR,
    "The locale folder has no file in locales/",
    """
    Every folder under ``docs/`` is a locale and needs ``locales/<code>.yml`` (name, tag, search
    language, direction). Without it the build does not know the language. Reported once per folder.""",
)


class PageRef(Protocol):
    """What the tree-wide checks need of a page: an Article, or a SourceFile not yet parsed."""

    # Read-only (properties), so that SourceFile, a frozen dataclass, satisfies it.
    @property
    def path(self) -> Path: ...

    @property
    def locale(self) -> str: ...

    @property
    def relpath(self) -> str: ...

    @property
    def display_path(self) -> str: ...


def _duplicate_pages(pages: Sequence[PageRef], everything: Sequence[PageRef]) -> Iterator[Finding]:
    groups: dict[tuple[str, str], list[PageRef]] = {}
    for page in everything:
        groups.setdefault((page.locale, page_key(page.relpath)), []).append(page)
    for page in pages:
        key = page_key(page.relpath)
        for other in groups.get((page.locale, key), ()):
            if other.path != page.path:
                yield DUPLICATE_PAGE.finding(
                    page.display_path, 1, 1, f"the same page as {other.display_path} (both publish as '{key or 'index'}')"
                )


NOTICE_STRINGS = ("mt_status", "mt_notice", "mt_notice_link", "outdated_status", "outdated_notice", "fallback_notice")


def page_key(relpath: str) -> str:
    """What a page is published as: ``x.md``, ``x/index.md`` and ``X.md`` are all ``x``."""
    stem = relpath[:-3] if relpath.lower().endswith(".md") else relpath
    if stem.rsplit("/", 1)[-1].lower() in ("index", "readme"):  # in a subfolder or at the locale's root
        stem = stem.rsplit("/", 1)[0] if "/" in stem else ""
    return stem.lower()


def check_site(pages: Sequence[PageRef], everything: Sequence[PageRef], project: Project) -> Iterator[Finding]:
    """Checks on the tree rather than one page, once per locale folder of ``pages``; ``everything``
    is the whole tree they belong to. Pages need not be parsed."""
    yield from _duplicate_pages(pages, everything)
    yield from _redirects(pages, everything, project)
    seen: set[str] = set()
    for page in pages:
        if page.locale in seen:
            continue
        seen.add(page.locale)
        locale = project.locales.for_folder(page.locale)
        if locale is None:
            folder = page.path.parents[page.relpath.count("/")]
            yield UNCONFIGURED_LOCALE.finding(
                display_path(folder),
                None,
                None,
                f"locale folder '{page.locale}' has no file in {project.settings.locales_dir}/",
            )
            continue
        missing = [key for key in NOTICE_STRINGS if key not in locale.strings]
        if missing and locale.path is not None:
            yield NOTICE_STRING.finding(
                display_path(locale.path),
                None,
                None,
                f"no {', '.join(missing)} for '{locale.code}'; notices show the source language's text",
            )


def _redirects(pages: Sequence[PageRef], everything: Sequence[PageRef], project: Project) -> Iterator[Finding]:
    """The site's redirects (LNK010-LNK013), when the pages are the site's (not a folder elsewhere)."""
    if not any(page.path.is_relative_to(project.docs_dir) for page in pages):
        return
    redirects = load_redirects(project)
    if not redirects and not redirects.problems:
        return
    layout = Site(everything, project.locales).layout(project.site_url, project.settings)  # type: ignore[arg-type]  # SourceFiles
    yield from redirect_findings(redirects, layout, FileIndex(project.docs_dir))
