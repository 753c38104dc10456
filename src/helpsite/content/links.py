"""Where a link goes: classify a link target and resolve internal ones to files under docs/.

Used by the link checks, and by anything else that follows a path written in an article
(includes, images), so that "inside docs/" means the same thing everywhere.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data", "file"})
WEB_SCHEMES = frozenset({"http", "https"})
_ASSET = re.compile(r"\.[A-Za-z0-9]{1,5}$")


@dataclass(frozen=True, slots=True)
class Target:
    """A link target, classified. ``docs_path`` is relative to the docs root (``nl/billing/x.md``)."""

    kind: str  # "internal", "same-page", "external", "escape", "mailto", "unsafe", "other"
    url: str
    scheme: str = ""
    docs_path: str | None = None
    candidates: tuple[str, ...] = ()  # docs paths that would satisfy the link, in order
    fragment: str = ""
    own_site: bool = False  # an absolute URL of the site itself


@dataclass(frozen=True, slots=True)
class SiteLayout:
    """What resolving needs to know about the site."""

    locale_folders: frozenset[str]
    source_folder: str | None
    site_url: str | None = None

    def site_prefix(self) -> tuple[str, str] | None:
        if not self.site_url:
            return None
        parts = urlsplit(self.site_url)
        return f"{parts.scheme.lower()}://{parts.netloc.lower()}", parts.path.rstrip("/") + "/"


def classify(url: str, locale: str, relpath: str, layout: SiteLayout) -> Target:
    stripped = url.strip()
    scheme_match = _SCHEME.match(stripped)
    scheme = scheme_match.group(1).lower() if scheme_match and len(scheme_match.group(1)) > 1 else ""
    if stripped.startswith("//"):
        return Target("external", url, "https")
    if scheme in WEB_SCHEMES:
        own = _own_site_path(stripped, layout)
        if own is None:
            return Target("external", url, scheme)
        path, fragment = own
        return _site_absolute(url, "/" + path, fragment, layout, own_site=True)
    if scheme == "mailto":
        return Target("mailto", url, scheme)
    if scheme in UNSAFE_SCHEMES:
        return Target("unsafe", url, scheme)
    if scheme:
        return Target("other", url, scheme)  # app links: ms-settings:, feedback-hub:, tel: ...
    path, _, fragment = stripped.partition("#")
    path = unquote(path.split("?", 1)[0])
    if not path:
        return Target("same-page", url, fragment=unquote(fragment), docs_path=f"{locale}/{relpath}")
    if path.startswith("/"):
        return _site_absolute(url, path, unquote(fragment), layout, own_site=False)
    joined = posixpath.normpath(posixpath.join(locale, posixpath.dirname(relpath), path))
    if joined == ".." or joined.startswith("../") or joined == ".":
        return Target("escape", url, fragment=unquote(fragment))
    return Target("internal", url, docs_path=joined, candidates=_candidates(joined, path), fragment=unquote(fragment))


def _own_site_path(url: str, layout: SiteLayout) -> tuple[str, str] | None:
    prefix = layout.site_prefix()
    if prefix is None:
        return None
    origin, base = prefix
    try:
        parts = urlsplit(url)
    except ValueError:
        return None  # malformed (an unclosed IPv6 bracket): external, and the hygiene check says why
    if f"{parts.scheme.lower()}://{parts.netloc.lower()}" != origin or not (parts.path + "/").startswith(base):
        return None
    return parts.path[len(base) :], parts.fragment


def _site_absolute(url: str, path: str, fragment: str, layout: SiteLayout, *, own_site: bool) -> Target:
    parts = [p for p in unquote(path).split("/") if p]
    if parts and parts[0] in layout.locale_folders:
        locale, rest = parts[0], parts[1:]
    else:
        locale, rest = layout.source_folder or "", parts
    joined = posixpath.normpath(posixpath.join(locale, *rest)) if rest else locale
    if joined.startswith(".."):
        return Target("escape", url, fragment=fragment)
    written = "/".join(rest) + ("/" if path.endswith("/") else "")
    return Target("internal", url, docs_path=joined, candidates=_candidates(joined, written or "/"), fragment=fragment, own_site=own_site)


def _candidates(joined: str, written: str) -> tuple[str, ...]:
    """Files a link may mean: the file itself, or for a page URL (``x/``, ``x``) x.md and x/index.md
    (or DocFX's YAML page x/index.yml, which the build publishes as a page)."""
    if written.endswith("/") or not _ASSET.search(written):
        base = joined.rstrip("/")
        if not base.count("/"):
            return (f"{base}/index.md", f"{base}/index.yml")
        return (f"{base}.md", f"{base}/index.md", f"{base}/README.md", f"{base}/index.yml")
    return (joined,)


class FileIndex:
    """Every file under a docs root, as docs-relative POSIX paths, with a case-insensitive lookup."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.paths: set[str] = set()
        self.by_lower: dict[str, str] = {}
        self.escaping: set[str] = set()  # symbolic links to files outside the root
        real_root = os.path.realpath(root)
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            relative = Path(folder).relative_to(root).as_posix()
            for name in files:
                path = name if relative == "." else f"{relative}/{name}"
                self.paths.add(path)
                self.by_lower.setdefault(path.lower(), path)
                full = os.path.join(folder, name)
                if os.path.islink(full) and os.path.commonpath([real_root, os.path.realpath(full)]) != real_root:
                    self.escaping.add(path)

    def add(self, paths: Iterable[str]) -> None:
        """Pages that are not files but will be in the site (generated by the build)."""
        for path in paths:
            self.paths.add(path)
            self.by_lower.setdefault(path.lower(), path)

    def __contains__(self, path: str) -> bool:
        return path in self.paths

    def case_variant(self, path: str) -> str | None:
        found = self.by_lower.get(path.lower())
        return found if found and found != path else None
