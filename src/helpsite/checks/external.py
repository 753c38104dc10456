"""URL007/URL008: ask the servers of external links (only with --external, or external_links in builds)."""

from __future__ import annotations

from collections.abc import Iterator
from http import HTTPStatus
from typing import TYPE_CHECKING

from helpsite.checks.links import malformed_reason
from helpsite.content.links import classify
from helpsite.model import Article, Finding, Link, RuleSet, Severity

if TYPE_CHECKING:  # the registry imports this module, and the context imports the registry
    from helpsite.checks.context import Context
    from helpsite.web.client import UrlResult

RULESET = RuleSet()

EXTERNAL_BROKEN = RULESET.rule(
    "URL007",
    "external-broken",
    Severity.ERROR,
    "An external link does not work",
    """
    ``helpsite check --external`` asked the server: it answered 404 or 410, another error status,
    or did not answer (refused, timed out, DNS). Statuses 401, 403 and 429 are warnings: the page
    may work for readers. Results are cached (see the external checker's settings).""",
)
EXTERNAL_REDIRECT = RULESET.rule(
    "URL008",
    "permanent-redirect",
    Severity.WARNING,
    "An external link is permanently redirected",
    """
    The server answered 301 or 308: the link still works, through a redirect that may go away.
    The fix is the final URL.""",
)


# Statuses where the page may well work for a reader (logins, bot walls, rate limits).
SOFT_FAILURES = frozenset({401, 403, 429})


def external_links(targets: list[Article], context: Context) -> list[tuple[Article, Link, str]]:
    found = []
    for article in targets:
        layout = context.links_for(article).layout
        for link in article.links:
            target = classify(link.target, article.locale, article.relpath, layout)
            written = target.resolved or link.target  # a root link to another site: its URL
            if target.kind == "external" and malformed_reason(written, target) is None:
                url = "https:" + written if written.startswith("//") else written
                found.append((article, link, url.strip()))
    return found


def external_findings(targets: list[Article], context: Context, enabled: set[str], progress=None) -> list[Finding]:
    """URL007/URL008: the servers of the targets' external links, asked (or the cache, when fresh)."""
    if not enabled & RULESET.codes:
        return []
    links_progress = (lambda done, total: progress("links", done, total)) if progress else None
    return [f for f in check_external(targets, context, links_progress) if f.code in enabled]


def check_external(targets: list[Article], context: Context, progress=None) -> Iterator[Finding]:
    occurrences = external_links(targets, context)
    if not occurrences:
        return
    from helpsite.web.client import LinkCache, cache_key, check_urls  # asyncio and the HTTP client load only when servers are asked

    settings = context.project.settings.external
    cache = LinkCache(context.project.root / (context.project.settings.cache_dir or ".helpsite-cache") / "links.sqlite")
    try:
        results = check_urls((url for _, _, url in occurrences), settings, cache, progress)
    finally:
        cache.close()
    for article, link, url in occurrences:
        yield from _findings(article, link, url, results[cache_key(url)])


def _findings(article: Article, link: Link, url: str, result: UrlResult) -> Iterator[Finding]:
    where = (article.display_path, link.line, link.column)
    shown = url if len(url) <= 100 else url[:97] + "..."
    if result.error:
        yield EXTERNAL_BROKEN.finding(*where, f"'{shown}': {result.error}")
    elif result.status is not None and not result.ok:
        phrase = _phrase(result.status)
        severity = Severity.WARNING if result.status in SOFT_FAILURES else None
        yield EXTERNAL_BROKEN.finding(*where, f"'{shown}' answered {result.status} {phrase}".rstrip(), severity=severity)
    elif result.permanent_redirect:
        fragment = url.partition("#")[2]
        final = result.final_url + (f"#{fragment}" if fragment and "#" not in result.final_url else "")
        yield EXTERNAL_REDIRECT.finding(*where, f"'{shown}' redirects permanently to '{final}'", fix=final)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
