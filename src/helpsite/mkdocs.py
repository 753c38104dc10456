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

from .config import SETTING_NAMES, Project, Settings
from .engine import run_check
from .errors import ConfigError
from .model import Finding, Severity
from .report.text import format_finding

log = logging.getLogger("mkdocs.plugins.helpsite")
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
        if self.project is not None and Path(config.docs_dir).resolve() != self.project.docs_dir:
            self.project.docs_dir = Path(config.docs_dir).resolve()
        return config

    def on_files(self, files: Files, config: MkDocsConfig):
        if not self.building:  # the outer build; mkdocs-static-i18n re-enters build() per language
            self._run_checks()
        return super().on_files(files, config)

    def _run_checks(self) -> None:
        assert self.project is not None
        try:
            result = run_check(self.project, external=self.project.settings.external_links)
        except ConfigError as exc:
            raise PluginError(str(exc)) from None
        self.findings = result.findings
        threshold = Severity.parse(self.project.settings.build_fail_on)
        for finding in result.findings:
            if finding.severity >= threshold:
                log.warning(format_finding(finding))
            else:
                log.info(format_finding(finding))
