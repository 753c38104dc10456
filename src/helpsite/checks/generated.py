"""The pages the build adds to the site, so that articles may link to them like to any other page."""

from __future__ import annotations

from collections.abc import Iterable

from helpsite.checks.reference import REFERENCE_FOLDER
from helpsite.checks.registry import RULES

REVIEW_PAGE = "review.md"  # in each translated locale: its review queue
STATUS_PAGE = "status.md"  # in every locale: the translation-status dashboard
SIDE_BY_SIDE_FOLDER = "review/side-by-side"  # in each translated locale: a translation beside its source, for its reviewer
# The check reference is in every locale too (in English), so any article can link to it.


def reference_pages() -> list[str]:
    return [f"{REFERENCE_FOLDER}/index.md", *(f"{REFERENCE_FOLDER}/{code.lower()}.md" for code in RULES)]


def generated_pages(locale_folders: Iterable[str], source_folder: str | None) -> set[str]:
    """Docs paths (``<locale>/<relpath>``) of the pages the build generates."""
    pages: set[str] = set()
    for folder in locale_folders:
        if folder != source_folder:
            pages.add(f"{folder}/{REVIEW_PAGE}")
        pages |= {f"{folder}/{STATUS_PAGE}", *(f"{folder}/{page}" for page in reference_pages())}
    return pages
