"""What a reader sees around an article, in the reader's language: the frame (site name, the browser
tab's title, the footer, Material's own UI strings), a 404 page per locale, the date of the last
update, related articles, "Was this page helpful?", a marker on fallback pages in the navigation,
and the team's pages published only where the site owner says.

helpsite's templates (``src/helpsite/templates``) sit between a site's ``custom_dir`` and Material's
own, so a site's overrides still win; they read the strings of the language being built from
``config.extra.helpsite`` (escaped here, by ``helpsite.publishing.sanitize``: MkDocs' templates do not escape).
"""

from __future__ import annotations

import datetime
import importlib.util
import os
import threading
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from helpsite.content.config import Project, Settings
from helpsite.content.locales import Locale, Locales
from helpsite.mkdocs.scope import TEAM_PAGES_ENV
from helpsite.mkdocs.state import SiteState
from helpsite.model import Article
from helpsite.publishing.notices import FALLBACK_STATUS
from helpsite.publishing.publish import Publication
from helpsite.publishing.reader import RelatedIndex, article_date, last_updated_html, related_html
from helpsite.publishing.sanitize import html_text
from helpsite.publishing.titles import display_title
from helpsite.translation.review import GitHistory

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_ASSETS = Path(__file__).resolve().parent.parent / "assets"
ALTERNATES_SCRIPT = "assets/helpsite/alternates.js"
FEEDBACK_SCRIPT = "assets/helpsite/feedback.js"
_MATERIAL = importlib.util.find_spec("material")  # Material's templates, found without importing it
_MATERIAL_TEMPLATES = Path(_MATERIAL.origin).resolve().parent / "templates" if _MATERIAL and _MATERIAL.origin else Path("/nonexistent")
_MATERIAL_LANGUAGES = _MATERIAL_TEMPLATES / "partials" / "languages"


def team_pages_published(settings: Settings, serving: bool) -> bool:
    """Whether this build publishes the team's pages: ``HELPSITE_TEAM_PAGES`` (1/0) if set, else
    the ``team_pages`` option (``serve``: when serving only)."""
    forced = os.environ.get(TEAM_PAGES_ENV, "").strip().lower()
    if forced in ("1", "true", "yes"):
        return True
    if forced in ("0", "false", "no"):
        return False
    return settings.team_pages == "always" or (settings.team_pages == "serve" and serving)


def is_team_file(src_uri: str, team_folders: list[str]) -> bool:
    """A page of a team folder in any locale (``nl/writers/index.md``)."""
    parts = src_uri.split("/")
    return len(parts) > 2 and parts[1] in team_folders


def material_language(locale: Locale) -> str:
    """Material's translation of its own UI for a locale: its tag (``pt-BR``), else its code, else
    its language (``nl`` for ``nl-BE``); English when Material has none."""
    for candidate in (locale.tag, locale.code, locale.language):
        if (_MATERIAL_LANGUAGES / f"{candidate}.html").is_file():
            return candidate
    return "en"


def language_overrides(locale: Locale, locales: Locales) -> dict:
    """mkdocs-static-i18n's per-language settings from locales/: the site's name, the copyright
    (escaped: Material prints both as they are) and Material's UI language."""
    overrides: dict = {"theme": {"language": material_language(locale)}}
    for key in ("site_name", "copyright"):
        text = locales.text(locale.code, key)
        if text:
            overrides[key] = html_text(text)
    return overrides


def use_templates(config: MkDocsConfig) -> None:
    """helpsite's templates before the theme's own, after the site's ``custom_dir``."""
    dirs = config.theme.dirs
    if str(TEMPLATES) in dirs:
        return
    theme_dir = next((i for i, folder in enumerate(dirs) if Path(folder).resolve() == _MATERIAL_TEMPLATES), None)
    dirs.insert(theme_dir if theme_dir is not None else len(dirs) - 1, str(TEMPLATES))


def configure_language(config: MkDocsConfig, locale: str, project: Project, publication_prefix: str) -> None:
    """The strings helpsite's templates show in the language being built, Material's status title
    of fallback pages and, when ``feedback_url`` is set, Material's feedback widget."""
    locales, settings = project.locales, project.settings

    def text(key: str) -> str:
        return html_text(locales.text(locale, key))

    config.extra["helpsite"] = {
        "title_suffix": text("title_suffix") or html_text(config.site_name),
        "made_with": text("made_with"),
        "not_found_title": text("not_found_title"),
        "not_found_text": text("not_found_text"),
        "not_found_home": text("not_found_home"),
        "home": publication_prefix,
        "alternates_script": ALTERNATES_SCRIPT,
    }
    config.extra["status"] = {**(config.extra.get("status") or {}), FALLBACK_STATUS: text("fallback_status")}
    toc = config.mdx_configs.get("toc") if "toc" in config.markdown_extensions else None
    if isinstance(toc, dict) and toc.get("permalink"):  # the ¶ link's tooltip; toc escapes it itself
        toc["permalink_title"] = locales.text(locale, "permalink_title")
    if "footnotes" in config.markdown_extensions:  # the ↩ link's tooltip; footnotes fills in the number with %
        footnotes = config.mdx_configs.setdefault("footnotes", {})
        footnotes["BACKLINK_TITLE"] = locales.text(locale, "footnote_backlink_title").replace("%", "%%").replace("{number}", "%d")
    if settings.feedback_url:
        config.extra["analytics"] = {
            "provider": "helpsite",  # partials/integrations/analytics/helpsite.html: no third party
            "endpoint": html_text(settings.feedback_url),
            "script": FEEDBACK_SCRIPT,
            "feedback": {
                "title": text("feedback_title"),
                "ratings": [
                    {"icon": "material/emoticon-happy-outline", "name": text("feedback_yes"), "data": 1, "note": text("feedback_thanks")},
                    {"icon": "material/emoticon-sad-outline", "name": text("feedback_no"), "data": 0, "note": text("feedback_thanks")},
                ],
            },
        }
    else:
        config.extra.pop("analytics", None)


def scripts(config: MkDocsConfig, feedback: bool) -> list[File]:
    """helpsite's scripts, same-origin: the head's alternates guard, and the feedback sender when asked."""
    files = [File.generated(config, ALTERNATES_SCRIPT, content=(_ASSETS / "alternates.js").read_bytes())]
    if feedback:
        files.append(File.generated(config, FEEDBACK_SCRIPT, content=(_ASSETS / "feedback.js").read_bytes()))
    return files


class PageFrame:
    """Per build: what each page shows beside its text (last updated, related articles, fallback status)."""

    def __init__(self, state: SiteState, publication: Publication) -> None:
        self.state, self.publication = state, publication
        settings = state.project.settings
        self.related_index = RelatedIndex(state.site, state.for_team)
        self.limit = settings.related_articles
        self._git_dates: dict[str, datetime.date] | None = None

    def mark(self, page: Page, article: Article, locale: str) -> None:
        """Before the page is rendered: its last update in the reader's format (Material's
        ``revision_date``) and, on a fallback copy, the navigation's status."""
        locales = self.state.project.locales
        if article.locale != locale:
            page.meta["status"] = FALLBACK_STATUS
        day = self.date_of(article)
        if day is not None and locale in locales.by_code:
            page.meta["revision_date"] = Markup(last_updated_html(day, locales.by_code[locale].tag, locales.text(locale, "last_updated")))

    def related(self, page: Page, article: Article, locale: str) -> str:
        """The related articles' links at the end of the page, titled in the reader's language."""
        links = []
        for relpath in self.related_index.related(article.relpath, self.limit):
            shown = self.state.published_article(locale, relpath)
            if shown is None or not shown.title:
                continue
            links.append(
                (get_relative_url(self.publication.url(locale, relpath), page.url), display_title(shown.title, self.state.project))
            )
        return related_html(self.state.project.locales.text(locale, "related_title"), links)

    def date_of(self, article: Article) -> datetime.date | None:
        """The day a page says it was last updated: its ``ms.date``, else its last commit's."""
        return article_date(article) or self._git_date(article)

    def _git_date(self, article: Article) -> datetime.date | None:
        if self._git_dates is None:  # asked once per build, and only when a page has no ms.date
            self._git_dates = GitHistory(self.state.project.root).last_commit_dates(self.state.project.docs_dir)
        return self._git_dates.get(str(article.path.resolve()))


class NotFoundPages:
    """One 404 page per locale: each language build renders Material's 404.html at the site's root;
    helpsite keeps each and writes it to its locale's folder (the source's at the root)."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}

    def keep(self, locale: str, output: str) -> None:
        self.pages[locale] = output

    def write(self, root: Path, publication: Publication, here: list[str]) -> None:
        for locale in here:
            if locale in self.pages:
                folder = root / publication.prefix(locale)
                folder.mkdir(parents=True, exist_ok=True)
                (folder / "404.html").write_text(self.pages[locale], encoding="utf-8")


def serve_not_found_per_locale(server, site_dir: str, prefixes: list[str]) -> None:
    """`mkdocs serve` answers a missing page with the 404 page of the locale its path is in
    (``/nl/...`` gets ``nl/404.html``), as a web server configured per location does."""
    asked = threading.local()
    serve_request: Callable = server.serve_request
    error_handler: Callable = server.error_handler
    mount = getattr(server, "mount_path", "/")

    def remember_path(environ, start_response):
        asked.path = environ.get("PATH_INFO", "")
        return serve_request(environ, start_response)

    def per_locale(code: int) -> bytes | None:
        path = getattr(asked, "path", "")[len(mount) :] if getattr(asked, "path", "").startswith(mount) else ""
        prefix = next((p for p in prefixes if p and (path + "/").startswith(p)), "")
        page = os.path.join(site_dir, prefix, f"{code}.html")
        if code == 404 and prefix and os.path.isfile(page):
            with open(page, "rb") as handle:
                return handle.read()
        return error_handler(code)

    server.set_app(remember_path)
    server.error_handler = per_locale
