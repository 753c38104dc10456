"""The review state of the site and of each page, for the site's hooks (``hooks/`` beside mkdocs.yml).

The helpsite plugin reads the site and its review queue before any page is built; the hooks decide
what readers and crawlers are shown of it (notices, Material's navigation status, noindex). This is
all they need of the plugin::

    review = site_review(config)     # in any event that has MkDocs' config
    review.locale, review.locales    # the locale being built; locales/ (notice texts)
    review.settings                  # the `review:` options
    review.page(page)                # a PageReview, or None
    review.noindex_when(rule)        # on_config: which translations crawlers skip

A site without hooks builds the same pages with none of these flags.
"""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from helpsite.content.config import Project, ReviewSettings
from helpsite.content.locales import Locales
from helpsite.mkdocs.pages import source_url
from helpsite.mkdocs.plugin import HelpsitePlugin
from helpsite.publishing.notices import NoindexRule
from helpsite.translation.review import QueueEntry

PLUGIN = "helpsite"  # the plugin's name in mkdocs.yml (its entry point)


@dataclass(frozen=True, slots=True)
class PageReview:
    """A translation rendered in its own locale, and its review state."""

    entry: QueueEntry  # .machine, .staleness.state ("current", "outdated", "unknown"), .risk, .qa
    locale: str  # the page's locale, the one being built
    locales: Locales
    source_url: str  # the same page in the source locale, relative to this page

    @property
    def machine_translated(self) -> bool:
        return self.entry.machine

    @property
    def outdated(self) -> bool:
        return self.entry.staleness.state == "outdated"


class SiteReview:
    """The plugin's review state of the site, as the hooks see it."""

    def __init__(self, plugin: HelpsitePlugin, config: MkDocsConfig) -> None:
        self._plugin, self._config = plugin, config

    @property
    def locale(self) -> str:
        """The locale being built (each language has a build of its own)."""
        return self._plugin.current_language

    @property
    def locales(self) -> Locales:
        return self._project.locales

    @property
    def settings(self) -> ReviewSettings:
        return self._project.settings.review

    def page(self, page: Page) -> PageReview | None:
        """The review state of a translation in its own locale; None for a source page, a fallback
        copy (a source page served in a locale that lacks it), helpsite's own pages, or before the
        plugin has read the site (on_files)."""
        state = self._plugin.state
        article = state.article_of(page) if state is not None else None
        if state is None or article is None or article.locale != self.locale:
            return None
        entry = state.entries.get(article.display_path)
        if entry is None:
            return None
        return PageReview(entry, self.locale, self.locales, source_url(article, page, self._config))

    def noindex_when(self, rule: NoindexRule) -> None:
        """Tell crawlers to skip the translations ``rule`` picks. Call it from on_config: it is
        applied to every page before any is built, so that sitemaps and hreflang alternates leave
        those pages out too (the plugin writes the robots tag, with the page's ROBOTS front matter)."""
        self._plugin.noindex_rule = rule

    @property
    def _project(self) -> Project:
        project = self._plugin.project
        if project is None:
            raise PluginError("helpsite: the plugin has not read its configuration yet")
        return project


def site_review(config: MkDocsConfig) -> SiteReview:
    """The helpsite plugin's review state; a hook without the plugin is a configuration error."""
    plugin = config.plugins.get(PLUGIN)
    if not isinstance(plugin, HelpsitePlugin):
        raise PluginError(f"helpsite's hooks need the '{PLUGIN}' plugin in mkdocs.yml's plugins")
    return SiteReview(plugin, config)
