"""DocFX navigation (``TOC.yml``) as MkDocs navigation.

A DocFX TOC is a list of items: ``name`` with ``href`` (a page, an external URL, or a folder or
TOC file whose own TOC is nested in), ``topicHref`` (the page of a section) and ``items``
(children). MkDocs' ``nav`` is a list of ``{title: path}`` and ``{title: [children]}``; a
section's page becomes its first child, which Material shows as the section's index.

Paths in the result are relative to the locale folder, as mkdocs-static-i18n's folder structure
expects them. What cannot be turned into navigation (a missing page, a TOC that includes itself)
is returned as a problem, never raised. TOC files are read, and pages tested, as articles are
(content.safefile): only regular files inside their folder, a TOC no larger than the article limit.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from helpsite.content.parse import DEFAULT_MAX_FILE_BYTES
from helpsite.content.safefile import FileTooLarge, RefusedFile, is_docs_file, open_docs_file

_TOC_NAMES = ("TOC.yml", "toc.yml", "TOC.yaml", "toc.yaml")


@dataclass(slots=True)
class Navigation:
    nav: list[Any] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # every page the navigation names, in order
    problems: list[str] = field(default_factory=list)
    toc_root: Path = Path(".")  # TOC files are read only inside it
    max_bytes: int = DEFAULT_MAX_FILE_BYTES


def nav_from_toc(toc_path: Path, locale_root: Path | None = None, *, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Navigation:
    """The navigation a TOC file describes, page paths relative to the TOC's folder.

    ``locale_root`` is where those pages are looked for (default: the TOC's folder); another
    locale's folder with the same paths will do, when a locale has no TOC of its own. Nested TOC
    files are read only inside the first TOC's folder.
    """
    result = Navigation()
    result.toc_root = toc_path.parent
    result.max_bytes = max_bytes
    result.nav = _read(toc_path, "", locale_root or toc_path.parent, result, (toc_path.resolve(),))
    return result


def _read(toc_path: Path, folder: str, locale_root: Path, result: Navigation, stack: tuple[Path, ...]) -> list[Any]:
    try:
        data = open_docs_file(toc_path, result.toc_root, result.max_bytes)
        items = yaml.safe_load(data.decode("utf-8-sig"))
    except (OSError, RefusedFile, FileTooLarge, UnicodeDecodeError, yaml.YAMLError) as exc:
        result.problems.append(f"{toc_path}: cannot read: {exc}")
        return []
    if items is None:
        return []
    if isinstance(items, dict) and "items" in items:  # the object form: {items: [...]}
        items = items["items"]
    if not isinstance(items, list):
        result.problems.append(f"{toc_path}: a TOC is a list of items")
        return []
    return _items(items, toc_path, folder, locale_root, result, stack)


def _items(items: list, toc_path: Path, folder: str, locale_root: Path, result: Navigation, stack: tuple[Path, ...]) -> list[Any]:
    nav: list[Any] = []
    for item in items:
        if not isinstance(item, dict) or not item.get("name"):
            result.problems.append(f"{toc_path}: an item without a name: {item!r}")
            continue
        name = str(item["name"])
        children: list[Any] = []
        topic = item.get("topicHref")
        href = item.get("href")
        if topic:
            page = _page(str(topic), toc_path, folder, locale_root, result)
            if page:
                children.append(page)
        if href and _is_external(str(href)):
            entry: Any = {name: str(href)}
        elif href and _is_toc(str(href)):
            nested = _nested_toc(str(href), toc_path, result.toc_root)
            if nested is None or not is_docs_file(nested, result.toc_root):
                result.problems.append(f"{toc_path}: '{name}': no TOC at {href}")
            elif nested.resolve() in stack:
                result.problems.append(f"{toc_path}: '{name}': {href} includes a TOC that includes it")
            else:
                children.extend(_read(nested, _folder_of(nested, toc_path, folder), locale_root, result, (*stack, nested.resolve())))
            entry = {name: children} if children else None
        else:
            page = _page(str(href), toc_path, folder, locale_root, result) if href else None
            if item.get("items"):
                children = ([page] if page and not topic else []) + children
                children.extend(_items(item["items"], toc_path, folder, locale_root, result, stack))
                entry = {name: children} if children else None
            elif page:
                entry = {name: page}
            else:
                entry = {name: children} if children else None
        if entry is not None:
            nav.append(entry)
    return nav


def _page(href: str, toc_path: Path, folder: str, locale_root: Path, result: Navigation) -> str | None:
    path = href.split("#", 1)[0].split("?", 1)[0]
    target = posixpath.normpath(posixpath.join(folder, path))
    if target.startswith("..") or not is_docs_file(locale_root / target, locale_root):
        result.problems.append(f"{toc_path}: '{href}' is not a page in {locale_root}")
        return None
    result.pages.append(target)
    return target


def _is_external(href: str) -> bool:
    return "://" in href or href.startswith(("mailto:", "//"))


def _is_toc(href: str) -> bool:
    return href.endswith("/") or href.rsplit("/", 1)[-1] in _TOC_NAMES


def _nested_toc(href: str, toc_path: Path, toc_root: Path) -> Path | None:
    folder = toc_path.parent / href
    if href.endswith("/"):
        return next((folder / name for name in _TOC_NAMES if is_docs_file(folder / name, toc_root)), None)
    return folder


def _folder_of(nested: Path, toc_path: Path, folder: str) -> str:
    """The folder of a nested TOC, relative to the first TOC's folder (pages in it are relative to it)."""
    joined = posixpath.normpath(posixpath.join(folder, os.path.relpath(nested.parent, toc_path.parent).replace(os.sep, "/")))
    return "" if joined == "." else joined
