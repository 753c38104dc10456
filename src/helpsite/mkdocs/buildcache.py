"""The build cache: what a production build rendered, kept in ``cache_dir`` for the next one (CI
restores ``.helpsite-cache/``), so that a build re-renders only the pages whose inputs changed and
writes the same site, byte for byte, as a full build.

Four things are kept, each under a digest of everything that feeds it, and of the whole run's
configuration (:func:`run_digest`: mkdocs.yml, locales/, the schema, the theme's own templates,
the hooks, helpsite's code and the versions of the engine, theme and extensions):

- ``body``: what MkDocs' ``page.render`` made of the page's Markdown (as it leaves the
  ``on_page_markdown`` events: includes expanded, DocFX rendered, links rewritten), keyed by that
  Markdown, the page's address, the locale and every file's address (a page added or removed
  changes how links resolve); with what rendering logged, which is logged again on a hit, so that
  a broken link still counts for ``--strict``;
- ``clean``: the sanitizer's cleaning of a body from which it removed nothing (a body it removes
  something from is sanitized every build, so that its findings are reported every build);
- ``search``: the search index's entries of a page, keyed by what Material's indexer reads;
- ``output``: the page's HTML as the theme's template renders it, keyed by the page (its body as
  the template gets it, title, metadata, table of contents, address), the navigation it shows
  (each entry's title, address, metadata and which are open), its neighbours and breadcrumbs, the
  language switcher's alternates and the configuration as the locale's build has it.

Anything that cannot be put into a key with certainty (a value of a type this module does not
know) makes a miss, never a guess. The store is one SQLite file per set of locales built (a shard
of ``--jobs`` keeps its own); every value is checked when read, and a file or an entry that is not
what this module writes is ignored, said once on stderr. Entries no build used are dropped when
the build saves. The plugin (:mod:`helpsite.mkdocs.plugin`) decides when the cache is used: a
production build with a ``cache_dir``, not ``mkdocs serve``, not ``helpsite build --no-cache``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hashlib
import importlib.metadata
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson
from mkdocs import __version__ as mkdocs_version
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import get_build_datetime

from helpsite.content.config import Project
from helpsite.mkdocs.engine import ENGINES, loaded
from helpsite.mkdocs.scope import NO_BUILD_CACHE_ENV
from helpsite.packing import DamagedValue, pack, unpack
from helpsite.run.engine import make_cache_folder
from helpsite.run.parsecache import code_digest, hash_tree, keep_in_place, open_snapshot, parsers, write_store

FORMAT = "helpsite-build-cache 4"  # 4: the entries json wrote marked (3: HTML kept as UTF-8 beside its entry's JSON; 2: all JSON; 1: zlib)
# What the versions of which change how a page renders.
DISTRIBUTIONS = (
    *ENGINES,
    *("mkdocs-material", "mkdocs-static-i18n"),
    *("markdown", "pymdown-extensions", "jinja2", "markupsafe", "nh3", "pygments", "babel"),
)
# Markdown extensions that read files the page's Markdown does not show: a page using them is always rendered.
CONFIG_RECHECK = 50
READS_FILES = ("pymdownx.snippets", "markdown_include", "mdx_include")
log = logging.getLogger("mkdocs.plugins.helpsite")


class Uncertain(Exception):
    """A value whose part in a page's output this module cannot tell: no key, the page is rendered."""


def _plain(value: object) -> object:
    """A value of a page, the navigation or the configuration as JSON, for a key (Uncertain if unknown)."""
    if isinstance(value, (set, frozenset)):
        return sorted(str(item) for item in value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): item for key, item in value.items()}
    if isinstance(value, (tuple, list)):
        return list(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
    if type(value).__name__ == "Locale" and type(value).__module__.startswith("babel"):
        return str(value)
    if type(value).__module__.startswith(tuple(f"{engine}.config" for engine in ENGINES)) and hasattr(value, "__dict__"):
        return {key: item for key, item in vars(value).items() if not key.startswith("_")}
    raise Uncertain(type(value).__name__)


def stable(value: object) -> str:
    try:
        return json.dumps(value, sort_keys=True, default=_plain, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError) as exc:
        raise Uncertain(str(exc)) from None


# A dict kept with its page's HTML apart: the rest's JSON (which escapes every character below
# U+0020, so holds no NUL), a NUL, then the HTML's UTF-8.
_APART = b"\0"


def _encoded(value: object, apart: str | None) -> bytes:
    if apart is None:
        return _json(value)
    assert isinstance(value, dict) and isinstance(value[apart], str)
    rest = {name: item for name, item in value.items() if name != apart}
    return _json(rest) + _APART + value[apart].encode("utf-8", "surrogatepass")


# orjson writes the entries (dicts, lists, text, integers, booleans, None) in a seventh of json's
# time, as JSON that json.loads reads back as the same values; its bytes differ (no spaces, 1e16
# for 1e+16), which no key depends on. Where the values would differ it refuses, or its output is
# not used, and json writes the entry (marked, for json to read it back): a date, a dataclass or a subclass of a built-in
# type (passed through, so refused; json raises its own TypeError for what it cannot write), a
# lone surrogate, an integer past 64 bits, and NaN and the infinities, which orjson writes as null
# (any null in its output: 15 of 18,400 entries at 6,000 pages). A UUID or an Enum, which orjson
# writes and json does not, never reaches it: the values that do are of helpsite's own making
# (encode, _toc) or passed stable() first, which refuses both.
_ORJSON_REFUSES = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS


def _json(value: object) -> bytes:
    with contextlib.suppress(orjson.JSONEncodeError):
        data = orjson.dumps(value, option=_ORJSON_REFUSES)
        if b"null" not in data:
            return data
    # Marked by a space before it (JSON's whitespace, which json reads past): json reads this entry
    # back, since orjson would read an integer past 64 bits as a float.
    return _BY_JSON + json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


_BY_JSON = b" "


def _entry_from_json(data: bytes) -> Any:
    """An entry's value: orjson reads what orjson wrote (in half of json's time, the same values),
    json what json wrote. Damaged, ValueError (orjson's errors are json's, too deep included) or
    RecursionError."""
    return json.loads(data) if data[:1] == _BY_JSON else orjson.loads(data)


def _decoded(data: bytes, apart: str | None) -> Any:
    if apart is None:
        return _entry_from_json(data)
    head, separator, text = data.partition(_APART)
    rest = _entry_from_json(head) if separator else None
    if not isinstance(rest, dict) or apart in rest:
        raise ValueError("not a value kept with its HTML apart")
    return {**rest, apart: text.decode("utf-8", "surrogatepass")}


def digest(*parts: object) -> str:
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def _installed(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def run_digest(config: MkDocsConfig, project: Project) -> str:
    """Everything a build reads beside the pages: the configuration as loaded, locales/, the schema,
    the hooks, the theme's templates that are not an installed package's, helpsite's own code, and
    the versions of what renders."""

    hasher = hashlib.blake2b(digest_size=20)
    hasher.update(FORMAT.encode())
    hasher.update(sys.version.encode())
    for name in DISTRIBUTIONS:
        hasher.update(f"{name}={_installed(name)}\0".encode())
    hasher.update(f"engine={loaded()} {mkdocs_version}\0".encode())  # both engines are installed: the one building
    if project.config_file is not None:
        hasher.update(project.config_file.read_bytes())
    # The configuration as MkDocs loaded it (!ENV values, defaults), where it is plain data.
    for key in sorted(config.keys()):
        if key in ("site_dir", "config_file_path"):  # where the site is written, not what it is; mkdocs.yml's bytes are above
            continue
        try:
            hasher.update(f"{key}={stable(config[key])}\0".encode("utf-8", "surrogatepass"))
        except Uncertain:
            hasher.update(f"{key}=?\0".encode())
    hasher.update(repr(project.settings).encode("utf-8", "surrogatepass"))
    hash_tree(project.root / project.settings.locales_dir, hasher)
    hash_tree(project.schema_path.parent, hasher)
    hasher.update(code_digest().encode())
    hasher.update(parsers().encode())  # what parses the articles whose titles, metadata and headings pages show
    for hook in config.get("hooks") or ():
        hash_tree(Path(hook).parent, hasher) if Path(hook).is_dir() else hasher.update(Path(hook).read_bytes())
    packages = [Path(path) for path in sys.path if path.endswith("site-packages")]
    for folder in config.theme.dirs:
        inside_package = any(Path(folder).is_relative_to(package) for package in packages)
        if not inside_package:
            hash_tree(Path(folder), hasher)
            if _mentions(Path(folder), b"build_date_utc"):  # a template prints the build's date: each date is a run of its own
                hasher.update(str(get_build_datetime()).encode())
    return hasher.hexdigest()


def _mentions(folder: Path, word: bytes) -> bool:
    for root, _, names in os.walk(folder):
        for name in names:
            try:
                if word in Path(root, name).read_bytes():
                    return True
            except OSError:
                return True
    return False


def files_digest(files: Files) -> str:
    """Every file's address: how the links of a page resolve (and which are broken)."""
    return digest(*(f"{file.src_uri}\0{file.dest_uri}\0{file.url}\0{file.inclusion.name}" for file in files))


# -- the store ---------------------------------------------------------------------------------


class BuildCache:
    """One build's view of the store: what it finds, what it adds, what it used (kept on save)."""

    def __init__(self, path: Path, run: str) -> None:
        self.path, self.run = path, run
        self._db: sqlite3.Connection | None = None
        self._new: dict[tuple[str, str], bytes] = {}
        self._used: set[tuple[str, str]] = set()
        self._warned = False
        self.pages = 0  # pages whose template was asked to render
        self.rendered = 0  # of which rendered (not from the cache)
        self.bodies = 0  # Markdown bodies rendered (not from the cache)
        self._files: tuple[int, str] | None = None
        self._nav: dict[int, tuple[object, str]] = {}
        self._config: tuple[MkDocsConfig, str] | None = None
        self._config_uses = 0
        self._shown: dict[str, tuple[object, str]] = {}  # the template context's values, encoded (:meth:`_shown_values`)
        self._shown_uses = 0
        self._listed: tuple[object, str] | None = None
        self.unreliable = False  # the configuration changed between pages: what this build rendered is not kept
        self.replayed = 0  # pages written as they were, unread (helpsite.mkdocs.replay)
        self.removals = 0  # pages the sanitizer removed something from (their findings are made every build)
        self._outputs = True  # whether render_template keeps and looks up the templates' outputs (without_outputs)
        self._collected: list[set[tuple[str, str]]] = []  # the entries each page being recorded used (helpsite.mkdocs.replay)
        self._open()

    @staticmethod
    def wanted(project: Project, serving: bool) -> bool:
        """Whether this build keeps what it makes for the next: a production build with a cache_dir, not --no-cache."""
        return not serving and bool(project.settings.cache_dir) and not os.environ.get(NO_BUILD_CACHE_ENV)

    @classmethod
    def for_build(cls, config: MkDocsConfig, project: Project, only: Iterable[str], serving: bool) -> BuildCache | None:
        """The cache of a production build, or None (serving, no cache_dir, --no-cache, or a
        Markdown extension that reads files the key cannot see)."""
        if not cls.wanted(project, serving):
            return None
        extensions = [str(name) for name in config.markdown_extensions]
        if any(name.startswith(READS_FILES) for name in extensions):
            log.info("helpsite: no build cache: a Markdown extension reads files the pages do not name (%s)", ", ".join(READS_FILES))
            return None
        shard = "+".join(sorted(only)) or "all"
        path = project.root / project.settings.cache_dir / f"build-{digest(shard)[:16]}.sqlite"
        return cls(path, run_digest(config, project))

    def _warn(self, problem: str) -> None:
        if not self._warned:
            self._warned = True
            print(f"helpsite: the build cache {self.path} is not used as it is: {problem}", file=sys.stderr)

    def _open(self) -> None:
        if not self.path.is_file():
            return
        try:
            db = open_snapshot(self.path)
            rows = dict(db.execute("SELECT key, value FROM meta").fetchall())
            db.execute("SELECT kind, key, value FROM entries LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            self._warn(f"it cannot be read ({exc}); every page is rendered")
            return
        if rows.get("format") != FORMAT:
            self._warn("it is not one this helpsite writes; every page is rendered")
            db.close()
            return
        self._db = db

    @contextlib.contextmanager
    def collecting(self) -> Iterator[set[tuple[str, str]]]:
        """The entries asked for or added inside the block, to be kept with a page replayed from them."""
        used: set[tuple[str, str]] = set()
        self._collected.append(used)
        try:
            yield used
        finally:
            self._collected.remove(used)

    def keep_used(self, pairs: Iterable[Iterable[str]]) -> None:
        """Entries a replayed page was made from: kept for a build that renders it again."""
        self._used.update((kind, key) for kind, key in pairs)

    def _use(self, kind: str, key: str) -> None:
        self._used.add((kind, key))
        for used in self._collected:
            used.add((kind, key))

    def get(self, kind: str, key: str, check: Callable[[Any], bool], apart: str | None = None) -> Any:
        """The value kept under ``key`` (by :meth:`put`, with the same ``apart``), if there is one and
        ``check`` accepts it; else None."""
        self._use(kind, key)
        if (kind, key) in self._new:
            return _decoded(unpack(self._new[kind, key]), apart)
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM entries WHERE kind = ? AND key = ?", (kind, key)).fetchone()
        except sqlite3.Error as exc:
            self._warn(f"it cannot be read ({exc}); the pages it holds are rendered")
            self._db = None
            return None
        if row is None:
            return None
        try:
            value = _decoded(unpack(row[0]), apart)
            if check(value):
                return value
            problem = "an entry of the wrong form"
        except (TypeError, ValueError, RecursionError) as exc:  # DamagedValue and UnicodeDecodeError are ValueErrors
            problem = f"a damaged entry ({exc.__class__.__name__})"
        self._warn(f"{problem}; such pages are rendered")
        return None

    def get_bytes(self, kind: str, key: str) -> bytes | None:
        """Bytes kept under ``key`` by :meth:`put_bytes`, if any (a page's output, as it was written)."""
        self._use(kind, key)
        if (kind, key) in self._new:
            return unpack(self._new[kind, key])
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM entries WHERE kind = ? AND key = ?", (kind, key)).fetchone()
            return None if row is None else unpack(row[0])
        except (sqlite3.Error, DamagedValue) as exc:
            self._warn(f"a damaged entry ({exc.__class__.__name__}); such pages are rendered")
            return None

    def put_bytes(self, kind: str, key: str, value: bytes) -> None:
        self._use(kind, key)
        self._new[kind, key] = pack(value)

    def put(self, kind: str, key: str, value: object, apart: str | None = None) -> None:
        """Keep ``value`` as JSON; ``apart`` names a field of a dict that holds a page's HTML, kept
        as its UTF-8 after the rest's JSON: JSON escapes every quote and newline of it (0.8 s of CPU
        for the 6,000 pages of a full build, and as much again to read them back)."""
        self._use(kind, key)
        self._new[kind, key] = pack(_encoded(value, apart))

    def get_text(self, kind: str, key: str) -> str | None:
        """The HTML kept under ``key`` by :meth:`put_text`, if any."""
        data = self.get_bytes(kind, key)
        if data is None:
            return None
        try:
            return data.decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            self._warn("a damaged entry (UnicodeDecodeError); such pages are rendered")
            return None

    def put_text(self, kind: str, key: str, html: str) -> None:
        """Keep a page's HTML as its UTF-8 (not JSON: see :meth:`put`)."""
        self.put_bytes(kind, key, html.encode("utf-8", "surrogatepass"))

    def save(self) -> None:
        """Keep what this build used, and nothing else, for the next: in the store itself, in one
        transaction, when it was read well (a second build rewrites a few entries, not the site);
        else in a new file, renamed into place."""
        folder = self.path.parent
        if self.unreliable:
            print(f"helpsite: the build cache is not kept: the configuration changed between pages ({self.path})", file=sys.stderr)
            self.path.unlink(missing_ok=True)
            return
        new = ((kind, key, value) for (kind, key), value in self._new.items())
        if self._db is not None:
            self._db.close()
            self._db = None
            try:
                keep_in_place(self.path, ("kind", "key"), self._used, new)
                return
            except sqlite3.Error:
                new = ((kind, key, value) for (kind, key), value in self._new.items())  # a store another build holds: a new one
        try:
            make_cache_folder(folder)  # with its CACHEDIR.TAG and .gitignore, when this build is the first to keep anything
        except OSError as exc:
            print(f"helpsite: cannot keep the build cache in {folder}: {exc}", file=sys.stderr)
            return
        write_store(self.path, FORMAT, ("kind", "key"), new, "build cache")

    def summary(self) -> str:
        reused = self.pages - self.rendered
        cached = f"{reused:,} from the build cache, {self.replayed:,} of them not read again; {self.bodies:,} Markdown bodies rendered"
        return f"helpsite: re-rendered {self.rendered:,} of {self.pages:,} pages ({cached})"

    # -- level 1: the page's body --------------------------------------------------------------

    def files_digest(self, files: Files) -> str:
        if self._files is None or self._files[0] != id(files):
            self._files = (id(files), files_digest(files))
        return self._files[1]

    def cache_render(self, page: Page, locale: str) -> None:
        """Make ``page.render`` take its result from the cache when its Markdown and addresses are those of a kept one."""
        render = page.render

        def cached(config: MkDocsConfig, files: Files) -> None:
            key = digest(self.run, "body", locale, self.files_digest(files), page.file.src_uri, page.file.dest_uri, page.url, page.markdown)
            kept = self.get("body", key, _is_body, apart="content")
            if kept is not None and _restore_body(page, kept, files):
                for name, level, message in kept["logs"]:
                    logging.getLogger(name).log(level, message)
                return
            self.bodies += 1
            with _Recorder() as recorded:
                render(config, files)
            body = _body_of(page, recorded.records)
            if body is not None:
                self.put("body", key, body, apart="content")

        page.render = cached  # type: ignore[method-assign]

    # -- the sanitizer's cleaning ----------------------------------------------------------------

    def clean_key(self, html: str) -> str:
        return digest(self.run, "clean", html)

    def cleaned(self, key: str) -> str | None:
        return self.get_text("clean", key)

    # -- the search index's entries --------------------------------------------------------------

    def index(self, add: Callable[[Page], None], entries: list) -> Callable[[Page], None]:
        """Material's ``add_entry_from_context``, taking a page's entries from the cache when it can."""

        def add_entries(page: Page) -> None:
            try:
                key = digest(self.run, "search", page.url, page.title, stable(page.meta), _toc_digest(page.toc), page.content)
            except Uncertain:
                add(page)
                return
            kept = self.get("search", key, _is_entries)
            if kept is not None:
                entries.extend(kept)
                return
            before = len(entries)
            add(page)
            added = entries[before:]
            try:
                stable(added)
            except Uncertain:
                return
            self.put("search", key, added)

        return add_entries

    # -- level 2: the page's output --------------------------------------------------------------

    def reset_navigation(self) -> None:
        """A new language build: its navigation and its configuration."""
        self._nav = {}
        self._config = None
        self._shown = {}

    def _shown_values(self, shown: dict[str, Any]) -> str:
        """The template context's other values (base_url, extra_css, what plugins add), each
        encoded for every page, but a plugin's configuration (a MkDocs Config, as
        mkdocs-static-i18n's is: 0.7 s of a full build's CPU to encode for every page) is
        configuration: encoded once per language build while it is the same object, and again
        every CONFIG_RECHECK pages, as the site's configuration is (if it changed, the cache is not kept)."""
        self._shown_uses += 1
        recheck = self._shown_uses % CONFIG_RECHECK == 0
        parts = []
        for name in sorted(shown):
            value = shown[name]
            if not isinstance(value, Config):
                parts.append(stable([name, value]))
                continue
            kept = self._shown.get(name)
            if kept is not None and kept[0] is value and not recheck:
                parts.append(kept[1])
                continue
            encoded = stable([name, value])
            if kept is not None and kept[0] is value and kept[1] != encoded:
                self.unreliable = True
            self._shown[name] = (value, encoded)
            parts.append(encoded)
        return digest(*parts)

    def _configuration(self, config: MkDocsConfig) -> str:
        """The configuration's digest, once per language build (no event changes it between pages but
        the alternates) and again every CONFIG_RECHECK pages: if it did change, the cache is not kept."""
        self._config_uses += 1
        if self._config is None or self._config[0] is not config or self._config_uses % CONFIG_RECHECK == 0:
            value = _config_digest(config)
            if self._config is not None and self._config[0] is config and self._config[1] != value:
                self.unreliable = True
            self._config = (config, value)
        return self._config[1]

    def output_key(self, template: str, context: Mapping[str, Any], locale: str) -> str | None:
        page = context.get("page")
        if not isinstance(page, Page):
            return None
        try:
            config = context["config"]
            shown = {
                key: value for key, value in context.items() if key not in ("nav", "pages", "page", "config", "build_date_utc")
            }  # base_url, extra_css, ... and any a plugin added
            parts = [
                self.run,
                "output",
                locale,
                template,
                page.file.src_uri,
                page.file.dest_uri,
                page.url,
                page.canonical_url,
                page.abs_url,
                page.edit_url,
                page.is_homepage,
                page.is_index,
                page.title,
                stable(page.meta),
                _toc_digest(page.toc),
                digest(page.content),
                self._neighbours(page),
                self._shown_navigation(context.get("nav")),
                self._pages(context.get("pages")),
                self._shown_values(shown),
                self._configuration(config),
                _alternates(config),
            ]
        except Uncertain as exc:
            if os.environ.get("HELPSITE_DEBUG_CACHE"):
                print("uncertain", page.file.src_uri, exc, file=sys.stderr)
            return None
        return digest(*parts)

    @contextlib.contextmanager
    def without_outputs(self) -> Iterator[None]:
        """No template output kept or looked up inside the block: a page the replay records
        (:mod:`helpsite.mkdocs.replay`) has its written file kept already, and this level would
        hold the same HTML a second time (235 MB at 6,000 pages, which a full build spent 1.6 s of
        its 45 s of CPU keying, packing and storing). What it saved was a template's rendering (about a
        millisecond) for a page whose replay misses while its template's context is the same: a
        page whose translation changed, or whose findings are made every build."""
        self._outputs = False
        try:
            yield
        finally:
            self._outputs = True

    def render_template(self, render: Callable[[Any], str], context: Any, template: str, locale: str) -> str:
        if not self._outputs:
            if isinstance(context.get("page"), Page):
                self.pages += 1
                self.rendered += 1
            return render(context)
        key = self.output_key(template, context, locale)
        if key is None:
            return render(context)
        self.pages += 1
        kept = self.get_text("output", key)
        if kept is not None:
            return kept
        self.rendered += 1
        output = render(context)
        self.put_text("output", key, output)
        return output

    def _pages(self, pages: object) -> str:
        """The site's pages as the context lists them (the navigation shows them anyway; a template may list them)."""
        if pages is None:
            return "-"
        if self._listed is None or self._listed[0] is not pages:
            if not isinstance(pages, (list, tuple)):
                raise Uncertain(type(pages).__name__)
            self._listed = (pages, digest(*(f"{getattr(f, 'src_uri', f)}\0{getattr(f, 'url', '')}" for f in pages)))
        return self._listed[1]

    def _neighbours(self, page: Page) -> str:
        def entry(item: object) -> object:
            if item is None:
                return None
            return [str(getattr(item, "title", None)), getattr(item, "url", None)]

        ancestors = []
        for section in page.ancestors:
            children = getattr(section, "children", None) or [None]
            first = children[0]
            ancestors.append([str(section.title), entry(first), bool(getattr(first, "is_index", False))])
        return stable([entry(page.previous_page), entry(page.next_page), ancestors])

    def _shown_navigation(self, nav: object) -> str:
        if nav is None:
            return "-"
        if not isinstance(nav, Navigation):
            raise Uncertain(type(nav).__name__)
        return digest(*(self._item(item) for item in nav.items), stable(nav.homepage.url if nav.homepage else None))

    def _item(self, item: object) -> str:
        """An entry of the navigation as the theme shows it: its own digest when it is closed (kept
        for the language build: every page shows it), and what is open of it when it is not."""
        if not getattr(item, "active", False):
            kept = self._nav.get(id(item))
            if kept is not None and kept[0] is item:
                return kept[1]
            value = self._entry(item, self._static_item)
            self._nav[id(item)] = (item, value)
            return value
        return self._entry(item, self._item) + "*"

    def _static_item(self, item: object) -> str:
        return self._item(item) if not getattr(item, "active", False) else self._entry(item, self._static_item)

    def _entry(self, item: object, child: Callable[[object], str]) -> str:
        if isinstance(item, Page):
            return digest("page", item.title, item.url, item.is_index, item.canonical_url, stable(item.meta), bool(item.active))
        if isinstance(item, Section):
            return digest("section", item.title, bool(item.active), *(child(c) for c in item.children))
        if isinstance(item, Link):
            return digest("link", item.title, item.url)
        raise Uncertain(type(item).__name__)


def _config_digest(config: MkDocsConfig) -> str:
    """The configuration as the locale's build has it (mkdocs-static-i18n changes the site's name and
    the theme's language per locale), but for the language switcher's alternates, which it sets per page."""
    extra = config.extra
    own = {key: value for key, value in vars(extra).items() if not key.startswith("_") and key != "alternate"}
    return digest(
        stable({key: value for key, value in dict(extra).items() if key != "alternate"}),
        stable(own),
        stable(dict(config.theme)),
        stable(list(config.theme.dirs)),
        *(stable(config.get(key)) for key in ("site_name", "site_url", "site_description", "site_author", "copyright", "repo_url")),
        *(stable(config.get(key)) for key in ("repo_name", "edit_uri", "use_directory_urls", "extra_css", "extra_javascript", "nav")),
    )


def _alternates(config: MkDocsConfig) -> str:
    extra = config.extra
    return stable([getattr(extra, "alternate", None), dict(extra).get("alternate")])


def _toc(toc: Iterable[AnchorLink]) -> list:
    out = []
    for link in toc:
        if set(vars(link)) - {"title", "id", "level", "children", "active"}:
            raise Uncertain("a table of contents entry with more than MkDocs gives it")
        out.append([link.title, link.id, link.level, bool(getattr(link, "active", False)), _toc(link.children)])
    return out


def _toc_digest(toc: Iterable[AnchorLink]) -> str:
    return stable(_toc(toc))


def _untoc(rows: list) -> list[AnchorLink]:
    links = []
    for title, anchor, level, active, children in rows:
        link = AnchorLink(title, anchor, level)
        if active:
            link.active = True  # type: ignore[attr-defined]  # as get_toc marks the first
        link.children = _untoc(children)
        links.append(link)
    return links


def _is_toc(rows: object) -> bool:
    return isinstance(rows, list) and all(
        isinstance(row, list)
        and len(row) == 5
        and isinstance(row[0], str)
        and isinstance(row[1], str)
        and isinstance(row[2], int)
        and isinstance(row[3], bool)
        and _is_toc(row[4])
        for row in rows
    )


def _is_body(value: object) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {"content", "toc", "title", "anchors", "links", "logs"}
        and isinstance(value["content"], str)
        and _is_toc(value["toc"])
        and is_reading(value)
    )


def is_reading(value: dict) -> bool:
    """What reading a page left, as the cache keeps it: its title from the render, its anchors, its
    links to other pages' anchors, and what it logged."""
    return (
        (value["title"] is None or isinstance(value["title"], str))
        and (
            value["anchors"] is None
            or (isinstance(value["anchors"], list) and all(isinstance(a, (str, type(None))) for a in value["anchors"]))
        )
        and (
            value["links"] is None
            or (
                isinstance(value["links"], dict)
                and all(
                    isinstance(links, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in links.items())
                    for links in value["links"].values()
                )
            )
        )
        and isinstance(value["logs"], list)
        and all(
            isinstance(row, list) and len(row) == 3 and isinstance(row[0], str) and isinstance(row[1], int) and isinstance(row[2], str)
            for row in value["logs"]
        )
    )


def _is_entries(value: object) -> bool:
    # Decoded from JSON, whose objects have string keys only: each entry's keys need no test (the
    # test of every key of every entry was 3% of a build that replays 6,124 pages).
    return isinstance(value, list) and all(entry.__class__ is dict for entry in value)


def _body_of(page: Page, records: list[logging.LogRecord]) -> dict | None:
    """What ``page.render`` set, as the cache keeps it (None: something it cannot keep)."""
    try:
        toc = _toc(page.toc)
    except Uncertain:
        return None
    links = None
    if page.links_to_anchors is not None:
        links = {file.src_uri: dict(anchors) for file, anchors in page.links_to_anchors.items()}
    return {
        "content": page.content,
        "toc": toc,
        "title": page._title_from_render,
        "anchors": None if page.present_anchor_ids is None else sorted(page.present_anchor_ids, key=lambda a: (a is None, a or "")),
        "links": links,
        "logs": [[record.name, record.levelno, record.getMessage()] for record in records],
    }


def _restore_body(page: Page, body: dict, files: Files) -> bool:
    links = None
    if body["links"] is not None:
        links = {}
        for src_uri, anchors in body["links"].items():
            target = files.get_file_from_path(src_uri)
            if target is None:
                return False
            links[target] = anchors
    page.content = body["content"]
    page.toc = TableOfContents(_untoc(body["toc"]))
    page._title_from_render = body["title"]
    page.present_anchor_ids = None if body["anchors"] is None else set(body["anchors"])
    page.links_to_anchors = links
    return True


class _Recorder(logging.Handler):
    """What a page's rendering logs (MkDocs' warnings of broken links...), to be logged again when it comes from the cache."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not self.records or self.records[-1] is not record:  # seen by both loggers when "mkdocs" propagates
            self.records.append(record)

    def __enter__(self) -> _Recorder:
        for name in ("", "mkdocs"):  # MkDocs' command stops its logger's records at "mkdocs"
            logging.getLogger(name).addHandler(self)
        return self

    def __exit__(self, *_: object) -> None:
        for name in ("", "mkdocs"):
            logging.getLogger(name).removeHandler(self)


class CachedTemplates:
    """A language build's Jinja environment, whose page templates answer from the cache: MkDocs asks
    the environment for a page's template (no parent, no globals), then renders it with the page's
    context; Jinja's own lookups (extends, includes, imports) name a parent and are left alone. The
    search index's entries are taken from the cache the same way."""

    def __init__(self, cache: BuildCache, locale: Callable[[], str]) -> None:
        self.cache, self.locale = cache, locale

    def install(self, env: Any, config: MkDocsConfig) -> None:
        get_template = env.get_template
        cache, locale = self.cache, self.locale

        def page_template(name: Any, parent: str | None = None, globals: Any = None) -> Any:
            template = get_template(name, parent, globals)
            if parent is not None or globals is not None or not isinstance(name, str):
                return template
            return _CachedTemplate(template, name, cache, locale())

        env.get_template = page_template
        search = config.plugins.get("material/search") or config.plugins.get("search")
        index: Any = getattr(search, "search_index", None)
        entries = getattr(index, "entries", None)
        add = getattr(index, "add_entry_from_context", None)
        if isinstance(entries, list) and callable(add) and not getattr(add, "_helpsite_cached", False):
            cached = cache.index(add, entries)
            cached._helpsite_cached = True  # type: ignore[attr-defined]
            index.add_entry_from_context = cached


class _CachedTemplate:
    def __init__(self, template: Any, name: str, cache: BuildCache, locale: str) -> None:
        self._template, self._name, self._cache, self._locale = template, name, cache, locale

    def render(self, *args: Any, **kwargs: Any) -> str:
        if len(args) != 1 or kwargs or not isinstance(args[0], Mapping):
            return self._template.render(*args, **kwargs)
        return self._cache.render_template(self._template.render, args[0], self._name, self._locale)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)
