"""The checks of a build: once per build (not once per language build), beside MkDocs' rendering in
a forked process, or under `mkdocs serve` incrementally in this one. Their findings become MkDocs
log messages, so ``mkdocs build --strict`` fails on error findings (``build_fail_on``)."""

from __future__ import annotations

import concurrent.futures
import gc
import logging
import multiprocessing
import os

from mkdocs.exceptions import PluginError

from helpsite.checks.context import Context
from helpsite.checks.external import external_findings
from helpsite.checks.suite import enabled_codes
from helpsite.content.config import Project, Settings
from helpsite.content.site import Site
from helpsite.errors import ConfigError
from helpsite.mkdocs.jobs import CHECK_FORKS, FINDINGS_IN_ENV, FINDINGS_OUT_ENV, publish_findings, wait_for_findings
from helpsite.model import Article, Finding, Severity
from helpsite.report.text import format_finding
from helpsite.run.ci import fingerprint
from helpsite.run.engine import IncrementalCheck, collector_paused, load_site, run_check

log = logging.getLogger("mkdocs.plugins.helpsite")


class _ReadForTheCheck:
    """The site a build has just read, for the check it forks: set only around the fork, so that the
    check's process has the articles without a copy and parses none again (two fifths of its work,
    on the core that a parallel build's other shard needs)."""

    site: Site | None = None


def _check_in_background(project: Project, publish_to: str | None = None) -> list[Finding]:
    findings = run_check(project, external=project.settings.external_links, jobs=1, parsed=_ReadForTheCheck.site).findings
    if publish_to:  # a shard of `helpsite build --jobs`: the other shards wait for them
        publish_findings(publish_to, findings)
    return findings


def _site_for_the_build(project: Project, keep_parses: bool) -> Site:
    """The site a production build renders, read with the collector paused and then frozen out of
    its reach: it lives as long as the build, and every full collection of the build would
    otherwise walk its 6,000 articles again (3 of the 20 s of CPU of a build with the build cache
    at 2,000 articles a locale). Frozen before the fork, too, the check's process shares its pages."""
    with collector_paused():
        _, site = load_site(project, keep_parses=keep_parses)
    gc.freeze()
    if site.shared_parses is not None:
        (here, taken), total = site.shared_parses, len(site.articles)
        kept = f", {total - here - taken:,} from the parse cache" if total > here + taken else ""
        log.info(f"helpsite: {total:,} articles read: {here:,} parsed here, {taken:,} taken from the other shards' parses{kept}")
    return site


class Checks:
    """One build's checks at a time; kept across the rebuilds of `mkdocs serve`, which check only what changed."""

    def __init__(self) -> None:
        self.incremental = IncrementalCheck()
        self._pending: concurrent.futures.Future | None = None
        # Serving: the articles the last rebuild's check looked at again (None: every one), and
        # what the terminal has been told, so that a save shows what it changed and nothing again.
        self.rechecked: set[str] | None = None
        self._told: set[tuple[str, str, str]] = set()
        self._handed: tuple[str, int] | None = None  # a shard's: the findings file another shard writes, and our parent

    def start(self, project: Project, serving: bool, keep_parses: bool = False) -> tuple[Site, list[Finding] | None]:
        """Read the site now, and check it: now (serving, or where fork is not the default), giving
        the findings; or in a second process while MkDocs renders, giving None (then :meth:`wait`).
        A shard of `helpsite build --jobs` may instead be handed the findings of another (then :meth:`wait`).
        ``keep_parses``: the site is read through the parse cache (a production build with the build cache)."""
        handed, publish_to = (None, None) if serving else (os.environ.get(FINDINGS_IN_ENV), os.environ.get(FINDINGS_OUT_ENV))
        if handed:
            try:
                site = _site_for_the_build(project, keep_parses)
            except ConfigError as exc:
                raise PluginError(str(exc)) from None
            self._handed = (handed, os.getppid())
            return site, None
        if serving or not CHECK_FORKS:
            try:
                update = self.incremental.run(project)
                findings = update.findings
                if project.settings.external_links:
                    context = Context(project, None, update.site)
                    external = external_findings(update.articles, context, enabled_codes(project))
                    findings = sorted([*findings, *external], key=Finding.sort_key)
            except ConfigError as exc:
                raise PluginError(str(exc)) from None
            if publish_to:
                publish_findings(publish_to, findings)
            again = len(update.checked) < len(update.articles)
            self.rechecked = {article.display_path for article in update.checked} if again else None
            if serving and self._told:
                self._told = log_changes(findings, project.settings, update.checked, len(update.articles), self._told)
            else:
                log_findings(findings, project.settings, update.checked, len(update.articles))
                self._told = {fingerprint(finding) for finding in findings} if serving else set()
            return update.site, findings
        try:
            site = _site_for_the_build(project, keep_parses)
        except ConfigError as exc:
            raise PluginError(str(exc)) from None
        pool = concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        _ReadForTheCheck.site = site
        try:  # the first submit forks the worker
            self._pending = pool.submit(_check_in_background, project, publish_to)
        finally:
            _ReadForTheCheck.site = None
        pool.shutdown(wait=False)
        return site, None

    def wait(self, settings: Settings) -> list[Finding] | None:
        """The background check's findings, logged (still inside the build, so --strict counts them);
        None when no check is pending (it was collected, or ran in this process)."""
        if self._handed is not None:
            (path, parent), self._handed = self._handed, None
            try:
                return wait_for_findings(path, parent)  # logged by the shard that checked
            except (RuntimeError, OSError, ValueError, KeyError, TypeError) as exc:
                raise PluginError(f"no findings from the checking shard: {exc}") from None
        if self._pending is None:
            return None
        pending, self._pending = self._pending, None
        try:
            findings = pending.result()
        except ConfigError as exc:
            raise PluginError(str(exc)) from None
        log_findings(findings, settings)
        return findings


def log_findings(findings: list[Finding], settings: Settings, checked: list[Article] | None = None, total: int = 0) -> None:
    """Every finding (``checked`` None: a full check); on a rebuild of `mkdocs serve`, those of the
    ``checked`` pages, out of ``total``."""
    threshold = Severity.parse(settings.build_fail_on)
    checked = checked if checked is not None else []
    again = len(checked) < total
    shown = {article.display_path for article in checked}
    for finding in findings:
        if again and finding.path not in shown:
            continue
        (log.warning if finding.severity >= threshold else log.info)(format_finding(finding))
    if again:
        pages = ", ".join(sorted(shown)[:3]) + (" ..." if len(shown) > 3 else "")
        log.info(f"helpsite: checked {len(checked)} of {total} articles again ({pages or 'none changed'}); {len(findings)} findings in all")


def log_changes(
    findings: list[Finding], settings: Settings, checked: list[Article], total: int, told: set[tuple[str, str, str]]
) -> set[tuple[str, str, str]]:
    """A rebuild of `mkdocs serve`: the findings the terminal has not been told yet (by path, code and
    message: a finding whose line moved is not new), and how many went; what it has now been told."""
    now = {fingerprint(finding) for finding in findings}
    threshold = Severity.parse(settings.build_fail_on)
    fresh = [finding for finding in findings if fingerprint(finding) not in told]
    for finding in fresh:
        (log.warning if finding.severity >= threshold else log.info)(format_finding(finding))
    shown = sorted(article.display_path for article in checked)
    pages = ", ".join(shown[:3]) + (" ..." if len(shown) > 3 else "")
    log.info(
        f"helpsite: checked {len(checked)} of {total} articles again ({pages or 'none changed'}): "
        f"{len(fresh)} new finding{'' if len(fresh) == 1 else 's'}, {len(told - now)} gone; {len(findings)} findings in all"
    )
    return now
