"""What the published site says to crawlers and to its own search: URLs, alternates, sitemaps, indexes.

Decided from the parsed site, before anything is built, so every language build agrees:
a page is *indexable* when it is a real page of its locale (not a fallback copy of the source)
and not ``noindex``; only indexable pages get hreflang alternates and sitemap entries.
"""

from __future__ import annotations

import contextlib
import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

import orjson

from helpsite.content.locales import Locales
from helpsite.content.site import Site
from helpsite.model import Article


def page_url(relpath: str, use_directory_urls: bool = True) -> str:
    """The URL MkDocs gives a page, relative to its language's root (``a/b.md`` -> ``a/b/``)."""
    stem = relpath[:-3] if relpath.endswith(".md") else relpath
    parent, _, name = stem.rpartition("/")
    if name.lower() in ("index", "readme"):
        return (
            f"{parent}/"
            if parent and use_directory_urls
            else (f"{parent}/index.html" if parent else ("" if use_directory_urls else "index.html"))
        )
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


@dataclass(frozen=True, slots=True)
class Publication:
    """How the site is laid out: which locales are built and which one sits at the root."""

    locales: Locales
    built: tuple[str, ...]  # locale codes with a docs folder, source first
    site_url: str | None
    use_directory_urls: bool = True

    @property
    def source(self) -> str:
        return self.built[0]

    def prefix(self, locale: str) -> str:
        return "" if locale == self.source else f"{locale}/"

    def url(self, locale: str, relpath: str) -> str:
        """Site-relative URL of a page of a locale."""
        return self.prefix(locale) + page_url(relpath, self.use_directory_urls)

    def absolute(self, url: str) -> str | None:
        return self.site_url.rstrip("/") + "/" + url if self.site_url else None


Robots = Callable[[Article], str | None]  # a page's <meta name="robots"> value (notices.robots_content)


def is_indexable(article: Article, robots: Robots) -> bool:
    return "noindex" not in (robots(article) or "")


def alternates(relpath: str, site: Site, publication: Publication, robots: Robots) -> list[tuple[str, str]]:
    """(hreflang, site-relative URL) of every indexable version of a page, plus x-default (the source)."""
    found = []
    for locale in publication.built:
        article = site.get(locale, relpath)
        if article is not None and is_indexable(article, robots):
            found.append((locale, publication.url(locale, relpath)))
    if found and found[0][0] == publication.source:
        found.append(("x-default", found[0][1]))
    return found


def head_links(canonical: str | None, links: list[tuple[str, str]], publication: Publication) -> str:
    """<link rel="canonical"> (when it is not the page itself) and the hreflang alternates, absolute."""
    tags = []
    if canonical is not None:
        tags.append(f'<link rel="canonical" href="{escape(publication.absolute(canonical) or canonical)}">')
    for hreflang, url in links:
        tags.append(f'<link rel="alternate" hreflang="{escape(hreflang)}" href="{escape(publication.absolute(url) or url)}">')
    return "\n    ".join(tags)


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    url: str
    alternates: tuple[tuple[str, str], ...]


def sitemap_elements(entries: list[SitemapEntry], publication: Publication) -> list[tuple[str, str]]:
    """Each entry's ``<url>`` element of a locale's sitemap, with the URL the sitemap sorts it by."""
    elements = []
    for entry in entries:
        lines = [f"  <url>\n    <loc>{escape(publication.absolute(entry.url) or entry.url)}</loc>"]
        for hreflang, url in entry.alternates:
            href = escape(publication.absolute(url) or url)
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{escape(hreflang)}" href="{href}"/>')
        lines.append("  </url>")
        elements.append((entry.url, "\n".join(lines)))
    return elements


def write_sitemap(folder: Path, entries: list[SitemapEntry], publication: Publication) -> Path:
    """sitemap.xml (and .gz) of one locale: its indexable pages, each with its hreflang alternates."""
    return write_sitemap_elements(folder, sitemap_elements(entries, publication))


def write_sitemap_elements(folder: Path, elements: list[tuple[str, str]]) -> Path:
    """sitemap.xml (and .gz) of ``elements`` (:func:`sitemap_elements`), in the order of their URLs."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    lines += [element for _, element in sorted(elements, key=lambda pair: pair[0])]
    lines.append("</urlset>\n")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sitemap.xml"
    data = "\n".join(lines).encode("utf-8")
    path.write_bytes(data)
    (folder / "sitemap.xml.gz").write_bytes(gzip.compress(data, mtime=0))
    return path


def split_search_index(combined: dict, publication: Publication, excluded: set[str]) -> dict[str, dict]:
    """One search index per locale, from mkdocs-static-i18n's combined one.

    A locale's index holds its own pages only (locations made relative to the locale's root), minus
    ``excluded`` site-relative URLs (fallback copies), and uses the locale's stemmer.
    """
    indexes: dict[str, dict] = {}
    translated = [code for code in publication.built if code != publication.source]
    for locale in publication.built:
        language = publication.locales.by_code[locale].search_language if locale in publication.locales.by_code else locale
        config = {**combined.get("config", {}), "lang": [language]}
        indexes[locale] = {"config": config, "docs": []}
    for doc in combined.get("docs", []):
        location = doc.get("location", "")
        page = location.split("#", 1)[0]
        locale = next((code for code in translated if page == code or page.startswith(f"{code}/")), publication.source)
        if page in excluded or (page + "/") in excluded:
            continue
        prefix = publication.prefix(locale)
        indexes[locale]["docs"].append({**doc, "location": location[len(prefix) :] if prefix and location.startswith(prefix) else location})
    return indexes


def write_search_indexes(site_dir: Path, indexes: dict[str, dict], publication: Publication) -> dict[str, int]:
    """Write each locale's index to <locale root>/search/search_index.json; returns sizes in bytes."""
    sizes = {}
    for locale, index in indexes.items():
        folder = site_dir / publication.prefix(locale) / "search"
        folder.mkdir(parents=True, exist_ok=True)
        data = search_index_bytes(index)
        (folder / "search_index.json").write_bytes(data)
        sizes[locale] = len(data)
    return sizes


def search_index_bytes(index: dict) -> bytes:
    """A locale's search_index.json as helpsite writes it: json's compact form, UTF-8. Entries
    that hold only text (and lists of text) are encoded by orjson, which writes those very bytes
    in a tenth of the time (the 30,000 entries of 6,000 pages: 0.125 against 0.01 s); an index with any
    other value (a number, a date a hook put in an entry, whose ``default=str`` Material applies
    too) is json's throughout."""
    docs = index.get("docs")
    if list(index) == ["config", "docs"] and isinstance(docs, list) and all(_text_only(entry) for entry in docs):
        with contextlib.suppress(TypeError):  # orjson's refusal of a lone surrogate: json's own error, below
            return _json_bytes({"config": index["config"]})[:-1] + b',"docs":' + orjson.dumps(docs) + b"}"
    return _json_bytes(index)


def _json_bytes(value: object) -> bytes:
    # default=str: a value JSON has no type for (a date a hook put in an entry), as Material writes it
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def _text_only(entry: object) -> bool:
    return type(entry) is dict and all(
        type(key) is str and (type(value) is str or (type(value) is list and all(type(item) is str for item in value)))
        for key, value in entry.items()
    )
