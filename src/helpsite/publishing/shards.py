"""Assembling one site from builds of its locales made by separate jobs (`helpsite merge-sites`).

Each shard is a complete `mkdocs build` of some locales of the same site (HELPSITE_BUILD_LOCALES),
which writes the pages, sitemap and search index of its locales only, with links, hreflang and
canonicals computed for the whole site, and a manifest naming its locales. A file belongs to the
locale whose folder holds it (``nl/...``), anything else (the root, ``assets/``) to the source
locale, and is taken from the shard that built its owner.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

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
        return {"locales": list(data["locales"]), "source": str(data["source"]), "all": list(data["all"])}
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
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    result = Merge(locales={code: str(shard) for code, shard in owner.items()})
    for shard in shards:
        for path in sorted(shard.rglob("*")):
            if not path.is_file() or path.name == MANIFEST:
                continue
            relative = path.relative_to(shard)
            top = relative.parts[0]
            locale = top if top in translated and len(relative.parts) > 1 else source
            if owner[locale] != shard:
                continue  # the shard that built this locale has the right copy
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            _place(path, target, move)
            result.files += 1
    return result


def _place(path: Path, target: Path, move: bool) -> None:
    if move:
        try:
            os.replace(path, target)
            return
        except OSError:  # across file systems (``out`` a mount point of its own): copied instead
            pass
    shutil.copy2(path, target)
