"""Checking a site: find the articles, parse what changed, check what that affects, sort the findings.

``run_check`` is one run. An IncrementalCheck carries what a run found to the next one, in memory
(``mkdocs serve``) or in a file in the cache folder (``helpsite check``), so that a run reads and
checks only what changed since:

- a file is read again when its size or modification time changed (or when that time was too
  recent to trust), and counts as changed when its content hash did. Hashes, not times, decide:
  a cache restored on a fresh checkout (CI) still knows every file whose content it has seen;
- an article is checked again when it changed, or when something its findings depend on changed:
  a page its links point at (added, removed or edited: anchors), the same page in another locale
  (its source or a translation), a file it links to or includes, or git's HEAD (when its checks
  asked git). Unchanged pages are parsed only when a page being checked looks at them;
- a change to the settings, mkdocs.yml, the schema, the locale files, the redirects file, helpsite itself, the
  working folder or the codes enabled starts afresh. Tree-wide checks (duplicate pages, locale
  files) need no parsing and always run.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import gc
import hashlib
import json
import multiprocessing
import os
import re
import stat
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from helpsite import __version__
from helpsite.checks import detections
from helpsite.checks.context import GIT_DEPENDENCY, INCLUDE_DEPENDENCY, Context
from helpsite.checks.detections import Answer, Detections
from helpsite.checks.meta import MetadataSchema
from helpsite.checks.registry import RULES
from helpsite.checks.suite import check_article, enabled_codes, site_findings
from helpsite.content.config import Project
from helpsite.content.parse import ParseOptions, parse_article
from helpsite.content.redirects import MAX_REDIRECTS_BYTES, redirects_path
from helpsite.content.safefile import FileTooLarge, RefusedFile, docs_path_kind, open_docs_file, read_docs_file
from helpsite.content.site import Site, SourceFile, discover, display_path, tree_root
from helpsite.model import Article, Finding, Severity
from helpsite.run.ci import with_translations
from helpsite.run.parsecache import ParseCache, SharedParses, content_digest
from helpsite.translation.review import GitHistory

ProgressCallback = Callable[[str, int, int], None]  # (phase, done, total)
Stamp = tuple[int, int, int, int]  # a file's (mtime_ns, size, inode, ctime_ns)
PROGRESS_STEP = 50  # articles between two progress reports
PARALLEL_MINIMUM = 100  # articles per process below which a pool costs more than it saves
STORE_FORMAT = 3
# A file modified this recently may be modified again within its clock's resolution without its
# time changing (git's "racy" files): its time is not trusted, and the next run hashes it.
RACY_NANOSECONDS = 2_000_000_000
STORE_UNUSED_DAYS = 30  # cache files no run has used for this long are removed


@dataclass(slots=True)
class CheckRun:
    findings: list[Finding]
    targets: list[SourceFile]  # the articles checked (or whose cached findings still hold)
    site: Site  # everything they were checked against; pages are parsed when first looked at
    seconds: float = 0.0
    checked: int = 0  # how many of them this run checked (the rest came from the cache)

    @property
    def articles(self) -> list[Article]:
        return [self.site.by_locale[t.locale][t.relpath] for t in self.targets]


def parse_source(source: SourceFile, options: ParseOptions, data: bytes | None = None) -> Article:
    """The article at ``source``; ``data`` when the caller has already read the file (read_docs_file)."""
    return parse_article(
        source.path,
        locale=source.locale,
        relpath=source.relpath,
        display_path=display_path(source.path),
        options=options,
        docs_root=source.root,
        data=data,
    )


def parse_sources(
    sources: list[SourceFile], project: Project, progress: ProgressCallback | None = None, kept: ParseCache | None = None
) -> list[Article]:
    """The articles at ``sources``; with ``kept``, those whose bytes it holds come from it."""
    options = ParseOptions.of(project.settings)
    articles = []

    def parse(source: SourceFile, data: bytes | None) -> Article:
        return parse_source(source, options, data)

    shared = SharedParses.from_environment()
    if shared is not None:  # a shard of `helpsite build --jobs`: the shards divide the parsing
        if kept is None:
            shared.publish({})  # nothing to hand over: the others parse their share of this one's
        else:
            articles = kept.articles(sources, parse, options.max_file_bytes, shared)
            if progress:
                progress("reading", len(sources), len(sources))
            return articles
    for done, source in enumerate(sources, 1):
        articles.append(parse_source(source, options) if kept is None else kept.article(source, parse, options.max_file_bytes))
        if progress and (done % PROGRESS_STEP == 0 or done == len(sources)):
            progress("reading", done, len(sources))
    return articles


def whole_trees(project: Project, paths: list[Path] | None = None) -> tuple[list[SourceFile], list[SourceFile]]:
    """The articles at ``paths`` (default: the docs folder), and every article of their trees.

    Links, anchors and sources resolve against whole trees, even when only some files are asked for.
    """
    given = paths or [project.docs_dir]
    for path in given:
        # Outside any tree the "whole tree" would be whatever folder holds the file: never walk that.
        if tree_root(path, project.docs_dir, project.locales) is None:
            raise ValueError(
                f"{path}: not in the docs folder ({display_path(project.docs_dir)}/) nor in a locale folder; "
                "articles are checked against their docs tree"
            )
    requested = discover(given, project.docs_dir, project.locales)
    roots = sorted({source.root for source in requested})
    if set(roots) <= {Path(os.path.abspath(path)) for path in given}:
        return requested, requested  # whole trees were asked for
    wanted = {source.path for source in requested}
    others = [s for s in discover(roots, project.docs_dir, project.locales) if s.path not in wanted]
    return requested, requested + others


def load_site(
    project: Project, paths: list[Path] | None = None, progress: ProgressCallback | None = None, *, keep_parses: bool = False
) -> tuple[list[Article], Site]:
    """The articles at ``paths`` (default: the docs folder), parsed, and the Site of their whole trees;
    ``keep_parses``: those parsed by an earlier run with the same bytes are taken from the site's
    parse cache (:mod:`helpsite.run.parsecache`), and this run's are kept there."""
    requested, everything = whole_trees(project, paths)
    kept = None
    if keep_parses and project.settings.cache_dir:
        kept = ParseCache(project.root / project.settings.cache_dir, ParseOptions.of(project.settings))
    articles = parse_sources(everything, project, progress, kept)
    site = Site(articles, project.locales)
    if kept is not None:
        make_cache_folder(kept.path.parent)
        kept.save()
        site.digests = kept.digests
        site.shared_parses = kept.shared
    if paths is None:
        site.walked = everything
    if requested is everything:  # the whole site (a build): no paths to sort out, 6,000 of them to hash
        return articles, site
    wanted = {source.path for source in requested}
    return [a for a in articles if a.path in wanted], site


def in_shard(page: SourceFile | Article, index: int, count: int) -> bool:
    """Shard ``index`` of ``count`` (1-based): stable for a path whatever else is added or removed."""
    return zlib.crc32(f"{page.locale}/{page.relpath}".encode("utf-8", "surrogateescape")) % count == index - 1


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
    changed: set[Path] | None = None,
    cache: bool = True,
    parsed: Site | None = None,
) -> CheckRun:
    """Check ``paths`` (default: the docs folder) against their whole trees.

    ``jobs`` > 1 checks in that many processes (forked after parsing, so the parsed site is shared);
    ``shard`` (I, N) keeps the articles of shard I of N (1-based, stable by path); ``changed`` keeps
    the articles at those paths and the translations of the sources among them
    (``--changed-since``). With ``cache`` (and the site's cache_dir), findings still valid from an
    earlier run are reused, and this run's are kept for the next. ``parsed``: a site read just
    before (with its digests), whose articles are taken where the file still holds the same bytes.
    """
    started = time.perf_counter()
    enabled = enabled_codes(project, select, ignore)
    if paths is None and parsed is not None and parsed.walked is not None:
        # The docs folder as the read just before found it (a build's check, forked after it): walked
        # again, its 6,000 paths cost a tenth of a second in a process that shares the reader's pages.
        requested = everything = parsed.walked
    else:
        requested, everything = whole_trees(project, paths)
    targets = requested
    if changed is not None:
        only = with_translations(changed, everything, Site(everything, project.locales).source_folder, project.docs_dir)
        targets = [s for s in targets if s.path.resolve() in only]
    if shard is not None:
        targets = [s for s in targets if in_shard(s, *shard)]
    store = store_path(project, everything, enabled) if cache else None
    checker = IncrementalCheck(store, remember=store is not None)
    with collector_paused():
        update = checker.run(project, everything, enabled, targets=targets, jobs=jobs, progress=progress, parsed=parsed)
    checker.save()
    findings = update.findings_for(targets)
    if external:
        from helpsite.checks.external import external_findings  # the HTTP client loads only for runs that ask servers

        articles = [update.site.by_locale[t.locale][t.relpath] for t in targets]
        findings += external_findings(articles, Context(project, None, update.site), enabled, progress)
        findings.sort(key=Finding.sort_key)
    return CheckRun(findings, targets, update.site, time.perf_counter() - started, len(update.checked))


# Objects made while paused past which a span that runs the collector first sets them aside (PausedCollector.running).
_LONG_PAUSE = 10_000


class PausedCollector:
    """The cycle collector paused from :meth:`pause` to :meth:`resume`: :func:`collector_paused` for
    a span that no ``with`` holds, such as a production build's events (helpsite.mkdocs.plugin)."""

    def __init__(self) -> None:
        self._was_enabled: bool | None = None  # None: not paused by this instance

    def pause(self) -> None:
        if self._was_enabled is None:
            self._was_enabled = gc.isenabled()
            gc.disable()

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        """The collector as it was before the pause, for a while within it."""
        if not self._was_enabled:
            yield
            return
        if gc.get_count()[0] > _LONG_PAUSE:
            # The pause made that many objects (thousands of pages replayed from the build cache): let
            # loose in the youngest generation, the first collection of the span would walk them all
            # (20,000 to 80,000 objects, 15 to 35 ms, four times an edit's build at 6,000 pages). Set aside
            # until resume() instead: they live to the build's end, and what cyclic garbage is among
            # them (a language build's leftovers) is collected after it.
            gc.freeze()
        gc.enable()
        try:
            yield
        finally:
            gc.disable()

    def resume(self) -> None:
        if self._was_enabled is None:
            return
        # What the span made goes to the oldest generation as it is: let loose in the youngest, all of
        # it would be walked at once by the next collection.
        gc.freeze()
        gc.unfreeze()
        if self._was_enabled:
            gc.enable()
        self._was_enabled = None


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cycle collection while a run parses and checks. What it parses stays alive to the end, and
    it makes no cyclic garbage (its peak memory is the same either way: 249 MB for 6,033 articles),
    but the collector would walk those objects again and again: 5 to 8 % of a cold check."""
    paused = PausedCollector()
    paused.pause()
    try:
        yield
    finally:
        paused.resume()


def store_path(project: Project, sources: list[SourceFile], enabled: set[str]) -> Path | None:
    """The cache file of a run over these trees with these codes, from this folder (findings name
    paths relative to it); None when the site has no cache folder."""
    if not project.settings.cache_dir:
        return None
    roots = sorted({str(source.root) for source in sources})
    key = "\0".join([os.getcwd(), *roots, *sorted(enabled)]).encode("utf-8", "surrogateescape")
    return project.root / project.settings.cache_dir / f"check-{hashlib.blake2b(key, digest_size=8).hexdigest()}.json"


# ---------------------------------------------------------------------------------------------
# Incremental checking


@dataclass(slots=True)
class _Known:
    """What a run knows of one article file."""

    root: str  # its docs tree
    key: str  # "<locale>/<relpath>" in that tree
    source: SourceFile | None  # as found this run (None: not found, or not looked for yet)
    stamp: Stamp | None  # (mtime_ns, size, inode, ctime_ns) when read; None: read again next time
    digest: str | None  # of the content the findings were computed from; None: not read
    findings: list[Finding] | None = None  # None: not checked yet
    depends_on: tuple[str, ...] = ()  # docs paths (any locale), "include:<docs path>", "@git"
    article: Article | None = None  # parsed, when this process needed it

    @classmethod
    def of(cls, source: SourceFile, stamp: Stamp | None = None, digest: str | None = None, article: Article | None = None) -> _Known:
        return cls(str(source.root), _key(source), source, stamp, digest, article=article)

    @property
    def found(self) -> SourceFile:
        """The file as found this run: every entry of a run's ``known`` has one (see _read)."""
        assert self.source is not None
        return self.source


@dataclass
class Update:
    site: Site
    sources: list[SourceFile]
    checked: list[Article]  # the articles checked in this run
    seconds: float
    project: Project
    enabled: set[str]
    general: list[Finding]  # findings about the configuration (the schema)
    known: dict[str, _Known]
    _all: list[Finding] | None = None

    def findings_for(self, pages: list[SourceFile]) -> list[Finding]:
        """The findings of these pages (checked in the run) and of their folders, sorted."""
        findings = [f for f in self.general if f.code in self.enabled]
        for page in pages:
            findings.extend(self.known[str(page.path)].findings or ())
        findings.extend(site_findings(pages, self.sources, self.project, self.enabled))
        findings.sort(key=Finding.sort_key)
        return findings

    @property
    def findings(self) -> list[Finding]:
        """Every finding of the run's trees."""
        if self._all is None:
            self._all = self.findings_for(self.sources)
        return self._all

    @property
    def articles(self) -> list[Article]:
        return self.site.articles


def _parsed_alike(parsed: Site, source: SourceFile, data: bytes | None) -> Article | None:
    """The article ``parsed`` holds for ``source`` if it was parsed from these very bytes (a file
    saved between that read and this one is parsed again), with the same options (the caller's
    promise: a build's own site, read with the project's settings)."""
    read = parsed.digests.get(str(source.path))
    if data is None or read is None or read != content_digest(data):
        return None
    article = parsed.get(source.locale, source.relpath)
    return article if article is not None and article.path == source.path else None


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _stamp(path: Path) -> Stamp | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return _stamp_of(status) if stat.S_ISREG(status.st_mode) else None


def _stamp_of(status: os.stat_result) -> Stamp:
    # Size and time alone miss a file rewritten with both restored (cp -p, os.utime); the inode and
    # the change time, which no one can set back, do not.
    return (status.st_mtime_ns, status.st_size, status.st_ino, status.st_ctime_ns)


def _key(page: SourceFile | Article) -> str:
    return f"{page.locale}/{page.relpath}"


def _code_fingerprint() -> str:
    """helpsite's own code: a new version, or an edited checkout, must not reuse old findings."""
    package = Path(__file__).parent.parent  # all of helpsite, not only this subpackage
    parts = [__version__, sys.version]
    for path in sorted(package.rglob("*.py")):
        status = path.stat()
        parts.append(f"{path.relative_to(package)}:{status.st_size}:{status.st_mtime_ns}")
    return "\n".join(parts)


class IncrementalCheck:
    """Holds what the last run read and found; ``run`` brings it up to date.

    ``store``: the file it is kept in between processes (read now, written by ``save``).
    ``remember=False`` (a one-off run) skips recording what findings depend on.
    """

    def __init__(self, store: Path | None = None, *, remember: bool = True) -> None:
        self.store = store
        self.remember = remember
        self._known: dict[str, _Known] = {}
        self._watched: dict[tuple[str, str], str] = {}  # (root, dependency) -> its signature when checked
        self._git_head: str | None = None
        self._configuration: str | None = None
        self._schema: MetadataSchema | None = None
        self._general: list[Finding] | None = None
        self._dirty = False
        # What the language detector answered (the titles of a translation checked again after an
        # edit of its body are asked about again): kept beside the findings.
        self.detections = Detections(store.parent if store is not None else None)
        if store is not None:
            self._load(store)

    # -- one run ------------------------------------------------------------------------------

    def run(
        self,
        project: Project,
        sources: list[SourceFile] | None = None,
        enabled: set[str] | None = None,
        *,
        targets: list[SourceFile] | None = None,
        jobs: int = 1,
        progress: ProgressCallback | None = None,
        parsed: Site | None = None,
    ) -> Update:
        """Findings for ``targets`` (default: all ``sources``, default: the docs folder), re-reading
        and re-checking only what changed since the last run; an article to parse again is taken
        from ``parsed`` when that site read the same bytes (:func:`_parsed_alike`)."""
        started = time.perf_counter()
        sources = sources if sources is not None else discover([project.docs_dir], project.docs_dir, project.locales)
        targets = targets if targets is not None else sources
        enabled = enabled if enabled is not None else enabled_codes(project)
        # Which locale folders exist decides every page's source and link layout (a source folder
        # emptied of its last page is no source folder): a change starts afresh.
        folders = ",".join(sorted({source.locale for source in sources}))
        configuration = f"{self._configuration_digest(project, enabled)}|{folders}"
        if configuration != self._configuration:
            self._known, self._watched, self._git_head = {}, {}, None
            self._configuration, self._schema, self._general = configuration, None, None
            self._dirty = True
        options = ParseOptions.of(project.settings)
        wanted = {str(t.path) for t in targets}

        known, changed = self._read(sources, wanted, options, progress, parsed)
        head = functools.cache(lambda: GitHistory(project.root).head())  # git is asked once a run, if at all
        changed |= self._changed_dependencies(known, options, head)
        changed_in: dict[str, set[str]] = {}
        for root, dependency in changed:
            changed_in.setdefault(root, set()).add(dependency)

        def outdated(entry: _Known) -> bool:
            return entry.findings is None or (entry.root in changed_in and not changed_in[entry.root].isdisjoint(entry.depends_on))

        due = []
        for path, entry in known.items():
            if outdated(entry):
                if path in wanted:
                    due.append(entry)
                else:  # checked again when a run asks for it
                    entry.findings = None
        self._known = known
        site = Site([entry.article or entry.found for entry in known.values()], project.locales, self._parser(known, options))
        checked = self._check(due, project, site, enabled, jobs, progress)
        if checked or changed:
            self._dirty = True
            self._fingerprint_dependencies(known, options, head)
        return Update(site, sources, checked, time.perf_counter() - started, project, enabled, list(self._general or ()), known)

    def _read(
        self,
        sources: list[SourceFile],
        wanted: set[str],
        options: ParseOptions,
        progress: ProgressCallback | None,
        parsed: Site | None = None,
    ) -> tuple[dict[str, _Known], set[tuple[str, str]]]:
        """Every source's entry, read and parsed again where it changed; and (root, docs path) of
        each article added, removed or changed."""
        known: dict[str, _Known] = {}
        changed: set[tuple[str, str]] = set()
        to_read: list[SourceFile] = []
        for source in sources:
            path = str(source.path)
            previous = self._previous(source)
            if previous is not None and previous.stamp is not None and previous.stamp == _stamp(source.path):
                previous.source = source
                known[path] = previous
            elif path in wanted or (previous is not None and previous.digest is not None):
                to_read.append(source)
            else:  # never looked at: no finding depends on its content, only on its being there
                known[path] = _Known.of(source)
                if previous is None:
                    changed.add((str(source.root), _key(source)))
        for done, source in enumerate(to_read, 1):
            if progress and (done % PROGRESS_STEP == 0 or done == len(to_read)):
                progress("reading", done, len(to_read))
            path = str(source.path)
            previous = self._previous(source)
            stamp, digest, data = self._read_file(source, options)
            if previous is not None and digest is not None and previous.digest == digest:
                previous.source, previous.stamp = source, stamp
                known[path] = previous
                self._dirty = True
            else:
                article = _parsed_alike(parsed, source, data) if parsed is not None else None
                known[path] = _Known.of(source, stamp, digest, article or parse_source(source, options, data))
                changed.add((str(source.root), _key(source)))
        for path, entry in self._known.items():
            if path not in known:  # removed
                changed.add((entry.root, entry.key))
        return known, changed

    def _previous(self, source: SourceFile) -> _Known | None:
        """What an earlier run knew of the file, if it knew it as this page of this tree."""
        previous = self._known.get(str(source.path))
        if previous is None or previous.root != str(source.root) or previous.key != _key(source):
            return None
        return previous

    def _read_file(self, source: SourceFile, options: ParseOptions) -> tuple[Stamp | None, str | None, bytes | None]:
        """The file's stamp (None when too recent to trust), content hash and content (None when it is
        not a regular file inside its docs tree, unreadable or too large: the parser says why)."""
        try:
            read = read_docs_file(source.path, source.root, options.max_file_bytes)
        except (OSError, RefusedFile, FileTooLarge):
            return None, None, None
        if not self.remember:
            return None, None, read.data
        status = read.status
        recent = max(status.st_mtime_ns, status.st_ctime_ns) >= time.time_ns() - RACY_NANOSECONDS
        return None if recent else _stamp_of(status), _digest(read.data), read.data

    def _changed_dependencies(
        self, known: dict[str, _Known], options: ParseOptions, head: Callable[[], str | None]
    ) -> set[tuple[str, str]]:
        """Files the checks looked at beyond the articles (links to images, includes) that changed,
        and git's HEAD when some finding asked git."""
        changed = set()
        for key, signature in self._watched.items():
            now = _signature(*key, options)
            if now != signature:
                self._watched[key] = now
                changed.add(key)
        if any(GIT_DEPENDENCY in entry.depends_on for entry in known.values() if entry.findings is not None) and head() != self._git_head:
            changed |= {(entry.root, GIT_DEPENDENCY) for entry in known.values()}
        return changed

    def _parser(self, known: dict[str, _Known], options: ParseOptions) -> Callable[[SourceFile], Article]:
        def parse_unchanged(source: SourceFile) -> Article:
            entry = known[str(source.path)]
            if entry.article is None:
                entry.article = parse_source(source, options)
            return entry.article

        return parse_unchanged

    def _check(
        self, due: list[_Known], project: Project, site: Site, enabled: set[str], jobs: int, progress: ProgressCallback | None
    ) -> list[Article]:
        if self._general is None or (due and self._schema is None):
            self._schema, self._general = MetadataSchema.for_project(project.schema_path)
        articles = [site.by_locale[entry.found.locale][entry.found.relpath] for entry in due]
        with detections.consulted(self.detections):
            if jobs > 1 and len(due) >= jobs * PARALLEL_MINIMUM and "fork" in multiprocessing.get_all_start_methods():
                results = _check_in_processes(articles, site, project, enabled, self._schema, jobs, self.remember, progress)
            else:
                results = _check_slice_of(articles, Context(project, self._schema, site), enabled, self.remember, progress)
        for entry, (findings, depends_on) in zip(due, results, strict=True):
            entry.findings, entry.depends_on = findings, tuple(depends_on)
        return articles

    def _fingerprint_dependencies(self, known: dict[str, _Known], options: ParseOptions, head: Callable[[], str | None]) -> None:
        """Record what the findings depend on as it is now: the content hash of every article they
        looked at (some were parsed only on demand, perhaps in another process), the signature of
        every other file, and git's HEAD."""
        if not self.remember:
            return
        by_key = {(entry.root, entry.key): entry for entry in known.values()}
        watched: dict[tuple[str, str], str] = {}
        asks_git = False
        for entry in known.values():
            if entry.findings is None:
                continue
            root = entry.root
            for dependency in entry.depends_on:
                key = (root, dependency)
                if dependency == GIT_DEPENDENCY:
                    asks_git = True
                elif key in by_key and self._digest_of(by_key[key], options) is not None:
                    continue
                elif key not in watched:  # not a page, or one that cannot be read: whether it is there
                    watched[key] = self._watched.get(key) or _signature(root, dependency, options)
        self._watched = watched
        if asks_git:
            self._git_head = head()

    def _digest_of(self, page: _Known, options: ParseOptions) -> str | None:
        if page.digest is None and page.source is not None:
            page.stamp, page.digest, _ = self._read_file(page.source, options)
        return page.digest

    @staticmethod
    def _configuration_digest(project: Project, enabled: set[str]) -> str:
        texts = [repr(project.settings), str(project.docs_dir), os.getcwd(), ",".join(sorted(enabled)), _code_fingerprint()]
        parts = [text.encode("utf-8", "surrogateescape") for text in texts]
        files = [project.config_file, project.schema_path, *sorted((project.root / project.settings.locales_dir).glob("*.y*ml"))]
        for path in files:
            try:
                parts.append(path.read_bytes() if path else b"")
            except OSError:
                parts.append(b"-")
        redirects = redirects_path(project)  # where links to moved pages lead (LNK009): it may be in docs/
        try:
            parts.append(open_docs_file(redirects, redirects.parent, MAX_REDIRECTS_BYTES) if redirects else b"")
        except (OSError, RefusedFile, FileTooLarge):
            parts.append(b"-")
        return _digest(b"\0".join(parts))

    # -- between processes --------------------------------------------------------------------

    def _load(self, store: Path) -> None:
        """What an earlier run kept, every value checked: a file that is damaged as a whole is
        ignored, a damaged entry is dropped (its article is checked again), and either is said once
        on stderr. A file of another format (an older helpsite) is ignored silently."""
        try:
            data = json.loads(store.read_bytes())
        except FileNotFoundError:
            return
        except (OSError, ValueError, RecursionError) as exc:
            _cache_warning(store, f"it cannot be read ({getattr(exc, 'strerror', None) or exc.__class__.__name__})")
            return
        if isinstance(data, dict) and data.get("format") != STORE_FORMAT and isinstance(data.get("format"), int):
            return
        try:
            loaded = _LoadedStore.of(data)
        except _Damaged as exc:
            _cache_warning(store, str(exc))
            return
        if loaded.dropped:
            _cache_warning(store, f"{loaded.dropped} damaged entries dropped ({loaded.first_problem}); those articles are checked again")
        self._known, self._watched, self._general = loaded.known, loaded.watched, loaded.general
        self._configuration, self._git_head = loaded.configuration, loaded.git_head

    def save(self) -> None:
        """Keep what this run knows for the next (when it has a store and learned something)."""
        if self.store is None:
            return
        if not self._dirty:
            _mark_used(self.store)
            return
        from helpsite.content.edit import write_whole

        files = [
            [
                path,
                entry.root,
                entry.key,
                entry.stamp,
                entry.digest,
                None if entry.findings is None else _rows(entry.findings),
                sorted(entry.depends_on),
            ]
            for path, entry in self._known.items()
            if entry.digest is not None
        ]
        watched = [[root, dependency, signature] for (root, dependency), signature in self._watched.items()]
        document = {
            "format": STORE_FORMAT,
            "configuration": self._configuration,
            "git_head": self._git_head,
            "general": _rows(self._general or []),
            "files": files,
            "watched": watched,
        }
        # Paths keep the bytes of names that are not UTF-8 (lone surrogates); json.loads reads them back.
        data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        folder = self.store.parent
        try:
            make_cache_folder(folder)  # before anything is written in it: its .gitignore keeps it out of git
            write_whole(self.store, data)
            self.detections.save()
            _remove_unused(folder, self.detections.path)
        except OSError as exc:  # a read-only checkout still gets its findings
            print(f"helpsite: cannot keep the check cache in {folder}: {exc.strerror or exc}", file=sys.stderr)
        self._dirty = False


def _rows(findings: list[Finding]) -> list[list]:
    return [[f.code, int(f.severity), f.path, f.line, f.column, f.message, f.fix] for f in findings]


class _Damaged(ValueError):
    """A value of the cache file that a run must not obey."""


def _cache_warning(store: Path, problem: str) -> None:
    print(f"helpsite: the check cache {display_path(store)} is not used as it is: {problem}", file=sys.stderr)


_SEVERITY_OF = {int(severity): severity for severity in Severity}
_HASH = re.compile(r"[0-9a-f]{32}")  # what _digest writes
_TEXT = frozenset({str})


def _is_position(value: object) -> bool:
    return value is None or (type(value) is int and value >= 1)


def _findings(rows: object) -> list[Finding]:
    """Cached findings, each value checked (this runs over every finding a run reuses)."""
    if type(rows) is not list:
        raise _Damaged("findings are not a list")
    findings = []
    for row in rows:
        if type(row) is not list or len(row) != 7:
            raise _Damaged("a finding is not a list of seven values")
        code, severity, path, line, column, message, fix = row
        if type(code) is not str or code not in RULES:
            raise _Damaged(f"unknown code {str(code)[:20]!r}")
        if type(severity) is not int or severity not in _SEVERITY_OF:
            raise _Damaged(f"unknown severity {str(severity)[:20]!r}")
        if type(path) is not str or type(message) is not str or (fix is not None and type(fix) is not str):
            raise _Damaged("a finding's path, message or fix is not text")
        if not (_is_position(line) and _is_position(column)):
            raise _Damaged("a finding's line or column is not a positive number")
        findings.append(Finding(code, _SEVERITY_OF[severity], path, line, column, message, fix))
    return findings


def _entry_of(item: object) -> tuple[str, _Known]:
    """A cached file entry. Its dependencies are checked with the others (_drop_unwatched); a stamp
    only ever has to equal a file's real one, which numbers of another type never do."""
    if type(item) is not list or len(item) != 7:
        raise _Damaged("a file entry is not a list of seven values")
    path, root, key, stamp, digest, findings, depends_on = item
    if type(path) is not str or type(root) is not str or type(key) is not str:
        raise _Damaged("a file entry's path, tree or page is not text")
    if stamp is not None and (type(stamp) is not list or len(stamp) != 4):
        raise _Damaged("a file's stamp is not four numbers")
    if type(digest) is not str or not _HASH.fullmatch(digest):
        raise _Damaged("a file's content hash is not a hash")
    if type(depends_on) is not list:
        raise _Damaged("a file's dependencies are not a list")
    if findings is None:
        return path, _Known(root, key, None, tuple(stamp) if stamp else None, digest)
    return path, _Known(root, key, None, tuple(stamp) if stamp else None, digest, _findings(findings), tuple(depends_on))


@dataclass(slots=True)
class _LoadedStore:
    """A cache file's content, checked value by value (``of``)."""

    configuration: str | None
    git_head: str | None
    general: list[Finding]
    known: dict[str, _Known]
    watched: dict[tuple[str, str], str]
    dropped: int = 0  # file entries left out as damaged
    first_problem: str = ""

    @classmethod
    def of(cls, data: object) -> _LoadedStore:
        """Raises _Damaged when the file as a whole cannot be trusted (its settings, its shared
        findings, what was watched); a damaged file entry is only dropped."""
        if not isinstance(data, dict) or data.get("format") != STORE_FORMAT:
            raise _Damaged("not a check cache of this helpsite")
        configuration, git_head = data.get("configuration"), data.get("git_head")
        if not (configuration is None or type(configuration) is str) or not (git_head is None or type(git_head) is str):
            raise _Damaged("its settings digest or git commit is not text")
        general = _findings(data.get("general"))
        watched_rows, file_rows = data.get("watched"), data.get("files")
        if not isinstance(watched_rows, list) or not isinstance(file_rows, list):
            raise _Damaged("files or watched files are not lists")
        watched = {}
        for row in watched_rows:
            if not (type(row) is list and len(row) == 3 and set(map(type, row)) <= _TEXT):
                raise _Damaged("a watched file is not three texts")
            watched[(row[0], row[1])] = row[2]
        loaded = cls(configuration, git_head, general, {}, watched)
        for item in file_rows:
            try:
                path, entry = _entry_of(item)
            except _Damaged as exc:
                loaded.dropped += 1
                loaded.first_problem = loaded.first_problem or str(exc)
                continue
            loaded.known[path] = entry
        loaded._drop_unwatched()
        return loaded

    def _drop_unwatched(self) -> None:
        """Findings that depend on a file the cache neither knows nor watches (or on something that is
        not a file's name) could not be found out of date: they are dropped (the article is checked again)."""
        recorded: dict[str, set[str]] = {}
        for entry in self.known.values():
            recorded.setdefault(entry.root, {GIT_DEPENDENCY}).add(entry.key)
        for root, dependency in self.watched:
            recorded.setdefault(root, {GIT_DEPENDENCY}).add(dependency)
        for entry in self.known.values():
            if entry.findings is None:
                continue
            try:
                complete = recorded[entry.root].issuperset(entry.depends_on)
            except TypeError:  # a list or a mapping among them
                complete = False
            if not complete:
                entry.findings, entry.depends_on = None, ()
                self.dropped += 1
                self.first_problem = self.first_problem or "findings depend on a file the cache does not watch"


def _signature(root: str, dependency: str, options: ParseOptions) -> str:
    """What a check saw of a file: for an include its content, for a link target whether it is
    there (content.links.FileIndex's answer), read and tested as the checks do (content.safefile)."""
    if dependency.startswith(INCLUDE_DEPENDENCY):
        try:
            return _digest(read_docs_file(os.path.join(root, dependency[len(INCLUDE_DEPENDENCY) :]), root, options.max_file_bytes).data)
        except FileTooLarge:
            return "large"
        except RefusedFile as exc:
            return "outside" if exc.outside else "refused"
        except OSError:
            return "-"
    return docs_path_kind(os.path.join(root, dependency), root)


def make_cache_folder(folder: Path) -> None:
    """The cache folder, marked so that git and backup tools leave it alone."""
    if folder.is_dir():
        return
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".gitignore").write_text("# Created by helpsite: a cache, never committed.\n*\n", encoding="utf-8")
    (folder / "CACHEDIR.TAG").write_text(
        "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache of helpsite's; see https://bford.info/cachedir/\n",
        encoding="utf-8",
    )


def _mark_used(store: Path) -> None:
    """A cache file's time says when a run last used it (_remove_unused): renewed once a day."""
    try:
        if store.stat().st_mtime < time.time() - 86400:
            os.utime(store)
    except OSError:
        pass


def _remove_unused(folder: Path, detections: Path | None) -> None:
    """Check caches no run used for STORE_UNUSED_DAYS, and the answers of detectors no longer installed."""
    cutoff = time.time() - STORE_UNUSED_DAYS * 86400
    for path in [*folder.glob("check-*.json"), *folder.glob("detections-*.json")]:
        try:
            if path != detections and path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


# ---------------------------------------------------------------------------------------------
# Checking articles, here or in forked processes

Result = tuple[list[Finding], frozenset[str]]  # an article's findings, and what they depend on


def _check_slice_of(
    articles: Iterable[Article], context: Context, enabled: set[str], remember: bool, progress: ProgressCallback | None = None
) -> list[Result]:
    articles = list(articles)
    results: list[Result] = []
    for done, article in enumerate(articles, 1):
        context.observed = set() if remember else None
        findings = check_article(article, context, enabled)
        results.append((findings, context.dependencies(article) if remember else frozenset()))
        if progress and (done % PROGRESS_STEP == 0 or done == len(articles)):
            progress("checking", done, len(articles))
    context.observed = None
    return results


# What forked workers inherit: set just before the pool starts, read only by _check_slice.
_FORKED: dict = {}


def _check_slice(bounds: tuple[int, int]) -> tuple[list[Result], dict[str, Answer]]:
    """A slice's results, and what the detector answered the worker that the parent does not know."""
    articles, site, project, enabled, schema, remember = (
        _FORKED[k] for k in ("articles", "site", "project", "enabled", "schema", "remember")
    )
    results = _check_slice_of(articles[bounds[0] : bounds[1]], Context(project, schema, site), enabled, remember)
    kept = detections.current()
    return results, kept.take_learned() if kept is not None else {}


def _check_in_processes(articles, site, project, enabled, schema, jobs, remember, progress) -> list[Result]:
    _FORKED.update(articles=articles, site=site, project=project, enabled=enabled, schema=schema, remember=remember)
    step = max(PARALLEL_MINIMUM // 2, len(articles) // (jobs * 8))  # small slices, so a slow one does not hold the rest
    slices = [(start, min(start + step, len(articles))) for start in range(0, len(articles), step)]
    results: list[Result] = []
    try:
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            kept = detections.current()
            for (_, end), (part, learned) in zip(slices, pool.map(_check_slice, slices), strict=True):
                results.extend(part)
                if kept is not None and learned:
                    kept.add(learned)
                if progress:
                    progress("checking", end, len(articles))
    finally:
        _FORKED.clear()
    return results
