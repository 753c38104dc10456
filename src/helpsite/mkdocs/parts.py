"""Parts of a locale's pages: so that `helpsite build --jobs N` shares the pages evenly however many
locales there are, a shard may render only some of the N parts of a locale's pages (those whose
address, without the locale's folder, falls in them); three locales on two processes: one builds
the first locale and half the second's pages, the other the rest. `helpsite merge-sites` assembles them.

Every page of a part the shard renders is built as MkDocs builds it. A page of another part is
still read, and its ``on_page_markdown`` events run (its title, status and metadata are in every
other page's navigation); it is not rendered (unless its title comes from its first heading) and
not written. The shard records the page order of each locale it has parts of, which the merged
search index must follow.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from helpsite.mkdocs.engine import replace_page_steps

log = logging.getLogger("mkdocs.plugins.helpsite")


def part_of(address: str, count: int) -> int:
    """The part (0-based, of ``count``) that renders the page at ``address`` (its destination without the locale's folder):
    the same in every locale, so that one part renders a page and its copies, and stable whatever pages are added."""
    return zlib.crc32(address.encode("utf-8", "surrogateescape")) % count


@dataclass(slots=True)
class PartBuild:
    parts: dict[str, tuple[frozenset[int], int]]  # the locales split: locale -> (the parts rendered here, of how many)
    language: Callable[[], tuple[str, str]]  # the locale being built, and its folder prefix ("" or "nl/")
    order: dict[str, list[str]] = field(default_factory=dict)  # each split locale's page URLs (without the prefix), in build order

    def address(self, dest_or_url: str) -> str:
        prefix = self.language()[1]
        return dest_or_url[len(prefix) :] if prefix and dest_or_url.startswith(prefix) else dest_or_url

    def renders(self, page) -> bool:
        split = self.parts.get(self.language()[0])
        return split is None or part_of(self.address(page.file.dest_uri), split[1]) in split[0]

    def record(self, page) -> None:
        code = self.language()[0]
        if code in self.parts:
            self.order.setdefault(code, []).append(self.address(page.url))


class _PageLoop:
    """The engine's page loop, made to build the part set last (one per process: the outer build's)."""

    part: PartBuild | None = None
    installed = False


def activate(part: PartBuild | None) -> None:
    """Make the engine's page loop build ``part``'s pages only (None: every page, as the engine does)."""
    _PageLoop.part = part
    if part is None or _PageLoop.installed:
        return
    replace_page_steps(_populate_page, _build_page)  # for the process: a later build that is no part sets None
    _PageLoop.installed = True


def _populate_page(original, page, config, files, dirty=False):
    active = _PageLoop.part
    if active is None or active.renders(page):
        return original(page, config, files, dirty)
    return _read_only(page, config, files)


def _build_page(original, page, config, doc_files, nav, env, dirty=False, excluded=False):
    active = _PageLoop.part
    if active is not None:
        active.record(page)
    if active is None or active.renders(page):
        original(page, config, doc_files, nav, env, dirty, excluded)


def _read_only(page, config, files) -> None:
    """The engine's ``_populate_page`` without the rendering: what other pages show of this one."""
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        if "title" not in page.meta:  # its title is its first heading as rendered, which every navigation shows
            page.render(config, files)
            page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
    except Exception as exc:
        log.error(f"Error reading page '{page.file.src_uri}': {exc}")
        raise
    finally:
        config._current_page = None
