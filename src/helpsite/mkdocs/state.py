"""What the plugin knows of the site before it renders a page: every article, by the path MkDocs
names its file; the review state of every translation; and, once the checks end, each page's
findings. Read once per build (not once per language build)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.pages import Page

from helpsite.content.config import Project
from helpsite.content.docfx import IncludeReader, docs_include_reader, site_pivot_groups
from helpsite.content.hubpage import find_yaml_pages
from helpsite.content.links import FileIndex, SiteLayout
from helpsite.content.site import Site
from helpsite.model import Article, Finding
from helpsite.translation.review import GitHistory, QueueEntry, is_stub, queue_entry


class _Resolver:
    """``str(path.resolve())``, resolving each folder once: a site's pages share a few folders, and
    resolving walks every part of a path (two thirds of reading the state of 6,000 pages)."""

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}

    def __call__(self, absolute: str) -> str:
        """The resolved path of ``absolute`` (an absolute path, as os.path.abspath makes it)."""
        if os.path.islink(absolute):
            return str(Path(absolute).resolve())
        folder, name = os.path.split(absolute)
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = str(Path(folder).resolve())
        return os.path.join(real, name)


@dataclass(slots=True)
class SiteState:
    project: Project
    site: Site
    articles: dict[str, Article]  # by absolute source path, and by resolved path
    entries: dict[str, QueueEntry]  # translations' review state, by display path
    read_include: IncludeReader
    links: tuple[SiteLayout, FileIndex]  # root links and backslash paths, rewritten as the checks resolve them
    findings: list[Finding] = field(default_factory=list)
    findings_by_path: dict[str, list[Finding]] = field(default_factory=dict)
    yaml_pages: dict[str, Path] = field(default_factory=dict)  # DocFX's YAML pages (hub, landing, FAQ), by docs path
    yaml_articles: dict[str, Article] = field(default_factory=dict)  # the pages made of them, by src_uri
    pivot_groups: dict[str, dict[str, list[tuple[str, str]]]] = field(default_factory=dict)  # zone-pivot-groups.yml, by locale
    page_findings: list[Finding] = field(default_factory=list)  # what the rendered pages showed (DFX006), once each
    problems: list[Finding] = field(default_factory=list)  # of DocFX's data files (zone-pivot-groups.yml), to log

    @classmethod
    def read(cls, project: Project, site: Site) -> SiteState:
        layout = site.layout(project.site_url, project.settings)
        read_include = docs_include_reader(project.docs_dir, layout, project.settings.max_file_bytes)
        # By absolute path as MkDocs names files (cheap), and resolved, for a docs folder reached by a link.
        resolved = _Resolver()
        articles = {}
        for article in site.articles:
            absolute = os.path.abspath(article.path)
            articles[absolute] = articles[resolved(absolute)] = article
        git = GitHistory(project.root)
        entries = {}
        for article in site.articles:
            entry = queue_entry(article, site, project.settings.review, git, [])
            if entry is not None:
                entries[article.display_path] = entry
        state = cls(project, site, articles, entries, read_include, (layout, FileIndex(project.docs_dir)))
        state.yaml_pages = find_yaml_pages(project.docs_dir, project.settings.max_file_bytes)
        state.pivot_groups, state.problems = site_pivot_groups(project.docs_dir)
        return state

    def article_of(self, page: Page) -> Article | None:
        """The article a page of MkDocs renders (None for helpsite's own pages and theme pages)."""
        source = page.file.abs_src_path
        if not source:
            return None
        found = self.articles.get(os.path.abspath(source))
        return found if found is not None else self.articles.get(str(Path(source).resolve()))

    def for_team(self, relpath: str) -> bool:
        """A page of a team folder (the writer's guide): never for crawlers or the readers' search."""
        return relpath.split("/", 1)[0] in self.project.settings.team_folders and "/" in relpath

    def is_stub(self, article: Article) -> bool:
        return is_stub(article, self.project.settings.review)

    def published_article(self, locale: str, relpath: str) -> Article | None:
        """The article a reader of ``locale`` gets at ``relpath``: its translation, or the source's
        page when there is none or only a stub."""
        translation = self.site.get(locale, relpath)
        if translation is not None and not self.is_stub(translation):
            return translation
        return self.site.get(self.site.source_folder, relpath) if self.site.source_folder else None

    def docfx_source_of(self, page: Page) -> Article | None:
        """What a page renders of DocFX-flavoured Markdown: its article, or the YAML page it is made of."""
        return self.article_of(page) or self.yaml_articles.get(page.file.src_uri)

    def use_findings(self, findings: list[Finding]) -> None:
        """The checks' findings: each page's (for the serve panel), and each queued translation's QA."""
        self.findings = findings
        self.findings_by_path = {}
        for finding in findings:
            self.findings_by_path.setdefault(finding.path, []).append(finding)
        for entry in self.entries.values():
            entry.qa = [
                f for f in self.findings_by_path.get(entry.article.display_path, []) if f.code.startswith("L10N") and f.code != "L10N001"
            ]
