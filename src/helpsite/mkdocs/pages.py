"""A page's text on its way through MkDocs: front matter escaped, DocFX Markdown rendered, a fallback
copy marked as such, and (serving only) the page's findings shown to its writer."""

from __future__ import annotations

import re
from html import escape

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from helpsite.content.docfx import DEFAULT_TITLES, pivot_group_of, raw_docfx_findings, transform
from helpsite.content.locales import Locales
from helpsite.mkdocs.state import SiteState
from helpsite.model import Article, Finding
from helpsite.publishing.notices import fallback_notice_html, findings_panel_html
from helpsite.publishing.publish import page_url

_ARTICLE_START = re.compile(r'<article class="md-content__inner[^"]*">')


def escape_front_matter(page: Page) -> None:
    """Front matter reaches templates that do not escape (MkDocs' Jinja has no autoescape)."""
    for key in ("title", "description", "subtitle"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = Markup.escape(page.meta[key])


def render_docfx(markdown: str, article: Article, state: SiteState) -> str:
    """DocFX-flavoured Markdown as Learn renders it; its findings were reported by the checks."""
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
    ).markdown


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
    language = escape(locales.by_code[article.locale].language) if article.locale in locales.by_code else ""
    return f'{notice}<div lang="{language}">{html}</div>'


def with_findings_panel(body: str, findings: list[Finding]) -> str:
    """The page's findings at the top of its article (placed after the search plugin has read the
    page, so findings are never indexed)."""
    panel = findings_panel_html(findings)
    return _ARTICLE_START.sub(lambda m: m.group(0) + panel, body, count=1) if panel else body
