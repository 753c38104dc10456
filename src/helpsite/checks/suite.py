"""Which checks run: on each article (with the codes each may emit, taken from its module's
rules) and on the tree; and the codes a run reports."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from helpsite.checks import external, html, l10n, links, locale, meta, registry, templates, text
from helpsite.checks.context import Context
from helpsite.checks.html import check_html, policy_for
from helpsite.checks.l10n import check_translation
from helpsite.checks.links import check_links
from helpsite.checks.locale import check_locale
from helpsite.checks.meta import check_metadata
from helpsite.checks.templates import check_template_values
from helpsite.checks.text import check_text
from helpsite.checks.tree import PageRef, check_site
from helpsite.content import docfx
from helpsite.content.config import Project
from helpsite.content.docfx import DEFAULT_TITLES, Limits, Transformed, transform, uses_docfx
from helpsite.model import Article, Finding


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
    return check_translation(article, context.site, context.project.locales, context.project.settings, context.git)


def _text(article: Article, context: Context) -> Iterable[Finding]:
    return check_text(article)


def _docfx_transform(article: Article, context: Context) -> Transformed | None:
    """The article as the build renders it (DocFX syntax and includes); None without DocFX syntax.
    Kept for the article being checked (None too: the test for DocFX syntax scans the body), as
    two checks read it."""
    last = context.last_transform
    if last is not None and last[0] is article:
        return last[1]
    if not article.readable or not uses_docfx(article.body):
        context.last_transform = (article, None)
        return None
    transformed = transform(
        article.body,
        display_path=article.display_path,
        first_line=article.body_line,
        locale=article.locale,
        relpath=article.relpath,
        titles=DEFAULT_TITLES.__getitem__,
        read_include=context.includes_for(article),
        limits=Limits.of(context.project.settings),
    )
    context.last_transform = (article, transformed)
    return transformed


def _docfx(article: Article, context: Context) -> Iterable[Finding]:
    transformed = _docfx_transform(article, context)
    return transformed.findings if transformed is not None else ()


def _html(article: Article, context: Context) -> Iterable[Finding]:
    if not article.readable:
        return ()
    transformed = _docfx_transform(article, context)
    return check_html(article, policy_for(context.project.settings.html), transformed.markdown if transformed else None)


def _template_values(article: Article, context: Context) -> Iterable[Finding]:
    return check_template_values(article, context.project.settings.html, context.has_icon)


# Each check emits the rules its module declares (parsing's own, PARSE and META012, come with the
# article). The external-link check asks servers, so it runs only when a run asks for it.
EXTERNAL_CODES = external.RULESET.codes

ARTICLE_CHECKS: tuple[ArticleCheck, ...] = (
    ArticleCheck(meta.RULESET.codes, _meta),
    ArticleCheck(locale.RULESET.codes, _locale),
    ArticleCheck(links.RULESET.codes, _links),
    ArticleCheck(l10n.RULESET.codes, _translation),
    ArticleCheck(text.RULESET.codes, _text),
    ArticleCheck(docfx.RULESET.codes, _docfx),
    ArticleCheck(html.RULESET.codes, _html),
    ArticleCheck(templates.RULESET.codes, _template_values),
)


def enabled_codes(project: Project, select: list[str] | None = None, ignore: list[str] | None = None) -> set[str]:
    """The codes a run reports: the run's --select/--ignore, else the site's settings, plus its ignores."""
    return registry.select_rules(select or project.settings.select or None, [*(ignore or []), *project.settings.ignore])


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
