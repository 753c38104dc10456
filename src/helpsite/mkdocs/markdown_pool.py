"""One Python-Markdown instance per language build, reset between pages, instead of MkDocs' new
instance per page (``Page.render`` builds one with every extension, 4% of a build's time): the
same HTML, table of contents, title and anchors, because ``Markdown.reset()`` clears what each
extension keeps between documents. Only for the extensions whose state ``reset()`` is known to
clear (Python-Markdown's, those helpsite adds for DocFX); a site with any other extension renders
as MkDocs does."""

from __future__ import annotations

import logging
from collections.abc import Callable

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as engine_pages
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from helpsite.mkdocs import block_triggers, inline_triggers

# Extensions whose state between documents is nothing, or what their reset() clears (superfences: its
# stash, and its preprocessor starts each document afresh; tabbed: its count of tab sets, the ids).
RESETTABLE = frozenset(
    {
        *("abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html", "meta", "sane_lists", "tables", "toc"),
        *("pymdownx.superfences", "pymdownx.tabbed", "pymdownx.highlight", "helpsite.content.escapes"),
    }
)


def _resettable(name: object) -> bool:
    return isinstance(name, str) and name.removeprefix("markdown.extensions.") in RESETTABLE


class MarkdownPool:
    """The Markdown instance of the configuration being built (a language build has its own)."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._md: markdown.Markdown | None = None

    def instance(self, config: MkDocsConfig) -> markdown.Markdown | None:
        """A reset instance for ``config``, or None when its extensions are not all :data:`RESETTABLE`."""
        extensions, configs = config["markdown_extensions"], config["mdx_configs"] or {}
        if not all(map(_resettable, extensions)):
            return None
        key = (id(config), tuple(extensions), repr(sorted(configs.items(), key=lambda item: item[0])))
        if self._md is None or key != self._key:
            self._md, self._key = markdown.Markdown(extensions=extensions, extension_configs=configs), key
            # The same HTML, the inline patterns tried and the block processors asked only where they can match.
            inline_triggers.install(self._md)
            block_triggers.install(self._md)
        return self._md.reset()

    def render(self, page: Page) -> None:
        """Make ``page.render`` use the pooled instance (as MkDocs' ``Page.render`` with a new one)."""
        fallback: Callable[[MkDocsConfig, Files], None] = page.render

        def render(config: MkDocsConfig, files: Files) -> None:
            md = self.instance(config)
            if md is None or page.markdown is None:
                return fallback(config, files)
            raw_html = engine_pages._RawHTMLPreprocessor()
            raw_html._register(md)
            anchors = engine_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
            anchors._register(md)
            relative = engine_pages._RelativePathTreeprocessor(page.file, files, config)
            relative._register(md)
            title = engine_pages._ExtractTitleTreeprocessor()
            title._register(md)
            page.content = md.convert(page.markdown)
            page.toc = get_toc(getattr(md, "toc_tokens", []))
            page._title_from_render = title.title
            page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
            if engine_pages.log.getEffectiveLevel() > logging.DEBUG:
                page.links_to_anchors = relative.links_to_anchors

        page.render = render  # type: ignore[method-assign]
