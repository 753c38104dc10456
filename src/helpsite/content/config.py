"""The project: where docs, locales and the schema are, and helpsite's site-wide settings.

Settings live under the ``helpsite`` plugin's key in ``mkdocs.yml``. The build gets them from
MkDocs (validated by the plugin's config options); the CLI reads the same file here without
importing MkDocs, so the build and ``helpsite check`` always agree.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from helpsite.content.locales import Locales
from helpsite.errors import ConfigError


@dataclass(slots=True)
class ExternalSettings:
    concurrency: int = 32  # requests in flight overall
    per_host: int = 8  # requests in flight per host
    timeout: float = 10.0  # seconds per request (connect and answer)
    retries: int = 2  # further attempts after a timeout, a refused connection, 429 or 503
    max_redirects: int = 5
    max_retry_after: float = 30.0  # longest Retry-After honoured, in seconds
    ttl_ok_hours: float = 24.0 * 7
    ttl_fail_hours: float = 1.0


@dataclass(slots=True)
class ReviewSettings:
    """Which front-matter keys carry the translation workflow, and what their values mean."""

    translation_type_key: str = "ms.translationtype"
    machine_translated: list[str] = field(default_factory=lambda: ["MT", "MTE75", "MTE95"])
    reviewed_value: str = "HT"  # what `review mark` sets the translation type to
    reviewer_key: str = "helpsite.reviewer"
    review_date_key: str = "helpsite.reviewdate"
    source_hash_key: str = "ms.openlocfilehash"
    source_commit_key: str = "ms.sourcegitcommit"
    handoff_key: str = "ms.lasthandoff"
    priority_keys: list[str] = field(default_factory=lambda: ["ms.localizationpriority", "localization_priority"])
    # Keep machine-translated pages out of web search engines (<meta name="robots" content="noindex">).
    noindex_machine_translated: bool = True


@dataclass(slots=True)
class Settings:
    locales_dir: str = "locales"
    schema: str = "schema/article.schema.json"
    max_file_bytes: int = 5 * 1024 * 1024
    # Language detection (LOC004): judge only pages with this much running text, and only
    # report when the detector is this sure; see the rule's documentation.
    language_min_letters: int = 200
    language_min_confidence: float = 0.99
    # Codes (or prefixes) switched off or on for the whole site, ruff-style.
    ignore: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    # URL hygiene: hosts that moved (old -> new), and hosts allowed over plain http://.
    moved_hosts: dict[str, str] = field(default_factory=lambda: {"docs.microsoft.com": "learn.microsoft.com"})
    # Sites that choose the reader's language when a URL names none: a locale in their URLs is L10N015.
    locale_neutral_hosts: list[str] = field(default_factory=lambda: ["microsoft.com", "office.com"])
    http_allowed_hosts: list[str] = field(default_factory=lambda: ["localhost", "127.0.0.1", "[::1]"])
    # External links: checked by `helpsite check --external`, and in builds when external_links is true.
    external_links: bool = False
    external: ExternalSettings = field(default_factory=ExternalSettings)
    review: ReviewSettings = field(default_factory=ReviewSettings)
    # ROBOTS noindex speaks to web crawlers; the site's own search keeps such pages unless this is true.
    search_exclude_noindex: bool = False
    # Material writes the whole navigation into every page, so pages grow with the site and a build
    # grows with its square; pruned, a page holds the navigation a reader can see (Material's
    # navigation.prune: other sections load when opened).
    prune_navigation: bool = True
    # With pruning, a page still lists every page of its own section; a long section shows this many
    # around the current page (and its index page) instead, so pages do not grow with the site. 0: all.
    nav_window: int = 40
    # Build (and serve) this locale only, for a fast preview; HELPSITE_PREVIEW_LOCALE overrides it.
    preview_locale: str = ""
    # Build these locales only: one shard of a site built by several jobs (HELPSITE_BUILD_LOCALES=nl,de).
    build_locales: list[str] = field(default_factory=list)
    # During a build, findings at this severity or above are MkDocs warnings (so --strict fails);
    # lower ones are logged at info level.
    build_fail_on: str = "error"
    # Where `helpsite check` keeps what it found per file (so a second run re-checks only what
    # changed) and the external-link results; relative to mkdocs.yml. "": no check cache.
    cache_dir: str = ".helpsite-cache"

    @classmethod
    def from_mapping(cls, values: dict[str, Any], *, source: str = "mkdocs.yml") -> Settings:
        """Validate the ``helpsite`` plugin options; keys that belong to mkdocs-static-i18n are left to it."""
        settings = _apply(cls(), values, source, "")
        if settings.build_fail_on not in ("info", "warning", "error"):
            raise ConfigError(f"{source}: build_fail_on must be info, warning or error")
        return settings


def _apply(target: Any, values: dict[str, Any], source: str, prefix: str) -> Any:
    """Set a dataclass's fields from a mapping, each value checked against the type of its default."""
    for spec in dataclasses.fields(target):
        if spec.name not in values:
            continue
        value, default, name = values[spec.name], getattr(target, spec.name), prefix + spec.name
        if dataclasses.is_dataclass(default):
            if not isinstance(value, dict):
                raise ConfigError(f"{source}: helpsite option '{name}' must be a mapping")
            unknown = set(value) - {f.name for f in dataclasses.fields(default)}
            if unknown:
                raise ConfigError(f"{source}: unknown helpsite option '{name}.{sorted(unknown)[0]}'")
            _apply(default, value, source, name + ".")
            continue
        expected = type(default)
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or isinstance(value, bool) != isinstance(default, bool):
            raise ConfigError(f"{source}: helpsite option '{name}' must be {expected.__name__}, not {value!r}")
        setattr(target, spec.name, value)
    return target


SETTING_NAMES = frozenset(spec.name for spec in dataclasses.fields(Settings))


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as data: MkDocs' own tags (!ENV, !!python/name:...) become plain values."""


def _construct_any(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("!", _construct_any)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_any)


@dataclass(slots=True)
class Project:
    root: Path
    docs_dir: Path
    settings: Settings
    locales: Locales
    config_file: Path | None = None
    site_url: str | None = None

    @property
    def schema_path(self) -> Path:
        return self.root / self.settings.schema

    @classmethod
    def load(cls, config_file: Path | None = None, *, start: Path | None = None) -> Project:
        """Find mkdocs.yml (given, or in ``start`` or its parents) and read helpsite's part of it."""
        config_file = config_file or _find_config(start or Path.cwd())
        if config_file is None:
            raise ConfigError("no mkdocs.yml found here or above; run helpsite from the site's folder or pass --config")
        try:
            raw = yaml.load(config_file.read_text(encoding="utf-8-sig"), Loader=_TolerantLoader) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{config_file}:{mark.line + 1}" if mark else str(config_file)
            raise ConfigError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
        except OSError as exc:
            raise ConfigError(f"{config_file}: cannot read: {exc.strerror}") from None
        root = config_file.parent.resolve()
        options = plugin_options(raw.get("plugins"))
        settings = Settings.from_mapping(options, source=str(config_file))
        return cls.from_settings(
            root, settings, docs_dir=raw.get("docs_dir", "docs"), config_file=config_file, site_url=raw.get("site_url")
        )

    @classmethod
    def from_settings(
        cls, root: Path, settings: Settings, *, docs_dir: str | Path = "docs", config_file: Path | None = None, site_url: str | None = None
    ) -> Project:
        locales = Locales.load(root / settings.locales_dir)
        return cls(root, (root / docs_dir).resolve(), settings, locales, config_file, site_url)


def plugin_options(plugins: Any) -> dict[str, Any]:
    """The ``helpsite`` entry of mkdocs.yml's plugins (a list of names or one-key mappings, or a mapping)."""
    if isinstance(plugins, dict):
        entries = plugins.items()
    else:
        entries = [(next(iter(p)), next(iter(p.values()))) if isinstance(p, dict) else (p, {}) for p in plugins or []]
    for name, options in entries:
        if name == "helpsite":
            return dict(options or {})
    return {}


def _find_config(start: Path) -> Path | None:
    start = start.resolve()
    for folder in [start, *start.parents]:
        candidate = folder / "mkdocs.yml"
        if candidate.is_file():
            return candidate
    return None
