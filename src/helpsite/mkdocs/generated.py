"""helpsite's own pages, added to each locale's files: the review queue (translated locales), the
translation-status dashboard, and the reference of finding codes (English; other locales link to
the source's). For the team: outside the navigation, noindex, out of the readers' search."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from helpsite.checks import registry as R
from helpsite.checks.generated import REVIEW_PAGE, STATUS_PAGE, reference_pages
from helpsite.checks.reference import rule_page_markdown, rules_index_markdown
from helpsite.mkdocs.state import SiteState
from helpsite.publishing.notices import review_page_markdown, status_page_markdown
from helpsite.translation.review import GitHistory, review_queue
from helpsite.translation.status import translation_status

GENERATOR = "helpsite"  # File.generated_by of these pages


def generated_files(config: MkDocsConfig, state: SiteState, locale: str) -> list[File]:
    """The pages helpsite adds to the locale being built."""
    files = []
    source = state.site.source_folder
    if locale != source:
        review = _page(config, REVIEW_PAGE, review_markdown(state, locale), locale, source)
        review.helpsite_review = True  # type: ignore[attr-defined]  # its text is made again when rendered, with the checks' findings
        files.append(review)
    files.append(_status_page(config, state, locale))
    index, *pages = reference_pages()
    if locale == source:
        files.append(_page(config, index, rules_index_markdown(R.RULES.values()), locale, source))
        for rule, path in zip(R.RULES.values(), pages, strict=True):
            files.append(_page(config, path, rule_page_markdown(rule), locale, source))
    else:
        # The reference is in English only: other locales link to the source's pages, which are not
        # rendered again for them (69 pages a locale).
        for path in (index, *pages):
            files.append(_source_stub(config, path, locale, source))
    return files


def is_review_page(file: File) -> bool:
    return getattr(file, "helpsite_review", False)


def review_markdown(state: SiteState, locale: str) -> str:
    """The review queue of a locale, riskiest first, with each page's QA findings."""
    settings = state.project.settings.review
    entries = review_queue(state.site, settings, None, [], locale)
    entries = [state.entries.get(e.article.display_path, e) for e in entries]  # with their QA findings
    entries.sort(key=lambda e: (-e.risk, e.article.relpath))
    return review_page_markdown(entries, locale, state.project.locales, state.project)


def _status_page(config: MkDocsConfig, state: SiteState, locale: str) -> File:
    project = state.project
    rows = translation_status(state.site, project.locales, project.settings.review, GitHistory(project.root))
    title = project.locales.string(locale, "status_title")[0] or "Translation status"
    return _page(config, STATUS_PAGE, status_page_markdown(rows, title), locale, state.site.source_folder)


def _source_stub(config: MkDocsConfig, name: str, locale: str, source: str | None) -> File:
    """A page of this locale that is the source locale's: links to it reach the source's URL."""
    stub = _page(config, name, "", locale, source)
    stub.inclusion = InclusionLevel.EXCLUDED
    stub.dest_uri = File.generated(config, name, content="").dest_uri
    return stub


def _page(config: MkDocsConfig, name: str, markdown: str, locale: str, source: str | None) -> File:
    """A page of helpsite's own in the locale being built: for the team, outside the navigation."""
    page = placed_page(config, name, markdown, locale, source)
    page.generated_by = GENERATOR
    page.inclusion = InclusionLevel.NOT_IN_NAV
    return page


def placed_page(config: MkDocsConfig, name: str, markdown: str, locale: str, source: str | None) -> File:
    """A page made by helpsite in the locale being built, placed as mkdocs-static-i18n places a locale's files."""
    # Appended after mkdocs-static-i18n placed the files, so placed here: the source locale at the root.
    prefix = "" if locale == source else f"{locale}/"
    page = File.generated(config, f"{prefix}{name}", content=markdown)
    # What mkdocs-static-i18n's events expect of the files it placed itself.
    page.locale = page.locale_alternate_of = locale  # type: ignore[attr-defined]
    page.alternates = {}  # type: ignore[attr-defined]
    return page
