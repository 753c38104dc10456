"""Parsed articles kept between production builds, by their bytes.

A build reads the whole site before MkDocs renders a page (:class:`helpsite.mkdocs.state.SiteState`),
and with the build cache most pages are then written unread (:mod:`helpsite.mkdocs.replay`): parsing
every article again was most of what such a build still did. Each article is kept under a digest of
its bytes, of where it is (path, tree, locale, the path findings name it by), of the parse options,
of helpsite's own code and of the parsers' versions (:func:`parsers`); a changed file, or a changed
parser, is parsed again.

The store is a SQLite file in the site's ``cache_dir`` beside the build cache (``parse-*.sqlite``).
Values are pickles read by an unpickler that builds nothing but helpsite's model, paths and dates:
an entry naming anything else, or damaged, is parsed again, and the store is then said once on
stderr to be not what this module writes. A pickle rather than JSON: an article is a tree of a
dozen dataclasses, and reading it back costs a sixth of parsing it (0.15 against 0.9 ms).
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import io
import json
import os
import pathlib
import pickle
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import helpsite
from helpsite import model
from helpsite.content.parse import ParseOptions
from helpsite.content.safefile import FileTooLarge, RefusedFile, read_docs_file
from helpsite.content.site import SourceFile
from helpsite.model import Article
from helpsite.packing import pack, unpack

FORMAT = "helpsite-parse-cache 2"  # 2: values packed with zstd (1: zlib)


@functools.lru_cache(maxsize=64)
def _posix_path(*parts: str) -> pathlib.PosixPath:
    """A path of an article as unpickled: the folder every article names (its docs root) is made
    once, not once per article (a third of the paths made reading 6,000 articles back)."""
    return pathlib.PosixPath(*parts)


# What an article is made of beside helpsite's model: its paths, and the dates of its metadata.
_ALLOWED: dict[tuple[str, str], Callable[..., object]] = {
    **{("pathlib", kind.__name__): kind for kind in (pathlib.PurePosixPath, pathlib.WindowsPath, pathlib.PureWindowsPath)},
    ("pathlib", "PosixPath"): _posix_path,
    **{
        ("datetime", kind.__name__): kind
        for kind in (datetime.date, datetime.datetime, datetime.time, datetime.timedelta, datetime.timezone)
    },
    **{("builtins", kind.__name__): kind for kind in (set, frozenset)},
}


def parsers() -> str:
    """The versions of what parses an article beside helpsite's code: pulldown-cmark's binding (the
    body), PyYAML and whether libyaml reads for it (the front matter), Python-Markdown (the slugs)."""
    import markdown
    import pyromark
    import yaml

    return f"pyromark {pyromark.__version__}, PyYAML {yaml.__version__} libyaml {yaml.__with_libyaml__}, Markdown {markdown.__version__}"


@functools.cache
def code_digest() -> str:
    """helpsite's own code, every file of the package: what a parse, and a page, are made by."""
    hasher = hashlib.blake2b(digest_size=20)
    hash_tree(Path(helpsite.__file__).parent, hasher)
    return hasher.hexdigest()


def hash_tree(folder: Path, hasher: Any) -> None:
    """Every file below ``folder`` (but compiled bytecode), its path and bytes, into ``hasher``."""
    if not folder.is_dir():
        hasher.update(f"no {folder}\0".encode())
        return
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            path = Path(root, name)
            hasher.update(f"{path.relative_to(folder).as_posix()}\0".encode("utf-8", "surrogatepass"))
            try:
                hasher.update(path.read_bytes())
            except OSError as exc:
                hasher.update(f"unreadable {exc.errno}".encode())
            hasher.update(b"\0")


class _ModelUnpickler(pickle.Unpickler):
    """Builds helpsite's model classes, paths and dates, and nothing else."""

    def find_class(self, module: str, name: str) -> object:
        if module == model.__name__:
            found = getattr(model, name, None)
            if isinstance(found, type) and found.__module__ == model.__name__:
                return found
        elif (module, name) in _ALLOWED:
            return _ALLOWED[module, name]
        raise pickle.UnpicklingError(f"{module}.{name} is not part of an article")


def _loads(blob: bytes) -> Article | None:
    try:
        value = _ModelUnpickler(io.BytesIO(unpack(blob))).load()
    except Exception:
        return None
    return value if isinstance(value, Article) else None


def content_digest(data: bytes) -> str:
    """What names an article's bytes in the parse cache and in ``Site.digests``."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


class ParseCache:
    """One run's view of the store: the articles it found, and those it parsed (kept on save)."""

    def __init__(self, folder: Path, options: ParseOptions) -> None:
        self.path = folder / f"parse-{hashlib.blake2b(repr(options).encode(), digest_size=8).hexdigest()}.sqlite"
        self._salt = f"{FORMAT}\0{code_digest()}\0{sys.version}\0{parsers()}\0{options!r}"
        self._db: sqlite3.Connection | None = None
        self._new: dict[str, bytes] = {}
        self._used: set[str] = set()
        self._warned = False
        self.found = 0
        self.digests: dict[str, str] = {}  # path -> digest of the bytes read (the build cache's keys name a page's source by it)
        self.shared: tuple[int, int] | None = None  # in a shard (:meth:`articles`): articles parsed here, and taken from the others
        if self.path.is_file():
            try:
                db = open_snapshot(self.path)
                rows = dict(db.execute("SELECT key, value FROM meta").fetchall())
                if rows.get("format") == FORMAT:
                    self._db = db
                else:
                    db.close()
                    self._warn("it is not one this helpsite writes")
            except sqlite3.Error as exc:
                self._warn(f"it cannot be read ({exc})")

    def _warn(self, problem: str) -> None:
        if not self._warned:
            self._warned = True
            print(f"helpsite: the parse cache {self.path} is not used as it is: {problem}; the articles are parsed again", file=sys.stderr)

    def article(self, source: SourceFile, parse: Callable[[SourceFile, bytes | None], Article], max_bytes: int) -> Article:
        """The article at ``source``: kept, or parsed by ``parse`` (given the bytes read, or None
        when the file cannot be read safely, for the parser to say why)."""
        read = self._read(source, max_bytes)
        if read is None:
            return parse(source, None)
        key, data = read
        return self._kept(key) or self._parsed(key, source, data, parse)

    def articles(
        self, sources: list[SourceFile], parse: Callable[[SourceFile, bytes | None], Article], max_bytes: int, shared: SharedParses
    ) -> list[Article]:
        """The articles at ``sources``, as :meth:`article` gives each, parsed in a shard of
        `helpsite build --jobs` only where they fall to it: the others' parses are taken from the
        shard they fall to, and any it does not hand over (a file read otherwise there) parsed here."""
        articles: list[Article | None] = []
        theirs: list[tuple[int, str, SourceFile, bytes]] = []
        mine: list[str] = []
        started = time.monotonic()
        for position, source in enumerate(sources):
            read = self._read(source, max_bytes)
            if read is None:
                articles.append(parse(source, None))
                continue
            key, data = read
            kept = self._kept(key)
            if kept is None and not shared.falls_to_me(position):
                theirs.append((len(articles), key, source, data))
            elif kept is None:
                mine.append(key)
                kept = self._parsed(key, source, data, parse)
            articles.append(kept)
        shared.publish({key: self._new[key] for key in mine if key in self._new})
        # The others' shares take about as long as this one's: a store much later than that is not
        # coming (a shard that could not write it), and its share is parsed here after all.
        handed = shared.gather({key for _, key, _, _ in theirs}, time.monotonic() - started)
        not_handed = 0
        for position, key, source, data in theirs:
            blob = handed.get(key)
            article = _loads(blob) if blob is not None else None
            if blob is not None and article is not None:
                self._new[key] = blob
            else:
                article = self._parsed(key, source, data, parse)
                not_handed += 1
            articles[position] = article
        self.shared = (len(mine) + not_handed, len(theirs) - not_handed)
        return [article for article in articles if article is not None]

    def _read(self, source: SourceFile, max_bytes: int) -> tuple[str, bytes] | None:
        """The article's key and bytes; None when the file cannot be read safely."""
        try:
            data: bytes | None = read_docs_file(source.path, source.root, max_bytes).data
        except (OSError, RefusedFile, FileTooLarge):
            data = None
        if data is None:
            return None
        content = content_digest(data)
        self.digests[str(source.path)] = content
        hasher = hashlib.blake2b(digest_size=20)
        for part in (self._salt, str(source.path), str(source.root), source.locale, source.relpath, content):
            hasher.update(part.encode("utf-8", "surrogatepass") + b"\0")
        key = hasher.hexdigest()
        self._used.add(key)
        return key, data

    def _kept(self, key: str) -> Article | None:
        blob = self._lookup(key)
        if blob is None:
            return None
        kept = _loads(blob)
        if kept is None:
            self._warn("a damaged entry")
            return None
        self.found += 1
        return kept

    def _parsed(self, key: str, source: SourceFile, data: bytes, parse: Callable[[SourceFile, bytes | None], Article]) -> Article:
        article = parse(source, data)
        with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError, RecursionError):  # parsed every run, then
            self._new[key] = pack(pickle.dumps(article, protocol=5))
        return article

    def _lookup(self, key: str) -> bytes | None:
        if key in self._new:
            return self._new[key]
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            self._warn(f"it cannot be read ({exc})")
            self._db = None
            return None
        return row[0] if row is not None and isinstance(row[0], bytes) else None

    def save(self) -> None:
        """Keep the articles this run read, and no others, for the next: in the store itself when it
        was read well, else in a new file renamed into place."""
        new = list(self._new.items())
        if self._db is not None:
            self._db.close()
            self._db = None
            if not new and self.found == len(self._used):
                return  # nothing new: the store holds what the next run asks for (and maybe more)
            try:
                keep_in_place(self.path, ("key",), ((key,) for key in self._used), new)
                return
            except sqlite3.Error:
                pass  # a store another run holds: a new one
        write_store(self.path, FORMAT, ("key",), new, "parse cache")


def open_snapshot(path: Path) -> sqlite3.Connection:
    """A store opened to be read, in one read transaction until it is closed: the run reads one
    state of it, and takes the file's lock once instead of around each lookup (6,000 lookups cost
    half as much). A run saving the same store in place meanwhile waits for the lock (up to
    ``keep_in_place``'s 30 s), then writes a new file renamed into place; the snapshot goes on
    reading the file it opened."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    db.execute("BEGIN")
    return db


def write_store(path: Path, form: str, key: tuple[str, ...], rows: Iterable[tuple], what: str) -> None:
    """A new store of ``rows`` (the ``key`` columns, then the value), written beside ``path`` and
    renamed into place: two runs at once each write their own, and the last one stays."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        out = sqlite3.connect(partial)
        with out:
            out.execute("PRAGMA journal_mode = OFF")
            out.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            out.execute(f"CREATE TABLE entries ({', '.join(f'{name} TEXT' for name in key)}, value BLOB, PRIMARY KEY ({', '.join(key)}))")
            out.execute("INSERT INTO meta VALUES ('format', ?)", (form,))
            out.executemany(f"INSERT INTO entries VALUES ({', '.join('?' for _ in range(len(key) + 1))})", rows)
        out.close()
        os.replace(partial, path)
    except (OSError, sqlite3.Error) as exc:
        print(f"helpsite: cannot keep the {what} in {path.parent}: {exc}", file=sys.stderr)
        partial.unlink(missing_ok=True)


def keep_in_place(path: Path, key: tuple[str, ...], used: Iterable[tuple[str, ...]], new: Iterable[tuple]) -> None:
    """A store's ``entries`` made what a run used of them and what it added, in one transaction
    (a run that stops half-way leaves the store as it was): the entries not used are deleted. The
    keys are compared here rather than in SQL: a second build uses all but a few of 36,000 entries,
    and sending every used key to the store cost three times as much."""
    columns = ", ".join(key)
    matches = " AND ".join(f"{name} = ?" for name in key)
    db = sqlite3.connect(path, timeout=30)
    try:
        with db:
            kept = {tuple(row) for row in used}
            unused = [row for row in db.execute(f"SELECT {columns} FROM entries") if row not in kept]
            db.executemany(f"DELETE FROM entries WHERE {matches}", unused)
            db.executemany(f"INSERT OR REPLACE INTO entries VALUES ({', '.join('?' for _ in range(len(key) + 1))})", new)
    finally:
        db.close()


# Set by `helpsite build --jobs N` in each shard's environment: [folder, shard, shards, parent pid] in JSON.
SHARED_PARSES_ENV = "HELPSITE_SHARED_PARSES"
HANDOFF_PATIENCE = 600.0  # seconds a shard waits at most for another's parses before parsing them itself
HANDOFF_FLOOR, HANDOFF_FACTOR = 20.0, 4.0  # ... and at most this plus so many times its own share's time


@dataclass(frozen=True, slots=True)
class SharedParses:
    """The shards of one parallel build dividing the site's parsing: each parses the articles
    that fall to it (every ``count``-th, from its ``index``), hands them over in a store of its
    own in ``folder``, and takes the others' from theirs (each shard read the whole site again
    before: 2.4 s of CPU each at 6,000 articles). A parse is handed under the parse cache's key,
    which names the bytes it was made from: a file another shard read otherwise is parsed here."""

    folder: Path
    index: int
    count: int
    parent: int  # the parallel build's process: while it runs, a shard that has not handed over yet will
    patience: float = HANDOFF_PATIENCE

    @classmethod
    def from_environment(cls) -> SharedParses | None:
        try:
            folder, index, count, parent = json.loads(os.environ[SHARED_PARSES_ENV])
            shared = cls(Path(folder), int(index), int(count), int(parent))
        except (KeyError, ValueError, TypeError):
            return None
        return shared if 0 <= shared.index < shared.count else None

    def falls_to_me(self, position: int) -> bool:
        return position % self.count == self.index

    def _store(self, index: int) -> Path:
        return self.folder / f"parses-{index}.sqlite"

    def publish(self, entries: dict[str, bytes]) -> None:
        """This shard's parses, for the others (renamed into place whole: a store seen is complete)."""
        write_store(self._store(self.index), FORMAT, ("key",), entries.items(), "parses for the other shards")

    def gather(self, keys: set[str], own_seconds: float = 0.0) -> dict[str, bytes]:
        """The parses of ``keys`` the other shards hand over, waiting for each shard's store while
        the parallel build runs, for at most ``patience`` and at most a share's time (``own_seconds``,
        this one's) several times over; what none hands over (a store not written, unreadable, of
        another FORMAT) is left out."""
        found: dict[str, bytes] = {}
        deadline = time.monotonic() + min(self.patience, HANDOFF_FLOOR + HANDOFF_FACTOR * own_seconds)
        for index in range(self.count):
            if index == self.index or not keys:
                continue
            store = self._store(index)
            while not store.exists() and os.getppid() == self.parent and time.monotonic() < deadline:
                time.sleep(0.01)
            with contextlib.suppress(sqlite3.Error, OSError):
                db = open_snapshot(store)
                try:
                    if dict(db.execute("SELECT key, value FROM meta").fetchall()).get("format") == FORMAT:
                        for key, value in db.execute("SELECT key, value FROM entries"):
                            if key in keys and isinstance(value, bytes):
                                found[key] = value
                finally:
                    db.close()
        return found
