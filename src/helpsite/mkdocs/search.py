"""The site's own search, one index per locale: each page loads its locale's index, the combined
index of mkdocs-static-i18n is split after the build, and its deduplication is replaced by a
linear one; so is Material's lookup of each heading in the page's table of contents."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from material.plugins.search.plugin import SearchIndex
from mkdocs.config.defaults import MkDocsConfig

from helpsite.publishing.publish import Publication, split_search_index, write_search_indexes

log = logging.getLogger("mkdocs.plugins.helpsite")


# Material's page configuration: {"base": "../..", ...}; the base locates the search index.
def _toc_entry(index: SearchIndex, toc, anchor: str):
    """Material's ``SearchIndex._find_toc_by_id``, through an index of the page's table of contents
    made once per page: Material walks the whole table for each heading, so a page of 20,000
    headings took minutes to index. Returns the same entry (the first in document order)."""
    known = getattr(index, "_helpsite_toc", None)
    if known is None or known[0] is not toc:
        entries: dict = {}
        pending = list(reversed(list(toc)))
        while pending:
            entry = pending.pop()
            entries.setdefault(entry.id, entry)
            pending.extend(reversed(entry.children))
        known = index._helpsite_toc = (toc, entries)
    return known[1].get(anchor)


if hasattr(SearchIndex, "_find_toc_by_id"):  # Material 9's; a version without it needs no replacing
    SearchIndex._find_toc_by_id = _toc_entry

_BASE = re.compile(r'(<script id="__config" type="application/json">\s*\{.*?"base":\s*")([^"]*)"', re.S)


def point_at_locale_index(body: str, locale: str, publication: Publication) -> str:
    """A translated page loads its own locale's search index: <locale root>/search/search_index.json.
    Material resolves that path against the base as a URL, so the base must end in "/"."""
    if locale == publication.source:
        return body
    config_at = max(body.rfind('<script id="__config"'), 0)
    return body[:config_at] + _BASE.sub(lambda m: f'{m.group(1)}{m.group(2).rstrip("/")}/{locale}/"', body[config_at:], count=1)


def newest_entries(entries: list[dict]) -> list[dict]:
    """The search entries with the newest of each page's, in linear time.

    mkdocs-static-i18n compares every entry with every other to drop the source locale's pages from
    translations' results; helpsite splits the index per locale instead (:func:`split_index`).
    Under `mkdocs serve --dirty` a rebuild indexes only the pages it rendered, so the entries of
    every other page are kept from earlier builds.
    """
    by_page: dict[str, list[dict]] = {}
    for entry in entries:
        page, _, anchor = entry["location"].partition("#")
        if not anchor:
            by_page[page] = []  # a page's own entry comes first and starts its newest set
        by_page.setdefault(page, []).append(entry)
    return [entry for page_entries in by_page.values() for entry in page_entries]


def write_search_plugins_index(config: MkDocsConfig, entries: list[dict]) -> None:
    """Give the search plugin the whole site's entries and have it write the combined index."""
    for name, plugin in config.plugins.items():
        if name in ("search", "material/search") and hasattr(plugin, "search_index"):
            index_entries = getattr(plugin.search_index, "_entries", None)
            if index_entries is None:
                index_entries = plugin.search_index.entries
            index_entries[:] = entries
            plugin.on_post_build(config=config)


def combined_index(config: MkDocsConfig, entries: list[dict]) -> dict | None:
    """The index Material's search plugin would write for the whole site's ``entries``, not written:
    a production build splits it per locale at once (:func:`split_index`), where writing the
    combined JSON and reading it back cost 17 ms per 1,000 pages (a tenth of a second of an edit's
    six-second build at 6,000 pages). None when no Material search plugin is enabled (MkDocs's
    own, or a future Material's: the plugin then writes the index, and :func:`split_index` reads
    it back)."""
    for name, plugin in config.plugins.items():
        index = getattr(plugin, "search_index", None)
        if name not in ("search", "material/search") or not isinstance(index, SearchIndex):
            continue
        if not plugin.config.get("enabled", True):
            return None
        held, index.entries = index.entries, []
        try:  # the index's configuration (language, separator, pipeline, fields) as Material writes it
            combined = json.loads(index.generate_search_index(None))
        finally:
            index.entries = held
        if set(combined) != {"config", "docs"} or combined["docs"]:
            return None  # a Material whose index holds more than this knows of
        return {"config": combined["config"], "docs": entries}
    return None


def split_index(site_root: Path, publication: Publication, unsearchable: set[str], here: list[str], combined: dict | None = None) -> None:
    """The ``combined`` index (else the one the search plugin wrote) as one index per locale
    written here, without the ``unsearchable`` pages."""
    if combined is None:
        combined_path = site_root / "search" / "search_index.json"
        if not combined_path.exists():
            return
        combined = json.loads(combined_path.read_text(encoding="utf-8"))
    indexes = {code: index for code, index in split_search_index(combined, publication, unsearchable).items() if code in here}
    sizes = write_search_indexes(site_root, indexes, publication)
    log.info("helpsite: search index per locale: " + ", ".join(f"{code} {size / 1024:.0f} KiB" for code, size in sizes.items()))
