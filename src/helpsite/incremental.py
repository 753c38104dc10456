"""Checking a project again and again (``mkdocs serve``): only what changed is read and checked.

A file is read again only when its size or modification time changed, and parsed again only when
its content hash changed. An article is checked again when it changed, or when something its
findings depend on changed: a page its links point at (added, removed or edited: anchors), or the
same page in another locale (its source or a translation: outdated, QA, anchor parity). Every
other article keeps its findings. A change to the schema, the locale files or the settings
starts afresh. Tree-wide checks (duplicate pages, locale files) are cheap and always run.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from .checks import Context
from .checks.meta import MetadataSchema
from .config import Project
from .engine import check_article, enabled_codes, load_schema, parse_source, site_findings
from .links import classify
from .model import Article, Finding
from .parse import ParseOptions
from .site import Site, discover


@dataclass(slots=True)
class _Known:
    stamp: tuple[int, int]  # (mtime_ns, size) when last read
    digest: str
    article: Article
    findings: list[Finding] = field(default_factory=list)
    depends_on: frozenset[str] = frozenset()  # "<locale>/<relpath>" paths whose change affects its findings


@dataclass(slots=True)
class Update:
    findings: list[Finding]  # all of them, sorted
    articles: list[Article]
    site: Site
    checked: list[Article]  # the articles checked in this run (all of them on the first)
    seconds: float


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _key(article: Article) -> str:
    return f"{article.locale}/{article.relpath}"


class IncrementalCheck:
    """Holds what the last run read and found; ``run(project)`` brings it up to date."""

    def __init__(self) -> None:
        self._known: dict[Path, _Known] = {}
        self._configuration: str | None = None
        self._schema: MetadataSchema | None = None
        self._schema_findings: list[Finding] = []

    @staticmethod
    def _configuration_digest(project: Project) -> str:
        parts = [repr(project.settings).encode()]
        for path in [project.schema_path, *sorted((project.root / project.settings.locales_dir).glob("*.y*ml"))]:
            try:
                parts.append(path.read_bytes())
            except OSError:
                parts.append(b"-")
        return _digest(b"\0".join(parts))

    def run(self, project: Project) -> Update:
        """Every finding of the project's docs folder, re-reading and re-checking only what changed."""
        started = time.perf_counter()
        configuration = self._configuration_digest(project) + str(project.docs_dir)
        if configuration != self._configuration:
            self._known.clear()
            self._configuration = configuration
            self._schema, self._schema_findings = load_schema(project)
        enabled = enabled_codes(project)
        options = ParseOptions(max_file_bytes=project.settings.max_file_bytes)
        sources = discover([project.docs_dir], project.docs_dir, project.locales)
        known: dict[Path, _Known] = {}
        changed: set[str] = set()
        for source in sources:
            previous = self._known.get(source.path)
            try:
                status = source.path.stat()
                stamp = (status.st_mtime_ns, status.st_size)
            except OSError:
                stamp = (-1, -1)
            if previous is not None and previous.stamp == stamp:
                known[source.path] = previous
                continue
            try:
                digest = _digest(source.path.read_bytes()) if stamp[1] <= options.max_file_bytes and source.path.is_file() else f"stamp:{stamp}"
            except OSError:
                digest = f"stamp:{stamp}"
            if previous is not None and previous.digest == digest:
                previous.stamp = stamp
                known[source.path] = previous
                continue
            article = parse_source(source, options)
            known[source.path] = _Known(stamp, digest, article)
            changed.add(_key(article))
        changed |= {_key(entry.article) for path, entry in self._known.items() if path not in known}  # removed
        first_run = not self._known
        self._known = known

        articles = [entry.article for entry in known.values()]
        site = Site(articles, project.locales)
        context = Context(project, self._schema, site)
        changed_pages = {key.split("/", 1)[1] for key in changed}
        checked = []
        for entry in known.values():
            article = entry.article
            if first_run or _key(article) in changed or article.relpath in changed_pages or entry.depends_on & changed:
                entry.findings = check_article(article, context, enabled)
                entry.depends_on = self._dependencies(article, site, context)
                checked.append(article)
        findings = list(self._schema_findings)
        for entry in known.values():
            findings.extend(entry.findings)
        findings.extend(site_findings(articles, context, enabled))
        findings.sort(key=Finding.sort_key)
        return Update(findings, articles, site, checked, time.perf_counter() - started)

    def _dependencies(self, article: Article, site: Site, context: Context) -> frozenset[str]:
        """Pages (in any locale) that the article's links may resolve to."""
        if not article.readable:
            return frozenset()
        layout = context.links_for(article).layout
        locales = site.by_locale.keys()
        paths: set[str] = set()
        for link in article.links:
            target = classify(link.target, article.locale, article.relpath, layout)
            for candidate in target.candidates or ((target.docs_path,) if target.docs_path else ()):
                relpath = candidate.split("/", 1)[1] if "/" in candidate else candidate
                paths.update(f"{locale}/{relpath}" for locale in locales)
        return frozenset(paths)
