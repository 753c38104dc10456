"""Navigation entries rendered once per language build, not once per page that lists them.

Material writes the navigation into every page: at 2,000 articles a locale, each page lists about
fifty entries of its section (``nav_window``), and rendering them through Material's
``partials/nav-item.html`` macro, some 30 us an entry, was a fifth of a full build's CPU. An
entry that is not on the page's path (not active, not the page) renders the same for every page
that lists it, but for its links, which are relative to the page: so the first rendering of an
entry is kept with the links it wrote (each target and what the ``url`` filter made of it), and a
later page reuses it when the filter makes the same links for that page (checked each time: one
filter call, not a macro's rendering). Entries on the page's path are always rendered.

The macro calls itself for the entries of a section, and ``partials/nav.html`` calls it for the
top-level ones; both calls are routed through ``helpsite_nav_entry`` by a loader that rewrites
them in Material's own templates (a template that overrides one, in a theme's ``custom_dir``, is
left as it is, and so is a Material whose template no longer holds the call). The pages are
the same, byte for byte, as without it (tests/site/test_nav_memo.py compares whole sites).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, pass_context

NAV_ITEM = "partials/nav-item.html"
# Each template's call that renders an entry, and the same call routed through the kept entries:
# the macro's call for a section's entries, and the navigation's for its top-level ones.
ROUTED = {
    NAV_ITEM: (
        '{{ render(item, path ~ "_" ~ loop.index, level + 1, nav_item) }}',
        '{{ helpsite_nav_entry(render, item, path ~ "_" ~ loop.index, level + 1, nav_item) }}',
    ),
    "partials/nav.html": (
        "{{ item.render(nav_item, path, 1) }}",
        "{{ helpsite_nav_entry(item.render, nav_item, path, 1, none) }}",
    ),
}


class _RoutedLoader(BaseLoader):
    """The theme's loader, with Material's navigation templates routing their entries' rendering (ROUTED)."""

    def __init__(self, loader: BaseLoader, material_templates: Path) -> None:
        self.loader, self.material_templates = loader, material_templates

    def get_source(self, environment: Any, template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.loader.get_source(environment, template)
        call, routed = ROUTED.get(template, ("", ""))
        if call and filename and Path(filename).parent.parent == self.material_templates and source.count(call) == 1:
            source = source.replace(call, routed)
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()

    @property
    def has_source_access(self) -> bool:  # type: ignore[override]
        return self.loader.has_source_access


class _Entry:
    __slots__ = ("html", "item", "links")

    def __init__(self, item: Any, html: Any, links: list[tuple[str, str]]) -> None:
        self.item, self.html, self.links = item, html, links  # the item kept: its id is the key


class NavEntries:
    """One language build's rendered entries; :meth:`install` puts them in its Jinja environment."""

    def __init__(self) -> None:
        self._entries: dict[tuple, _Entry] = {}
        self._recording: list[list[tuple[str, str]]] = []  # the links written by each entry being rendered, innermost last
        self._url: Callable[..., str] | None = None
        self.rendered = self.reused = 0  # entries rendered to be kept, and kept entries written again

    def install(self, env: Any) -> bool:
        """Route Material's navigation templates through the kept entries; False (nothing changed)
        when the environment has no ``url`` filter of MkDocs' or no Material templates to route."""
        url = env.filters.get("url")
        material = _material_templates()
        if url is None or material is None or env.loader is None:
            return False
        self._url = url
        env.loader = _RoutedLoader(env.loader, material)
        env.filters["url"] = self._recording_url
        env.globals["helpsite_nav_entry"] = self.entry
        return True

    @pass_context
    def _recording_url(self, context: Any, value: Any) -> str:
        assert self._url is not None
        written = self._url(context, value)
        if self._recording:
            self._recording[-1].append((value, written))
        return written

    @pass_context
    def entry(self, context: Any, render: Any, item: Any, path: str, level: int, parent: Any) -> Any:
        """What ``render(item, path, level, parent)`` writes on this page."""
        page = context.get("page")
        url = getattr(page, "url", None)
        if not isinstance(url, str) or item is page or getattr(item, "active", True):
            return render(item, path, level, parent)
        # Pages side by side (one folder up from a page's URL) mostly write the same links: they share a key, the links checked.
        base = posixpath.dirname(url.rstrip("/"))
        if getattr(item, "children", None):  # a section: its path names its toggles, its level and parent's state its class
            key: tuple = (id(item), base, path, level, bool(getattr(parent, "active", False)))
        else:
            key = (id(item), base)
        kept, link = self._entries.get(key), self._url
        assert link is not None  # installed
        if kept is not None and kept.item is item and all(link(context, target) == written for target, written in kept.links):
            self.reused += 1
            if self._recording:
                self._recording[-1].extend(kept.links)
            return kept.html
        self._recording.append([])
        self.rendered += 1
        try:
            html = render(item, path, level, parent)
        finally:
            links = self._recording.pop()
        self._entries[key] = _Entry(item, html, links)
        if self._recording:
            self._recording[-1].extend(links)
        return html


def _material_templates() -> Path | None:
    try:
        import material
    except ImportError:
        return None
    return Path(material.__file__).parent / "templates"
