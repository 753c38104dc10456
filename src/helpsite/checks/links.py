"""LNK and URL: internal links, images and anchors; URL hygiene that needs no network."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

from .. import registry as R
from ..config import Settings
from ..links import FileIndex, SiteLayout, Target, classify
from ..model import Article, Finding, Link
from ..site import Site

MAX_URL_LENGTH = 2048
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")
# The \l "anchor" and \t "_blank" switches of a Word HYPERLINK field, percent-encoded or not.
_FIELD_CODE = re.compile(r'(?:%22|")(?:%20| )(?:%5C|\\)[lt](?:%20| )(?:%22|")', re.IGNORECASE)
_FIELD_ANCHOR = re.compile(r'(?:%5C|\\)l(?:%20| )(?:%22|")(.*?)(?:%22|")', re.IGNORECASE)
_MAILBOX = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]{2,}")
_IMAGE_KINDS = frozenset({"image", "html-src"})


@dataclass(slots=True)
class LinkContext:
    site: Site
    layout: SiteLayout
    files: FileIndex
    settings: Settings


def check_links(article: Article, context: LinkContext) -> Iterator[Finding]:
    for link in article.links:
        target = classify(link.target, article.locale, article.relpath, context.layout)
        yield from _hygiene(article, link, target, context.settings)
        if target.kind == "escape":
            yield _at(R.ESCAPES_DOCS, article, link, f"link {_short(link.target)} leaves the docs folder; not followed")
        elif target.kind == "same-page":
            if target.fragment and target.fragment not in _anchor_names(article):
                yield _at(R.BROKEN_ANCHOR, article, link, f"no anchor '#{target.fragment}' in this page")
        elif target.kind == "internal":
            yield from _internal(article, link, target, context)
    yield from _anchor_parity(article, context.site)


def _internal(article: Article, link: Link, target: Target, context: LinkContext) -> Iterator[Finding]:
    files, site = context.files, context.site
    if target.own_site:
        yield _at(R.OWN_SITE_URL, article, link, f"absolute link to this site: {_short(link.target)}; a relative link works in previews too")
    found = next((c for c in target.candidates if c in files), None)
    if found is None:
        variant = next((v for v in map(files.case_variant, target.candidates) if v), None)
        if variant:
            written = _relative_link(article, variant)
            yield _at(R.CASE_MISMATCH, article, link, f"{_short(link.target)} matches '{written}' only when letter case is ignored", fix=written)
            return
        fallback = _in_source_locale(target, context)
        if fallback is None:
            rule = R.MISSING_IMAGE if link.kind in _IMAGE_KINDS else R.BROKEN_LINK
            what = "image" if link.kind in _IMAGE_KINDS else "page or file"
            yield _at(rule, article, link, f"{what} {_short(link.target)} does not exist ({target.candidates[0]})")
            return
        found = fallback
        if found.endswith(".md") and link.kind not in _IMAGE_KINDS:
            yield _at(R.UNTRANSLATED_TARGET, article, link, f"{_short(link.target)} is not translated into '{article.locale}'; readers get {found}")
    else:
        if found in files.escaping:
            yield _at(R.ESCAPES_DOCS, article, link, f"{_short(link.target)} is a symbolic link to a file outside the docs folder; not followed")
            return
        yield from _cross_locale(article, link, found, files)
    if target.fragment and found.endswith(".md"):
        locale, _, relpath = found.partition("/")
        page = site.get(locale, relpath)
        if page is not None and target.fragment not in _anchor_names(page):
            yield _at(R.BROKEN_ANCHOR, article, link, f"no anchor '#{target.fragment}' in {found}")


def _in_source_locale(target: Target, context: LinkContext) -> str | None:
    """The same path in the source locale, from which the build serves what a translation lacks."""
    source = context.layout.source_folder
    if not source:
        return None
    for candidate in target.candidates:
        locale, _, rest = candidate.partition("/")
        if locale != source and f"{source}/{rest}" in context.files:
            return f"{source}/{rest}"
    return None


def _cross_locale(article: Article, link: Link, found: str, files: FileIndex) -> Iterator[Finding]:
    locale, _, rest = found.partition("/")
    if locale == article.locale:
        return
    localized = f"{article.locale}/{rest}"
    if localized in files:
        relative = _relative_link(article, localized)
        yield _at(R.CROSS_LOCALE, article, link, f"links to the '{locale}' page although '{localized}' exists; link to {relative}", fix=relative)


def _anchor_parity(article: Article, site: Site) -> Iterator[Finding]:
    source = site.source_of(article)
    if source is None:
        return
    own = _anchor_names(article)
    line = article.headings[0].line if article.headings else article.body_line
    for anchor in source.anchors:
        if anchor.kind != "heading" and anchor.name not in own:
            yield R.ANCHOR_PARITY.finding(
                article.display_path, line, 1,
                f"anchor '#{anchor.name}' of the source page ({source.locale}/{source.relpath}:{anchor.line}) is missing here",
            )


def _hygiene(article: Article, link: Link, target: Target, settings: Settings) -> Iterator[Finding]:
    url = link.target
    if target.kind == "unsafe":
        if not (target.scheme == "data" and link.kind in _IMAGE_KINDS and url[5:].lower().startswith("image/")):
            yield _at(R.UNSAFE_SCHEME, article, link, f"{target.scheme}: link {_short(url)}; never followed")
        return
    if target.kind == "mailto":
        addresses = [unquote(a).strip() for a in url[7:].split("?", 1)[0].split(",")]
        if not all(_MAILBOX.fullmatch(a) for a in addresses):
            yield _at(R.BAD_MAILTO, article, link, f"{_short(url)} has no valid e-mail address")
        return
    if target.kind == "other":
        return
    problem = malformed_reason(url, target)
    if problem:
        yield _at(R.MALFORMED_URL, article, link, f"{_short(url)}: {problem}")
    if target.kind != "external":
        return
    if _FIELD_CODE.search(url):
        yield _at(R.FIELD_CODE_DEBRIS, article, link, f"{_short(url)} carries Word field-code debris", fix=_without_field_code(url))
        return
    parts = urlsplit(url) if not problem else None
    if parts is None or not parts.hostname:
        return
    host = parts.hostname.lower()
    if parts.scheme.lower() == "http" and host not in settings.http_allowed_hosts:
        yield _at(R.INSECURE_URL, article, link, f"{_short(url)} uses http://", fix=urlunsplit(("https", *parts[1:])))
    moved = settings.moved_hosts.get(host)
    if moved:
        netloc = parts.netloc.lower().replace(host, moved, 1)
        fixed = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
        yield _at(R.MOVED_HOST, article, link, f"{host} has moved to {moved}: {_short(fixed)}", fix=fixed)


def malformed_reason(url: str, target: Target) -> str | None:
    if len(url) > MAX_URL_LENGTH:
        return f"{len(url):,} characters long (more than {MAX_URL_LENGTH:,})"
    if _SPACE_OR_CONTROL.search(url.strip()):
        return "contains a space or control character"
    if _BAD_PERCENT.search(url):
        return "a '%' is not followed by two hex digits"
    if target.kind != "external":
        return None
    try:
        parts = urlsplit(url if not url.startswith("//") else "https:" + url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    if not host:
        return "has no host"
    try:
        host.encode("idna")
    except UnicodeError:
        return f"host '{host}' is not a valid domain name"
    return None


def _without_field_code(url: str) -> str:
    start = _FIELD_CODE.search(url).start()  # type: ignore[union-attr]
    base, _, fragment = url.partition("#")
    if fragment and url.index("#") > start:
        return url[:start] + "#" + fragment
    anchor = _FIELD_ANCHOR.search(url)
    return url[:start] + (f"#{unquote(anchor.group(1))}" if anchor else "")


def _relative_link(article: Article, docs_path: str) -> str:
    """How the article would link to a docs path: relative to its own folder."""
    return posixpath.relpath(docs_path, posixpath.dirname(f"{article.locale}/{article.relpath}"))


def _anchor_names(article: Article) -> set[str]:
    return {anchor.name for anchor in article.anchors}


def _at(rule: R.Rule, article: Article, link: Link, message: str, fix: str | None = None) -> Finding:
    return rule.finding(article.display_path, link.line, link.column, message, fix=fix)


def _short(url: str, limit: int = 100) -> str:
    return f"'{url}'" if len(url) <= limit else f"'{url[: limit - 3]}...'"
