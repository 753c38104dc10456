"""The checks: small functions that read Articles (and the Site) and yield Findings.

An article check is registered with the codes it may emit, so a run with those codes switched
off skips it entirely (language detection is the costly one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import registry as R
from ..config import Project
from ..docfx import DEFAULT_TITLES, IncludeReader, docs_include_reader, transform, uses_docfx
from ..generated import generated_pages
from ..links import FileIndex
from ..model import Article, Finding
from ..review import GitHistory
from ..site import Site, display_path
from .links import LinkContext, check_links
from .locale import check_locale
from .l10n import check_translation
from .meta import MetadataSchema, check_metadata


@dataclass(slots=True)
class Context:
    project: Project
    schema: MetadataSchema | None
    site: Site
    _links: dict[Path, LinkContext] = field(default_factory=dict)
    _git: GitHistory | None = None
    _includes: dict[Path, IncludeReader] = field(default_factory=dict)

    @property
    def git(self) -> GitHistory:
        if self._git is None:
            self._git = GitHistory(self.project.root)
        return self._git

    def links_for(self, article: Article) -> LinkContext:
        """Link resolution for the docs tree the article belongs to (indexed once per tree)."""
        root = article.docs_root or article.path.parent
        if root not in self._links:
            layout = self.site.layout(self.project.site_url)
            files = FileIndex(root)
            files.add(generated_pages(self.site.by_locale, self.site.source_folder))
            self._links[root] = LinkContext(self.site, layout, files, self.project.settings)
        return self._links[root]

    def includes_for(self, article: Article) -> IncludeReader:
        root = article.docs_root or article.path.parent
        if root not in self._includes:
            layout = self.links_for(article).layout
            self._includes[root] = docs_include_reader(root, layout, self.project.settings.max_file_bytes)
        return self._includes[root]


@dataclass(frozen=True, slots=True)
class ArticleCheck:
    codes: frozenset[str]
    run: Callable[[Article, Context], Iterable[Finding]]


def _meta(article: Article, context: Context) -> Iterable[Finding]:
    return check_metadata(article, context.schema) if context.schema else ()


def _locale(article: Article, context: Context) -> Iterable[Finding]:
    return check_locale(article, context.project.locales, context.project.settings)


def _links(article: Article, context: Context) -> Iterable[Finding]:
    return check_links(article, context.links_for(article)) if article.readable else ()


def _translation(article: Article, context: Context) -> Iterable[Finding]:
    if not article.readable:
        return ()
    return check_translation(article, context.site, context.project.locales, context.project.settings.review, context.git)


def _docfx(article: Article, context: Context) -> Iterable[Finding]:
    if not article.readable or not uses_docfx(article.body):
        return ()
    return transform(
        article.body, display_path=article.display_path, first_line=article.body_line, locale=article.locale,
        relpath=article.relpath, titles=DEFAULT_TITLES.__getitem__, read_include=context.includes_for(article),
    ).findings


def _family(*prefixes: str) -> frozenset[str]:
    return frozenset(code for code in R.RULES if code.startswith(prefixes))


EXTERNAL_CODES = frozenset({"URL007", "URL008"})

ARTICLE_CHECKS: tuple[ArticleCheck, ...] = (
    ArticleCheck(_family("META"), _meta),
    ArticleCheck(frozenset({"LOC001", "LOC002", "LOC004"}), _locale),
    ArticleCheck(_family("LNK", "URL") - EXTERNAL_CODES, _links),
    ArticleCheck(_family("L10N") - {"L10N012"}, _translation),
    ArticleCheck(_family("DFX"), _docfx),
)

def _duplicate_pages(articles: list[Article], site: Site) -> Iterator[Finding]:
    groups: dict[tuple[str, str], list[Article]] = {}
    for locale, pages in site.by_locale.items():
        for relpath, page in pages.items():
            groups.setdefault((locale, page_key(relpath)), []).append(page)
    for article in articles:
        key = page_key(article.relpath)
        for other in groups.get((article.locale, key), ()):
            if other is not article:
                yield R.DUPLICATE_PAGE.finding(
                    article.display_path, 1, 1, f"the same page as {other.display_path} (both publish as '{key or 'index'}')"
                )


NOTICE_STRINGS = ("mt_status", "mt_notice", "mt_notice_link", "outdated_status", "outdated_notice", "fallback_notice")


def page_key(relpath: str) -> str:
    """What a page is published as: ``x.md``, ``x/index.md`` and ``X.md`` are all ``x``."""
    stem = relpath[:-3] if relpath.lower().endswith(".md") else relpath
    if stem.lower() == "index" or stem.lower().endswith("/index") or stem.lower().endswith("/readme"):
        stem = stem.rsplit("/", 1)[0] if "/" in stem else ""
    return stem.lower()


def check_site(articles: list[Article], context: Context) -> Iterator[Finding]:
    """Checks on the tree rather than one article, once per locale folder of the checked articles."""
    yield from _duplicate_pages(articles, context.site)
    seen: set[str] = set()
    for article in articles:
        if article.locale in seen:
            continue
        seen.add(article.locale)
        locale = context.project.locales.for_folder(article.locale)
        if locale is None:
            folder = article.path.parents[article.relpath.count("/")]
            yield R.UNCONFIGURED_LOCALE.finding(
                display_path(folder), None, None,
                f"locale folder '{article.locale}' has no file in {context.project.settings.locales_dir}/",
            )
            continue
        missing = [key for key in NOTICE_STRINGS if key not in locale.strings]
        if missing and locale.path is not None:
            yield R.NOTICE_STRING.finding(
                display_path(locale.path), None, None,
                f"no {', '.join(missing)} for '{locale.code}'; notices show the source language's text",
            )
