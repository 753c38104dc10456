"""The plugin's configuration, read before any event runs.

helpsite's options are MkDocs ``config_options`` generated from their one declaration
(``helpsite.content.config``), each validated by that declaration, so ``mkdocs build`` refuses what
``helpsite check`` refuses, with the same message. mkdocs-static-i18n's ``languages`` are filled
from ``locales/``: MkDocs validates them while it loads mkdocs.yml, which is why this happens in
the plugin's ``load_config`` and not in a hook.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs_static_i18n.config import I18nPluginConfig

from helpsite.checks.registry import RULES
from helpsite.content.config import OPTIONS, Option, Project, SettingError, Settings
from helpsite.content.docfx import MARKDOWN_EXTENSIONS
from helpsite.content.locales import Locale
from helpsite.errors import ConfigError
from helpsite.mkdocs.files import STYLESHEET
from helpsite.mkdocs.reader import language_overrides, use_templates
from helpsite.mkdocs.scope import locales_to_build
from helpsite.publishing.sanitize import escaped_texts, html_text


class DeclaredOption(c.BaseConfigOption):
    """One helpsite option, as MkDocs' typed options are, validated by its declaration."""

    def __init__(self, declared: Option) -> None:
        super().__init__()
        self.declared = declared
        self.default = {} if declared.group is not None else declared.default  # a group's defaults are its options'

    def run_validation(self, value: object) -> Any:
        try:
            return self.declared.read(value, RULES)
        except SettingError as exc:
            raise ValidationError(exc.message) from None


# helpsite's options beside mkdocs-static-i18n's own.
HelpsiteConfig = type("HelpsiteConfig", (I18nPluginConfig,), {declared.name: DeclaredOption(declared) for declared in OPTIONS})


class OptionError(Exception):
    """A configuration MkDocs must refuse: the option it concerns, and why."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


@dataclass(frozen=True, slots=True)
class Configured:
    project: Project
    languages: list[dict]  # mkdocs-static-i18n's `languages`
    only: list[str]  # the locales this build writes (a preview's or a shard's); empty: all
    outer_locale: str | None  # the locale of the outer build, the first of `only` in the site's order


def configure(options: dict, config_file_path: str | None) -> Configured:
    """The project of mkdocs.yml, its helpsite options as MkDocs read them, and the languages; or OptionError."""
    try:
        project = Project.load(Path(config_file_path) if config_file_path else None, codes=RULES)
        project.settings = Settings.from_mapping(options, codes=RULES)  # as MkDocs read them (!ENV resolved)
    except SettingError as exc:
        raise OptionError(exc.option, exc.message) from None
    except ConfigError as exc:
        raise OptionError("locales_dir", str(exc)) from None
    languages = i18n_languages(project)
    if not any(lang["default"] for lang in languages):
        source = project.locales.source.code if project.locales.source else "?"
        raise OptionError("locales_dir", f"the source locale '{source}' has no folder in {project.docs_dir}")
    only = locales_to_build(project)
    codes = [lang["locale"] for lang in languages]
    unknown = [code for code in only if code not in codes]
    if unknown:
        raise OptionError("build_locales", f"no locale '{unknown[0]}' to build (locales with a docs folder: {', '.join(codes)})")
    return Configured(project, languages, only, next((code for code in codes if code in only), None))


def i18n_languages(project: Project) -> list[dict]:
    """mkdocs-static-i18n's ``languages`` option, from locales/: every locale that has a docs folder."""
    languages = []
    for locale in project.published_locales:
        language = {"locale": locale.code, "name": html_text(locale.name), "default": locale.source, "build": True}
        language.update(language_overrides(locale, project.locales))  # site name, copyright, Material's UI language
        if locale.nav:
            language["nav_translations"] = escaped_texts(locale.nav)  # Material prints both as they are
        languages.append(language)
    return languages


def configure_theme(config: MkDocsConfig, settings: Settings, locale: Locale | None) -> None:
    """Material's navigation pruning (when asked) and breadcrumbs, the text direction of the locale
    being built, what the DocFX transform's Markdown needs (its extensions, linked content tabs),
    helpsite's templates and stylesheet."""
    features = config.theme.get("features")
    material = config.theme.name == "material"
    if settings.prune_navigation and material and isinstance(features, list) and "navigation.prune" not in features:
        features.append("navigation.prune")
    if material and isinstance(features, list) and "navigation.path" not in features:
        features.append("navigation.path")  # breadcrumbs above the title: the sections a page is in
    if material:
        use_templates(config)
    if material and locale is not None:
        # mkdocs-static-i18n sets Material's language per build; the direction is the locale file's,
        # not a guess from the language (<body dir>, and Material's layout with it).
        config.theme["direction"] = locale.direction
    for name, options in MARKDOWN_EXTENSIONS.items():  # a site's own configuration of one is kept
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
            config.mdx_configs.setdefault(name, dict(options))
    if material and isinstance(features, list) and "content.tabs.link" not in features:
        features.append("content.tabs.link")  # zone pivots: choosing one in a set of tabs chooses it in all
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
