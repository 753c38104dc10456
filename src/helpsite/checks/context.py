"""What an article check may consult beyond the article: the project, the schema, the site, link
resolution, includes and git, and a record of what it consulted (for the incremental check)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpsite.checks.generated import generated_pages
from helpsite.checks.links import LinkContext
from helpsite.checks.meta import MetadataSchema
from helpsite.checks.templates import icon_exists, icon_folders
from helpsite.content.config import Project
from helpsite.content.docfx import IncludeReader, Limits, docs_include_reader, include_anchors
from helpsite.content.links import FileIndex
from helpsite.content.redirects import Redirects, load_redirects
from helpsite.content.site import Site
from helpsite.model import Article
from helpsite.translation.review import GitHistory


@dataclass(slots=True)
class Context:
    project: Project
    schema: MetadataSchema | None
    site: Site
    _links: dict[Path, LinkContext] = field(default_factory=dict)
    _git: GitHistory | None = None
    _includes: dict[Path, IncludeReader] = field(default_factory=dict)
    _redirects: Redirects | None = None
    _included_anchors: dict[str, tuple[frozenset[str], frozenset[str]]] = field(default_factory=dict)
    # When a set, what the checks consulted beyond the site's pages: "@git" (the history) and
    # "include:<docs path>" (DocFX includes). An incremental check re-checks on their change.
    observed: set[str] | None = None
    # The DocFX transform of the article being checked (two checks read it): (article, Transformed).
    last_transform: tuple[Article, Any] | None = None
    _has_icon: Callable[[str], bool] | None = None

    @property
    def has_icon(self) -> Callable[[str], bool]:
        """Whether the theme has an icon (Material's, and the custom_dir's .icons)."""
        if self._has_icon is None:
            custom = self.project.theme_custom_dir
            self._has_icon = icon_exists(icon_folders([self.project.root / custom] if custom else []))
        return self._has_icon

    @property
    def git(self) -> GitHistory:
        if self._git is None:
            self._git = GitHistory(self.project.root, on_question=self._observe_git)
        return self._git

    def _observe_git(self) -> None:
        if self.observed is not None:
            self.observed.add(GIT_DEPENDENCY)

    def links_for(self, article: Article) -> LinkContext:
        """Link resolution for the docs tree the article belongs to (indexed once per tree)."""
        root = article.docs_root or article.path.parent
        if root not in self._links:
            layout = self.site.layout(self.project.site_url, self.project.settings)
            files = FileIndex(root)
            files.add(generated_pages(self.site.by_locale, self.site.source_folder))
            self._links[root] = LinkContext(self.site, layout, files, self.project.settings, self.redirects, self._anchors_from_includes)
        return self._links[root]

    @property
    def redirects(self) -> Redirects:
        """The site's redirects (read once; their file's problems are reported by the tree check)."""
        if self._redirects is None:
            self._redirects = load_redirects(self.project)
        return self._redirects

    def _anchors_from_includes(self, page: Article) -> frozenset[str]:
        """Computed once per page; every article that asks depends on the includes read for it."""
        key = f"{page.locale}/{page.relpath}"
        if key not in self._included_anchors:
            reader = self.includes_for(page)
            asking, self.observed = self.observed, set()
            try:
                limits = Limits.of(self.project.settings)
                anchors = frozenset(include_anchors(page.body, page.locale, page.relpath, reader, limits))
            finally:
                read = frozenset(self.observed or ())
                self.observed = asking
            self._included_anchors[key] = (anchors, read)
        anchors, includes = self._included_anchors[key]
        if self.observed is not None:
            self.observed |= includes
        return anchors

    def includes_for(self, article: Article) -> IncludeReader:
        root = article.docs_root or article.path.parent
        if root not in self._includes:
            layout = self.links_for(article).layout
            self._includes[root] = docs_include_reader(root, layout, self.project.settings.max_file_bytes, self._observe_include)
        return self._includes[root]

    def _observe_include(self, docs_path: str) -> None:
        if self.observed is not None:
            self.observed.add(INCLUDE_DEPENDENCY + docs_path)

    def dependencies(self, article: Article) -> frozenset[str]:
        """Docs paths (in every locale) the article's findings depend on: its own page (its source and
        translations) and its links' targets; with what ``observed`` collected."""
        relpaths = {article.relpath}
        for target in self.links_for(article).targets_of(article) if article.readable else ():
            for candidate in target.candidates or ((target.docs_path,) if target.docs_path else ()):
                relpaths.add(candidate.split("/", 1)[1] if "/" in candidate else candidate)
        paths = {f"{locale}/{relpath}" for locale in self.site.by_locale for relpath in relpaths}
        return frozenset(paths | (self.observed or set()))


GIT_DEPENDENCY = "@git"
INCLUDE_DEPENDENCY = "include:"
