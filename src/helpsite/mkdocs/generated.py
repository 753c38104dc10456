"""helpsite's own pages, added to each locale's files: the review queue (translated locales) and the
translation-status dashboard (the team's pages: only where ``team_pages`` publishes them), and the
reference of finding codes (English; other locales link to the source's). For the team: outside
the navigation, noindex, out of the readers' search and the sitemaps."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from helpsite.checks import registry as R
from helpsite.checks.generated import REVIEW_PAGE, STATUS_PAGE, reference_pages
from helpsite.checks.reference import REFERENCE_FOLDER, rule_page_markdown, rules_index_markdown
from helpsite.mkdocs.state import SiteState
from helpsite.publishing.notices import generated_front_matter, review_page_markdown, status_page_markdown
from helpsite.publishing.publish import page_url
from helpsite.translation.handoff import HandoffSources, estimate_work
from helpsite.translation.review import GitHistory, review_queue
from helpsite.translation.status import translation_status

if TYPE_CHECKING:
    from helpsite.mkdocs.sidebyside import SideBySidePages

GENERATOR = "helpsite"  # File.generated_by of these pages


def generated_files(
    config: MkDocsConfig,
    state: SiteState,
    locale: str,
    team_pages: bool,
    side_by_side: SideBySidePages | None = None,
    source_built: bool = True,
) -> list[File]:
    """The pages helpsite adds to the locale being built (``team_pages``: the queue and the dashboard
    too, and ``side_by_side``, the translations' review pages, beside the queue; ``source_built``:
    false in a preview of a translated locale only, whose pages then get the reference of codes in
    their own folder)."""
    files = []
    source = state.site.source_folder
    locales = state.project.locales
    if team_pages and locale != source:
        title = locales.text(locale, "review_title")
        review = _page(config, REVIEW_PAGE, generated_front_matter(title) + review_markdown(state, locale), locale, source)
        review.helpsite_review = True  # type: ignore[attr-defined]  # its text is made again when rendered, with the checks' findings
        files.append(review)
        files += side_by_side.files(config, locale) if side_by_side is not None else []
    if team_pages:
        files.append(_status_page(config, state, locale))
    index, *pages = reference_pages()
    if locale == source or not source_built:
        files.append(_page(config, index, rules_index_markdown(R.RULES.values()), locale, source, ReferencePage))
        for rule, path in zip(R.RULES.values(), pages, strict=True):
            files.append(_page(config, path, rule_page_markdown(rule), locale, source, ReferencePage))
    else:
        # The reference is in English only: other locales link to the source's pages, which are not
        # rendered again for them (69 pages a locale).
        for path in (index, *pages):
            files.append(_source_stub(config, path, locale, source))
    return files


def is_review_page(file: File) -> bool:
    return getattr(file, "helpsite_review", False)


def review_markdown(state: SiteState, locale: str) -> str:
    """The review queue of a locale, riskiest first, with each page's QA findings: the page's Markdown
    below its front matter."""
    settings = state.project.settings.review
    entries = review_queue(state.site, settings, None, [], locale)
    entries = [state.entries.get(e.article.display_path, e) for e in entries]  # with their QA findings
    entries.sort(key=lambda e: (-e.risk, e.article.relpath))
    handoffs = HandoffSources(state.project.root, settings, GitHistory(state.project.root), state.project.settings.max_file_bytes)
    for entry in entries:
        entry.work = entry.work or estimate_work(entry, handoffs)
    return review_page_markdown(entries, locale, state.project.locales, state.project)


def _status_page(config: MkDocsConfig, state: SiteState, locale: str) -> File:
    project = state.project
    rows = translation_status(state.site, project.locales, project.settings.review, GitHistory(project.root))
    markdown = generated_front_matter(project.locales.text(locale, "status_title")) + status_page_markdown(rows, locale, project.locales)
    return _page(config, STATUS_PAGE, markdown, locale, state.site.source_folder)


def _source_stub(config: MkDocsConfig, name: str, locale: str, source: str | None) -> File:
    """A page of this locale that is the source locale's: links to it reach the source's URL."""
    stub = _page(config, name, "", locale, source)
    stub.inclusion = InclusionLevel.EXCLUDED
    stub.dest_uri = File.generated(config, name, content="").dest_uri
    return stub


class ReferencePage(File):
    """A code's reference page: the same in every build, so a dirty rebuild of `mkdocs serve` writes
    it only when it is missing (69 pages that a save would otherwise render again)."""

    def is_modified(self) -> bool:
        return not os.path.isfile(self.abs_dest_path)


def _page(config: MkDocsConfig, name: str, markdown: str, locale: str, source: str | None, kind: type[File] = File) -> File:
    """A page of helpsite's own in the locale being built: for the team, outside the navigation."""
    page = placed_page(config, name, markdown, locale, source, kind)
    page.generated_by = GENERATOR
    page.inclusion = InclusionLevel.NOT_IN_NAV
    return page


def placed_page(config: MkDocsConfig, name: str, markdown: str, locale: str, source: str | None, kind: type[File] = File) -> File:
    """A page made by helpsite in the locale being built, placed as mkdocs-static-i18n places a locale's files."""
    # Appended after mkdocs-static-i18n placed the files, so placed here: the source locale at the root.
    prefix = "" if locale == source else f"{locale}/"
    page = kind.generated(config, f"{prefix}{name}", content=markdown)
    # What mkdocs-static-i18n's events expect of the files it placed itself.
    page.locale = page.locale_alternate_of = locale  # type: ignore[attr-defined]
    page.alternates = {}  # type: ignore[attr-defined]
    return page


def reference_url(code: str, locale: str, source: str | None, source_built: bool, use_directory_urls: bool = True) -> str:
    """A code's reference page as the pages of ``locale`` link to it, from the site's root: the source
    locale's, or the locale's own when a preview does not build the source locale."""
    prefix = f"{locale}/" if locale != source and not source_built else ""
    return prefix + page_url(f"{REFERENCE_FOLDER}/{code.lower()}.md", use_directory_urls)
