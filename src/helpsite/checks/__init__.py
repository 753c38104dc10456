"""The checks: small functions that read Articles (or the Site) and yield Findings.

An article check is registered with the codes it may emit, so a run with those codes switched
off skips it entirely (language detection is the costly one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .. import registry as R
from ..config import Project
from ..model import Article, Finding
from ..site import Site, display_path
from .locale import check_locale
from .meta import MetadataSchema, check_metadata


@dataclass(slots=True)
class Context:
    project: Project
    schema: MetadataSchema | None


@dataclass(frozen=True, slots=True)
class ArticleCheck:
    codes: frozenset[str]
    run: Callable[[Article, Context], Iterable[Finding]]


def _meta(article: Article, context: Context) -> Iterable[Finding]:
    return check_metadata(article, context.schema) if context.schema else ()


def _locale(article: Article, context: Context) -> Iterable[Finding]:
    return check_locale(article, context.project.locales, context.project.settings)


def _family(prefix: str) -> frozenset[str]:
    return frozenset(code for code in R.RULES if code.startswith(prefix))


ARTICLE_CHECKS: tuple[ArticleCheck, ...] = (
    ArticleCheck(_family("META"), _meta),
    ArticleCheck(frozenset({"LOC001", "LOC002", "LOC004"}), _locale),
)


def check_site(site: Site, context: Context) -> Iterator[Finding]:
    """Checks on the whole tree rather than one article."""
    seen: set[str] = set()
    for article in site.articles:
        if article.locale in seen:
            continue
        seen.add(article.locale)
        if context.project.locales.for_folder(article.locale) is None:
            folder = article.path.parents[article.relpath.count("/")]
            yield R.UNCONFIGURED_LOCALE.finding(
                display_path(folder), None, None,
                f"locale folder '{article.locale}' has no file in {context.project.settings.locales_dir}/",
            )
