"""Redirect pages: every page that moved keeps its old URL, in every locale, as a small page that
sends readers on.

Written after the build (so no sitemap, search index or navigation ever lists them), one per
redirect source and locale, unless that locale still has the page or a file is already there. Each
is in the locale's language and direction, carries ``noindex`` and a canonical link to the new
place, refreshes to it without script, and shows the link for readers whose browser does not
follow. Only http(s) URLs and pages of the site are ever targets (content/redirects.py refuses the
rest), and every value is HTML-escaped.

mkdocs-redirects writes such pages too, but one per path (not per locale), with a script and
without noindex, and it reads neither DocFX's redirects file nor helpsite's locales.
"""

from __future__ import annotations

import posixpath
from html import escape
from pathlib import Path

from helpsite.content.config import Project
from helpsite.content.links import WEB_SCHEMES, FileIndex
from helpsite.content.redirects import Destination, Redirects, load_redirects
from helpsite.content.site import Site
from helpsite.publishing.publish import Publication

DEFAULT_NOTICE = "This page has moved to"  # the locale file's redirect_notice, when it has none


def publish_redirects(site_dir: Path, project: Project, site: Site, publication: Publication, locales: list[str]) -> int:
    """Write the redirect pages of ``locales`` into the built site; returns how many."""
    redirects = load_redirects(project)
    if not redirects:
        return 0
    return write_redirect_pages(site_dir, redirects, site, project, publication, locales)


def write_redirect_pages(
    site_dir: Path, redirects: Redirects, site: Site, project: Project, publication: Publication, locales: list[str]
) -> int:
    layout = site.layout(publication.site_url, project.settings)
    files = FileIndex(project.docs_dir)
    root = site_dir.resolve()
    written = 0
    for locale in locales:
        for redirect in redirects.entries:
            if f"{locale}/{redirect.source}" in files:
                continue  # the page is still there (LNK010): it wins
            destination = redirects.follow(redirect, locale, layout, files)
            url = publication.url(locale, _as_page(redirect.source))
            href, canonical = _target(destination, locale, url, publication)
            if href is None or canonical is None:
                continue  # leads nowhere (LNK011)
            path = site_dir / (url + "index.html" if url.endswith("/") or not url else url)
            if not path.resolve().is_relative_to(root) or path.exists():
                continue  # never outside the site, never over a page the build wrote
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(redirect_page(href, canonical, locale, publication), encoding="utf-8")
            written += 1
    return written


def _target(destination: Destination, locale: str, url: str, publication: Publication) -> tuple[str | None, str | None]:
    """(href from the redirect page, canonical URL) of where it leads, or (None, None)."""
    if destination.kind == "url":
        scheme = destination.url.split(":", 1)[0].lower()
        return (destination.url, destination.url) if scheme in WEB_SCHEMES else (None, None)
    if destination.kind != "page" or destination.docs_path is None:
        return None, None
    # The locale's own URL: the build serves the source's page there when it is not translated.
    target = publication.url(locale, _as_page(destination.docs_path.partition("/")[2]))
    fragment = f"#{destination.fragment}" if destination.fragment else ""
    canonical = publication.absolute(target) or "/" + target
    return relative_url(target, url) + fragment, canonical + fragment


def _as_page(relpath: str) -> str:
    """A DocFX hub page (index.yml) is published where its Markdown namesake would be."""
    return relpath[: -len(".yml")] + ".md" if relpath.lower().endswith(".yml") else relpath


def relative_url(target: str, page: str) -> str:
    """The site-relative URL ``target`` as a link from the page at ``page`` (both site-relative)."""
    base = page if page.endswith("/") or not page else posixpath.dirname(page) + "/"
    relative = posixpath.relpath("/" + target, "/" + base)
    if relative == ".":
        relative = "./"
    elif target.endswith("/") or not target:
        relative += "/"
    return relative


def redirect_page(href: str, canonical: str, locale: str, publication: Publication) -> str:
    locales = publication.locales
    info = locales.by_code.get(locale)
    language = info.language if info else locale
    direction = info.direction if info else "ltr"
    notice = locales.string(locale, "redirect_notice")[0] or DEFAULT_NOTICE
    shown = escape(canonical)
    return f"""<!doctype html>
<html lang="{escape(language)}" dir="{escape(direction)}">
<head>
  <meta charset="utf-8">
  <title>{escape(notice)} {shown}</title>
  <meta name="robots" content="noindex">
  <link rel="canonical" href="{escape(canonical)}">
  <meta http-equiv="refresh" content="0; url={escape(href)}">
</head>
<body>
  <p>{escape(notice)} <a href="{escape(href)}">{shown}</a></p>
</body>
</html>
"""
