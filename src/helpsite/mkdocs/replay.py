"""Pages written again as the build before wrote them: the build cache's first level.

The build cache's other levels (:mod:`helpsite.mkdocs.buildcache`) key each stage of a page by what
MkDocs made of it, so MkDocs still reads every page, runs its events and renders its template's
context: a cached page cost about a third of a rendered one. A page whose inputs are known before
MkDocs reads it is instead *replayed*: its output file, what it added to the search index and the
sitemaps, and what it logged, are taken from the cache, and MkDocs' steps for it are skipped
(:func:`helpsite.mkdocs.engine.replace_page_steps`). What other pages read of it (its title,
metadata and anchors) is restored from the cache too.

A page is replayed when all of these are as they were when its entry was written:

- the language build: the run's configuration (:func:`~helpsite.mkdocs.buildcache.run_digest`),
  the locale, every file's address, every article's title, metadata and headings as helpsite
  parsed them (what the navigation, the related articles and the language switcher show), and
  the docs folder's listing and data files (YAML and JSON: tables of contents, pivot groups);
- the page itself: its address, its source's bytes, the bytes and review state of the same page
  in every locale (notices, staleness, alternates), the date it shows, and every include its
  rendering read (read again, and compared);
- once every page is read, the title, metadata and address of every page of the language build
  as MkDocs has them (what the navigation and the neighbours show): an entry written beside
  other titles is not replayed, and its page is read and rendered.

A page is never replayed (and no entry is written for it) when it is helpsite's own review page, a
YAML page, kept out of the site by a limit, when the sanitizer removed
something from it or it showed raw DocFX syntax (those findings are made every build), or when a
value of its metadata or search entries is of a kind this module does not keep. No page is
replayed when a plugin or hook runs whose page events may read more than the page: only
helpsite's plugin, Material's search and hooks that say ``helpsite_replay = True`` (their page
events read nothing but the page, its metadata and helpsite's review state, as
``hooks/review_notices.py`` does) leave a build its replay; the others' pages are rendered from the
cache's other levels.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from helpsite.content.docfx import IncludeReader
from helpsite.content.redirects import MAX_REDIRECTS_BYTES, redirects_path
from helpsite.content.safefile import FileTooLarge, RefusedFile, open_docs_file
from helpsite.mkdocs.buildcache import BuildCache, Uncertain, _is_entries, _Recorder, digest, files_digest, is_reading, stable
from helpsite.mkdocs.generated import ReferencePage, is_review_page
from helpsite.mkdocs.output import Publishing
from helpsite.mkdocs.parts import PartBuild
from helpsite.mkdocs.sidebyside import is_side_by_side_page
from helpsite.mkdocs.state import SiteState
from helpsite.model import Article
from helpsite.publishing.publish import SitemapEntry
from helpsite.run.engine import PausedCollector

DATA_SUFFIXES = (".yml", ".yaml", ".json")  # the docs folder's files whose bytes feed every page (TOC.yml, pivot groups, docfx.json)
KIND = "page"  # what a page's reading and writing left (its output file is kept apart, as OUTPUT)
OUTPUT = "written"
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)

# -- metadata, kept with its types ------------------------------------------------------------
# Templates print Markup as it is and escape str: a value must come back as the type it was, and no
# text of a page may pass for a tag. Every value is a [type, payload] pair.


def encode(value: object) -> list:
    if isinstance(value, Markup):
        return ["m", str(value)]
    if isinstance(value, str):
        return ["s", value]
    if isinstance(value, bool):
        return ["b", value]
    if isinstance(value, int):
        return ["i", value]
    if isinstance(value, float):
        return ["f", repr(value)]
    if value is None:
        return ["n", None]
    if isinstance(value, datetime.datetime):
        return ["dt", value.isoformat()]
    if isinstance(value, datetime.date):
        return ["d", value.isoformat()]
    if isinstance(value, list):
        return ["l", [encode(item) for item in value]]
    if isinstance(value, tuple):
        return ["t", [encode(item) for item in value]]
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return ["o", [[key, encode(item)] for key, item in value.items()]]
    raise Uncertain(type(value).__name__)


def _typed(payload: object, kind: type) -> Any:
    if type(payload) is not kind:
        raise ValueError(f"{kind.__name__} expected")
    return payload


def _text(payload: object) -> str:
    return _typed(payload, str)


_DECODERS: dict[str, Callable[[Any], object]] = {
    "m": lambda payload: Markup(_text(payload)),
    "s": _text,
    "b": lambda payload: _typed(payload, bool),
    "i": lambda payload: _typed(payload, int),
    "f": lambda payload: float(_text(payload)),
    "n": lambda payload: _typed(payload, type(None)),
    "dt": lambda payload: datetime.datetime.fromisoformat(_text(payload)),
    "d": lambda payload: datetime.date.fromisoformat(_text(payload)),
    "l": lambda payload: [decode(item) for item in _typed(payload, list)],
    "t": lambda payload: tuple(decode(item) for item in _typed(payload, list)),
    "o": lambda payload: {_text(key): decode(item) for key, item in _typed(payload, list)},
}


def decode(value: object) -> object:
    """A value :func:`encode` made (ValueError for anything else)."""
    if not isinstance(value, list) or len(value) != 2 or value[0] not in _DECODERS:
        raise ValueError("not a kept value")
    return _DECODERS[value[0]](value[1])


KNOWN_PLUGINS = ("helpsite", "search", "material/search")


def replay_refused(config: MkDocsConfig) -> str | None:
    """Why this build's pages cannot be replayed (None: they can): a plugin or a hook whose page
    events the cache's keys may not see (a git date, another file, the time)."""
    for name, plugin in config.plugins.items():
        if name in KNOWN_PLUGINS or getattr(plugin, "helpsite_replay", False) is True:
            continue
        return f"the page events of {name} may read more than the page (a hook says helpsite_replay = True when they do not)"
    return None


# -- what a page's entry depends on -----------------------------------------------------------


def docs_inputs(docs_dir: Path, redirects: Path | None, max_bytes: int) -> str:
    """The docs folder as every page reads it: each file's path, and the bytes of its data files
    (and of the site's DocFX redirects file)."""
    parts: list[object] = []
    for root, dirs, names in os.walk(docs_dir):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            parts.append(os.path.relpath(path, docs_dir))
            if name.endswith(DATA_SUFFIXES):
                parts.append(_bytes(path, docs_dir, max_bytes))
    if redirects is not None:
        parts.append(_bytes(str(redirects), redirects.parent, MAX_REDIRECTS_BYTES))
    return digest(*parts)


def _bytes(path: str, inside: Path, max_bytes: int) -> bytes:
    """A file's bytes as helpsite reads them (content.safefile), or why it would not."""
    try:
        return open_docs_file(path, inside, max_bytes)
    except (RefusedFile, FileTooLarge) as exc:
        return f"refused {exc}".encode()
    except OSError as exc:
        return f"unreadable {exc.errno}".encode()


SHOWN = "shown"  # the build cache's entry of each article's part of articles_shown, by the bytes it was read from


def articles_shown(state: SiteState, cache: BuildCache) -> str:
    """What a page may show of any article: its title, metadata and headings, as parsed.

    An article is parsed from its bytes by the code, settings and parsers that ``cache.run`` names, so one
    read from the same bytes as in the last build shows what it showed then: its part is taken
    from the cache (their JSON was most of this, a twentieth of an edit's build at 6,000 pages)."""
    key = digest(cache.run, SHOWN)
    kept = cache.get(SHOWN, key, lambda value: isinstance(value, dict)) or {}
    read_from = state.site.digests
    rows, keep = [], {}
    for article in sorted(state.site.articles, key=lambda a: (a.locale, a.relpath)):
        name, read = f"{article.locale}/{article.relpath}", read_from.get(str(article.path))
        known = kept.get(name)
        if read is not None and isinstance(known, list) and len(known) == 2 and known[0] == read and isinstance(known[1], str):
            row = known[1]
        else:
            headings = [(h.level, h.text, h.slug) for h in article.headings] + [(a.kind, a.name) for a in article.anchors]
            try:
                meta = stable(article.meta)
            except Uncertain:
                meta = f"? {id(article)}"  # a value no key can hold: this build's entries fit no other build
                read = None  # nor is its part kept
            row = digest(article.locale, article.relpath, meta, stable(headings))
        if read is not None:
            keep[name] = [read, row]
        rows.append(row)
    if keep != kept:  # else the entry read stays, as it was used
        cache.put(SHOWN, key, keep)
    return digest(*rows)


class PageReplay:
    """One outer build's replaying: the pages it wrote again, and the entries it keeps for the next."""

    def __init__(
        self,
        cache: BuildCache,
        state: SiteState,
        publishing: Publishing,
        date_of: Callable[[Article], datetime.date | None],
        unpublishable: Callable[[Article], bool],
        part: PartBuild | None = None,
        collector: PausedCollector | None = None,
    ) -> None:
        self.cache, self.state, self.publishing, self.part = cache, state, publishing, part
        self.collector = collector or PausedCollector()  # runs while MkDocs reads or renders a page
        self.date_of, self.unpublishable = date_of, unpublishable
        settings = state.project.settings
        self.max_bytes = settings.max_file_bytes
        self.outer = digest(
            cache.run,
            KIND,
            docs_inputs(state.project.docs_dir, redirects_path(state.project), self.max_bytes),
            articles_shown(state, cache),
        )
        self.read_include: IncludeReader = state.read_include
        state.read_include = self._recording_include
        self._reads: list[list] | None = None  # the includes read by the page being rendered
        self._include_digests: dict[tuple[str, str, str], str] = {}
        self._file_digests: dict[str, str] = {}
        self.locale = ""
        self._language: str | None = None  # this language build's part of every key
        self._candidates: dict[str, dict] = {}  # src_uri -> an entry found for the page, not yet confirmed
        self._confirmed: dict[str, dict] = {}
        self._keys: dict[str, str] = {}
        self._pending: dict[str, dict] = {}  # src_uri -> what the page's reading recorded, for its entry
        self._shown_pages: str | None = None
        self.search_entries: list | None = None
        self._families: dict[str, tuple[str, ...]] = {}  # relpath -> the same page in every locale, as keys name it
        self._writer = SiteWriter()

    # -- per language build --------------------------------------------------------------------

    def start_language(self, locale: str, files: Files, config: MkDocsConfig) -> None:
        self.locale = locale
        self._language = digest(self.outer, locale, files_digest(files))
        self._candidates, self._confirmed, self._keys, self._pending = {}, {}, {}, {}
        self._shown_pages = None
        search = config.plugins.get("material/search") or config.plugins.get("search")
        entries = getattr(getattr(search, "search_index", None), "entries", None)
        self.search_entries = entries if isinstance(entries, list) else None

    def _source(self, page: Page) -> Article | ReferencePage | None:
        """What a page is made of, when the page can be replayed: its article, or the text of a
        reference page (made of helpsite's code only, which is in every key)."""
        if isinstance(page.file, ReferencePage):
            return page.file
        if page.file.generated_by or is_review_page(page.file) or is_side_by_side_page(page.file) or self.search_entries is None:
            return None
        article = self.state.article_of(page)
        if article is None or self.unpublishable(article):
            return None
        return article

    def _file_digest(self, path: Path) -> str:
        key = str(path)
        found = self.state.site.digests.get(key) or self._file_digests.get(key)
        if found is None:
            found = self._file_digests[key] = hashlib.blake2b(
                _bytes(key, self.state.project.docs_dir, self.max_bytes), digest_size=20
            ).hexdigest()
        return found

    def _key(self, page: Page, source: Article | ReferencePage) -> str:
        if not isinstance(source, Article):
            return digest(self._language, page.file.src_uri, page.file.dest_uri, page.url, page.canonical_url, source.content_bytes)
        article = source
        family = self._families.get(article.relpath)
        if family is None:
            family = self._families[article.relpath] = self._family(article.relpath)
        return digest(
            self._language,
            page.file.src_uri,
            page.file.dest_uri,
            page.url,
            page.canonical_url,
            page.edit_url,
            vars(page).get("title"),  # a title the navigation's configuration gives
            page.file.abs_src_path,
            self._file_digest(article.path),
            article.display_path,
            *family,
            self.date_of(article),
        )

    def _family(self, relpath: str) -> tuple[str, ...]:
        """The bytes and review state of the page at ``relpath`` in every locale: the same for each
        language build's page of it, so asked once per outer build (the site and its review state
        are read once, before the first page)."""
        site, family = self.state.site, []
        for locale in sorted(site.by_locale):
            other = site.get(locale, relpath)
            if other is None:
                family.append(f"{locale} -")
                continue
            entry = self.state.entries.get(other.display_path)
            review = (
                None if entry is None else repr((entry.translation_type, entry.machine, entry.priority, entry.handoff, entry.staleness))
            )
            review = review if entry is None else f"{review} {entry.stub} {entry.owner} {entry.due} {entry.work!r}"
            family.append(f"{locale} {self._file_digest(other.path)} {review}")
        return tuple(family)

    def _includes_hold(self, reads: object) -> bool:
        if not isinstance(reads, list):
            return False
        for read in reads:
            if not (isinstance(read, list) and len(read) == 4 and all(isinstance(part, str) for part in read)):
                return False
            if self._include_digest(read[0], read[1], read[2]) != read[3]:
                return False
        return True

    def _include_digest(self, written: str, locale: str, relpath: str) -> str:
        asked = (written, locale, relpath)
        found = self._include_digests.get(asked)
        if found is None:
            found = self._include_digests[asked] = _digest_of_read(self.read_include(*asked))
        return found

    def _recording_include(self, written: str, locale: str, relpath: str):
        result = self.read_include(written, locale, relpath)
        self._include_digests.setdefault((written, locale, relpath), _digest_of_read(result))
        if self._reads is not None:
            self._reads.append([written, locale, relpath, _digest_of_read(result)])
        return result

    # -- MkDocs' steps ---------------------------------------------------------------------------

    def populate(self, original: Callable, page: Page, config: MkDocsConfig, files: Files, dirty: bool = False) -> None:
        source = self._source(page)
        if source is None:
            original(page, config, files, dirty)
            return
        key = self._key(page, source)
        self._keys[page.file.src_uri] = key
        kept = self.cache.get(KIND, key, _is_entry)
        if kept is not None and self._includes_hold(kept["includes"]) and _restore(page, kept, files):
            kept["key"] = key
            self._candidates[page.file.src_uri] = kept
            return
        self._read(original, page, config, files, dirty)

    def _read(self, original: Callable, page: Page, config: MkDocsConfig, files: Files, dirty: bool) -> None:
        self._reads = []
        try:
            with _Recorder() as recorded, self.cache.collecting() as used, self.collector.running():
                original(page, config, files, dirty)
        finally:
            reads, self._reads = self._reads, None
        with contextlib.suppress(Uncertain):  # a value no entry can keep: the page is rendered every build
            self._pending[page.file.src_uri] = {
                "includes": reads,
                "read_meta": encode(page.meta),
                "title": page._title_from_render,
                "anchors": None if page.present_anchor_ids is None else sorted(page.present_anchor_ids, key=lambda a: (a is None, a or "")),
                "links": None
                if page.links_to_anchors is None
                else {file.src_uri: dict(anchors) for file, anchors in page.links_to_anchors.items()},
                "logs": _logged(recorded.records),
                "uses": used,
            }

    def confirm(self, files: Files, config: MkDocsConfig, original: Callable) -> None:
        """Every page read: the entries written beside the same titles and metadata are replayed;
        the other pages found in the cache are read now, and rendered."""
        shown = self.shown_pages(files)
        for src_uri, kept in self._candidates.items():
            written = self.cache.get_bytes(OUTPUT, kept["key"]) if kept["shown"] == shown else None
            if written is None:
                meta = _UNDECODED
            else:
                meta = _decoded(kept["read_meta"] if kept["meta"] == _SAME_META else kept["meta"])
            if meta is not _UNDECODED:
                kept["written"], kept["decoded meta"] = written, meta  # decoded once, for _replay
                self._confirmed[src_uri] = kept
                continue
            page = files.src_uris[src_uri].page
            assert page is not None  # restored from the cache, so read
            _unrestore(page)
            self._read(original, page, config, files, False)
        self._candidates = {}

    def shown_pages(self, files: Files) -> str:
        """What the navigation and the neighbours of a page show of every page of the language build."""
        if self._shown_pages is None:
            rows = []
            for file in files.documentation_pages():
                page = file.page
                if page is None:
                    rows.append(file.src_uri)
                    continue
                # repr tells Markup from text, and names any object it does not know by its address: no two builds agree on it
                rows.append(digest(file.src_uri, page.url, str(page.title), repr(page.meta)))
            self._shown_pages = digest(*rows)
        return self._shown_pages

    def build(
        self, original: Callable, page: Page, config: MkDocsConfig, doc_files: Any, nav: Any, env: Any, dirty=False, excluded=False
    ) -> None:
        src_uri = page.file.src_uri
        kept = self._confirmed.pop(src_uri, None)
        if kept is not None and not excluded and (self.part is None or self.part.renders(page)):
            if self.part is not None:
                self.part.record(page)  # the split locale's page order, as the part's own step records it
            self._replay(page, kept, kept.pop("written"))
            return
        pending = self._pending.pop(src_uri, None)
        if pending is None or excluded or self.search_entries is None or self._shown_pages is None:
            _debug(page, f"not recorded: {pending is None} {excluded}")
            with self.collector.running():
                original(page, config, doc_files, nav, env, dirty, excluded)
            return
        entries, sitemaps = self.search_entries, self.publishing.sitemaps.setdefault(self.locale, [])
        searched, mapped = len(entries), len(sitemaps)
        unsearchable = page.url in self.publishing.unsearchable
        findings = len(self.state.page_findings)
        removals = self.cache.removals
        with _Recorder() as recorded, self.cache.collecting() as used, self.cache.without_outputs(), self.collector.running():
            original(page, config, doc_files, nav, env, dirty, excluded)
        if len(self.state.page_findings) != findings or self.cache.removals != removals or unsearchable:
            _debug(page, "findings made every build, or unsearchable before")
            return  # made findings that are made every build, or a URL another page left out of search
        try:
            entry = {
                **pending,
                "meta": _SAME_META if (meta := encode(page.meta)) == pending["read_meta"] else meta,  # most pages' metadata: as read
                "shown": self._shown_pages,
                "logs": pending["logs"] + _logged(recorded.records),
                "search": entries[searched:],
                "sitemap": [[e.url, [list(pair) for pair in e.alternates]] for e in sitemaps[mapped:]],
                "unsearchable": page.url in self.publishing.unsearchable,
                "uses": sorted([list(pair) for pair in pending["uses"] | used]),
            }
            stable(entry["search"])
            with open(page.file.abs_dest_path, "rb") as handle:
                written = handle.read()
        except (Uncertain, OSError) as exc:
            _debug(page, f"not kept: {exc!r}")
            return
        key = self._keys[src_uri]
        self.cache.put_bytes(OUTPUT, key, written)
        self.cache.put(KIND, key, entry)

    def _replay(self, page: Page, kept: dict, written: bytes) -> None:
        page.meta = kept.pop("decoded meta")
        for name, level, message in kept["logs"]:
            logging.getLogger(name).log(level, message)
        assert self.search_entries is not None
        self.search_entries.extend(kept["search"])
        entries = self.publishing.sitemaps.setdefault(self.locale, [])
        entries.extend(SitemapEntry(url, tuple((tag, href) for tag, href in alternates)) for url, alternates in kept["sitemap"])
        if kept["unsearchable"]:
            self.publishing.unsearchable.add(page.url)
        self._writer.write(written, page.file.abs_dest_path)
        self.cache.keep_used(kept["uses"])
        self.cache.pages += 1
        self.cache.replayed += 1


class SiteWriter:
    """What MkDocs' write_file does, without asking again for a folder this build has made, and
    without a buffered file object around one write: together a tenth of a second of the 6,000
    pages an edit's build replays at 2,000 articles a locale."""

    def __init__(self) -> None:
        self._folders: set[str] = set()

    def write(self, data: bytes, path: str) -> None:
        folder = os.path.dirname(path)
        if folder not in self._folders:
            parent = os.path.dirname(folder)
            if parent in self._folders:  # a page's own folder, in a section made for an earlier page
                with contextlib.suppress(FileExistsError):
                    os.mkdir(folder)
            else:
                os.makedirs(folder, exist_ok=True)
                self._folders.add(parent)
            self._folders.add(folder)
        try:
            fd = os.open(path, _WRITE_FLAGS, 0o666)
        except FileNotFoundError:  # a folder removed since (a plugin's cleaning): made again
            os.makedirs(folder, exist_ok=True)
            fd = os.open(path, _WRITE_FLAGS, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)


def _debug(page: Page, why: str) -> None:
    if os.environ.get("HELPSITE_DEBUG_CACHE"):
        print("replay:", page.file.src_uri, why, file=sys.stderr)


def _digest_of_read(result: object) -> str:
    if result is None or isinstance(result, str):
        return digest("absent" if result is None else f"refused {result}")
    return digest("included", result.text, result.locale, result.relpath, result.size)  # type: ignore[attr-defined]


def _logged(records: list[logging.LogRecord]) -> list:
    return [[record.name, record.levelno, record.getMessage()] for record in records]


_UNDECODED = object()
_SAME_META = "as read"  # a page's metadata after its rendering, when it is what its reading left (no value encodes to a str)


def _decoded(value: object) -> object:
    """What :func:`decode` makes of ``value``, or _UNDECODED."""
    try:
        return decode(value)
    except (ValueError, TypeError):
        return _UNDECODED


def _restore(page: Page, kept: dict, files: Files) -> bool:
    """The page as MkDocs' reading would leave it, for what other pages read of it."""
    links = None
    if kept["links"] is not None:
        links = {}
        for src_uri, anchors in kept["links"].items():
            target = files.src_uris.get(src_uri)  # the very file (mkdocs-static-i18n's get_file_from_path falls back to other locales)
            if target is None:
                return False
            links[target] = anchors
    try:
        meta = decode(kept["read_meta"])
    except (ValueError, TypeError):
        return False
    page.markdown, page.content = "", ""  # read and rendered, as far as the page's title goes
    page.meta = meta  # type: ignore[assignment]
    page.toc = TableOfContents([])
    page._title_from_render = kept["title"]
    page.present_anchor_ids = None if kept["anchors"] is None else set(kept["anchors"])
    page.links_to_anchors = links
    return True


def _unrestore(page: Page) -> None:
    page.markdown, page.content, page.meta = None, None, {}
    page._title_from_render = None
    page.present_anchor_ids, page.links_to_anchors = None, None


def _is_entry(value: object) -> bool:
    if not isinstance(value, dict):
        return False
    return (
        set(value)
        == {"includes", "read_meta", "title", "anchors", "links", "logs", "meta", "shown", "search", "sitemap", "unsearchable", "uses"}
        and isinstance(value["shown"], str)
        and _is_entries(value["search"])
        and isinstance(value["sitemap"], list)
        and all(
            isinstance(row, list)
            and len(row) == 2
            and isinstance(row[0], str)
            and isinstance(row[1], list)
            and all(isinstance(pair, list) and len(pair) == 2 and all(isinstance(part, str) for part in pair) for pair in row[1])
            for row in value["sitemap"]
        )
        and isinstance(value["unsearchable"], bool)
        and is_reading(value)
        and isinstance(value["uses"], list)
        and all(isinstance(pair, list) and len(pair) == 2 and all(isinstance(part, str) for part in pair) for pair in value["uses"])
    )
