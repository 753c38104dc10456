"""The MkDocs adapter: the only module of helpsite that imports MkDocs.

``helpsite`` is mkdocs-static-i18n's plugin with its languages read from ``locales/``. It has to
be the i18n plugin itself (a subclass), not a hook beside it: MkDocs validates the i18n plugin's
``languages`` when it loads mkdocs.yml, before any hook or other plugin runs, so only the plugin's
own ``load_config`` can make ``locales/`` the single source of truth without a second copy of the
language list in mkdocs.yml.

The rest translates MkDocs events into library calls: the checks run once per build (not once per
language build) and their findings become MkDocs log messages, so ``mkdocs build --strict`` fails
on error findings.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs_static_i18n.config import I18nPluginConfig
from mkdocs_static_i18n.plugin import I18n

from html import escape

from markupsafe import Markup
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .config import SETTING_NAMES, Project, Settings
from .engine import run_check
from .errors import ConfigError
from .model import Article, Finding, Severity
from .notices import notices_html, page_status, review_page_markdown, robots_content
from .report.text import format_finding
from .review import GitHistory, QueueEntry, queue_entry, review_queue
from .site import Site

log = logging.getLogger("mkdocs.plugins.helpsite")
STYLESHEET = "assets/helpsite/helpsite.css"
REVIEW_PAGE = "review.md"


def _page_url(relpath: str, use_directory_urls: bool) -> str:
    """The URL of a page of the source (default) language, which the build puts at the site root."""
    return File(relpath, None, "", use_directory_urls).url
_DEFAULTS = Settings()


class ExternalConfig(Config):
    concurrency = c.Type(int, default=_DEFAULTS.external.concurrency)
    per_host = c.Type(int, default=_DEFAULTS.external.per_host)
    timeout = c.Type((int, float), default=_DEFAULTS.external.timeout)
    retries = c.Type(int, default=_DEFAULTS.external.retries)
    max_redirects = c.Type(int, default=_DEFAULTS.external.max_redirects)
    max_retry_after = c.Type((int, float), default=_DEFAULTS.external.max_retry_after)
    ttl_ok_hours = c.Type((int, float), default=_DEFAULTS.external.ttl_ok_hours)
    ttl_fail_hours = c.Type((int, float), default=_DEFAULTS.external.ttl_fail_hours)
    cache_dir = c.Type(str, default=_DEFAULTS.external.cache_dir)


class HelpsiteConfig(I18nPluginConfig):
    locales_dir = c.Type(str, default=_DEFAULTS.locales_dir)
    schema = c.Type(str, default=_DEFAULTS.schema)
    max_file_bytes = c.Type(int, default=_DEFAULTS.max_file_bytes)
    language_min_letters = c.Type(int, default=_DEFAULTS.language_min_letters)
    language_min_confidence = c.Type((int, float), default=_DEFAULTS.language_min_confidence)
    ignore = c.ListOfItems(c.Type(str), default=[])
    select = c.ListOfItems(c.Type(str), default=[])
    moved_hosts = c.Type(dict, default=_DEFAULTS.moved_hosts)
    http_allowed_hosts = c.ListOfItems(c.Type(str), default=_DEFAULTS.http_allowed_hosts)
    external_links = c.Type(bool, default=_DEFAULTS.external_links)
    external = c.SubConfig(ExternalConfig)
    build_fail_on = c.Choice(("info", "warning", "error"), default=_DEFAULTS.build_fail_on)


def i18n_languages(project: Project) -> list[dict]:
    """mkdocs-static-i18n's ``languages`` option, from locales/: every locale that has a docs folder."""
    languages = []
    for locale in project.locales:
        if not (project.docs_dir / locale.code).is_dir():
            continue
        language = {"locale": locale.code, "name": locale.name, "default": locale.source, "build": True}
        if locale.nav:
            language["nav_translations"] = dict(locale.nav)
        languages.append(language)
    return languages


class HelpsitePlugin(I18n):
    config_class = HelpsiteConfig

    def __init__(self) -> None:
        super().__init__()
        self.project: Project | None = None
        self.findings: list[Finding] = []
        self.site: Site | None = None
        self.articles: dict[str, Article] = {}  # by absolute source path
        self.entries: dict[str, QueueEntry] = {}  # translations' review state, by absolute source path

    def load_config(self, options: dict, config_file_path: str | None = None):
        options = dict(options or {})
        if "languages" in options:
            return [("languages", ValidationError("languages come from the locales/ folder; remove them from mkdocs.yml"))], []
        try:
            project = Project.load(Path(config_file_path) if config_file_path else None)
            project.settings = Settings.from_mapping({k: v for k, v in options.items() if k in SETTING_NAMES})
        except ConfigError as exc:
            return [("locales_dir", ValidationError(str(exc)))], []
        languages = i18n_languages(project)
        if not any(lang["default"] for lang in languages):
            source = project.locales.source
            return [("locales_dir", ValidationError(f"the source locale '{source.code}' has no folder in {project.docs_dir}"))], []
        options["languages"] = languages
        self.project = project
        return super().load_config(options, config_file_path)

    def on_config(self, config: MkDocsConfig):
        config = super().on_config(config)
        assert self.project is not None
        if Path(config.docs_dir).resolve() != self.project.docs_dir:
            self.project.docs_dir = Path(config.docs_dir).resolve()
        # Material's navigation status labels, in the language being built.
        labels = {status: self._string(key) for status, key in (("machine-translated", "mt_status"), ("outdated", "outdated_status"))}
        config.extra["status"] = {**(config.extra.get("status") or {}), **labels}
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    def on_files(self, files: Files, config: MkDocsConfig):
        if not self.building:  # the outer build; mkdocs-static-i18n re-enters build() per language
            self._run_checks()
        files = super().on_files(files, config)
        files.append(File.generated(config, STYLESHEET, content=(Path(__file__).parent / "assets" / "helpsite.css").read_bytes()))
        if self.project and self.site and self.current_language != self.site.source_folder:
            files.append(self._review_page(config))
        return files

    def _string(self, key: str) -> str:
        assert self.project is not None
        return self.project.locales.string(self.current_language, key)[0] or key

    def _review_page(self, config: MkDocsConfig) -> File:
        assert self.project is not None and self.site is not None
        entries = review_queue(self.site, self.project.settings.review, None, [], self.current_language)
        entries = [self.entries.get(str(e.article.path.resolve()), e) for e in entries]  # with their QA findings
        entries.sort(key=lambda e: (-e.risk, e.article.relpath))
        markdown = review_page_markdown(entries, self.current_language, self.project.locales)
        page = File.generated(config, f"{self.current_language}/{REVIEW_PAGE}", content=markdown)
        page.inclusion = InclusionLevel.NOT_IN_NAV
        # What mkdocs-static-i18n's events expect of the files it placed itself.
        page.locale = page.locale_alternate_of = self.current_language
        page.alternates = {}
        return page

    def _article_of(self, page: Page) -> Article | None:
        return self.articles.get(str(Path(page.file.abs_src_path).resolve())) if page.file.abs_src_path else None

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files):
        markdown = super().on_page_markdown(markdown, page, config, files)
        # Front matter reaches templates that do not escape (MkDocs' Jinja has no autoescape).
        for key in ("title", "description", "subtitle"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = Markup.escape(page.meta[key])
        article = self._article_of(page)
        entry = self.entries.get(str(article.path.resolve())) if article and article.locale == self.current_language else None
        status = page_status(entry)
        if status:
            page.meta["status"] = status
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files):
        article = self._article_of(page)
        if article is None or article.locale != self.current_language:
            return html
        entry = self.entries.get(str(article.path.resolve()))
        if entry is None or self.project is None:
            return html
        source_url = get_relative_url(_page_url(article.relpath, config.use_directory_urls), page.url)
        return notices_html(entry, self.current_language, self.project.locales, source_url) + html

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig):
        output = super().on_post_page(output, page, config)
        article = self._article_of(page)
        if article is None or self.project is None:
            return output
        entry = self.entries.get(str(article.path.resolve())) if article.locale == self.current_language else None
        robots = robots_content(article, entry, self.project.settings.review)
        if robots and "</head>" in output:
            tag = f'<meta name="robots" content="{escape(robots)}">'
            output = output.replace("</head>", f"  {tag}\n  </head>", 1)
        return output

    def _run_checks(self) -> None:
        assert self.project is not None
        try:
            result = run_check(self.project, external=self.project.settings.external_links)
        except ConfigError as exc:
            raise PluginError(str(exc)) from None
        self.findings = result.findings
        self.site = result.site
        self.articles = {str(a.path.resolve()): a for a in result.site.articles}
        qa: dict[str, list[Finding]] = {}
        for finding in result.findings:
            if finding.code.startswith("L10N") and finding.code != "L10N001":
                qa.setdefault(finding.path, []).append(finding)
        git = GitHistory(self.project.root)
        self.entries = {}
        for article in result.site.articles:
            entry = queue_entry(article, result.site, self.project.settings.review, git, qa.get(article.display_path, []))
            if entry is not None:
                self.entries[str(article.path.resolve())] = entry
        threshold = Severity.parse(self.project.settings.build_fail_on)
        for finding in result.findings:
            if finding.severity >= threshold:
                log.warning(format_finding(finding))
            else:
                log.info(format_finding(finding))
