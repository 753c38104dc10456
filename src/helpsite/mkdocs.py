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

import concurrent.futures
import copy
import dataclasses
import json
import logging
import multiprocessing
import os
import re
import sys
from html import escape
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs_static_i18n.config import I18nPluginConfig
from mkdocs_static_i18n.plugin import I18n

from helpsite.checks import registry as R
from helpsite.checks.context import Context
from helpsite.checks.external import external_findings
from helpsite.checks.generated import REVIEW_PAGE, STATUS_PAGE, reference_pages
from helpsite.checks.reference import rule_page_markdown, rules_index_markdown
from helpsite.checks.suite import enabled_codes
from helpsite.content.config import SETTING_NAMES, Project, Settings
from helpsite.content.docfx import DEFAULT_TITLES, IncludeReader, docs_include_reader, transform, uses_docfx
from helpsite.content.parse import Publishable
from helpsite.content.site import Site, is_fragment
from helpsite.errors import ConfigError
from helpsite.model import Article, Finding, Severity
from helpsite.publishing.notices import (
    fallback_notice_html,
    findings_panel_html,
    notices_html,
    page_status,
    review_page_markdown,
    robots_content,
    status_page_markdown,
)
from helpsite.publishing.publish import (
    Publication,
    SitemapEntry,
    alternates,
    head_links,
    page_url,
    split_search_index,
    write_search_indexes,
    write_sitemap,
)
from helpsite.publishing.shards import MANIFEST
from helpsite.report.text import format_finding
from helpsite.run.engine import IncrementalCheck, load_site, run_check
from helpsite.translation.review import GitHistory, QueueEntry, queue_entry, review_queue
from helpsite.translation.status import translation_status

log = logging.getLogger("mkdocs.plugins.helpsite")
STYLESHEET = "assets/helpsite/helpsite.css"
PREVIEW_ENV = "HELPSITE_PREVIEW_LOCALE"
BUILD_LOCALES_ENV = "HELPSITE_BUILD_LOCALES"


# Material's page configuration: {"base": "../..", ...}; the base locates the search index.
_BASE = re.compile(r'(<script id="__config" type="application/json">\s*\{.*?"base":\s*")([^"]*)"', re.S)
_ALTERNATE_LINK = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')
_ARTICLE_START = re.compile(r'<article class="md-content__inner[^"]*">')
_CANONICAL_LINK = re.compile(r'[ \t]*<link rel="canonical" href="[^"]*">\n?')


def _option(default: Any) -> c.BaseConfigOption:
    if dataclasses.is_dataclass(default):
        return c.SubConfig(_config_class(default, Config))
    if isinstance(default, bool):
        return c.Type(bool, default=default)
    if isinstance(default, float):
        return c.Type((int, float), default=default)
    if isinstance(default, list):
        return c.ListOfItems(c.Type(str), default=list(default))
    return c.Type(type(default), default=default)


def _config_class(defaults: Any, base: type[Config]) -> type[Config]:
    """MkDocs' option schema for a settings dataclass: one list of options, in config.py."""
    options = {spec.name: _option(getattr(defaults, spec.name)) for spec in dataclasses.fields(defaults)}
    return type(f"{type(defaults).__name__}Config", (base,), options)


# helpsite's options beside mkdocs-static-i18n's own; Settings.from_mapping checks the values.
HelpsiteConfig = _config_class(Settings(), I18nPluginConfig)


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


# Checking in a forked process beside the build: where fork is the safe default (Linux).
_FORK = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _check_in_background(project: Project) -> list[Finding]:
    return run_check(project, external=project.settings.external_links, jobs=1).findings


def _locales_to_build(project: Project) -> list[str]:
    """The locales this build writes when not all: a preview's one, or a shard's (comma-separated)."""
    for value in (os.environ.get(PREVIEW_ENV), os.environ.get(BUILD_LOCALES_ENV)):
        if value:
            return [code.strip() for code in value.split(",") if code.strip()]
    settings = project.settings
    return [settings.preview_locale] if settings.preview_locale else list(settings.build_locales)


def _merge_sections(items: list, parent) -> list:
    merged: list = []
    by_title: dict[str, Section] = {}
    for item in items:
        if isinstance(item, Section) and item.title in by_title:
            target = by_title[item.title]
            target.children.extend(item.children)
            continue
        if isinstance(item, Section):
            by_title[item.title] = item
        merged.append(item)
    for item in merged:
        item.parent = parent
        if isinstance(item, Section):
            item.children = sorted(_merge_sections(item.children, item), key=_nav_order)
    return merged


def _nav_order(item) -> tuple:
    """MkDocs' own order within a folder: the index page first, then by path (locale folder ignored)."""
    if isinstance(item, Page) and item.file is not None:
        relpath = item.file.src_uri.split("/", 1)[-1]
        return (0 if relpath.rsplit("/", 1)[-1] in ("index.md", "README.md") else 1, relpath)
    return (1, item.title or "")


def windowed(items: list, window: int) -> list:
    """The navigation as one page shows it: in the sections on the page's path, at most ``window``
    entries around the current one, plus the section's index page (copies; the site's nav is kept)."""
    result = []
    for item in items:
        if not (isinstance(item, Section) and item.active):
            result.append(item)
            continue
        children = windowed(item.children, window)
        if len(children) > window:
            current = next((i for i, child in enumerate(children) if child.active), 0)
            start = max(0, min(current - window // 2, len(children) - window))
            kept = children[start : start + window]
            first = children[0]
            if first not in kept and isinstance(first, Page) and first.is_index:
                kept = [first, *kept]
            children = kept
        trimmed = copy.copy(item)
        trimmed.children = children
        result.append(trimmed)
    return result


def _walk(items: list):
    for item in items:
        yield item
        if isinstance(item, Section):
            yield from _walk(item.children)


class HelpsitePlugin(I18n):
    config_class = HelpsiteConfig

    def __init__(self) -> None:
        super().__init__()
        self.project: Project | None = None
        self.findings: list[Finding] = []
        self.site: Site | None = None
        self.articles: dict[str, Article] = {}  # by absolute source path
        self.entries: dict[str, QueueEntry] = {}  # translations' review state, by display path
        self.publication: Publication | None = None
        self.site_root: Path | None = None  # the outer build's site_dir (language builds write below it)
        self.sitemaps: dict[str, list[SitemapEntry]] = {}
        self.unsearchable: set[str] = set()  # site-relative URLs left out of their locale's search index
        self.read_include: IncludeReader | None = None
        # Kept across the rebuilds of `mkdocs serve` (on_startup makes MkDocs keep this instance).
        self.incremental = IncrementalCheck()
        self.serving = False
        self.dirty = False
        self.outer_locale: str | None = None
        self.only: set[str] = set()  # the locales a preview or a shard builds; empty: all
        self._restrict_next_read = False
        self._pending: concurrent.futures.Future | None = None  # the build's background check
        self._escaping_links: Publishable | None = None  # which files may be published, once per build
        self.findings_by_path: dict[str, list[Finding]] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

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
        only = _locales_to_build(project)
        codes = [lang["locale"] for lang in languages]
        unknown = [code for code in only if code not in codes]
        if unknown:
            return [
                ("build_locales", ValidationError(f"no locale '{unknown[0]}' to build (locales with a docs folder: {', '.join(codes)})"))
            ], []
        # The outer build is the first of them in the site's order (the source first), or the source's.
        self.outer_locale = next((code for code in codes if code in only), None)
        options["languages"] = languages
        self.project = project
        self.only = set(only)
        return super().load_config(options, config_file_path)

    @property
    def build_languages(self) -> list[str]:
        """Every locale of the site (the language switcher lists them all), except once: when
        mkdocs-static-i18n's on_post_build picks the languages to build after the outer one, a
        preview or a shard builds its own only."""
        languages = I18n.build_languages.fget(self)
        if self._restrict_next_read:
            self._restrict_next_read = False
            return [code for code in languages if code in self.only]
        return languages

    @property
    def written_locales(self) -> list[str]:
        return [code for code in I18n.build_languages.fget(self) if not self.only or code in self.only]

    @event_priority(-100)  # as mkdocs-static-i18n's own
    def on_config(self, config: MkDocsConfig):
        if not self.building:
            # The outer build is the previewed locale's, or (None) the source locale's; this instance
            # may come from the previous rebuild of `mkdocs serve`, which ended in another language.
            self.current_language = self.outer_locale
        config = super().on_config(config)
        assert self.project is not None
        if Path(config.docs_dir).resolve() != self.project.docs_dir:
            self.project.docs_dir = Path(config.docs_dir).resolve()
        # Material's navigation status labels, in the language being built.
        labels = {status: self._string(key) for status, key in (("machine-translated", "mt_status"), ("outdated", "outdated_status"))}
        config.extra["status"] = {**(config.extra.get("status") or {}), **labels}
        features = config.theme.get("features")
        if self.project.settings.prune_navigation and config.theme.name == "material" and isinstance(features, list):
            if "navigation.prune" not in features:
                features.append("navigation.prune")
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    @event_priority(-100)  # as mkdocs-static-i18n's own
    def on_files(self, files: Files, config: MkDocsConfig):
        if not self.building:  # the outer build; mkdocs-static-i18n re-enters build() per language
            self._escaping_links = None
            self._run_checks()
            self.site_root = Path(config.site_dir)
            self.publication = self._publication(config)
            self.sitemaps, self.unsearchable = {}, set()
        files = Files([f for f in files if not (f.src_uri.endswith(".md") and is_fragment(f.src_uri)) and self._inside_docs(f, config)])
        files = super().on_files(files, config)
        files.append(File.generated(config, STYLESHEET, content=(Path(__file__).parent / "assets" / "helpsite.css").read_bytes()))
        if self.project and self.site:
            if self.current_language != self.site.source_folder:
                files.append(self._review_page(config))
            files.append(self._status_page(config))
            index, *pages = reference_pages()
            if self.current_language == self.site.source_folder:
                files.append(self._generated_page(config, index, rules_index_markdown(R.RULES.values())))
                for rule, path in zip(R.RULES.values(), pages, strict=True):
                    files.append(self._generated_page(config, path, rule_page_markdown(rule)))
            else:
                # The reference is in English only: other locales link to the source's pages, which
                # are not rendered again for them (69 pages a locale).
                for path in (index, *pages):
                    files.append(self._source_stub(config, path))
        return files

    def _source_stub(self, config: MkDocsConfig, name: str) -> File:
        """A page of this locale that is the source locale's: links to it reach the source's URL."""
        stub = self._generated_page(config, name, "")
        stub.inclusion = InclusionLevel.EXCLUDED
        stub.dest_uri = File.generated(config, name, content="").dest_uri
        return stub

    def _inside_docs(self, file: File, config: MkDocsConfig) -> bool:
        """MkDocs follows symbolic links and opens what it lists: only regular files inside docs/, with
        UTF-8 names, are published; the others are findings (helpsite.content.parse.Publishable)."""
        if self._escaping_links is None:
            self._escaping_links = Publishable(config.docs_dir)
        if not file.abs_src_path:
            return True
        publish, finding = self._escaping_links.check(file.abs_src_path)
        if finding is not None:
            log.warning(format_finding(finding))
        return publish

    def _publication(self, config: MkDocsConfig) -> Publication:
        assert self.project is not None
        # Every locale of the site, built here or by another shard: links between them must agree.
        built = tuple(lang.locale for lang in self.config.languages)
        built = tuple(sorted(built, key=lambda code: code != self.site.source_folder)) if self.site else built
        return Publication(self.project.locales, built, config.site_url, config.use_directory_urls)

    def _string(self, key: str) -> str:
        assert self.project is not None
        return self.project.locales.string(self.current_language, key)[0] or key

    def _review_page(self, config: MkDocsConfig) -> File:
        page = self._generated_page(config, REVIEW_PAGE, self._review_markdown())
        page.helpsite_review = True  # its text is made again when rendered, with the checks' findings
        return page

    def _review_markdown(self) -> str:
        assert self.project is not None and self.site is not None
        entries = review_queue(self.site, self.project.settings.review, None, [], self.current_language)
        entries = [self.entries.get(e.article.display_path, e) for e in entries]  # with their QA findings
        entries.sort(key=lambda e: (-e.risk, e.article.relpath))
        return review_page_markdown(entries, self.current_language, self.project.locales)

    def _status_page(self, config: MkDocsConfig) -> File:
        assert self.project is not None and self.site is not None
        rows = translation_status(self.site, self.project.locales, self.project.settings.review, GitHistory(self.project.root))
        title = self.project.locales.string(self.current_language, "status_title")[0] or "Translation status"
        return self._generated_page(config, STATUS_PAGE, status_page_markdown(rows, title))

    def _generated_page(self, config: MkDocsConfig, name: str, markdown: str) -> File:
        """A page of helpsite's own in the locale being built: for the team, outside the navigation."""
        # Appended after mkdocs-static-i18n placed the files, so placed here: the source locale at the root.
        prefix = "" if self.site is not None and self.current_language == self.site.source_folder else f"{self.current_language}/"
        page = File.generated(config, f"{prefix}{name}", content=markdown)
        page.generated_by = "helpsite"
        page.inclusion = InclusionLevel.NOT_IN_NAV
        # What mkdocs-static-i18n's events expect of the files it placed itself.
        page.locale = page.locale_alternate_of = self.current_language
        page.alternates = {}
        return page

    def _article_of(self, page: Page) -> Article | None:
        source = page.file.abs_src_path
        if not source:
            return None
        found = self.articles.get(os.path.abspath(source))
        return found if found is not None else self.articles.get(str(Path(source).resolve()))

    @event_priority(-100)  # as mkdocs-static-i18n's own
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files):
        nav = super().on_nav(nav, config, files)
        # A fallback page lives in the source locale's folder, so MkDocs files it under a section of
        # its own beside the translated one of the same name; readers must see one section.
        nav.items = _merge_sections(nav.items, None)
        nav.pages = [item for item in _walk(nav.items) if isinstance(item, Page)]
        if self.dirty:
            # A dirty rebuild reads changed pages only; the others' titles come from the checks' parse.
            for item in nav.pages:
                article = self._article_of(item)
                if article is not None and article.title:
                    item.title = Markup.escape(article.title)
        for previous, current in zip([None, *nav.pages], nav.pages):
            current.previous_page = previous
            if previous is not None:
                previous.next_page = current
        if nav.pages:
            nav.pages[-1].next_page = None
        return nav

    @event_priority(50)  # as mkdocs-static-i18n's own
    def on_page_context(self, context, page, config, nav):
        context = super().on_page_context(context, page, config, nav)
        window = self.project.settings.nav_window if self.project else 0
        if window and isinstance(context.get("nav"), Navigation):
            trimmed = copy.copy(context["nav"])
            trimmed.items = windowed(context["nav"].items, window)
            context["nav"] = trimmed
        return context

    @event_priority(50)  # as mkdocs-static-i18n's own
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files):
        markdown = super().on_page_markdown(markdown, page, config, files)
        if getattr(page.file, "helpsite_review", False):
            self._await_findings()  # the queue shows each page's QA findings
            markdown = self._review_markdown()
        # Front matter reaches templates that do not escape (MkDocs' Jinja has no autoescape).
        for key in ("title", "description", "subtitle"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = Markup.escape(page.meta[key])
        article = self._article_of(page)
        if article is not None and uses_docfx(markdown):
            markdown = self._render_docfx(markdown, article)
        entry = self.entries.get(article.display_path) if article and article.locale == self.current_language else None
        status = page_status(entry)
        if status:
            page.meta["status"] = status
        return markdown

    def _render_docfx(self, markdown: str, article: Article) -> str:
        assert self.project is not None
        locales = self.project.locales

        def title(key: str) -> str:  # in the language the text is written in (a fallback page's is the source's)
            return locales.string(article.locale, f"docfx_{key}")[0] or DEFAULT_TITLES[key]

        return transform(
            markdown,
            display_path=article.display_path,
            first_line=article.body_line,
            locale=article.locale,
            relpath=article.relpath,
            titles=title,
            read_include=self.read_include,
        ).markdown  # its findings were reported by the checks

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files):
        article = self._article_of(page)
        if article is None or self.project is None:
            return html
        if article.locale != self.current_language:  # a fallback copy of the source page
            source_url = get_relative_url(page_url(article.relpath, config.use_directory_urls), page.url)
            notice = fallback_notice_html(self.current_language, self.project.locales, source_url)
            language = (
                escape(self.project.locales.by_code[article.locale].language) if article.locale in self.project.locales.by_code else ""
            )
            return f'{notice}<div lang="{language}">{html}</div>'
        return self._translation_notices(article, page, config, html)

    def _translation_notices(self, article: Article, page: Page, config: MkDocsConfig, html: str) -> str:
        entry = self.entries.get(article.display_path)
        if entry is None or self.project is None:
            return html
        source_url = get_relative_url(page_url(article.relpath, config.use_directory_urls), page.url)
        return notices_html(entry, self.current_language, self.project.locales, source_url) + html

    @event_priority(-100)  # as mkdocs-static-i18n's own
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig):
        output = super().on_post_page(output, page, config)
        split = output.find("</head>")
        if self.project is None or self.publication is None or split < 0:
            return output
        # The head and the body are edited apart: each pattern scans the few KiB it concerns.
        head, body = output[:split], output[split:]
        publication, settings = self.publication, self.project.settings.review
        if self.current_language != publication.source:
            # The page loads its own locale's search index: <locale root>/search/search_index.json.
            # Material resolves that path against the base as a URL, so the base must end in "/".
            config_at = max(body.rfind('<script id="__config"'), 0)
            body = body[:config_at] + _BASE.sub(
                lambda m: f'{m.group(1)}{m.group(2).rstrip("/")}/{self.current_language}/"', body[config_at:], count=1
            )
        head = _ALTERNATE_LINK.sub("", head)  # hreflang is decided below, from the parsed site
        article = self._article_of(page)
        if self.serving and article is not None and article.locale == self.current_language:
            # Placed after the search plugin has read the page, so findings are never indexed.
            panel = findings_panel_html(self.findings_by_path.get(article.display_path, []))
            body = _ARTICLE_START.sub(lambda m: m.group(0) + panel, body, count=1) if panel else body
        if article is None:
            if page.file.generated_by == "helpsite":  # helpsite's own pages: for the team, not for crawlers
                head += '  <meta name="robots" content="noindex">\n  '
            return head + body
        fallback = article.locale != self.current_language
        entry = None if fallback else self.entries.get(article.display_path)
        robots = robots_content(article, entry, settings)
        indexable = not fallback and "noindex" not in (robots or "")
        links = alternates(article.relpath, self.site, publication, self.entries, settings) if indexable else []
        if fallback or (self.project.settings.search_exclude_noindex and "noindex" in (robots or "")):
            self.unsearchable.add(page.url)
        if indexable:
            self.sitemaps.setdefault(self.current_language, []).append(SitemapEntry(page.url, tuple(links)))
        canonical = publication.url(article.locale, article.relpath) if fallback else None
        added = head_links(canonical, links, publication)
        if robots:
            added = f'<meta name="robots" content="{escape(robots)}">\n    {added}'
        if canonical is not None:
            head = _CANONICAL_LINK.sub("", head)
        return head + (f"  {added}\n  " if added else "") + body

    def reconfigure_search_index(self, config: MkDocsConfig) -> None:
        """Replaces mkdocs-static-i18n's: the newest entries of each page win, in linear time.

        Its own version compares every entry with every other to drop the source locale's pages
        from translations' results; helpsite splits the index per locale instead (on_post_build).
        Under `mkdocs serve --dirty` a rebuild indexes only the pages it rendered, so the entries
        of every other page are kept from earlier builds.
        """
        by_page: dict[str, list[dict]] = {}
        for entry in self.search_entries:
            page, _, anchor = entry["location"].partition("#")
            if not anchor:
                by_page[page] = []  # a page's own entry comes first and starts its newest set
            by_page.setdefault(page, []).append(entry)
        self.search_entries = [entry for entries in by_page.values() for entry in entries]
        for name, plugin in config.plugins.items():
            if name in ("search", "material/search") and hasattr(plugin, "search_index"):
                entries = getattr(plugin.search_index, "_entries", None)
                if entries is None:
                    entries = plugin.search_index.entries
                entries[:] = self.search_entries
                plugin.on_post_build(config=config)

    @event_priority(-100)  # as mkdocs-static-i18n's own
    def on_post_build(self, config: MkDocsConfig):
        self._restrict_next_read = bool(self.only) and not self.building
        super().on_post_build(config)
        self._restrict_next_read = False
        if not self.building:
            self._await_findings()
        if self.building or self.publication is None or self.site_root is None:
            return  # a language build inside the outer one
        publication = self.publication
        here = [code for code in publication.built if code in self.written_locales]
        if not self.serving:  # a preview is not crawled
            for locale in here:
                write_sitemap(self.site_root / publication.prefix(locale), self.sitemaps.get(locale, []), publication)
        combined_path = self.site_root / "search" / "search_index.json"
        if combined_path.exists():
            combined = json.loads(combined_path.read_text(encoding="utf-8"))
            indexes = {code: index for code, index in split_search_index(combined, publication, self.unsearchable).items() if code in here}
            sizes = write_search_indexes(self.site_root, indexes, publication)
            log.info("helpsite: search index per locale: " + ", ".join(f"{code} {size / 1024:.0f} KiB" for code, size in sizes.items()))
        if len(here) < len(publication.built) and not self.serving:
            # A shard: which locales it holds, for `helpsite merge-sites`.
            manifest = {"locales": here, "source": publication.source, "all": list(publication.built)}
            (self.site_root / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")

    def _run_checks(self) -> None:
        """Read the site now; check it now (serve: incrementally) or, in a build, in a second process
        while MkDocs renders, collecting the findings when they are needed (_await_findings)."""
        assert self.project is not None
        project = self.project
        if self.serving or not _FORK:
            try:
                update = self.incremental.run(project)
                findings = update.findings
                if project.settings.external_links:
                    context = Context(project, None, update.site)
                    findings = sorted(
                        [*findings, *external_findings(update.articles, context, enabled_codes(project))], key=Finding.sort_key
                    )
            except ConfigError as exc:
                raise PluginError(str(exc)) from None
            self._use_site(update.site)
            self._use_findings(findings)
            self._log_findings(findings, update.checked, len(update.articles))
            return
        try:
            _, site = load_site(project)
        except ConfigError as exc:
            raise PluginError(str(exc)) from None
        self._use_site(site)
        pool = concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        self._pending = pool.submit(_check_in_background, project)
        pool.shutdown(wait=False)

    def _use_site(self, site: Site) -> None:
        assert self.project is not None
        project = self.project
        self.site = site
        self.read_include = docs_include_reader(project.docs_dir, site.layout(project.site_url), project.settings.max_file_bytes)
        # By absolute path as MkDocs names files (cheap), and resolved, for a docs folder reached by a link.
        self.articles = {key: a for a in site.articles for key in (os.path.abspath(a.path), str(a.path.resolve()))}
        git = GitHistory(project.root)
        self.entries = {}
        for article in site.articles:
            entry = queue_entry(article, site, project.settings.review, git, [])
            if entry is not None:
                self.entries[article.display_path] = entry

    def _use_findings(self, findings: list[Finding]) -> None:
        self.findings = findings
        self.findings_by_path = {}
        for finding in findings:
            self.findings_by_path.setdefault(finding.path, []).append(finding)
        for path, entry in self.entries.items():
            entry.qa = [
                f for f in self.findings_by_path.get(entry.article.display_path, []) if f.code.startswith("L10N") and f.code != "L10N001"
            ]

    def _await_findings(self) -> None:
        """The background check's findings, logged once (still inside the build, so --strict counts them)."""
        if self._pending is None:
            return
        pending, self._pending = self._pending, None
        try:
            findings = pending.result()
        except ConfigError as exc:
            raise PluginError(str(exc)) from None
        self._use_findings(findings)
        self._log_findings(findings)

    def _log_findings(self, findings: list[Finding], checked: list[Article] | None = None, total: int = 0) -> None:
        """Every finding (``checked`` None: a full check); on a rebuild of `mkdocs serve`, those of the
        ``checked`` pages, out of ``total``."""
        assert self.project is not None
        threshold = Severity.parse(self.project.settings.build_fail_on)
        checked = checked if checked is not None else []
        again = len(checked) < total
        shown = {article.display_path for article in checked}
        for finding in findings:
            if again and finding.path not in shown:
                continue
            (log.warning if finding.severity >= threshold else log.info)(format_finding(finding))
        if again:
            pages = ", ".join(sorted(shown)[:3]) + (" ..." if len(shown) > 3 else "")
            log.info(
                f"helpsite: checked {len(checked)} of {total} articles again ({pages or 'none changed'}); {len(findings)} findings in all"
            )


def serve(config_file: Path | None, *, locale: str | None, dev_addr: str, dirty: bool = True) -> None:
    """`helpsite serve`: MkDocs' live-reloading server, one locale only and re-rendering only what changed."""
    from mkdocs.__main__ import State  # the `mkdocs` command's own log handler and format
    from mkdocs.commands.serve import serve as mkdocs_serve

    logging_state = State()  # noqa: F841 - it removes its handler when collected
    if locale:
        os.environ[PREVIEW_ENV] = locale
    mkdocs_serve(
        config_file=str(config_file) if config_file else None,
        build_type="dirty" if dirty else None,
        dev_addr=dev_addr,
        livereload=True,
    )


def build(config_file: Path | None, *, locales: list[str], site_dir: Path | None, strict: bool) -> None:
    """`helpsite build`: the whole site, or (``locales``) a shard of it for `helpsite merge-sites`."""
    from mkdocs.__main__ import State
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logging_state = State()  # noqa: F841 - it removes its handler when collected
    if locales:
        os.environ[BUILD_LOCALES_ENV] = ",".join(locales)
    options = {"site_dir": str(site_dir)} if site_dir else {}
    config = load_config(str(config_file) if config_file else None, strict=strict, **options)
    config.plugins.on_startup(command="build", dirty=False)
    mkdocs_build(config)
