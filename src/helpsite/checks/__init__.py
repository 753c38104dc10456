"""The checks: small functions that read Articles (and the Site) and yield Findings.

An article check is registered with the codes it may emit, so a run with those codes switched
off skips it entirely (language detection is the costly one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .. import registry as R
from ..config import Project
from ..docfx import DEFAULT_TITLES, IncludeReader, docs_include_reader, transform, uses_docfx
from ..generated import generated_pages
from ..links import FileIndex, classify
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
    # When a set, what the checks consulted beyond the site's pages: "@git" (the history) and
    # "include:<docs path>" (DocFX includes). An incremental check re-checks on their change.
    observed: set[str] | None = None

    @property
    def git(self) -> GitHistory:
        if self._git is None:
            self._git = GitHistory(self.project.root, on_question=self._observe_git)
        return self._git

    def _observe_git(self) -> None:
        if self.observed is not None:
            self.observed.add(GIT_DEPENDENCY)

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
            self._includes[root] = docs_include_reader(root, layout, self.project.settings.max_file_bytes, self._observe_include)
        return self._includes[root]

    def _observe_include(self, docs_path: str) -> None:
        if self.observed is not None:
            self.observed.add(INCLUDE_DEPENDENCY + docs_path)

    def dependencies(self, article: Article) -> frozenset[str]:
        """Docs paths (in every locale) the article's findings depend on: its own page (its source and
        translations) and its links' targets; with what ``observed`` collected."""
        relpaths = {article.relpath}
        layout = self.links_for(article).layout
        for link in article.links if article.readable else ():
            target = classify(link.target, article.locale, article.relpath, layout)
            for candidate in target.candidates or ((target.docs_path,) if target.docs_path else ()):
                relpaths.add(candidate.split("/", 1)[1] if "/" in candidate else candidate)
        paths = {f"{locale}/{relpath}" for locale in self.site.by_locale for relpath in relpaths}
        return frozenset(paths | (self.observed or set()))


GIT_DEPENDENCY = "@git"
INCLUDE_DEPENDENCY = "include:"


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

class PageRef(Protocol):
    """What the tree-wide checks need of a page: an Article, or a SourceFile not yet parsed."""

    path: Path
    locale: str
    relpath: str

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
                yield R.DUPLICATE_PAGE.finding(
                    page.display_path, 1, 1, f"the same page as {other.display_path} (both publish as '{key or 'index'}')"
                )


NOTICE_STRINGS = ("mt_status", "mt_notice", "mt_notice_link", "outdated_status", "outdated_notice", "fallback_notice")


def page_key(relpath: str) -> str:
    """What a page is published as: ``x.md``, ``x/index.md`` and ``X.md`` are all ``x``."""
    stem = relpath[:-3] if relpath.lower().endswith(".md") else relpath
    if stem.lower() == "index" or stem.lower().endswith("/index") or stem.lower().endswith("/readme"):
        stem = stem.rsplit("/", 1)[0] if "/" in stem else ""
    return stem.lower()


def check_site(pages: Sequence[PageRef], everything: Sequence[PageRef], project: Project) -> Iterator[Finding]:
    """Checks on the tree rather than one page, once per locale folder of ``pages``; ``everything``
    is the whole tree they belong to. Pages need not be parsed."""
    yield from _duplicate_pages(pages, everything)
    seen: set[str] = set()
    for page in pages:
        if page.locale in seen:
            continue
        seen.add(page.locale)
        locale = project.locales.for_folder(page.locale)
        if locale is None:
            folder = page.path.parents[page.relpath.count("/")]
            yield R.UNCONFIGURED_LOCALE.finding(
                display_path(folder), None, None,
                f"locale folder '{page.locale}' has no file in {project.settings.locales_dir}/",
            )
            continue
        missing = [key for key in NOTICE_STRINGS if key not in locale.strings]
        if missing and locale.path is not None:
            yield R.NOTICE_STRING.finding(
                display_path(locale.path), None, None,
                f"no {', '.join(missing)} for '{locale.code}'; notices show the source language's text",
            )


def enabled_codes(project: Project, select: list[str] | None = None, ignore: list[str] | None = None) -> set[str]:
    """The codes a run reports: the run's --select/--ignore, else the site's settings, plus its ignores."""
    return R.select_rules(select or project.settings.select or None, [*(ignore or []), *project.settings.ignore])


def check_article(article: Article, context: Context, enabled: set[str]) -> list[Finding]:
    """One article's findings (its own and its checks'), against the context's whole site."""
    findings = list(article.problems)
    for check in ARTICLE_CHECKS:
        if check.codes & enabled:
            findings.extend(check.run(article, context))
    return [f for f in findings if f.code in enabled]


def site_findings(pages: Sequence[PageRef], everything: Sequence[PageRef], project: Project, enabled: set[str]) -> list[Finding]:
    """The tree-wide findings (duplicate pages, locale files) of the folders ``pages`` are in."""
    return [f for f in check_site(pages, everything, project) if f.code in enabled]
