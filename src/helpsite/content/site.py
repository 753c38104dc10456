"""Finding articles on disk and indexing them: by locale, by path, source and translations."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from helpsite.content.config import Settings
from helpsite.content.links import RootPaths, SiteLayout
from helpsite.content.locales import Locales, valid_tag
from helpsite.content.safefile import display_path, escape_undecodable
from helpsite.model import Article

# Folders of include fragments (DocFX's convention, as its docfx.json excludes "**/includes/**"):
# their files are read where an article includes them, never checked or published on their own.
FRAGMENT_FOLDERS = frozenset({"includes"})
NOT_ARTICLES = frozenset({"toc.md"})
_LOCALE_LIKE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """An article file found on disk: where it is and which locale folder it belongs to."""

    path: Path
    root: Path  # the folder holding the locale folders (docs/)
    locale: str
    relpath: str  # below the locale folder, POSIX separators

    @property
    def display_path(self) -> str:
        return display_path(self.path)


def is_fragment(relpath: str) -> bool:
    """True for a Markdown file that is not an article: one inside an includes folder
    (``en/billing/includes/x.md``), or DocFX's ``TOC.md`` (navigation, which DocFX never publishes as a page)."""
    *folders, name = relpath.split("/")
    return name.lower() in NOT_ARTICLES or any(part in FRAGMENT_FOLDERS for part in folders)


def is_locale_folder(name: str, locales: Locales) -> bool:
    if locales.for_folder(name):
        return True
    return bool(_LOCALE_LIKE.fullmatch(name)) and valid_tag(name.replace("_", "-"))


def discover(paths: Iterable[Path], docs_dir: Path, locales: Locales) -> list[SourceFile]:
    """Every Markdown file below ``paths`` (files or folders), each with its locale.

    Inside the project's docs_dir the first folder level is the locale. Elsewhere (a copy of a
    help centre, the shared corpus) the nearest folder named like a locale is. Folder links are not
    followed; a file link, a named pipe or a folder named ``*.md`` is found, and parsing says what
    it is (content.safefile). Locale folder and relpath are text that can be printed: bytes of a
    name that are not UTF-8 show as ``\\xNN`` (the path keeps them, to open the file).
    """
    found: dict[str, SourceFile] = {}
    for given in paths:
        path = Path(os.path.abspath(given))
        root = _root_for(path, docs_dir, locales)
        below_root = os.path.join(root, "") if root else None
        for file in _markdown_files(path):
            if file in found:
                continue
            parts = file[len(below_root) :].split(os.sep) if below_root and file.startswith(below_root) else []
            if root is not None and len(parts) >= 2:  # parts are only found below a root
                found[file] = SourceFile(Path(file), root, escape_undecodable(parts[0]), escape_undecodable("/".join(parts[1:])))
            else:
                folder = os.path.dirname(file)
                found[file] = SourceFile(
                    Path(file),
                    root or Path(os.path.dirname(folder)),
                    escape_undecodable(os.path.basename(folder)),
                    escape_undecodable(os.path.basename(file)),
                )
    return sorted(found.values(), key=lambda s: (s.locale, s.relpath))


def tree_root(path: Path, docs_dir: Path, locales: Locales) -> Path | None:
    """The docs tree ``path`` belongs to: the docs folder, or the parent of the nearest locale folder; None if neither.

    A "locale folder" that holds the docs folder itself (``/tmp`` reads as a language) is no tree of articles.
    """
    root = _root_for(Path(os.path.abspath(path)), docs_dir, locales)
    return None if root is None or (root != docs_dir and docs_dir.is_relative_to(root)) else root


def _root_for(path: Path, docs_dir: Path, locales: Locales) -> Path | None:
    if path == docs_dir or path.is_relative_to(docs_dir):
        return docs_dir
    if path.is_dir():
        children = [entry.name for entry in _safe_scandir(path) if entry.is_dir(follow_symlinks=False)]
        if any(is_locale_folder(c, locales) for c in children):
            return path
    for folder in ([path] if path.is_dir() else []) + list(path.parents):
        if is_locale_folder(folder.name, locales):
            return folder.parent
    return None


def _markdown_files(path: Path) -> list[str]:
    if not path.is_dir():
        return [str(path)]
    result: list[str] = []
    folders = [str(path)]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if entry.is_dir(follow_symlinks=False):
                if not name.startswith(".") and name not in FRAGMENT_FOLDERS:
                    folders.append(entry.path)
                    if name.endswith(".md"):  # a folder named like an article is reported (PARSE001) and still walked into
                        result.append(entry.path)
            elif name.endswith(".md") and name.lower() not in NOT_ARTICLES:  # a file, a link, a named pipe ...: parsing says which
                result.append(entry.path)
    return result


def _safe_scandir(path: Path) -> list[os.DirEntry]:
    try:
        return list(os.scandir(path))
    except OSError:
        return []


class _Pages(dict[str, Article]):
    """A locale's pages by relpath: Articles, or SourceFiles parsed (once) when first looked at."""

    def __init__(self, parse: Callable[[SourceFile], Article] | None) -> None:
        super().__init__()
        self._parse = parse

    def place(self, relpath: str, page: Article | SourceFile) -> None:
        """Store an Article, or a SourceFile that stands for one until it is first looked at."""
        super().__setitem__(relpath, page)  # type: ignore[assignment]  # every read below parses a SourceFile

    def __getitem__(self, relpath: str) -> Article:
        page = super().__getitem__(relpath)
        if isinstance(page, SourceFile):
            assert self._parse is not None
            page = self._parse(page)
            super().__setitem__(relpath, page)
        return page

    def get(self, relpath: str, default: Article | None = None) -> Article | None:  # type: ignore[override]
        return self[relpath] if relpath in self else default  # noqa: SIM401 - this is get: self.get would recurse

    def values(self) -> Iterator[Article]:  # type: ignore[override]
        return (self[relpath] for relpath in self)

    def items(self) -> Iterator[tuple[str, Article]]:  # type: ignore[override]
        return ((relpath, self[relpath]) for relpath in self)


class Site:
    """All articles, by locale and by path below the locale folder.

    Pages given as SourceFiles are parsed by ``parse`` when a check first looks at them, so an
    incremental check reads only the unchanged pages its changed ones point at.
    """

    def __init__(
        self, articles: Iterable[Article | SourceFile], locales: Locales, parse: Callable[[SourceFile], Article] | None = None
    ) -> None:
        self.locales = locales
        self.by_locale: dict[str, _Pages] = {}
        for page in articles:
            self.by_locale.setdefault(page.locale, _Pages(parse)).place(page.relpath, page)
        source = locales.source
        self.source_folder = next((f for f in self.by_locale if source and source.matches_folder(f)), None)
        self.digests: dict[str, str] = {}  # path -> digest of the bytes it was parsed from, when the reader kept them
        self.walked: list[SourceFile] | None = None  # every article file of the docs folder, when the reader walked all of it
        # A shard of `helpsite build --jobs`: the articles it parsed, and those it took from the other shards' parses.
        self.shared_parses: tuple[int, int] | None = None

    @property
    def articles(self) -> list[Article]:
        """Every article, parsing any not parsed yet."""
        return [page for pages in self.by_locale.values() for page in pages.values()]

    def layout(self, site_url: str | None, settings: Settings | None = None) -> SiteLayout:
        """What resolving a link written in one of these articles needs to know."""
        roots = RootPaths.of(settings.site_paths, settings.other_sites) if settings is not None else RootPaths()
        tags = tuple((folder, locale.tag) for folder in sorted(self.by_locale) if (locale := self.locales.for_folder(folder)) is not None)
        return SiteLayout(frozenset(self.by_locale), self.source_folder, site_url, roots, tags)

    def get(self, locale: str, relpath: str) -> Article | None:
        pages = self.by_locale.get(locale)
        return pages.get(relpath) if pages is not None else None

    def is_source(self, article: Article) -> bool:
        return article.locale == self.source_folder

    def source_of(self, article: Article) -> Article | None:
        if self.source_folder is None or self.is_source(article):
            return None
        return self.get(self.source_folder, article.relpath)

    def translations_of(self, article: Article) -> list[Article]:
        return [
            pages[article.relpath]
            for locale, pages in sorted(self.by_locale.items())
            if locale != article.locale and article.relpath in pages
        ]
