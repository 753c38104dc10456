"""What a reader of a help centre expects around an article, decided from the parsed site: when it
was last updated (in the reader's date format), which articles are related, and the crawlers'
robots.txt. HTML is built and escaped here; the MkDocs adapter only places it."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from html import escape

from helpsite.content.site import Site
from helpsite.model import Article
from helpsite.publishing.dates import format_day, parse_day
from helpsite.publishing.notices import SEARCH_EXCLUDE
from helpsite.publishing.publish import Publication

DATE_KEY = "ms.date"  # MM/DD/YYYY, as the schema requires
COLLECTION_KEY = "ms.collection"


def article_date(article: Article) -> datetime.date | None:
    """The article's own date (``ms.date``, MM/DD/YYYY), or None when it has none or it is not a real date."""
    return parse_day(article.meta.get(DATE_KEY))


def last_updated_html(day: datetime.date, tag: str, template: str) -> str:
    """``template`` ("Last updated on {date}", from locales/) with the date in the reader's format, escaped."""
    before, _, after = template.partition("{date}")
    # One span: Material's date line is a flex box, which would set the words and the date apart as two items.
    return f'<span>{escape(before)}<time datetime="{day.isoformat()}">{escape(format_day(day, tag))}</time>{escape(after)}</span>'


def _collections(article: Article) -> set[str]:
    value = article.meta.get(COLLECTION_KEY)
    values = value if isinstance(value, list) else [value]
    return {str(v).strip() for v in values if isinstance(v, (str, int)) and str(v).strip()}


def _folder(relpath: str) -> str:
    return relpath.rpartition("/")[0]


def _is_index(relpath: str) -> bool:
    return relpath.rpartition("/")[2].lower() in ("index.md", "readme.md")


class RelatedIndex:
    """The source locale's pages by folder and by ``ms.collection``: every locale serves the same
    pages (a translation or a fallback copy), so they are related in every locale alike."""

    def __init__(self, site: Site, excluded: Callable[[str], bool]) -> None:
        source: dict[str, Article] = site.by_locale.get(site.source_folder or "", {})
        self.pages: dict[str, Article] = {rel: a for rel, a in sorted(source.items()) if not _is_index(rel) and not excluded(rel)}
        self.by_folder: dict[str, list[str]] = {}
        self.by_collection: dict[str, list[str]] = {}
        for relpath, article in self.pages.items():
            self.by_folder.setdefault(_folder(relpath), []).append(relpath)
            for collection in _collections(article):
                self.by_collection.setdefault(collection, []).append(relpath)

    def related(self, relpath: str, limit: int) -> list[str]:
        """Up to ``limit`` pages: first the page's own section's, then those sharing a collection."""
        article = self.pages.get(relpath)
        if article is None or limit <= 0:
            return []
        found = [rel for rel in self.by_folder.get(_folder(relpath), []) if rel != relpath]
        for collection in sorted(_collections(article)):
            found += [rel for rel in self.by_collection.get(collection, []) if rel != relpath]
        return list(dict.fromkeys(found))[:limit]


def related_html(heading: str, links: Iterable[tuple[str, str]]) -> str:
    """The related articles at the end of a page: (url, title) pairs, escaped; out of the site's search."""
    items = "".join(f'<li><a href="{escape(url)}">{escape(title)}</a></li>' for url, title in links)
    if not items:
        return ""
    return f'<nav class="helpsite-related" aria-label="{escape(heading)}" {SEARCH_EXCLUDE}><h2>{escape(heading)}</h2><ul>{items}</ul></nav>'


def robots_txt(publication: Publication, locales: Iterable[str]) -> str:
    """robots.txt: every crawler may read the site (noindex pages say so themselves), and where each
    locale's sitemap is (absolute when ``site_url`` is set, as the protocol asks)."""
    lines = ["User-agent: *", "Disallow:", ""]
    for locale in locales:
        url = publication.prefix(locale) + "sitemap.xml"
        lines.append(f"Sitemap: {publication.absolute(url) or '/' + url}")
    return "\n".join(lines) + "\n"
