"""SITE: read a built site back and prove that robots, canonical, hreflang, sitemaps and search agree
(and that no page shows raw DocFX syntax, DFX006)."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from helpsite.content.docfx import raw_docfx_in_built_page
from helpsite.content.site import display_path
from helpsite.model import Finding, RuleSet, Severity

RULESET = RuleSet()

SITEMAP_NOINDEX = RULESET.rule(
    "SITE001",
    "sitemap-noindex",
    Severity.ERROR,
    "A sitemap lists a page that asks not to be indexed",
    """
    The page carries ``<meta name="robots" content="noindex">`` but a sitemap offers it to crawlers:
    the two contradict each other.""",
)
SITEMAP_NOT_CANONICAL = RULESET.rule(
    "SITE002",
    "sitemap-not-canonical",
    Severity.ERROR,
    "A sitemap lists a page whose canonical URL is another page",
    """
    Typically a fallback copy of a source page in a translation's folder: it points crawlers to the
    source page, so it must not be offered as a page of its own.""",
)
SITEMAP_MISSING = RULESET.rule(
    "SITE003",
    "sitemap-missing-page",
    Severity.ERROR,
    "A sitemap lists a URL that has no page in the site",
    """
    A crawler following it gets a 404, and search engines lower their trust in a sitemap that lists
    missing pages. Typically a page was renamed or deleted after the sitemap was written.""",
)
HREFLANG_TARGET = RULESET.rule(
    "SITE004",
    "hreflang-target",
    Severity.ERROR,
    "An hreflang alternate points at a page that is missing, noindex or not canonical",
    """
    Alternates must name indexable, canonical versions of the same page; anything else is ignored
    by search engines or, worse, sends readers to a copy in the wrong language.""",
)
HREFLANG_RETURN = RULESET.rule(
    "SITE005",
    "hreflang-return",
    Severity.ERROR,
    "An hreflang alternate is not returned",
    """
    If page A names page B as its alternate, B must name A: search engines ignore one-way
    alternates.""",
)
HREFLANG_DEFAULT = RULESET.rule(
    "SITE006",
    "hreflang-x-default",
    Severity.WARNING,
    "A page with hreflang alternates has no x-default",
    """
    ``x-default`` tells search engines which version to show readers whose language has none; it is
    the source-language page.""",
)
SEARCH_FOREIGN = RULESET.rule(
    "SITE007",
    "search-foreign-page",
    Severity.ERROR,
    "A locale's search index holds a page of another locale or a fallback copy",
    """
    Each locale's readers download only their own index; it must hold their locale's real pages
    (fallback copies are in the source locale's index already).""",
)


_SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@dataclass(slots=True)
class BuiltPage:
    path: Path
    url: str  # site-relative, e.g. "nl/billing/x/"
    noindex: bool = False
    canonical: str | None = None  # site-relative when on this site
    alternates: dict[str, tuple[str, int]] = field(default_factory=dict)  # hreflang -> (url, line)
    lines: dict[str, int] = field(default_factory=dict)
    raw_docfx: list[Finding] = field(default_factory=list)  # DocFX syntax shown as text (DFX006)


class _HeadReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str], int]] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("link", "meta"):
            self.tags.append((tag, {k: v or "" for k, v in attrs}, self.getpos()[0]))


def _relative(url: str, site_url: str | None) -> str | None:
    """A URL of this site as a site-relative path (percent-decoded, as the files are named), or None."""
    if site_url and url.startswith(site_url.rstrip("/") + "/"):
        return unquote(url[len(site_url.rstrip("/")) + 1 :])
    if "://" not in url and url.startswith("/"):
        return unquote(url.lstrip("/"))
    return None


def read_page(path: Path, site_dir: Path, site_url: str | None) -> BuiltPage:
    relative = path.relative_to(site_dir).as_posix()
    url = relative[: -len("index.html")] if relative.endswith("index.html") else relative
    page = BuiltPage(path, url)
    text = path.read_text(encoding="utf-8", errors="replace")
    reader = _HeadReader()
    reader.feed(text[: text.find("</head>") + 7 if "</head>" in text else len(text)])
    page.raw_docfx = raw_docfx_in_built_page(text, display_path(path))
    for tag, attrs, line in reader.tags:
        rel = attrs.get("rel", "").lower()
        if tag == "meta" and attrs.get("name", "").lower() == "robots":
            page.noindex = "noindex" in attrs.get("content", "").lower()
            page.lines["robots"] = line
        elif tag == "link" and rel == "canonical":
            page.canonical = _relative(attrs.get("href", ""), site_url)
            page.lines["canonical"] = line
        elif tag == "link" and rel == "alternate" and "hreflang" in attrs:
            target = _relative(attrs.get("href", ""), site_url)
            if target is not None:
                page.alternates[attrs["hreflang"]] = (target, line)
    return page


def check_built_site(site_dir: Path, site_url: str | None) -> list[Finding]:
    pages: dict[str, BuiltPage] = {}
    for folder, dirs, files in os.walk(site_dir):
        dirs[:] = [d for d in dirs if d not in ("assets", "search")]
        for name in files:
            if name.endswith(".html") and name != "404.html":
                page = read_page(Path(folder) / name, site_dir, site_url)
                pages[page.url] = page
    findings = list(_pages(pages))
    findings += [finding for page in pages.values() for finding in page.raw_docfx]
    findings += _sitemaps(site_dir, pages, site_url)
    findings += _search_indexes(site_dir, pages)
    return sorted(findings, key=Finding.sort_key)


def _canonical(page: BuiltPage) -> bool:
    return page.canonical is None or page.canonical == page.url


def _pages(pages: dict[str, BuiltPage]) -> Iterator[Finding]:
    for page in pages.values():
        shown = display_path(page.path)
        if page.alternates and "x-default" not in page.alternates:
            yield HREFLANG_DEFAULT.finding(
                shown, min(line for _, line in page.alternates.values()), 1, f"{page.url or '/'} has hreflang alternates but no x-default"
            )
        for hreflang, (target_url, line) in page.alternates.items():
            target = pages.get(target_url)
            if target is None:
                yield HREFLANG_TARGET.finding(
                    shown, line, 1, f"hreflang {hreflang} points at {target_url or '/'}, which is not a page of this site"
                )
            elif target.noindex or not _canonical(target):
                why = "noindex" if target.noindex else f"canonical to {target.canonical or '/'}"
                yield HREFLANG_TARGET.finding(shown, line, 1, f"hreflang {hreflang} points at {target_url or '/'}, which is {why}")
            elif hreflang != "x-default" and target is not page and page.url not in {u for u, _ in target.alternates.values()}:
                yield HREFLANG_RETURN.finding(
                    shown, line, 1, f"hreflang {hreflang} names {target_url or '/'}, which does not name this page back"
                )


def _sitemaps(site_dir: Path, pages: dict[str, BuiltPage], site_url: str | None) -> Iterator[Finding]:
    for sitemap in sorted(site_dir.rglob("sitemap.xml")):
        shown = display_path(sitemap)
        try:
            root = ET.parse(sitemap).getroot()
        except ET.ParseError as exc:
            yield SITEMAP_MISSING.finding(shown, exc.position[0], exc.position[1] + 1, f"not valid XML: {exc}")
            continue
        for number, loc in enumerate(root.iterfind("s:url/s:loc", _SITEMAP_NS), 1):
            url = _relative((loc.text or "").strip(), site_url)
            if url is None:
                continue
            page = pages.get(url)
            where = (shown, None, None)
            if page is None:
                yield SITEMAP_MISSING.finding(*where, f"entry {number}: {url or '/'} has no page")
            elif page.noindex:
                yield SITEMAP_NOINDEX.finding(
                    *where, f"entry {number}: {url or '/'} is noindex ({display_path(page.path)}:{page.lines.get('robots')})"
                )
            elif not _canonical(page):
                yield SITEMAP_NOT_CANONICAL.finding(*where, f"entry {number}: {url or '/'} is canonical to {page.canonical or '/'}")


def _search_indexes(site_dir: Path, pages: dict[str, BuiltPage]) -> Iterator[Finding]:
    for index_path in sorted(site_dir.rglob("search/search_index.json")):
        root = index_path.parent.parent.relative_to(site_dir).as_posix()
        prefix = "" if root == "." else root + "/"
        shown = display_path(index_path)
        try:
            docs = json.loads(index_path.read_text(encoding="utf-8")).get("docs", [])
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield SEARCH_FOREIGN.finding(shown, None, None, f"not a readable search index: {exc}")
            continue
        other_roots = {
            p.parent.parent.relative_to(site_dir).as_posix() + "/"
            for p in site_dir.rglob("search/search_index.json")
            if p != index_path and p.parent.parent != site_dir
        }
        for url in sorted({unquote(doc.get("location", "").split("#", 1)[0]) for doc in docs}):
            page = pages.get(prefix + url)
            if page is None:
                yield SEARCH_FOREIGN.finding(shown, None, None, f"{url or '/'} is not a page of this locale")
            elif not _canonical(page):
                yield SEARCH_FOREIGN.finding(shown, None, None, f"{prefix + url} is a copy of {page.canonical or '/'}")
            elif not prefix and any((url or "").startswith(other) for other in other_roots):
                yield SEARCH_FOREIGN.finding(shown, None, None, f"{url} belongs to another locale's index")
