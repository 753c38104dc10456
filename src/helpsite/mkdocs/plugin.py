"""The ``helpsite`` plugin: mkdocs-static-i18n's plugin with its languages read from ``locales/``.

It has to be the i18n plugin itself (a subclass), not a hook beside it: MkDocs validates the i18n
plugin's ``languages`` when it loads mkdocs.yml, before any hook or other plugin runs, so only the
plugin's own ``load_config`` can make ``locales/`` the single source of truth. Each event below
calls the module of its concern; what flags a page for review is left to the site's hooks
(``hooks/``), which read the plugin's state through :mod:`helpsite.mkdocs.review`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs_static_i18n.plugin import I18n

from helpsite.checks.suite import enabled_codes
from helpsite.content.config import Project
from helpsite.content.docfx import uses_docfx
from helpsite.content.parse import Publishable
from helpsite.mkdocs import files as published
from helpsite.mkdocs import navigation, pages, parts, search
from helpsite.mkdocs.background import Checks, log_findings
from helpsite.mkdocs.buildcache import BuildCache, CachedTemplates
from helpsite.mkdocs.config import HelpsiteConfig, OptionError, configure, configure_theme
from helpsite.mkdocs.engine import PageSteps, list_theme_files_once, replace_page_steps
from helpsite.mkdocs.generated import generated_files, is_review_page, reference_url, review_markdown
from helpsite.mkdocs.head import page_head, robots_rule
from helpsite.mkdocs.i18nfiles import plain_file_lookup, plain_paths
from helpsite.mkdocs.markdown_pool import MarkdownPool
from helpsite.mkdocs.navmemo import NavEntries
from helpsite.mkdocs.output import Publishing, finish
from helpsite.mkdocs.preview import one_warning_a_link, preview_address, render_again, watch_project_files
from helpsite.mkdocs.reader import (
    NotFoundPages,
    PageFrame,
    configure_language,
    is_team_file,
    scripts,
    serve_not_found_per_locale,
    team_pages_published,
)
from helpsite.mkdocs.replay import PageReplay, replay_refused
from helpsite.mkdocs.scope import build_part, part_spec
from helpsite.mkdocs.sidebyside import SideBySidePages, is_side_by_side_page
from helpsite.mkdocs.state import SiteState
from helpsite.mkdocs.templates import CompiledTemplates
from helpsite.publishing.links import needs_rewriting, rewrite_links
from helpsite.publishing.notices import NoindexRule
from helpsite.publishing.redirects import publish_redirects
from helpsite.publishing.sanitize import Sanitizer, text_title
from helpsite.publishing.sitefolder import remove_set_aside, set_aside
from helpsite.run.engine import PausedCollector

log = logging.getLogger("mkdocs.plugins.helpsite")


class HelpsitePlugin(I18n):
    config_class = HelpsiteConfig
    # mkdocs-static-i18n's own (untyped) attributes that helpsite reads and writes.
    current_language: str  # the locale being built: chosen in on_config, before any file or page event
    search_entries: list[dict]

    def __init__(self) -> None:
        super().__init__()
        self.project: Project | None = None
        self.state: SiteState | None = None  # the parsed site, read once per build
        self.publishing: Publishing | None = None  # the outer build's URLs, sitemaps and search exclusions
        self.noindex_rule: NoindexRule | None = None  # set by the hooks (helpsite.mkdocs.review), each build
        self.side_by_side: SideBySidePages | None = None  # the translations' review pages, per outer build
        self.frame: PageFrame | None = None  # what pages show beside their text, per outer build
        self.not_found = NotFoundPages()  # each locale's 404 page, written once every language is built
        self.team_pages = False  # whether this build publishes the team's pages (team_pages)
        # Kept across the rebuilds of `mkdocs serve` (on_startup makes MkDocs keep this instance).
        self.checks = Checks()
        self.serving = False
        self.dirty = False
        self.outer_locale: str | None = None
        self.only: set[str] = set()  # the locales a preview or a shard builds; empty: all
        self._restrict_next_read = False
        self._escaping_links: Publishable | None = None  # which files may be published, once per build
        self._unpublished_reported: set[str] = set()  # the pages not published, each told of once
        self.sanitizer: Sanitizer | None = None  # once per build: the language builds share it (and what it reported)
        self.templates = CompiledTemplates()
        self.build_cache: BuildCache | None = None  # what an earlier production build rendered (once per outer build)
        self.replay: PageReplay | None = None  # the pages of the build cache written again unread (once per outer build)
        self._page_steps: PageSteps | None = None  # the engine's own, while the replay stands in for them
        self._languages: tuple[object, str, tuple[str, ...]] | None = None  # (config.languages, default, all), as read from it
        self._theme_listed: Callable[[], None] | None = None  # restores the engine's listing of theme files (engine.list_theme_files_once)
        self._file_lookup: Callable[[], None] | None = None  # restores mkdocs-static-i18n's (i18nfiles.plain_file_lookup)
        self.part: parts.PartBuild | None = None  # a part of `helpsite build --jobs`: the pages it renders
        self.markdown = MarkdownPool()  # one Markdown instance per language build, reset for each page
        self.collector = PausedCollector()  # paused while a build replays pages (_start_replay)
        self._site_set_aside: Path | None = None  # the earlier site, removed once this one is written (helpsite.publishing.sitefolder)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """The earlier site's files set aside before MkDocs would remove them: removed after the
        build, not before, the pages are written faster (helpsite.publishing.sitefolder)."""
        if not self.building and not self.serving and not self.dirty:
            self._remove_earlier_site()
            self._site_set_aside = set_aside(Path(config.site_dir))
        if not self.building and not self.serving and self._theme_listed is None:
            # Before the engine lists the theme for the outer build: its listing serves the language builds.
            self._theme_listed = list_theme_files_once()
        if not self.building and self._file_lookup is None:
            self._file_lookup = plain_file_lookup()

    def _remove_earlier_site(self) -> None:
        remove_set_aside(self._site_set_aside)
        self._site_set_aside = None

    def load_config(self, options: dict, config_file_path: str | None = None):
        options = dict(options or {})
        try:
            configured = configure(options, config_file_path)
        except OptionError as exc:
            return [(exc.option, ValidationError(str(exc)))], []
        self.project, self.only, self.outer_locale = configured.project, set(configured.only), configured.outer_locale
        options["languages"] = configured.languages
        return super().load_config(options, config_file_path)

    @property
    def default_language(self) -> str:
        """mkdocs-static-i18n's, which looks through the languages at each of the 40,000 calls of a
        build at 2,000 articles a locale: looked up once per configuration (the languages are
        set when it is loaded, never after)."""
        return self._languages_read()[1]

    @property
    def all_languages(self) -> list[str]:
        return list(self._languages_read()[2])

    def _languages_read(self) -> tuple[object, str, tuple[str, ...]]:
        languages = self.config.languages
        if self._languages is None or self._languages[0] is not languages:
            self._languages = (languages, I18n.default_language.fget(self), tuple(I18n.all_languages.fget(self)))
        return self._languages

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
            self.current_language = self.outer_locale  # type: ignore[assignment]  # None: I18n.on_config picks the source
        config = super().on_config(config)
        assert self.project is not None
        if Path(config.docs_dir).resolve() != self.project.docs_dir:
            self.project.docs_dir = Path(config.docs_dir).resolve()
        self.noindex_rule = None  # the hooks' on_config, after this one, sets it again
        configure_theme(config, self.project.settings, self.project.locales.by_code.get(self.current_language or ""))
        watch_project_files(config, self.project)
        one_warning_a_link(config, self.project)
        self.team_pages = team_pages_published(self.project.settings, self.serving)
        prefix = "" if self.current_language == self.default_language else f"{self.current_language}/"
        configure_language(config, self.current_language, self.project, prefix)
        if not self.building:
            self.sanitizer = Sanitizer(self.project.settings, config.theme.dirs)
            part = build_part()
            self.part = parts.PartBuild(part, self._language) if part and not self.serving else None
            parts.activate(self.part)  # None: an earlier build of this process may have been a part
        if not self.serving:  # helpsite writes each locale's sitemap, with hreflang (helpsite.mkdocs.output): the theme's is not rendered
            config.theme.static_templates.discard("sitemap.xml")
        return config

    def _language(self) -> tuple[str, str]:
        """The locale being built and its folder in the site ("" for the default)."""
        return self.current_language, "" if self.current_language == self.default_language else f"{self.current_language}/"

    @event_priority(-100)  # as mkdocs-static-i18n's own
    def on_files(self, files: Files, config: MkDocsConfig):
        assert self.project is not None
        if not self.building:  # the outer build; mkdocs-static-i18n re-enters build() per language
            self._escaping_links = Publishable(config.docs_dir)
            self._unpublished_reported = set()
            site, findings = self.checks.start(self.project, self.serving, BuildCache.wanted(self.project, self.serving))
            self._escaping_links.read_inside(site.digests, self.project.docs_dir)
            self.state = SiteState.read(self.project, site)
            if findings is not None:
                self.state.use_findings(findings)
            self.publishing = Publishing.start(config, self.project, [lang.locale for lang in self.config.languages], site.source_folder)
            if not self.serving:
                search.take_over_index_writing(config)
            self.frame = PageFrame(self.state, self.publishing.publication)
            self.side_by_side = SideBySidePages(self.state, self.checks.rechecked if self.dirty else None)
            log_findings(self.state.problems, self.project.settings)
            scope = [*self.only, f"parts {part_spec(self.part.parts)}"] if self.part else self.only  # a cache per set of parts
            self.build_cache = BuildCache.for_build(config, self.project, scope, self.serving)
            if self.build_cache is not None:
                self._start_replay(config)
        assert self.state is not None and self._escaping_links is not None
        yaml_pages = frozenset(os.path.abspath(path) for path in self.state.yaml_pages.values())
        with plain_paths():  # mkdocs-static-i18n's own, without pathlib for plain paths
            files = super().on_files(published.publishable(self._readers_files(files), self._escaping_links, yaml_pages), config)
        if self.serving and self.dirty:
            render_again(files, self.state, self.checks.rechecked)
        files.append(published.stylesheet(config))
        for file in published.yaml_page_files(config, self.state, self.current_language):
            files.append(file)
        for file in (
            *scripts(config, bool(self.project.settings.feedback_url)),
            *generated_files(config, self.state, self.current_language, self.team_pages, self.side_by_side, self._source_built),
        ):
            files.append(file)
        return files

    def _start_replay(self, config: MkDocsConfig) -> None:
        assert self.build_cache is not None and self.state is not None and self.publishing is not None and self.frame is not None
        refused = replay_refused(config)
        if refused is not None:
            log.info(f"helpsite: every page is read (none replayed from the build cache): {refused}")
            return
        self.replay = PageReplay(
            self.build_cache,
            self.state,
            self.publishing,
            self.frame.date_of,
            lambda article: bool(pages.unpublishable(article.problems)),
            self.part,
            self.collector,
        )
        # What a replaying build makes lives to its end (every language build's files, pages and
        # search entries) and is not cyclic garbage: the collector's full walks over it were a tenth
        # of an edit's build at 6,000 pages. It runs again while a page is read or rendered, which
        # makes such garbage (a full build without it holds 200 MB more at 6,000 pages).
        self.collector.pause()
        self._end_replay()
        self._page_steps = replace_page_steps(self.replay.populate, self.replay.build)

    def _end_replay(self) -> None:
        if self._page_steps is not None:
            self._page_steps.restore()
            self._page_steps = None

    def _end_build_patches(self) -> None:
        """The engine's listing of theme files and mkdocs-static-i18n's link lookup, its own again."""
        if self._theme_listed is not None:
            self._theme_listed()
            self._theme_listed = None
        if self._file_lookup is not None:
            self._file_lookup()
            self._file_lookup = None

    def on_build_error(self, error: Exception) -> None:
        self._end_replay()
        self._end_build_patches()
        self.replay = None
        self.collector.resume()
        self._remove_earlier_site()

    @property
    def _source_built(self) -> bool:
        """Whether the source locale's pages are beside this build's where they are served: not in a
        preview of a translated locale (a shard's are, once the shards are merged)."""
        source = self.project.locales.source if self.project else None
        return not (self.serving and self.only) or (source is not None and source.code in self.only)

    def _reference_url(self, config: MkDocsConfig):
        """A finding code -> its reference page, from the site's root, as the locale being built links to it."""
        source = self.state.site.source_folder if self.state else None
        return lambda code: reference_url(code, self.current_language, source, self._source_built, config.use_directory_urls)

    def on_env(self, env, config: MkDocsConfig, files: Files):
        super().on_env(env, config, files)
        env.bytecode_cache = self.templates  # each language build's new environment reuses what the first compiled
        NavEntries().install(env)  # each entry of the navigation rendered once per language build (navmemo)
        if self.replay is not None and self._page_steps is not None:  # every page is read now
            self.replay.confirm(files, config, self._page_steps.populate)
        if self.build_cache is not None:
            CachedTemplates(self.build_cache, lambda: self.current_language).install(env, config)
        # The 404 page, rendered next, shows the language switcher as configured (each locale's home):
        # mkdocs-static-i18n sets it per page as an attribute of config.extra, which templates read
        # before the key, and left it as the previous language build's last page had it.
        vars(config.extra).pop("alternate", None)
        return env

    def _readers_files(self, files: Files) -> Files:
        """Without translation stubs (the source's page is served in their place, as for a missing
        translation) and, unless this build publishes them, without the team's folders."""
        assert self.project is not None and self.state is not None
        team = [] if self.team_pages else self.project.settings.team_folders
        kept = []
        for file in files:
            if team and is_team_file(file.src_uri, team):
                continue
            article = (
                self.state.articles.get(os.path.abspath(file.abs_src_path)) if file.abs_src_path and file.src_uri.endswith(".md") else None
            )
            if article is not None and self.state.is_stub(article):
                continue
            kept.append(file)
        return Files(kept)

    @event_priority(-100)  # as mkdocs-static-i18n's own
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files):
        nav = navigation.one_section_per_folder(super().on_nav(nav, config, files))
        if self.build_cache is not None:
            self.build_cache.reset_navigation()
        if self.replay is not None:
            self.replay.start_language(self.current_language, files, config)
        if self.dirty and self.state is not None:
            navigation.titles_from_articles(nav, self.state.article_of, self.project)
        return nav

    @event_priority(50)  # as mkdocs-static-i18n's own
    def on_page_context(self, context, page, config, nav):
        context = super().on_page_context(context, page, config, nav)
        return navigation.windowed_context(context, self.project.settings.nav_window if self.project else 0)

    @event_priority(50)  # as mkdocs-static-i18n's own
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files):
        markdown = super().on_page_markdown(markdown, page, config, files)
        assert self.project is not None and self.state is not None
        if self.build_cache is not None:  # keyed by the Markdown as the last on_page_markdown event leaves it
            self.build_cache.cache_render(page, self.current_language)
        if is_review_page(page.file):
            self._collect_findings()  # the queue shows each page's QA findings
            markdown = review_markdown(self.state, self.current_language)
        elif is_side_by_side_page(page.file) and self.side_by_side is not None:
            self._collect_findings()  # each finding is shown at its block
            markdown = self.side_by_side.markdown(page, config, self._reference_url(config))
        pages.escape_front_matter(page, self.project)
        if self.sanitizer is not None:  # values of the wrong form left out, text escaped: templates print them as they are
            self.sanitizer.page_meta(page.meta)
        written = self.state.article_of(page)
        if written is not None:
            markdown = pages.without_broken_front_matter(markdown, written)
        article = self.state.docfx_source_of(page)  # YAML pages too
        if article is not None and self.frame is not None:  # after the sanitizer: the status and date it sets are helpsite's own, escaped
            self.frame.mark(page, article, self.current_language)  # a fallback copy's marker, the date
        if article is not None and uses_docfx(markdown):
            rendered = pages.render_docfx(markdown, article, self.state)
            markdown = rendered.markdown
            if blocked := pages.unpublishable(rendered.findings):
                return self._unpublished(page, blocked)
        if self.state.article_of(page) is not None:
            locales, language = self.project.locales, self.current_language
            pages.guard_render(page, lambda: pages.unpublished_markdown(language, locales))
        if article is not None and needs_rewriting(markdown):
            markdown = rewrite_links(markdown, article.locale, article.relpath, *self.state.links)
        return markdown

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        self.markdown.render(page)  # before on_page_markdown: the build cache and the guards wrap it
        return page

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        """A page whose input is over a limit is never read by MkDocs (whose front-matter loader has
        none): it gets a notice instead, and the build an error."""
        article = self.state.article_of(page) if self.state else None
        blocked = pages.unpublishable(article.problems) if article is not None else []
        return self._unpublished(page, blocked) if blocked else None

    def _unpublished(self, page: Page, findings: list) -> str:
        assert self.project is not None
        if page.file.src_uri not in self._unpublished_reported:  # once, not again for each language's fallback copy
            self._unpublished_reported.add(page.file.src_uri)
            pages.report_unpublished(page, findings)
        return pages.unpublished_markdown(self.current_language, self.project.locales)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files):
        shown = self.state.docfx_source_of(page) if self.state else None
        if self.sanitizer is not None and self.project is not None:  # every page's body, before notices are added
            html, removed = self._sanitized(html, shown, page)
            log_findings(removed, self.project.settings)
            if "title" not in page.meta and page.title:  # a heading's title as text: Material's striptags would unescape it
                page.meta["title"] = text_title(page.title)
        if shown is not None and self.state is not None and self.project is not None:
            log_findings(pages.raw_docfx_on_page(html, shown, self.state, enabled_codes(self.project)), self.project.settings)
        article = shown  # a YAML page not translated is a fallback copy too
        if article is None or self.project is None:
            return html
        if article.locale != self.current_language:  # a translation's notices come from the site's hooks
            html = pages.with_fallback_notice(html, article, page, config, self.current_language, self.project.locales)
        return html + (self.frame.related(page, article, self.current_language) if self.frame is not None else "")

    def _sanitized(self, html: str, shown, page: Page) -> tuple[str, list]:
        """The sanitizer's body and findings; a body it removes nothing from is kept in the build cache."""
        assert self.sanitizer is not None
        cache = self.build_cache
        if cache is None:
            return self.sanitizer.page_content(html, shown, page.markdown, page.file.src_uri)
        key = cache.clean_key(html)
        kept = cache.cleaned(key)
        if kept is not None:
            return kept, []
        cleaned, removals = self.sanitizer.cleaned(html)
        if removals:  # reported every build, from the page as it is
            cache.removals += 1
            return self.sanitizer.page_content(html, shown, page.markdown, page.file.src_uri)
        cache.put_text("clean", key, cleaned)
        return cleaned, []

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig):
        """Each locale's 404 page (every language build writes the theme's at the root), searching
        its own locale's index."""
        if template_name == "404.html" and self.publishing is not None:
            output_content = search.point_at_locale_index(output_content, self.current_language, self.publishing.publication)
            self.not_found.keep(self.current_language, output_content)
        return output_content

    def on_serve(self, server, config: MkDocsConfig, builder):
        """Each locale's 404 page for a missing page of its own; the address MkDocs prints (and
        opens): a preview of a translated locale is at its folder."""
        if self.publishing is not None:
            prefixes = [self.publishing.publication.prefix(code) for code in self.publishing.publication.built]
            serve_not_found_per_locale(server, config.site_dir, prefixes)
        if self.outer_locale and not self._source_built:
            server.url = preview_address(server.url, f"{self.outer_locale}/")
        return server

    @event_priority(-100)  # as mkdocs-static-i18n's own
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig):
        output = super().on_post_page(output, page, config)
        if self.sanitizer is not None and not self.serving:  # not while serving: MkDocs' live reload is an inline script
            output = self.sanitizer.with_policy(output)
        split = output.find("</head>")
        if self.state is None or self.publishing is None or split < 0:
            return output
        # The head and the body are edited apart: each pattern scans the few KiB it concerns.
        head, body = output[:split], output[split:]
        body = search.point_at_locale_index(body, self.current_language, self.publishing.publication)
        article = self.state.docfx_source_of(page)  # YAML pages too: their head, sitemap entry and search as any page's
        if self.serving and article is not None and article.locale == self.current_language:
            findings = self.state.findings_by_path.get(article.display_path, [])
            body = pages.with_findings_panel(body, findings, page, self._reference_url(config))
        robots = robots_rule(self.state, self.noindex_rule)
        return page_head(head, page, article, self.current_language, self.state, self.publishing, robots) + body

    def reconfigure_search_index(self, config: MkDocsConfig) -> None:
        """Replaces mkdocs-static-i18n's, which is quadratic (helpsite.mkdocs.search.newest_entries)."""
        self.search_entries = search.newest_entries(self.search_entries)
        publishing = None if self.serving else self.publishing  # a preview's: Material keeps the index between dirty rebuilds
        combined = None if publishing is None else search.combined_index(config, self.search_entries)
        if publishing is None or combined is None:  # or another search plugin's
            search.write_search_plugins_index(config, self.search_entries)
        else:
            publishing.search_index = combined

    @event_priority(-100)  # as mkdocs-static-i18n's own
    def on_post_build(self, config: MkDocsConfig):
        self._restrict_next_read = bool(self.only) and not self.building
        super().on_post_build(config)
        self._restrict_next_read = False
        if self.building:
            return  # a language build inside the outer one
        self._collect_findings()
        if self.publishing is not None:
            finish(self.publishing, self.written_locales, self.serving, self.not_found, self.part)
            if self.state is not None:  # after the sitemaps and search indexes, which never list redirect pages
                publication = self.publishing.publication
                publish_redirects(self.publishing.site_root, self.state.project, self.state.site, publication, self.written_locales)
        self._end_replay()
        self._end_build_patches()
        self.replay = None
        if self.build_cache is not None:
            self.build_cache.save()
            log.info(self.build_cache.summary())
            self.build_cache = None
        self.collector.resume()
        self._remove_earlier_site()

    def _collect_findings(self) -> None:
        """The background check's findings, once it ends (logged then, inside the build, so --strict counts them)."""
        assert self.project is not None
        findings = self.checks.wait(self.project.settings)
        if findings is not None and self.state is not None:
            self.state.use_findings(findings)
