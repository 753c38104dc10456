"""Assembling one site from builds of its locales made by separate jobs (`helpsite merge-sites`).

Each shard is a complete `mkdocs build` of some locales of the same site (HELPSITE_BUILD_LOCALES),
which writes the pages, sitemap and search index of its locales only, with links, hreflang and
canonicals computed for the whole site, and a manifest naming its locales. A file belongs to the
locale whose folder holds it (``nl/...``), anything else (the root, ``assets/``) to the source
locale, and is taken from the shard that built its owner.

A locale may also be split between shards of `helpsite build --jobs` (``"parts": {"nl": [[0], 2]}``
in their manifests: each renders some of the N parts of its pages). Its pages are taken from the
shard that rendered them; the files each of them writes alike (assets, 404 pages, redirects) from
the first; its sitemap and search index are merged from all of them, the search entries in the
order of the pages of a build in one process (each shard's manifest lists them).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from helpsite.publishing.publish import search_index_bytes, write_sitemap_elements
from helpsite.publishing.sitefolder import written_anew

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
        manifest["parts"] = {}
        if "parts" in data:
            manifest["parts"] = {
                str(code): (sorted(int(n) for n in indices), int(count)) for code, (indices, count) in dict(data["parts"]).items()
            }
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
    holders: dict[str, list[tuple[Path, dict]]] = {}
    for shard, manifest in manifests:
        for locale in manifest["locales"]:
            holders.setdefault(locale, []).append((shard, manifest))
    split = {code for code, held in holders.items() if len(held) > 1 or code in held[0][1]["parts"]}
    for code in sorted(split, key=first["all"].index):  # the site's order: the same locale named every run
        _check_parts(code, holders[code])
    missing = [code for code in first["all"] if code not in holders]
    if missing:
        raise ShardError(f"no shard holds {', '.join(missing)}")
    source, translated = first["source"], [code for code in first["all"] if code != first["source"]]
    merged = {_prefix(code, source) + name for code in split for name in ("search/search_index.json", "sitemap.xml", "sitemap.xml.gz")}
    with written_anew(out):  # the earlier site removed once the new one is written, not before (helpsite.publishing.sitefolder)
        (out / MANIFEST).unlink(missing_ok=True)  # hidden, so kept by written_anew; a merged site is no shard
        result = Merge(locales={code: ", ".join(str(shard) for shard, _ in held) for code, held in holders.items()})
        # Folders that hold a file merged below, or the manifest: never moved whole.
        holding = {parent.as_posix() for name in merged for parent in Path(name).parents} | {"."}

        def taken_from(shard: Path, relative: Path, folder: bool = False) -> bool:
            """Whether ``shard`` has the copy of ``relative`` (a file, or every file in a ``folder``) that the site takes."""
            top = relative.parts[0]
            locale = top if top in translated and (folder or len(relative.parts) > 1) else source
            return locale in split or holders[locale][0][0] == shard  # else the shard that built its locale has the right copy

        def merge_folder(shard: Path, relative: Path) -> None:
            for entry in sorted(os.scandir(shard / relative), key=lambda e: e.name):
                inner = relative / entry.name
                target = out / inner
                if entry.is_dir(follow_symlinks=False):
                    if not taken_from(shard, inner, folder=True):
                        continue  # every file in it belongs to a locale another shard built
                    if move and inner.as_posix() not in holding and not target.exists() and _moved_whole(Path(entry.path), target, result):
                        continue  # a folder no other shard has written into: one rename, not a folder made per page
                    merge_folder(shard, inner)
                elif entry.is_file() and not (relative == Path(".") and entry.name == MANIFEST):
                    if not taken_from(shard, inner) or inner.as_posix() in merged or target.exists():
                        continue  # merged below, or a file each part of the locale writes alike, taken from the first
                    _place(Path(entry.path), target, move)
                    result.files += 1

        for shard in shards:
            merge_folder(shard, Path("."))
        for code in sorted(split, key=first["all"].index):
            prefix, held = _prefix(code, source), holders[code]
            _merge_search_index(code, [shard / prefix for shard, _ in held], [manifest for _, manifest in held], out / prefix)
            elements = [element for _, manifest in held for element in manifest["sitemaps"].get(code, [])]
            if any(code in manifest["sitemaps"] for _, manifest in held):
                write_sitemap_elements(out / prefix, elements)
            result.files += sum((out / prefix / name).is_file() for name in ("search/search_index.json", "sitemap.xml", "sitemap.xml.gz"))
    return result


def _check_parts(code: str, held: list[tuple[Path, dict]]) -> None:
    """The shards holding a locale split in parts hold each part once."""
    specs = [manifest["parts"].get(code) for _, manifest in held]
    if any(spec is None for spec in specs):
        shards = " and ".join(str(shard) for shard, _ in held)
        raise ShardError(f"locale '{code}' is in two shards: {shards}")
    counts = {count for _, count in specs}
    indices = sorted(index for spec_indices, _ in specs for index in spec_indices)
    if len(counts) != 1 or indices != list(range(next(iter(counts)))):
        raise ShardError(f"locale '{code}' is split in parts {indices} of {sorted(counts)}: each part must be merged once")


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


def _moved_whole(folder: Path, target: Path, merge: Merge) -> bool:
    """``folder`` renamed to ``target`` (absent) with its files, counted; False across file systems.
    One rename moves a locale's thousands of page folders and files, which would each be made again."""
    files = sum(len(names) for _, _, names in os.walk(folder))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(folder, target)
    except OSError:
        return False
    merge.files += files
    return True


def _place(path: Path, target: Path, move: bool) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if move:
        try:
            os.replace(path, target)
            return
        except OSError:  # across file systems (``out`` a mount point of its own): copied instead
            pass
    shutil.copy2(path, target)
