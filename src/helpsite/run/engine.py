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
import functools
import hashlib
import json
import multiprocessing
import os
import stat
import sys
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from helpsite import __version__
from helpsite.checks.context import GIT_DEPENDENCY, INCLUDE_DEPENDENCY, Context
from helpsite.checks.meta import MetadataSchema
from helpsite.checks.suite import check_article, enabled_codes, site_findings
from helpsite.content.config import Project
from helpsite.content.parse import ParseOptions, parse_article, parse_bytes
from helpsite.content.redirects import redirects_path
from helpsite.content.site import Site, SourceFile, discover, display_path
from helpsite.model import Article, Finding, Severity
from helpsite.run.ci import with_translations
from helpsite.translation.review import GitHistory

ProgressCallback = Callable[[str, int, int], None]  # (phase, done, total)
PROGRESS_STEP = 50  # articles between two progress reports
PARALLEL_MINIMUM = 100  # articles per process below which a pool costs more than it saves
STORE_FORMAT = 2
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
    """The article at ``source``; ``data`` when the caller has already read the file."""
    shown = display_path(source.path)
    if data is None:
        article = parse_article(source.path, locale=source.locale, relpath=source.relpath, display_path=shown, options=options)
    else:
        article = parse_bytes(data, Article(path=source.path, display_path=shown, locale=source.locale, relpath=source.relpath), options)
    article.docs_root = source.root
    return article


def parse_sources(sources: list[SourceFile], project: Project, progress: ProgressCallback | None = None) -> list[Article]:
    options = ParseOptions.of(project.settings)
    articles = []
    for done, source in enumerate(sources, 1):
        articles.append(parse_source(source, options))
        if progress and (done % PROGRESS_STEP == 0 or done == len(sources)):
            progress("reading", done, len(sources))
    return articles


def whole_trees(project: Project, paths: list[Path] | None = None) -> tuple[list[SourceFile], list[SourceFile]]:
    """The articles at ``paths`` (default: the docs folder), and every article of their trees.

    Links, anchors and sources resolve against whole trees, even when only some files are asked for.
    """
    given = paths or [project.docs_dir]
    requested = discover(given, project.docs_dir, project.locales)
    roots = sorted({source.root for source in requested})
    if set(roots) <= {Path(os.path.abspath(path)) for path in given}:
        return requested, requested  # whole trees were asked for
    wanted = {source.path for source in requested}
    others = [s for s in discover(roots, project.docs_dir, project.locales) if s.path not in wanted]
    return requested, requested + others


def load_site(project: Project, paths: list[Path] | None = None, progress: ProgressCallback | None = None) -> tuple[list[Article], Site]:
    """The articles at ``paths`` (default: the docs folder), parsed, and the Site of their whole trees."""
    requested, everything = whole_trees(project, paths)
    articles = parse_sources(everything, project, progress)
    wanted = {source.path for source in requested}
    return [a for a in articles if a.path in wanted], Site(articles, project.locales)


def in_shard(page: SourceFile | Article, index: int, count: int) -> bool:
    """Shard ``index`` of ``count`` (1-based): stable for a path whatever else is added or removed."""
    return zlib.crc32(f"{page.locale}/{page.relpath}".encode()) % count == index - 1


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
) -> CheckRun:
    """Check ``paths`` (default: the docs folder) against their whole trees.

    ``jobs`` > 1 checks in that many processes (forked after parsing, so the parsed site is shared);
    ``shard`` (I, N) keeps the articles of shard I of N (1-based, stable by path); ``changed`` keeps
    the articles at those paths and the translations of the sources among them
    (``--changed-since``). With ``cache`` (and the site's cache_dir), findings still valid from an
    earlier run are reused, and this run's are kept for the next.
    """
    started = time.perf_counter()
    enabled = enabled_codes(project, select, ignore)
    requested, everything = whole_trees(project, paths)
    targets = requested
    if changed is not None:
        only = with_translations(changed, everything, Site(everything, project.locales).source_folder, project.docs_dir)
        targets = [s for s in targets if s.path.resolve() in only]
    if shard is not None:
        targets = [s for s in targets if in_shard(s, *shard)]
    store = store_path(project, everything, enabled) if cache else None
    checker = IncrementalCheck(store, remember=store is not None)
    update = checker.run(project, everything, enabled, targets=targets, jobs=jobs, progress=progress)
    checker.save()
    findings = update.findings_for(targets)
    if external:
        from helpsite.checks.external import external_findings  # the HTTP client loads only for runs that ask servers

        articles = [update.site.by_locale[t.locale][t.relpath] for t in targets]
        findings += external_findings(articles, Context(project, None, update.site), enabled, progress)
        findings.sort(key=Finding.sort_key)
    return CheckRun(findings, targets, update.site, time.perf_counter() - started, len(update.checked))


def store_path(project: Project, sources: list[SourceFile], enabled: set[str]) -> Path | None:
    """The cache file of a run over these trees with these codes, from this folder (findings name
    paths relative to it); None when the site has no cache folder."""
    if not project.settings.cache_dir:
        return None
    roots = sorted({str(source.root) for source in sources})
    key = "\0".join([os.getcwd(), *roots, *sorted(enabled)]).encode()
    return project.root / project.settings.cache_dir / f"check-{hashlib.blake2b(key, digest_size=8).hexdigest()}.json"


# ---------------------------------------------------------------------------------------------
# Incremental checking


@dataclass(slots=True)
class _Known:
    """What a run knows of one article file."""

    root: str  # its docs tree
    key: str  # "<locale>/<relpath>" in that tree
    source: SourceFile | None  # as found this run (None: not found, or not looked for yet)
    stamp: tuple[int, int] | None  # (mtime_ns, size) when read; None: read again next time
    digest: str | None  # of the content the findings were computed from; None: not read
    findings: list[Finding] | None = None  # None: not checked yet
    depends_on: tuple[str, ...] = ()  # docs paths (any locale), "include:<docs path>", "@git"
    article: Article | None = None  # parsed, when this process needed it

    @classmethod
    def of(
        cls, source: SourceFile, stamp: tuple[int, int] | None = None, digest: str | None = None, article: Article | None = None
    ) -> _Known:
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


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size) if stat.S_ISREG(status.st_mode) else None


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
    ) -> Update:
        """Findings for ``targets`` (default: all ``sources``, default: the docs folder), re-reading
        and re-checking only what changed since the last run."""
        started = time.perf_counter()
        sources = sources if sources is not None else discover([project.docs_dir], project.docs_dir, project.locales)
        targets = targets if targets is not None else sources
        enabled = enabled if enabled is not None else enabled_codes(project)
        configuration = self._configuration_digest(project, enabled)
        if configuration != self._configuration:
            self._known, self._watched, self._git_head = {}, {}, None
            self._configuration, self._schema, self._general = configuration, None, None
            self._dirty = True
        options = ParseOptions.of(project.settings)
        wanted = {str(t.path) for t in targets}

        known, changed = self._read(sources, wanted, options, progress)
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
        self, sources: list[SourceFile], wanted: set[str], options: ParseOptions, progress: ProgressCallback | None
    ) -> tuple[dict[str, _Known], set[tuple[str, str]]]:
        """Every source's entry, read and parsed again where it changed; and (root, docs path) of
        each article added, removed or changed."""
        known: dict[str, _Known] = {}
        changed: set[tuple[str, str]] = set()
        to_read: list[tuple[SourceFile, tuple[int, int] | None]] = []
        for source in sources:
            path = str(source.path)
            previous = self._known.get(path)
            stamp = _stamp(source.path) if previous is not None and previous.stamp is not None else None
            if stamp is not None and previous is not None and previous.stamp == stamp:
                previous.source = source
                known[path] = previous
            elif path in wanted or (previous is not None and previous.digest is not None):
                to_read.append((source, stamp))
            else:  # never looked at: no finding depends on its content, only on its being there
                known[path] = _Known.of(source)
                if previous is None:
                    changed.add((str(source.root), _key(source)))
        for done, (source, listed_stamp) in enumerate(to_read, 1):
            if progress and (done % PROGRESS_STEP == 0 or done == len(to_read)):
                progress("reading", done, len(to_read))
            path = str(source.path)
            previous = self._known.get(path)
            stamp, digest, data = self._read_file(source.path, options, listed_stamp)
            if previous is not None and digest is not None and previous.digest == digest:
                previous.source, previous.stamp = source, stamp
                known[path] = previous
                self._dirty = True
            else:
                known[path] = _Known.of(source, stamp, digest, parse_source(source, options, data))
                changed.add((str(source.root), _key(source)))
        for path, entry in self._known.items():
            if path not in known:  # removed
                changed.add((entry.root, entry.key))
        return known, changed

    def _read_file(
        self, path: Path, options: ParseOptions, stamp: tuple[int, int] | None = None
    ) -> tuple[tuple[int, int] | None, str | None, bytes | None]:
        """The file's stamp (None when too recent to trust), content hash and content (None when
        unreadable or too large: the parser says why). ``stamp``: the file's, when just taken."""
        stamp = stamp or _stamp(path)
        if stamp is None or stamp[1] > options.max_file_bytes:
            return None, None, None
        try:
            data = path.read_bytes()
        except OSError:
            return None, None, None
        if not self.remember:
            return None, None, data
        trusted = stamp if stamp[0] < time.time_ns() - RACY_NANOSECONDS else None
        return trusted, _digest(data), data

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
                elif key in by_key:
                    page = by_key[key]
                    if page.digest is None and page.source is not None:
                        page.stamp, page.digest, _ = self._read_file(page.source.path, options)
                elif key not in watched:
                    watched[key] = self._watched.get(key) or _signature(root, dependency, options)
        self._watched = watched
        if asks_git:
            self._git_head = head()

    @staticmethod
    def _configuration_digest(project: Project, enabled: set[str]) -> str:
        parts = [repr(project.settings).encode(), str(project.docs_dir).encode(), os.getcwd().encode(), ",".join(sorted(enabled)).encode()]
        parts.append(_code_fingerprint().encode())
        files = [project.config_file, project.schema_path, *sorted((project.root / project.settings.locales_dir).glob("*.y*ml"))]
        files.append(redirects_path(project))  # where links to moved pages lead (LNK009)
        for path in files:
            try:
                parts.append(path.read_bytes() if path else b"")
            except OSError:
                parts.append(b"-")
        return _digest(b"\0".join(parts))

    # -- between processes --------------------------------------------------------------------

    def _load(self, store: Path) -> None:
        """What an earlier run kept; anything unreadable or from another format is ignored."""
        try:
            data = json.loads(store.read_bytes())
            if not isinstance(data, dict) or data.get("format") != STORE_FORMAT:
                return
            known = {}
            for path, root, key, stamp, digest, findings, depends_on in data["files"]:
                known[path] = _Known(
                    root,
                    key,
                    None,
                    tuple(stamp) if stamp else None,
                    digest,
                    None if findings is None else _findings(findings),
                    tuple(depends_on),
                )
            watched = {(root, dependency): signature for root, dependency, signature in data["watched"]}
            general = _findings(data["general"])
        except (OSError, ValueError, KeyError, TypeError):
            return
        self._known, self._watched, self._general = known, watched, general
        self._configuration, self._git_head = data.get("configuration"), data.get("git_head")

    def save(self) -> None:
        """Keep what this run knows for the next (when it has a store and learned something)."""
        if self.store is None:
            return
        if not self._dirty:
            _mark_used(self.store)
            return
        from helpsite.content.edit import atomic_write, create_new

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
        data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        folder = self.store.parent
        try:
            _make_cache_folder(folder)
            try:
                create_new(self.store, data)
            except FileExistsError:
                atomic_write(self.store, data)
            _remove_unused(folder)
        except OSError as exc:  # a read-only checkout still gets its findings
            print(f"helpsite: cannot keep the check cache in {folder}: {exc.strerror or exc}", file=sys.stderr)
        self._dirty = False


def _rows(findings: list[Finding]) -> list[list]:
    return [[f.code, int(f.severity), f.path, f.line, f.column, f.message, f.fix] for f in findings]


def _findings(rows: list[list]) -> list[Finding]:
    return [
        Finding(code, Severity(severity), path, line, column, message, fix) for code, severity, path, line, column, message, fix in rows
    ]


def _signature(root: str, dependency: str, options: ParseOptions) -> str:
    """What a check saw of a file: for an include its content, for a link target whether it is there."""
    if dependency.startswith(INCLUDE_DEPENDENCY):
        path = os.path.join(root, dependency[len(INCLUDE_DEPENDENCY) :])
        try:
            if os.stat(path).st_size > options.max_file_bytes:
                return "large"
            with open(path, "rb") as file:
                return _digest(file.read())
        except OSError:
            return "-"
    path = os.path.join(root, dependency)
    try:
        status = os.lstat(path)
    except OSError:
        return "-"
    if stat.S_ISLNK(status.st_mode):
        real = os.path.realpath(path)
        return "link" if os.path.commonpath([os.path.realpath(root), real]) == os.path.realpath(root) and os.path.exists(real) else "escape"
    return "folder" if stat.S_ISDIR(status.st_mode) else "file"


def _make_cache_folder(folder: Path) -> None:
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


def _remove_unused(folder: Path) -> None:
    cutoff = time.time() - STORE_UNUSED_DAYS * 86400
    for path in folder.glob("check-*.json"):
        try:
            if path.stat().st_mtime < cutoff:
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


def _check_slice(bounds: tuple[int, int]) -> list[Result]:
    articles, site, project, enabled, schema, remember = (
        _FORKED[k] for k in ("articles", "site", "project", "enabled", "schema", "remember")
    )
    return _check_slice_of(articles[bounds[0] : bounds[1]], Context(project, schema, site), enabled, remember)


def _check_in_processes(articles, site, project, enabled, schema, jobs, remember, progress) -> list[Result]:
    _FORKED.update(articles=articles, site=site, project=project, enabled=enabled, schema=schema, remember=remember)
    step = max(PARALLEL_MINIMUM // 2, len(articles) // (jobs * 8))  # small slices, so a slow one does not hold the rest
    slices = [(start, min(start + step, len(articles))) for start in range(0, len(articles), step)]
    results: list[Result] = []
    try:
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            for (_, end), part in zip(slices, pool.map(_check_slice, slices), strict=True):
                results.extend(part)
                if progress:
                    progress("checking", end, len(articles))
    finally:
        _FORKED.clear()
    return results
