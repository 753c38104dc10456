"""A page's text on its way through MkDocs: front matter escaped, DocFX Markdown rendered, a fallback
copy marked as such, (serving only) the page's findings shown to its writer, and a page whose input
is over one of the limits replaced by a notice."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from html import escape

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from helpsite.content.config import Project
from helpsite.content.docfx import (
    DEFAULT_TITLES,
    DOCFX_INCLUDES_TOO_LARGE,
    DOCFX_TOO_DEEP,
    Limits,
    Transformed,
    pivot_group_of,
    raw_docfx_findings,
    transform,
)
from helpsite.content.locales import Locales
from helpsite.content.parse import ALIAS_BOMB, FRONT_MATTER_TOO_LARGE, NESTED_TOO_DEEP, TOO_LARGE, UNREADABLE
from helpsite.mkdocs.state import SiteState
from helpsite.model import Article, Finding
from helpsite.publishing.notices import fallback_notice_html, findings_panel_html
from helpsite.publishing.publish import page_url
from helpsite.publishing.titles import shorten_page_title
from helpsite.report.text import format_finding

_ARTICLE_START = re.compile(r'<article class="md-content__inner[^"]*">')
log = logging.getLogger("mkdocs.plugins.helpsite")

# Findings that keep a page from being published from its input: reading the file (a pipe, a huge
# file), MkDocs' own parse of its front matter (a loader without limits) or Python-Markdown's
# rendering (one level of recursion per level of nesting) could hang the build or exhaust it.
UNPUBLISHABLE = frozenset(
    rule.code
    for rule in (UNREADABLE, TOO_LARGE, ALIAS_BOMB, FRONT_MATTER_TOO_LARGE, NESTED_TOO_DEEP, DOCFX_INCLUDES_TOO_LARGE, DOCFX_TOO_DEEP)
)
DEFAULT_UNPUBLISHED = {
    "unpublished_title": "Page not published",
    "unpublished_notice": "This page could not be published: its source goes beyond what the site accepts.",
}


def unpublishable(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that keep a page from being published (UNPUBLISHABLE)."""
    return [finding for finding in findings if finding.code in UNPUBLISHABLE]


def unpublished_markdown(locale: str, locales: Locales) -> str:
    """What MkDocs renders in place of a page that is not published: a short notice in ``locale``."""
    title, text = (escape(locales.string(locale, key)[0] or DEFAULT_UNPUBLISHED[key]) for key in DEFAULT_UNPUBLISHED)
    return f"# {title}\n\n{text}\n"


def report_unpublished(page: Page, findings: list[Finding]) -> None:
    """Each finding that keeps the page out, as a build error (``--strict`` or not, the log says why)."""
    for finding in findings:
        log.error(f"helpsite: {page.file.src_uri} is not published: {format_finding(finding)}")


def guard_render(page: Page, notice: Callable[[], str]) -> None:
    """Render the page, or, when Python-Markdown recurses too deeply on a nesting the limits did not
    foresee, render ``notice()`` in its place (and say so) instead of ending the whole build."""
    render = page.render

    def guarded(config: MkDocsConfig, files) -> None:
        try:
            render(config, files)
        except RecursionError:
            log.error(f"helpsite: {page.file.src_uri} is not published: its Markdown nests too deeply to render")
            page.markdown = notice()
            render(config, files)

    page.render = guarded  # type: ignore[method-assign]


def escape_front_matter(page: Page, project: Project | None = None) -> None:
    """Front matter reaches templates that do not escape (MkDocs' Jinja has no autoescape). The title,
    which every other page of its section repeats in its navigation, is cut to max_title_chars first."""
    shorten_page_title(page.meta, project)
    for key in ("title", "description", "subtitle"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = Markup.escape(page.meta[key])


_FRONT_MATTER_PROBLEMS = frozenset({"PARSE003", "PARSE004", "PARSE006", "PARSE007", "PARSE008"})


def without_broken_front_matter(markdown: str, article: Article) -> str:
    """The page's text without a front matter MkDocs could not read (it would publish it as text):
    the body as helpsite's parser found it. The build has reported the problem (PARSE003...)."""
    if any(problem.code in _FRONT_MATTER_PROBLEMS for problem in article.problems) and markdown.lstrip("\ufeff").startswith("---"):
        return article.body
    return markdown


def render_docfx(markdown: str, article: Article, state: SiteState) -> Transformed:
    """DocFX-flavoured Markdown as Learn renders it; its findings were reported by the checks (but the
    build looks at those that keep the page out)."""
    locales = state.project.locales

    def title(key: str) -> str:  # in the language the text is written in (a fallback page's is the source's)
        return locales.string(article.locale, f"docfx_{key}")[0] or DEFAULT_TITLES[key]

    return transform(
        markdown,
        display_path=article.display_path,
        first_line=article.body_line,
        locale=article.locale,
        relpath=article.relpath,
        titles=title,
        read_include=state.read_include,
        moniker=state.project.settings.docfx.moniker,
        yaml_pages=state.yaml_pages,
        pivot_group=pivot_group_of(article.meta, article.locale, state.site.source_folder, state.pivot_groups),
        limits=Limits.of(state.project.settings),
    )


def raw_docfx_on_page(html: str, article: Article, state: SiteState, enabled: set[str]) -> list[Finding]:
    """DocFX syntax that reached the rendered page as text (DFX006), each once (fallback copies repeat
    a source page): the findings not seen before, also kept in ``state.page_findings``."""
    new = []
    for finding in raw_docfx_findings(html, article.body, display_path=article.display_path, first_line=article.body_line):
        if finding.code in enabled and finding not in state.page_findings:
            state.page_findings.append(finding)
            new.append(finding)
    return new


def source_url(article: Article, page: Page, config: MkDocsConfig) -> str:
    """The same page in the source locale, relative to ``page``."""
    return get_relative_url(page_url(article.relpath, config.use_directory_urls), page.url)


def with_fallback_notice(html: str, article: Article, page: Page, config: MkDocsConfig, locale: str, locales: Locales) -> str:
    """A source page served in ``locale``, which has no translation of it: a notice in the reader's
    language, and the text marked as the source's language."""
    notice = fallback_notice_html(locale, locales, source_url(article, page, config))
    written_in = locales.by_code.get(article.locale)
    language, direction = (escape(written_in.language), written_in.direction) if written_in else ("", "auto")
    return f'{notice}<div lang="{language}" dir="{direction}">{html}</div>'


def with_findings_panel(body: str, findings: list[Finding], page: Page, reference_url: Callable[[str], str]) -> str:
    """The page's findings at the top of its article (placed after the search plugin has read the
    page, so findings are never indexed), each code a link to its reference page (``reference_url``:
    from the site's root)."""
    panel = findings_panel_html(findings, lambda code: get_relative_url(reference_url(code), page.url))
    return _ARTICLE_START.sub(lambda m: m.group(0) + panel, body, count=1) if panel else body
