"""What each page's head tells crawlers: robots, canonical (a fallback copy's is the source page) and
hreflang alternates, decided from the parsed site so that every language build agrees; and the
sitemap entry of each indexable page."""

from __future__ import annotations

import re
from html import escape

from mkdocs.structure.pages import Page

from helpsite.mkdocs.generated import GENERATOR
from helpsite.mkdocs.output import Publishing
from helpsite.mkdocs.state import SiteState
from helpsite.model import Article
from helpsite.publishing.notices import NoindexRule, robots_content
from helpsite.publishing.publish import Robots, SitemapEntry, alternates, head_links

_ALTERNATE_LINK = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')
_CANONICAL_LINK = re.compile(r'[ \t]*<link rel="canonical" href="[^"]*">\n?')


def robots_rule(state: SiteState, noindex: NoindexRule | None) -> Robots:
    """Each article's robots value: its ROBOTS front matter, and noindex where ``noindex`` says so,
    for the team's pages, and for a stub (never a page of its own: no alternate names it)."""
    settings = state.project.settings.review

    def robots(article: Article) -> str | None:
        if state.is_stub(article) or state.for_team(article.relpath):
            return robots_content(article, True)
        entry = state.entries.get(article.display_path)
        return robots_content(article, noindex is not None and entry is not None and noindex(entry, settings))

    return robots


def page_head(head: str, page: Page, article: Article | None, locale: str, state: SiteState, publishing: Publishing, robots: Robots) -> str:
    """The head of a page of ``locale`` with helpsite's tags, and its sitemap entry and search
    exclusion noted in ``publishing``."""
    head = _ALTERNATE_LINK.sub("", head)  # hreflang is decided here, from the parsed site
    if article is None:
        if page.file.generated_by == GENERATOR:  # helpsite's own pages: for the team, not for crawlers
            head += '  <meta name="robots" content="noindex">\n  '
        return head
    publication = publishing.publication
    fallback = article.locale != locale
    value = robots(article)
    indexable = not fallback and "noindex" not in (value or "")
    links = alternates(article.relpath, state.site, publication, robots) if indexable else []
    if fallback or state.for_team(article.relpath) or (state.project.settings.search_exclude_noindex and "noindex" in (value or "")):
        publishing.unsearchable.add(page.url)
    if indexable:
        publishing.sitemaps.setdefault(locale, []).append(SitemapEntry(page.url, tuple(links)))
    canonical = publication.url(article.locale, article.relpath) if fallback else None
    added = head_links(canonical, links, publication)
    if value:
        added = f'<meta name="robots" content="{escape(value)}">\n    {added}'
    if canonical is not None:
        head = _CANONICAL_LINK.sub("", head)
    return head + (f"  {added}\n  " if added else "")
