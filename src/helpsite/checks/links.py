"""LNK and URL: internal links, images and anchors; URL hygiene that needs no network."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit, urlunsplit

from helpsite.content.config import Settings
from helpsite.content.links import FileIndex, SiteLayout, Target, classify, forward_slashes
from helpsite.content.redirects import Redirect, Redirects
from helpsite.content.site import Site
from helpsite.model import Article, Finding, Link, Rule, RuleSet, Severity

RULESET = RuleSet()

BROKEN_LINK = RULESET.rule(
    "LNK001",
    "broken-link",
    Severity.ERROR,
    "A link points at a page or file that does not exist",
    """
    The target was looked up in the article's own locale and in the source locale and exists in
    neither. Relative links are resolved from the article's folder, site-absolute ones (``/nl/...``)
    and absolute links to the site's own ``site_url`` from the site root. In a project with no
    folder for the source locale (a translations-only repository, as Learn's localized ones are,
    whose untranslated pages and media the publisher takes from the source repository), a target
    it lacks is an info: it cannot be told broken from the source repository's.""",
)
UNTRANSLATED_TARGET = RULESET.rule(
    "LNK002",
    "untranslated-target",
    Severity.WARNING,
    "A link points at a page that is not translated into this locale",
    """
    The page exists in the source locale only. Readers follow the link to the source-language
    page (the build falls back to it), which is worth knowing but not broken. Translate the target
    or accept the fallback.""",
)
BROKEN_ANCHOR = RULESET.rule(
    "LNK003",
    "broken-anchor",
    Severity.ERROR,
    "A link's #fragment names no anchor in the target page",
    """
    Anchors are heading ids (as MkDocs' toc makes them), ``{#id}`` attributes and HTML
    ``<a name>``/``id`` anchors. Translated headings get translated slugs, so links to heading
    slugs from other pages break when a page is translated; link to an explicit anchor instead.""",
)
CASE_MISMATCH = RULESET.rule(
    "LNK004",
    "case-mismatch",
    Severity.ERROR,
    "A link differs from the file name only in letter case",
    """
    It works on macOS and Windows, whose file systems ignore case, and is a 404 on the Linux server
    that publishes the site. The finding gives the spelling on disk.""",
)
ESCAPES_DOCS = RULESET.rule(
    "LNK005",
    "escapes-docs",
    Severity.ERROR,
    "A link leaves the docs folder",
    """
    ``../`` steps beyond ``docs/`` reach files that are not published (and could be anything on the
    machine). Such links are reported and never followed.""",
)
MISSING_IMAGE = RULESET.rule(
    "LNK006",
    "missing-image",
    Severity.ERROR,
    "An image does not exist",
    """
    The image (Markdown ``![]()`` or HTML ``<img src>``) was looked up in the article's locale and
    in the source locale, from which the build serves images a translation does not have. With no
    source-locale folder in the project, a missing image is an info (see LNK001).""",
)
CROSS_LOCALE = RULESET.rule(
    "LNK007",
    "cross-locale-link",
    Severity.WARNING,
    "A translated page links to another locale's page that exists in its own locale",
    """
    A Dutch page that links to ``/en/...`` (or ``../../en/...``) sends Dutch readers to English
    although the Dutch page exists. The finding names the localized target.""",
)
ANCHOR_PARITY = RULESET.rule(
    "LNK008",
    "anchor-parity",
    Severity.WARNING,
    "An explicit anchor of the source page is missing in a translation",
    """
    Explicit anchors (``<a name>``, ``id=``, ``{#id}``) are how other pages deep-link into an
    article. Each one the source has must exist in every translation, or deep links break in that
    language only.""",
)
MOVED_PAGE = RULESET.rule(
    "LNK009",
    "link-to-moved-page",
    Severity.WARNING,
    "A link points at a page that moved",
    """
    The page is gone and a redirect (``.openpublishing.redirection.json`` or the ``redirects:`` map)
    sends readers on to its new place, so the link still works, through a hop that may go away.
    The fix is the new place: a relative link to the page, or its URL. A redirect that leads
    nowhere makes the link LNK001.""",
)
BACKSLASH_PATH = RULESET.rule(
    "LNK014",
    "backslash-path",
    Severity.WARNING,
    "A link's path uses backslashes",
    """
    ``..\\media\\x.png`` works where browsers and DocFX read ``\\`` as ``/``; helpsite resolves it
    the same way and checks the file, but other tools (and MkDocs' own link rewriting) do not. The
    fix is the path with forward slashes.""",
)
MALFORMED_URL = RULESET.rule(
    "URL001",
    "malformed-url",
    Severity.ERROR,
    "A URL is malformed",
    """
    Spaces, control characters, a ``%`` not followed by two hex digits, an invalid host or IPv6
    literal, or more than 2,048 characters: browsers and servers disagree about such URLs. A space
    in a link to one of the site's own files (``<my page.md>``) is fine: MkDocs encodes it.""",
)
FIELD_CODE_DEBRIS = RULESET.rule(
    "URL002",
    "field-code-debris",
    Severity.ERROR,
    "A URL carries Word field-code debris",
    """
    Text such as ``%22%20%5Cl%20%22anchor%22%20%5Ct%20%22_blank`` is the ``\\l "anchor" \\t
    "_blank"`` switches of a Word HYPERLINK field, percent-encoded into the URL when a document was
    converted. The finding's fix is the URL without it.""",
)
INSECURE_URL = RULESET.rule(
    "URL003",
    "insecure-url",
    Severity.WARNING,
    "A link uses http:// where https:// is expected",
    """
    Hosts listed in ``http_allowed_hosts`` (localhost by default) are exempt. The fix is the same
    URL with https://.""",
)
MOVED_HOST = RULESET.rule(
    "URL004",
    "moved-host",
    Severity.WARNING,
    "A link points at a host that has moved",
    """
    ``moved_hosts`` maps old hosts to new ones (docs.microsoft.com moved to learn.microsoft.com).
    The fix is the URL on the new host.""",
)
UNSAFE_SCHEME = RULESET.rule(
    "URL005",
    "unsafe-scheme",
    Severity.ERROR,
    "A link uses a scheme that is unsafe or unusable on the web",
    """
    ``javascript:``, ``vbscript:``, ``data:`` and ``file:`` links run code or point at the reader's
    own disk. They are reported and never fetched.""",
)
BAD_MAILTO = RULESET.rule(
    "URL006",
    "bad-mailto",
    Severity.ERROR,
    "A mailto: link has no valid address",
    """
    Only the syntax is checked; no mail is sent and no server is asked.""",
)
OWN_SITE_URL = RULESET.rule(
    "URL009",
    "own-site-absolute",
    Severity.INFO,
    "An absolute link to this site's own URL",
    """
    It is checked like a relative link, but it jumps from a preview or another locale to the
    published site. A relative link works everywhere.""",
)


MAX_URL_LENGTH = 2048
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
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
    redirects: Redirects = field(default_factory=Redirects)
    # The anchors a page gets from the files it includes ([!INCLUDE]), asked only when its own lack one.
    included_anchors: Callable[[Article], frozenset[str]] = lambda article: frozenset()
    # Each page's anchor names, made once: 80,000 links to #x would otherwise make them 80,000 times.
    _anchors: dict[int, tuple[Article, set[str]]] = field(default_factory=dict)
    # The last article's links classified: its check and then the check cache's record of what its
    # findings depend on read the same targets (classifying them twice was a tenth of a build's check).
    _last_targets: tuple[Article, list[Target]] | None = None

    def targets_of(self, article: Article) -> list[Target]:
        """What each of the article's links points at, in the order of ``article.links``."""
        last = self._last_targets
        if last is not None and last[0] is article:
            return last[1]
        targets = [classify(link.target, article.locale, article.relpath, self.layout) for link in article.links]
        self._last_targets = (article, targets)
        return targets

    def has_anchor(self, page: Article, name: str) -> bool:
        known = self._anchors.get(id(page))
        if known is None or known[0] is not page:
            known = self._anchors[id(page)] = (page, _anchor_names(page))
        return name in known[1] or name in self.included_anchors(page)


def check_links(article: Article, context: LinkContext) -> Iterator[Finding]:
    for link, target in zip(article.links, context.targets_of(article), strict=True):
        yield from _hygiene(article, link, target, context.settings)
        if target.backslash:
            fixed = forward_slashes(link.target)
            yield _at(BACKSLASH_PATH, article, link, f"{_short(link.target)} uses backslashes; write '{fixed}'", fix=fixed)
        if target.kind == "escape":
            yield _at(ESCAPES_DOCS, article, link, f"link {_short(link.target)} leaves the docs folder; not followed")
        elif target.kind == "same-page":
            if target.fragment and not context.has_anchor(article, target.fragment):
                yield _at(BROKEN_ANCHOR, article, link, f"no anchor '#{target.fragment}' in this page")
        elif target.kind == "internal":
            yield from _internal(article, link, target, context)
    yield from _anchor_parity(article, context.site)


def _internal(article: Article, link: Link, target: Target, context: LinkContext) -> Iterator[Finding]:
    files, site = context.files, context.site
    if target.own_site:
        yield _at(OWN_SITE_URL, article, link, f"absolute link to this site: {_short(link.target)}; a relative link works in previews too")
    found = next((c for c in target.candidates if c in files), None)
    if found is None and target.any_case:  # a Learn URL: /x/Page and /x/page are one page
        found = next((v for v in map(files.case_variant, target.candidates) if v), None)
    if found is None:
        variant = next((v for v in map(files.case_variant, target.candidates) if v), None)
        if variant:
            written = _relative_link(article, variant)
            yield _at(
                CASE_MISMATCH, article, link, f"{_short(link.target)} matches '{written}' only when letter case is ignored", fix=written
            )
            return
        fallback = _in_source_locale(target, context)
        redirect = context.redirects.of_page(target.candidates) if fallback is None and context.redirects else None
        if redirect is not None:
            yield _moved(article, link, target, redirect, context)
            return
        if fallback is None:
            rule = MISSING_IMAGE if link.kind in _IMAGE_KINDS else BROKEN_LINK
            what = "image" if link.kind in _IMAGE_KINDS else "page or file"
            refused = next(filter(None, map(files.refusal, target.candidates)), None)
            if refused is not None:  # on disk, but never published
                where, why = refused
                yield _at(rule, article, link, f"{what} {_short(link.target)} is not a file of the site ({where}: {why})")
                return
            if context.layout.source_folder is None:
                # A translations-only repository (Learn's localized ones): what it lacks, the source
                # repository may hold, and the publisher serves from there. Unverifiable, not broken.
                yield _at(
                    rule,
                    article,
                    link,
                    f"{what} {_short(link.target)} is not in this project ({target.candidates[0]}), which has no source-locale"
                    " folder to fall back on: it may be the source repository's",
                    severity=Severity.INFO,
                )
                return
            yield _at(rule, article, link, f"{what} {_short(link.target)} does not exist ({target.candidates[0]})")
            return
        found = fallback
        if found.endswith(".md") and link.kind not in _IMAGE_KINDS:
            yield _at(
                UNTRANSLATED_TARGET, article, link, f"{_short(link.target)} is not translated into '{article.locale}'; readers get {found}"
            )
    else:
        if found in files.escaping:
            yield _at(
                ESCAPES_DOCS, article, link, f"{_short(link.target)} is a symbolic link to a file outside the docs folder; not followed"
            )
            return
        yield from _cross_locale(article, link, found, files)
    if target.fragment and found.endswith(".md"):
        locale, _, relpath = found.partition("/")
        page = site.get(locale, relpath)
        if page is not None and not context.has_anchor(page, target.fragment):
            yield _at(BROKEN_ANCHOR, article, link, f"no anchor '#{target.fragment}' in {found}")


def _moved(article: Article, link: Link, target: Target, redirect: Redirect, context: LinkContext) -> Finding:
    """LNK009 with the new place as the fix; LNK001 when the redirect leads nowhere."""
    destination = context.redirects.follow(redirect, article.locale, context.layout, context.files)
    declared = f"{redirect.path}:{redirect.line}" if redirect.line else redirect.path
    fragment = target.fragment or destination.fragment
    if destination.kind == "page" and destination.docs_path is not None:
        # In the reader's locale: the build serves the source's page there when it is not translated.
        fix = _relative_link(article, f"{article.locale}/{destination.docs_path.partition('/')[2]}") + (f"#{fragment}" if fragment else "")
    elif destination.kind == "url":
        fix = destination.written if destination.written.startswith("/") else destination.url
        fix += f"#{target.fragment}" if target.fragment and "#" not in fix else ""
    else:
        why = "loops" if destination.kind == "loop" else f"leads to '{destination.written}', which does not exist"
        return _at(BROKEN_LINK, article, link, f"{_short(link.target)} moved ({declared}), but the redirect {why}")
    return _at(MOVED_PAGE, article, link, f"{_short(link.target)} moved ({declared}): link to '{fix}'", fix=fix)


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
        yield _at(
            CROSS_LOCALE, article, link, f"links to the '{locale}' page although '{localized}' exists; link to {relative}", fix=relative
        )


def _anchor_parity(article: Article, site: Site) -> Iterator[Finding]:
    source = site.source_of(article)
    if source is None:
        return
    own = _anchor_names(article)
    line = article.headings[0].line if article.headings else article.body_line
    for anchor in source.anchors:
        if anchor.kind != "heading" and anchor.name not in own:
            yield ANCHOR_PARITY.finding(
                article.display_path,
                line,
                1,
                f"anchor '#{anchor.name}' of the source page ({source.locale}/{source.relpath}:{anchor.line}) is missing here",
            )


def _hygiene(article: Article, link: Link, target: Target, settings: Settings) -> Iterator[Finding]:
    url = target.resolved or link.target  # a root link to another site: the URL it stands for
    if target.kind == "unsafe":
        if not (target.scheme == "data" and link.kind in _IMAGE_KINDS and url[5:].lower().startswith("image/")):
            yield _at(UNSAFE_SCHEME, article, link, f"{target.scheme}: link {_short(url)}; never followed")
        return
    if target.kind == "mailto":
        addresses = [unquote(a).strip() for a in url[7:].split("?", 1)[0].split(",")]
        if not all(_MAILBOX.fullmatch(a) for a in addresses):
            yield _at(BAD_MAILTO, article, link, f"{_short(url)} has no valid e-mail address")
        return
    if target.kind == "other":
        return
    problem = malformed_reason(url, target)
    if problem:
        yield _at(MALFORMED_URL, article, link, f"{_short(url)}: {problem}")
    if target.kind != "external":
        return
    if _FIELD_CODE.search(url):
        yield _at(FIELD_CODE_DEBRIS, article, link, f"{_short(url)} carries Word field-code debris", fix=_without_field_code(url))
        return
    parts = urlsplit(url) if not problem else None
    if parts is None or not parts.hostname:
        return
    host = parts.hostname.lower()
    if parts.scheme.lower() == "http" and host not in settings.http_allowed_hosts:
        yield _at(INSECURE_URL, article, link, f"{_short(url)} uses http://", fix=urlunsplit(("https", *parts[1:])))
    moved = settings.moved_hosts.get(host)
    if moved:
        netloc = parts.netloc.lower().replace(host, moved, 1)
        fixed = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
        yield _at(MOVED_HOST, article, link, f"{_short(url)}: {host} has moved to {moved}", fix=fixed)


def malformed_reason(url: str, target: Target) -> str | None:
    if len(url) > MAX_URL_LENGTH:
        return f"{len(url):,} characters long (more than {MAX_URL_LENGTH:,})"
    # MkDocs percent-encodes the spaces of links to its own files (``<my page.md>``), not of URLs.
    if (_SPACE_OR_CONTROL if target.kind == "external" else _CONTROL).search(url.strip()):
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
    _, _, fragment = url.partition("#")
    if fragment and url.index("#") > start:
        return url[:start] + "#" + fragment
    anchor = _FIELD_ANCHOR.search(url)
    return url[:start] + (f"#{unquote(anchor.group(1))}" if anchor else "")


def _relative_link(article: Article, docs_path: str) -> str:
    """How the article would link to a docs path: relative to its own folder."""
    return posixpath.relpath(docs_path, posixpath.dirname(f"{article.locale}/{article.relpath}"))


def _anchor_names(article: Article) -> set[str]:
    return {anchor.name for anchor in article.anchors}


def _at(rule: Rule, article: Article, link: Link, message: str, fix: str | None = None, severity: Severity | None = None) -> Finding:
    return rule.finding(article.display_path, link.line, link.column, message, fix=fix, severity=severity)


def _short(url: str, limit: int = 100) -> str:
    return f"'{url}'" if len(url) <= limit else f"'{url[: limit - 3]}...'"
