"""One check run: discover, parse once, run every enabled check, return sorted findings."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import registry as R
from .checks import ARTICLE_CHECKS, EXTERNAL_CODES, Context, check_site
from .checks.external import check_external
from .checks.meta import MetadataSchema
from .config import Project
from .errors import ConfigError
from .model import Article, Finding
from .parse import ParseOptions, parse_article
from .site import Site, SourceFile, discover, display_path

ProgressCallback = Callable[[str, int, int], None]  # (phase, done, total)
PROGRESS_STEP = 50  # articles between two progress reports


@dataclass(slots=True)
class CheckRun:
    findings: list[Finding]
    articles: list[Article]  # the articles checked
    site: Site  # everything they were checked against
    seconds: float = 0.0


def load_schema(project: Project) -> tuple[MetadataSchema | None, list[Finding]]:
    try:
        return MetadataSchema.load(project.schema_path), []
    except ConfigError as exc:
        return None, [R.SCHEMA_BROKEN.finding(display_path(project.schema_path), None, None, str(exc))]


def parse_sources(sources: list[SourceFile], project: Project, progress: ProgressCallback | None = None) -> list[Article]:
    options = ParseOptions(max_file_bytes=project.settings.max_file_bytes)
    articles = []
    for done, source in enumerate(sources, 1):
        articles.append(parse_source(source, options))
        if progress and (done % PROGRESS_STEP == 0 or done == len(sources)):
            progress("reading", done, len(sources))
    return articles


def parse_source(source: SourceFile, options: ParseOptions) -> Article:
    article = parse_article(source.path, locale=source.locale, relpath=source.relpath, display_path=display_path(source.path), options=options)
    article.docs_root = source.root
    return article


def enabled_codes(project: Project, select: list[str] | None = None, ignore: list[str] | None = None) -> set[str]:
    """The codes a run reports: the run's --select/--ignore, else the site's settings, plus its ignores."""
    return R.select_rules(select or project.settings.select or None, [*(ignore or []), *project.settings.ignore])


def site_findings(targets: list[Article], context: Context, enabled: set[str]) -> list[Finding]:
    """The tree-wide findings (duplicate pages, locale files) of the folders ``targets`` are in."""
    return [f for f in check_site(targets, context) if f.code in enabled]


def external_findings(targets: list[Article], context: Context, enabled: set[str], progress: ProgressCallback | None = None) -> list[Finding]:
    """URL007/URL008: the servers of the targets' external links, asked (or the cache, when fresh)."""
    if not enabled & EXTERNAL_CODES:
        return []
    links_progress = (lambda done, total: progress("links", done, total)) if progress else None
    return [f for f in check_external(targets, context, links_progress) if f.code in enabled]


def check_articles(
    targets: list[Article],
    site: Site,
    project: Project,
    enabled: set[str],
    *,
    schema: MetadataSchema | None,
    progress: ProgressCallback | None = None,
) -> list[Finding]:
    """Findings for ``targets``; the ``site`` (a superset) is what their links and sources resolve against."""
    context = Context(project, schema, site)
    findings: list[Finding] = []
    total = len(targets)
    for done, article in enumerate(targets, 1):
        findings.extend(check_article(article, context, enabled))
        if progress and (done % PROGRESS_STEP == 0 or done == total):
            progress("checking", done, total)
    findings.extend(site_findings(targets, context, enabled))
    return findings


def check_article(article: Article, context: Context, enabled: set[str]) -> list[Finding]:
    """One article's findings (its own and its checks'), against the context's whole site."""
    findings = list(article.problems)
    for check in ARTICLE_CHECKS:
        if check.codes & enabled:
            findings.extend(check.run(article, context))
    return [f for f in findings if f.code in enabled]


def load_site(project: Project, paths: list[Path] | None = None, progress: ProgressCallback | None = None) -> tuple[list[Article], Site]:
    """The articles at ``paths`` (default: the docs folder), and the Site of their whole trees.

    Links, anchors and sources resolve against whole trees, even when only some files are asked for.
    """
    requested = discover(paths or [project.docs_dir], project.docs_dir, project.locales)
    roots = sorted({source.root for source in requested})
    wanted = {source.path for source in requested}
    others = [s for s in discover(roots, project.docs_dir, project.locales) if s.path not in wanted] if roots else []
    articles = parse_sources(requested + others, project, progress)
    return [a for a in articles if a.path in wanted], Site(articles, project.locales)


def run_check(
    project: Project,
    paths: list[Path] | None = None,
    *,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    external: bool = False,
    progress: ProgressCallback | None = None,
    jobs: int = 1,
    shard: tuple[int, int] | None = None,
    only: set[Path] | None = None,
) -> CheckRun:
    """Check ``paths`` (default: the docs folder) against their whole trees.

    ``jobs`` > 1 checks in that many processes (forked after parsing, so the parsed site is shared);
    ``shard`` (I, N) keeps the articles of shard I of N (1-based, stable by path); ``only`` keeps
    the articles at those paths (``--changed-since``).
    """
    started = time.perf_counter()
    enabled = enabled_codes(project, select, ignore)
    targets, site = load_site(project, paths, progress)
    if only is not None:
        targets = [a for a in targets if a.path.resolve() in only]
    if shard is not None:
        targets = [a for a in targets if in_shard(a, *shard)]
    schema, schema_findings = load_schema(project)
    if jobs > 1 and len(targets) >= jobs * PARALLEL_MINIMUM:
        findings = schema_findings + _check_in_processes(targets, site, project, enabled, schema, jobs, progress)
    else:
        findings = schema_findings + check_articles(targets, site, project, enabled, schema=schema, progress=progress)
    if external:
        findings += external_findings(targets, Context(project, schema, site), enabled, progress)
    findings.sort(key=Finding.sort_key)
    return CheckRun(findings, targets, site, time.perf_counter() - started)


PARALLEL_MINIMUM = 100  # articles per process below which a pool costs more than it saves


def in_shard(article: Article, index: int, count: int) -> bool:
    """Shard ``index`` of ``count`` (1-based): stable for a path whatever else is added or removed."""
    return zlib.crc32(f"{article.locale}/{article.relpath}".encode()) % count == index - 1


# What forked workers inherit: set just before the pool starts, read only by _check_slice.
_FORKED: dict = {}


def _check_slice(bounds: tuple[int, int]) -> list[Finding]:
    targets, site, project, enabled, schema = (_FORKED[k] for k in ("targets", "site", "project", "enabled", "schema"))
    context = Context(project, schema, site)
    findings: list[Finding] = []
    for article in targets[bounds[0] : bounds[1]]:
        findings.extend(check_article(article, context, enabled))
    return findings


def _check_in_processes(targets, site, project, enabled, schema, jobs, progress) -> list[Finding]:
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: check here
        return check_articles(targets, site, project, enabled, schema=schema, progress=progress)
    _FORKED.update(targets=targets, site=site, project=project, enabled=enabled, schema=schema)
    step = max(PARALLEL_MINIMUM // 2, len(targets) // (jobs * 8))  # small slices, so a slow one does not hold the rest
    slices = [(start, min(start + step, len(targets))) for start in range(0, len(targets), step)]
    findings: list[Finding] = []
    try:
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            for (start, end), part in zip(slices, pool.map(_check_slice, slices)):
                findings.extend(part)
                if progress:
                    progress("checking", end, len(targets))
    finally:
        _FORKED.clear()
    findings.extend(site_findings(targets, Context(project, schema, site), enabled))
    return findings
