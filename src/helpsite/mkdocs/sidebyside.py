"""The side-by-side review page of each translation: ``<locale>/review/side-by-side/<page>/``,
published where the review queue is (the team's pages), linked from the queue.

Its text needs the checks' findings, so, as the queue's, it is made again when the page is
rendered. Under `mkdocs serve --dirty` (what `helpsite serve` runs) a rebuild renders again only the
review pages of the translations the incremental check looked at again (the page or its source
changed, or what they depend on): a preview of a large site does not render hundreds of them on
every save.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from helpsite.checks.generated import SIDE_BY_SIDE_FOLDER
from helpsite.content.safefile import escape_undecodable
from helpsite.mkdocs.generated import GENERATOR, placed_page
from helpsite.mkdocs.state import SiteState
from helpsite.model import UNREADABLE_CODES
from helpsite.publishing.publish import page_url
from helpsite.publishing.sidebyside import side_by_side_front_matter, side_by_side_html, side_by_side_title
from helpsite.publishing.titles import display_title
from helpsite.translation.handoff import HandoffSources
from helpsite.translation.review import GitHistory
from helpsite.translation.sidebyside import compare

# A translation the build does not publish (unreadable, outside docs/, a name that is not UTF-8) has no review page.
NOT_PUBLISHED = UNREADABLE_CODES | {"PARSE012"}


class SideBySideFile(File):
    """A translation's review page. ``stale``: what it shows may have changed since it was last
    written (MkDocs asks only in a dirty build)."""

    translation: str  # the display path of the translation it shows
    stale: bool = True

    def is_modified(self) -> bool:
        return self.stale or not os.path.isfile(self.abs_dest_path)


def is_side_by_side_page(file: File) -> bool:
    return isinstance(file, SideBySideFile)


class SideBySidePages:
    """The review pages of one build (every language build of it)."""

    def __init__(self, state: SiteState, rechecked: set[str] | None) -> None:
        """``rechecked``: the display paths of the articles this build's check looked at again (None: all)."""
        project = state.project
        self.state = state
        self.rechecked = rechecked
        self.handoffs = HandoffSources(project.root, project.settings.review, GitHistory(project.root), project.settings.max_file_bytes)

    def files(self, config: MkDocsConfig, locale: str) -> list[File]:
        """A review page for each translation of ``locale`` (the locale being built)."""
        state, source = self.state, self.state.site.source_folder
        pages = state.site.by_locale.get(locale)
        if locale == source or pages is None:
            return []
        files: list[File] = []
        for article in pages.values():
            entry = state.entries.get(article.display_path)
            if entry is None or any(problem.code in NOT_PUBLISHED for problem in article.problems):
                continue
            title = side_by_side_title(state.project.locales, locale, display_title(article.title or article.relpath, state.project))
            page = placed_page(
                config, f"{SIDE_BY_SIDE_FOLDER}/{article.relpath}", side_by_side_front_matter(title), locale, source, SideBySideFile
            )
            assert isinstance(page, SideBySideFile)
            page.generated_by = GENERATOR
            page.inclusion = InclusionLevel.NOT_IN_NAV
            page.translation = article.display_path
            looked_at = {article.display_path, entry.source.display_path if entry.source else ""}
            page.stale = self.rechecked is None or bool(looked_at & self.rechecked)
            files.append(page)
        return files

    def markdown(self, page: Page, config: MkDocsConfig, reference_url: Callable[[str], str]) -> str:
        """The page's text, with the checks' findings (``reference_url``: a code's reference page, from the site's root)."""
        file = page.file
        assert isinstance(file, SideBySideFile)
        state = self.state
        entry = state.entries[file.translation]
        translation, source = entry.article, entry.source
        findings = state.findings_by_path.get(translation.display_path, [])
        mark_path = escape_undecodable(os.path.relpath(translation.path, state.project.root).replace(os.sep, "/"))
        comparison = compare(entry, findings, state.project.settings.review, self.handoffs, mark_path)
        prefix = "" if translation.locale == state.site.source_folder else f"{translation.locale}/"
        directory_urls = config.use_directory_urls
        return side_by_side_html(
            comparison,
            state.project.locales,
            translation.locale,
            mark_path=mark_path,
            translation_url=get_relative_url(prefix + page_url(translation.relpath, directory_urls), page.url),
            source_url=get_relative_url(page_url(source.relpath, directory_urls), page.url) if source is not None else None,
            reference_url=lambda code: get_relative_url(reference_url(code), page.url),
        )
