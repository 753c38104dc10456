"""Where a link goes: classify a link target and resolve internal ones to files under docs/.

Used by the link checks, and by anything else that follows a path written in an article
(includes, images), so that "inside docs/" means the same thing everywhere.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from helpsite.content.safefile import RefusedFile, check_docs_path

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
    resolved: str = ""  # for a root link to another site (other_sites): the URL it stands for
    backslash: bool = False  # written with backslashes (media\\x.png), resolved as forward slashes
    any_case: bool = False  # a URL under a site_paths prefix: Learn's URLs ignore letter case


@dataclass(frozen=True, slots=True)
class RootPaths:
    """Where root-relative links without a locale prefix lead, as on Microsoft Learn, where
    ``/microsoft-365/x`` keeps readers in their locale and ``/azure/x`` is another site's page.
    Prefixes are lower-cased (Learn's URLs ignore case) and end in "/", longest first."""

    site: tuple[tuple[str, str], ...] = ()  # (prefix, folder below the locale folder, "" or ending in "/")
    other: tuple[tuple[str, str], ...] = ()  # (prefix, base URL with "{locale}")
    by_prefix: dict[str, tuple[str, str]] = field(default_factory=dict, compare=False)  # prefix -> (kind, value)

    def __post_init__(self) -> None:
        for kind, pairs in (("other", self.other), ("site", self.site)):  # a prefix in both: this site's
            self.by_prefix.update((prefix, (kind, value)) for prefix, value in pairs)

    @classmethod
    def of(cls, site_paths: dict[str, str], other_sites: dict[str, str]) -> RootPaths:
        def prefix(text: str) -> str:
            return text.lower().rstrip("/") + "/"

        def longest_first(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
            return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))

        site = longest_first((prefix(p), folder.strip("/") + "/" if folder.strip("/") else "") for p, folder in site_paths.items())
        other = longest_first((prefix(p), base) for p, base in other_sites.items())
        return cls(site, other)

    def match(self, path: str) -> tuple[str, str, str] | None:
        """("site", folder, prefix) or ("other", base URL, prefix) for a root path, or None."""
        if not self.by_prefix:
            return None
        probe = path.lower() if path.endswith("/") else path.lower() + "/"
        end = len(probe)
        while end > 0:  # the longest prefix wins: /microsoft-365/admin/ may be another site's
            found = self.by_prefix.get(probe[:end])
            if found is not None:
                return found[0], found[1], probe[:end]
            end = probe.rfind("/", 0, end - 1) + 1
        return None


@dataclass(frozen=True, slots=True)
class SiteLayout:
    """What resolving needs to know about the site."""

    locale_folders: frozenset[str]
    source_folder: str | None
    site_url: str | None = None
    roots: RootPaths = RootPaths()
    locale_tags: tuple[tuple[str, str], ...] = ()  # (locale folder, BCP 47 tag)

    def tag(self, locale: str) -> str:
        """The locale's tag as Learn writes it in URLs: lower case (ar-sa)."""
        return next((tag for folder, tag in self.locale_tags if folder == locale), locale).lower()

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
    # Browsers read "\\" in a URL's path as "/", and DocFX accepts it: resolved, and reported (LNK014).
    backslash = "\\" in path
    if backslash:
        path = path.replace("\\", "/")
    if path.startswith("/") and not path.startswith("//"):
        root = _root_link(url, stripped, path, unquote(fragment), locale, layout)
        return replace(root, backslash=backslash) if backslash else root
    joined = posixpath.normpath(posixpath.join(locale, posixpath.dirname(relpath), path))
    if joined == ".." or joined.startswith("../") or joined == ".":
        return Target("escape", url, fragment=unquote(fragment), backslash=backslash)
    return Target("internal", url, docs_path=joined, candidates=_candidates(joined, path), fragment=unquote(fragment), backslash=backslash)


def forward_slashes(url: str) -> str:
    """A link written with backslashes, with forward slashes in its path (query and fragment kept)."""
    end = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    return url[:end].replace("\\", "/") + url[end:]


def _root_link(url: str, stripped: str, path: str, fragment: str, locale: str, layout: SiteLayout) -> Target:
    """A root-relative link: ``/nl/x`` names a locale; any other root path is locale-neutral (Learn's
    model): a page of this site in the reader's locale (then the source's, the build's fallback), or,
    under an ``other_sites`` prefix, another site's URL in the reader's locale."""
    parts = [p for p in path.split("/") if p]
    if parts and parts[0] in layout.locale_folders:
        return _site_absolute(url, path, fragment, layout, own_site=False)
    matched = layout.roots.match(path)
    if matched and matched[0] == "other":
        _, base, prefix = matched
        written = forward_slashes(stripped)
        raw_path = re.split(r"[?#]", written, maxsplit=1)[0]
        rest = written[len(prefix) :] if len(raw_path) >= len(prefix) else written[len(raw_path) :]
        resolved = base.replace("{locale}", layout.tag(locale)) + rest
        return Target("external", url, resolved.split(":", 1)[0].lower(), resolved=resolved)
    if matched:
        _, folder, prefix = matched
        below = path[len(prefix) :] if len(path) >= len(prefix) else ""
        written = folder + below
    else:
        written = path.lstrip("/")
    joined = posixpath.normpath(posixpath.join(locale, written)) if written else locale
    if joined == ".." or joined.startswith("../") or joined == ".":
        return Target("escape", url, fragment=fragment)
    written = written + ("/" if path.endswith("/") and written and not written.endswith("/") else "")
    candidates = _candidates(joined, written or "/")
    if matched is not None and candidates[0].endswith(".md"):  # Learn publishes YAML pages too: x.yml, x/index.yml (hubs)
        base = joined.rstrip("/")
        candidates += (f"{base}.yml", f"{base}/index.yml")
    return Target("internal", url, docs_path=joined, candidates=candidates, fragment=fragment, any_case=matched is not None)


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
    """Every file under a docs root, as docs-relative POSIX paths, with a case-insensitive lookup.

    Nothing outside the root is looked at (content.safefile): a link that leads out is listed as
    ``escaping`` (reported, never followed), whatever is or is not at its other end; a named pipe,
    a device or a loop of links is ``refused`` (not a file of the site). Folder links that stay
    inside are followed, as the build follows them.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.paths: set[str] = set()
        self.by_lower: dict[str, str] = {}
        self.escaping: set[str] = set()  # symbolic links to files (or folders) outside the root
        self.refused: dict[str, str] = {}  # not regular files: why
        folders = [(str(root), "")]
        while folders:
            folder, relative = folders.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                path = f"{relative}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith("."):
                        folders.append((entry.path, f"{path}/"))
                elif entry.is_file(follow_symlinks=False):
                    self._add(path)
                elif entry.is_symlink():
                    try:
                        status = check_docs_path(entry.path, root)
                    except RefusedFile as exc:
                        if exc.outside:
                            self._add(path)
                            self.escaping.add(path)
                        else:
                            self.refused[path] = exc.reason
                        continue
                    except OSError:
                        continue  # a link to nothing
                    if not stat.S_ISDIR(status.st_mode):
                        self._add(path)
                    elif not entry.name.startswith("."):
                        folders.append((entry.path, f"{path}/"))
                else:  # a named pipe, a device, a socket: never opened
                    try:
                        check_docs_path(entry.path, root)
                    except (RefusedFile, OSError) as exc:
                        self.refused[path] = getattr(exc, "reason", None) or "not a regular file"

    def _add(self, path: str) -> None:
        self.paths.add(path)
        self.by_lower.setdefault(path.lower(), path)

    def add(self, paths: Iterable[str]) -> None:
        """Pages that are not files but will be in the site (generated by the build)."""
        for path in paths:
            self._add(path)

    def refusal(self, path: str) -> tuple[str, str] | None:
        """(the refused path, why) when ``path`` or a folder on its way is not a file of the site."""
        parts = path.split("/")
        for end in range(len(parts), 0, -1):
            prefix = "/".join(parts[:end])
            if prefix in self.refused:
                return prefix, self.refused[prefix]
        return None

    def __contains__(self, path: str) -> bool:
        return path in self.paths

    def case_variant(self, path: str) -> str | None:
        found = self.by_lower.get(path.lower())
        return found if found and found != path else None
