"""Assembling one site from builds of its locales made by separate jobs (`helpsite merge-sites`).

Each shard is a complete `mkdocs build` of some locales of the same site (HELPSITE_BUILD_LOCALES),
which writes the pages, sitemap and search index of its locales only, with links, hreflang and
canonicals computed for the whole site, and a manifest naming its locales. A file belongs to the
locale whose folder holds it (``nl/...``), anything else (the root, ``assets/``) to the source
locale, and is taken from the shard that built its owner.

A shard may instead be a part of `helpsite build --jobs` (``"part": [K, N]`` in its manifest):
every locale built, one N-th of the pages rendered. Its pages are taken from it; the files every
part writes (assets, 404 pages, redirects) from the first part that has them; each locale's
sitemap and search index are merged from all parts, the search entries in the order of the pages
of a build in one process (each part's manifest lists them).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from helpsite.publishing.publish import search_index_bytes, write_sitemap_elements

MANIFEST = ".helpsite-shard.json"


class ShardError(Exception):
    pass


@dataclass(slots=True)
class Merge:
    files: int = 0
    locales: dict[str, str] = field(default_factory=dict)  # locale -> shard folder it came from


def read_manifest(shard: Path) -> dict:
    try:
        data = json.loads((shard / MANIFEST).read_text(encoding="utf-8"))
        manifest: dict = {"locales": list(data["locales"]), "source": str(data["source"]), "all": list(data["all"])}
        if "part" in data:
            index, count = (int(number) for number in data["part"])
            manifest["part"] = (index, count)
            manifest["pages"] = {str(code): [str(url) for url in urls] for code, urls in dict(data["pages"]).items()}
            sitemaps = dict(data["sitemaps"]).items()
            manifest["sitemaps"] = {str(code): [(str(url), str(xml)) for url, xml in items] for code, items in sitemaps}
        return manifest
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ShardError(f"{shard}: not a helpsite shard (no readable {MANIFEST}: {exc})") from None


def merge_sites(shards: list[Path], out: Path, *, move: bool = False) -> Merge:
    """Assemble ``out`` (replaced) from ``shards``; ``move``: the shards' files are moved, not copied
    (shards of `helpsite build --jobs`, in a folder of their own on the same file system)."""
    manifests = [(shard, read_manifest(shard)) for shard in shards]
    sites = {json.dumps(sorted(m["all"])) + m["source"] for _, m in manifests}
    if len(sites) != 1:
        raise ShardError("the shards come from differently configured sites (their locale lists differ)")
    first = manifests[0][1]
    parts = [(shard, manifest) for shard, manifest in manifests if "part" in manifest]
    if parts:
        return _merge_parts(parts, manifests, out, move)
    owner: dict[str, Path] = {}
    for shard, manifest in manifests:
        for locale in manifest["locales"]:
            if locale in owner:
                raise ShardError(f"locale '{locale}' is in two shards: {owner[locale]} and {shard}")
            owner[locale] = shard
    missing = [code for code in first["all"] if code not in owner]
    if missing:
        raise ShardError(f"no shard holds {', '.join(missing)}")
    source, translated = first["source"], [code for code in first["all"] if code != first["source"]]
    _replace(out)
    result = Merge(locales={code: str(shard) for code, shard in owner.items()})
    for shard in shards:
        for path, relative in _files_of(shard):
            top = relative.parts[0]
            locale = top if top in translated and len(relative.parts) > 1 else source
            if owner[locale] != shard:
                continue  # the shard that built this locale has the right copy
            _place(path, out / relative, move)
            result.files += 1
    return result


def _merge_parts(parts: list[tuple[Path, dict]], manifests: list[tuple[Path, dict]], out: Path, move: bool) -> Merge:
    """The parts of one build (every locale, each part some of the pages) as one site."""
    first = parts[0][1]
    count = first["part"][1]
    indexes = sorted(manifest["part"][0] for _, manifest in parts)
    if len(parts) != len(manifests) or indexes != list(range(count)) or any(m["part"][1] != count for _, m in parts):
        raise ShardError(f"the parts of a build must be merged together, each once: parts {indexes} of {count}")
    if any(sorted(manifest["locales"]) != sorted(first["all"]) for _, manifest in parts):
        raise ShardError("a part of a build holds every locale of the site")
    parts = sorted(parts, key=lambda pair: pair[1]["part"][0])
    merged = {
        _prefix(code, first["source"]) + name
        for code in first["all"]
        for name in ("search/search_index.json", "sitemap.xml", "sitemap.xml.gz")
    }
    _replace(out)
    result = Merge(locales={code: ", ".join(str(shard) for shard, _ in parts) for code in first["all"]})
    for shard, _ in parts:
        for path, relative in _files_of(shard):
            target = out / relative
            if relative.as_posix() in merged or target.exists():
                continue  # merged below, or an earlier part's copy of a file every part writes
            _place(path, target, move)
            result.files += 1
    for code in first["all"]:
        prefix = _prefix(code, first["source"])
        _merge_search_index(code, [shard / prefix for shard, _ in parts], [manifest for _, manifest in parts], out / prefix)
        if any(code in manifest["sitemaps"] for _, manifest in parts):
            write_sitemap_elements(out / prefix, [element for _, manifest in parts for element in manifest["sitemaps"].get(code, [])])
        result.files += sum((out / prefix / name).is_file() for name in ("search/search_index.json", "sitemap.xml", "sitemap.xml.gz"))
    return result


def _merge_search_index(code: str, folders: list[Path], manifests: list[dict], out: Path) -> None:
    """A locale's search index from its parts': each page's entries, in the pages' order of the build."""
    indexes = []
    for folder in folders:
        path = folder / "search" / "search_index.json"
        if path.is_file():
            try:
                indexes.append(json.loads(path.read_text(encoding="utf-8")))
            except ValueError as exc:
                raise ShardError(f"{path}: not a search index ({exc})") from None
    if not indexes:
        return
    order = {url: position for position, url in enumerate(manifests[0]["pages"].get(code, []))}
    by_page: dict[str, list[dict]] = {}
    for index in indexes:
        for doc in index.get("docs", []):
            by_page.setdefault(str(doc.get("location", "")).split("#", 1)[0], []).append(doc)
    unknown = [page for page in by_page if page not in order]
    if unknown:
        raise ShardError(f"a part's search index of '{code}' has pages its build did not list: {', '.join(unknown[:3])}")
    docs = [doc for page in sorted(by_page, key=order.__getitem__) for doc in by_page[page]]
    (out / "search").mkdir(parents=True, exist_ok=True)
    (out / "search" / "search_index.json").write_bytes(search_index_bytes({**indexes[0], "docs": docs}))


def _prefix(code: str, source: str) -> str:
    return "" if code == source else f"{code}/"


def _replace(out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)


def _files_of(shard: Path):
    """Each file of a shard but its manifest, with its path in the site."""
    for path in sorted(shard.rglob("*")):
        if path.is_file() and path.name != MANIFEST:
            yield path, path.relative_to(shard)


def _place(path: Path, target: Path, move: bool) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if move:
        try:
            os.replace(path, target)
            return
        except OSError:  # across file systems (``out`` a mount point of its own): copied instead
            pass
    shutil.copy2(path, target)
