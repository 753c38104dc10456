"""The project: where docs, locales and the schema are, and helpsite's site-wide settings.

Settings live under the ``helpsite`` plugin's key in ``mkdocs.yml``. Each option is declared once,
below, as a field of a settings dataclass: its type (the annotation), default, help text and the
values it allows (:func:`option`). Everything else reads that declaration: ``helpsite check``
validates the block here (:meth:`Settings.from_mapping`, without importing MkDocs), the MkDocs
plugin's ``config_options`` are generated from it (``helpsite.mkdocs.config``), and the README's
table of options is :func:`options_table_markdown`. So the build and the CLI accept and refuse the
same values, with the same messages.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import typing
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from helpsite.content.locales import Locale, Locales
from helpsite.errors import ConfigError
from helpsite.model import Severity

# Options of mkdocs-static-i18n, the plugin helpsite extends: passed to it, validated by it. A test
# keeps this list equal to the plugin's own; `languages` is refused (they come from locales/).
I18N_OPTIONS = frozenset({"build_only_locale", "docs_structure", "fallback_to_default", "reconfigure_material", "reconfigure_search"})
REFUSED_OPTIONS = {"languages": "is refused: languages come from the locales/ folder; remove them from mkdocs.yml"}


class SettingError(ConfigError):
    """A value of the ``helpsite`` block that its declaration refuses; ``key`` names it (``ignore[0]``)."""

    def __init__(self, key: str, problem: str, source: str = "mkdocs.yml") -> None:
        self.key, self.problem, self.source = key, problem, source
        super().__init__(f"{source}: {self.message}")

    @property
    def message(self) -> str:
        """The error without the file's name: MkDocs' own message names the file and the plugin."""
        return f"helpsite option '{self.key}' {self.problem}" if self.key else f"the helpsite plugin's options {self.problem}"

    @property
    def option(self) -> str:
        """The top-level option the error is in (``external`` for ``external.timeout``)."""
        return self.key.split(".", 1)[0].split("[", 1)[0]


def option(
    help: str, *, choices: tuple[str, ...] = (), minimum: float | None = None, maximum: float | None = None, codes: bool = False
) -> dict[str, Any]:
    """A setting's declaration beside its dataclass field's type and default (``field(metadata=...)``):
    its help text (the README's table) and the values it allows: one of ``choices``, a number within
    ``minimum``/``maximum``, or (``codes``) finding codes or prefixes of them, as ``--select`` takes."""
    return {"help": help, "choices": choices, "minimum": minimum, "maximum": maximum, "codes": codes}


@dataclass(slots=True)
class ExternalSettings:
    concurrency: int = field(default=32, metadata=option("requests in flight overall", minimum=1))
    per_host: int = field(default=8, metadata=option("requests in flight per host", minimum=1))
    timeout: float = field(default=10.0, metadata=option("seconds per request (connect and answer)", minimum=0.001))
    retries: int = field(default=2, metadata=option("further attempts after a timeout, a refused connection, 429 or 503", minimum=0))
    max_redirects: int = field(default=5, metadata=option("redirects followed, one by one, before giving up", minimum=0))
    max_retry_after: float = field(default=30.0, metadata=option("longest `Retry-After` honoured, in seconds", minimum=0))
    ttl_ok_hours: float = field(default=24.0 * 7, metadata=option("how long a working link's result is reused", minimum=0))
    ttl_fail_hours: float = field(default=1.0, metadata=option("how long a failure's result is reused", minimum=0))


@dataclass(slots=True)
class ReviewSettings:
    """Which front-matter keys carry the translation workflow, and what their values mean."""

    translation_type_key: str = field(default="ms.translationtype", metadata=option("the key that says how a page was translated"))
    machine_translated: list[str] = field(
        default_factory=lambda: ["MT", "MTE75", "MTE95"], metadata=option("its values that mean machine-translated")
    )
    reviewed_value: str = field(default="HT", metadata=option("what `helpsite review mark` sets the translation type to"))
    reviewer_key: str = field(default="helpsite.reviewer", metadata=option("the key `review mark` writes the reviewer's name to"))
    review_date_key: str = field(default="helpsite.reviewdate", metadata=option("the key `review mark` writes the date to"))
    source_hash_key: str = field(default="ms.openlocfilehash", metadata=option("the key holding the source's hash at hand-off"))
    source_commit_key: str = field(default="ms.sourcegitcommit", metadata=option("the key holding the source's git commit at hand-off"))
    handoff_key: str = field(default="ms.lasthandoff", metadata=option("the key holding the hand-off date"))
    owner_key: str = field(default="helpsite.owner", metadata=option("the key naming who the page's translation or review is assigned to"))
    due_key: str = field(default="helpsite.due", metadata=option("the key holding the date the translation or review is due (MM/DD/YYYY)"))
    priority_keys: list[str] = field(
        default_factory=lambda: ["ms.localizationpriority", "localization_priority"],
        metadata=option("keys of the page's priority, first found wins"),
    )
    noindex_machine_translated: bool = field(
        default=True, metadata=option('keep machine-translated pages out of web search engines (`<meta name="robots" content="noindex">`)')
    )
    state_key: str = field(
        default="helpsite.state",
        metadata=option("the key of a translation's state: `stub` (written by `helpsite new --from`) is served as a missing page"),
    )


@dataclass(slots=True)
class DocfxSettings:
    """How DocFX-flavoured Markdown is rendered."""

    # One product version per site: the ``::: moniker range`` blocks that do not include it are dropped.
    moniker: str = field(
        default="",
        metadata=option(
            "the DocFX moniker this site documents (`contoso-2.1`): only matching `::: moniker` text is kept; `''`: a tab per range"
        ),
    )


@dataclass(slots=True)
class HtmlSettings:
    """What published HTML may hold beyond helpsite's allow-list (helpsite.checks.html): each addition
    is the site owner's decision, since everything else an article's HTML carries is removed."""

    # None by default: a page embeds nothing and asks no other host for anything.
    allow_iframe_hosts: list[str] = field(
        default_factory=list,
        metadata=option('hosts an `<iframe src="https://HOST/...">` may load (and the Content Security Policy\'s `frame-src`)'),
    )
    # Script-like elements (script, object, embed, base, meta, link, form ...) cannot be allowed.
    allow_tags: list[str] = field(default_factory=list, metadata=option("more elements published HTML may hold (`[video, source]`)"))
    # Event handlers (on*) and srcdoc cannot be allowed; URL attributes keep their scheme check.
    allow_attributes: dict[str, str] = field(
        default_factory=dict,
        metadata=option("more attributes, per element (`*`: every element), space-separated: `{img: srcset sizes}`"),
    )
    # Besides http(s), mailto and tel; javascript:, vbscript:, file: and (except images) data: never.
    allow_url_schemes: list[str] = field(
        default_factory=lambda: ["ms-settings", "feedback-hub"], metadata=option("more URL schemes links and sources may use (HTML003)")
    )
    # A redirect.html page's `location:` must then be an http(s) or relative URL.
    allow_templates: list[str] = field(
        default_factory=lambda: ["main.html"], metadata=option("templates a page may name in its `template:` front matter (META013)")
    )


@dataclass(slots=True)
class Settings:
    locales_dir: str = field(default="locales", metadata=option("the folder of locale files, relative to mkdocs.yml"))
    schema: str = field(default="schema/article.schema.json", metadata=option("the metadata schema, relative to mkdocs.yml"))
    max_file_bytes: int = field(default=5 * 1024 * 1024, metadata=option("larger files are reported (PARSE005), not read", minimum=1))
    # Limits on what an article may make the check and the build do: over one is a finding, and the
    # page is not published. Each default is far above real articles (README: threat model).
    max_front_matter_bytes: int = field(
        default=64 * 1024, metadata=option("a larger front matter block is reported (PARSE013), not parsed", minimum=1)
    )
    max_front_matter_values: int = field(
        default=10_000, metadata=option("values front matter may stand for once its YAML aliases are expanded (PARSE006)", minimum=1)
    )
    max_front_matter_expanded_bytes: int = field(
        default=1024 * 1024,
        metadata=option("bytes of text front matter may stand for once its YAML aliases are expanded (PARSE006)", minimum=1),
    )
    max_nesting_depth: int = field(
        default=32,
        metadata=option(
            "lists, blockquotes, emphasis, brackets and DocFX blocks nested deeper are reported (PARSE014, DFX009)", minimum=1, maximum=100
        ),
    )
    max_include_depth: int = field(default=10, metadata=option("DocFX includes nested deeper are reported (DFX009), not read", minimum=1))
    max_include_bytes: int = field(
        default=1024 * 1024, metadata=option("bytes of included files one page may expand to, each inclusion counted (DFX008)", minimum=1)
    )
    language_min_letters: int = field(
        default=200, metadata=option("LOC004 judges only pages with this many letters of running text", minimum=0)
    )
    language_min_confidence: float = field(
        default=0.99, metadata=option("LOC004 reports only when the language detector is at least this sure", minimum=0, maximum=1)
    )
    ignore: list[str] = field(
        default_factory=list, metadata=option("codes or prefixes switched off for the whole site, ruff-style", codes=True)
    )
    select: list[str] = field(default_factory=list, metadata=option("codes or prefixes switched on (empty: all)", codes=True))
    moved_hosts: dict[str, str] = field(
        default_factory=lambda: {"docs.microsoft.com": "learn.microsoft.com"}, metadata=option("hosts that moved, old to new (URL004)")
    )
    locale_neutral_hosts: list[str] = field(
        default_factory=lambda: ["microsoft.com", "office.com"],
        metadata=option("sites (and their subdomains) that pick the reader's language when a URL names none (L10N015)"),
    )
    http_allowed_hosts: list[str] = field(
        default_factory=lambda: ["localhost", "127.0.0.1", "[::1]"], metadata=option("hosts allowed over plain `http://` (URL003)")
    )
    # Root-relative links, Microsoft Learn style (README, Links): this site's URL prefixes, each with its
    # folder under docs/<locale>/; root links resolve in the reader's locale first, then the source's.
    site_paths: dict[str, str] = field(
        default_factory=dict, metadata=option("this site's root-link prefixes, each with its folder under `docs/<locale>/`")
    )
    # Other sites' prefixes, each with a base URL ("{locale}": the article's locale tag, lower-cased):
    # external URLs, checked by --external, never missing pages.
    other_sites: dict[str, str] = field(
        default_factory=dict, metadata=option("other sites' root-link prefixes, each with its base URL (`{locale}`: the reader's)")
    )
    # Pages that moved (README, Links): DocFX's file, and a map in mkdocs-redirects' form.
    redirects_file: str = field(
        default="",
        metadata=option(
            "a DocFX `.openpublishing.redirection.json`, relative to mkdocs.yml"
            ' (`""`: one at the docs folder, beside mkdocs.yml or in the source locale\'s folder)'
        ),
    )
    redirects: dict[str, str] = field(
        default_factory=dict, metadata=option("pages that moved: `old.md: new.md` (below the locale folder) or `old.md: https://...`")
    )
    external_links: bool = field(default=False, metadata=option("also check external links during `mkdocs build`/`serve`"))
    external: ExternalSettings = field(default_factory=ExternalSettings, metadata=option("the external-link checker's limits"))
    review: ReviewSettings = field(
        default_factory=ReviewSettings, metadata=option("the translation workflow's front-matter keys and values")
    )
    docfx: DocfxSettings = field(default_factory=DocfxSettings, metadata=option("how DocFX-flavoured Markdown is rendered"))
    html: HtmlSettings = field(
        default_factory=HtmlSettings, metadata=option("what articles' HTML may hold beyond the built-in allow-list (sanitizing, CSP)")
    )
    search_exclude_noindex: bool = field(
        default=False, metadata=option("leave noindex pages out of the site's own search too (ROBOTS speaks to crawlers)")
    )
    # Material writes the whole navigation into every page, so pages grow with the site and a build
    # grows with its square; pruned, a page holds the navigation a reader can see.
    prune_navigation: bool = field(default=True, metadata=option("turn on Material's `navigation.prune`: other sections load when opened"))
    # With pruning, a page still lists every page of its own section; a long section shows a window
    # around the current page (and its index page) instead, so pages do not grow with the site.
    nav_window: int = field(default=40, metadata=option("a long section lists this many pages around the current one (0: all)", minimum=0))
    preview_locale: str = field(default="", metadata=option("build (and serve) this locale only; `HELPSITE_PREVIEW_LOCALE` overrides it"))
    build_locales: list[str] = field(
        default_factory=list, metadata=option("build these locales only: one shard of a site built by several jobs")
    )
    # The review queue, the status dashboard and the writer's guide are for the team, not for readers.
    team_pages: str = field(
        default="serve",
        metadata=option(
            "where the team's pages (review queue, status, the writer's guide) are published: `serve` (and "
            "`helpsite build --team-pages`, `HELPSITE_TEAM_PAGES=1`), `always` or `never`",
            choices=("serve", "always", "never"),
        ),
    )
    team_folders: list[str] = field(
        default_factory=lambda: ["writers"], metadata=option("folders of every locale whose pages are for the team (the writer's guide)")
    )
    feedback_url: str = field(
        default="",
        metadata=option('where "Was this page helpful?" POSTs a vote (JSON); empty: no widget and no request'),
    )
    related_articles: int = field(
        default=5, metadata=option("a page lists at most this many related articles (same section or `ms.collection`; 0: none)", minimum=0)
    )
    build_fail_on: str = field(
        default="error",
        metadata=option(
            "findings at this severity or above are MkDocs warnings (`--strict` fails)", choices=tuple(str(s) for s in Severity)
        ),
    )
    cache_dir: str = field(
        default=".helpsite-cache", metadata=option('the check cache and link results, relative to mkdocs.yml (`""`: no check cache)')
    )
    # Material repeats every title of a section in each of its pages: one huge title would be written once per page.
    max_title_chars: int = field(
        default=300,
        metadata=option(
            "a page's title is cut to this many characters (with an ellipsis) in other pages, the search index and its title tag",
            minimum=1,
        ),
    )

    @classmethod
    def from_mapping(cls, values: Any, *, source: str = "mkdocs.yml", codes: Collection[str] | None = None) -> Settings:
        """The ``helpsite`` block of mkdocs.yml, each value checked against its declaration; keys of
        mkdocs-static-i18n are left to it. ``codes``: the finding codes ``select``/``ignore`` may
        name (the checks' registry; None: not checked). Raises :class:`SettingError`."""
        try:
            return _check_root_paths(GROUP.read(values, "", codes))
        except SettingError as exc:
            raise SettingError(exc.key, exc.problem, source) from None


def _check_root_paths(settings: Settings) -> Settings:
    """site_paths and other_sites map root paths (/microsoft-365/) to a folder below the locale
    folder, or to an http(s) base URL."""
    for name in ("site_paths", "other_sites"):
        for prefix in getattr(settings, name):
            if not prefix.startswith("/") or prefix.startswith("//"):
                raise SettingError(f"{name}[{json.dumps(prefix)}]", "must be a root path such as /microsoft-365/")
    for prefix, folder in settings.site_paths.items():
        if folder.startswith("/") or ".." in folder.split("/") or "\\" in folder:
            raise SettingError(f"site_paths[{json.dumps(prefix)}]", f"must be a folder below docs/<locale>/, not {folder!r}")
    for prefix, base in settings.other_sites.items():
        if not base.lower().startswith(("https://", "http://")):
            raise SettingError(f"other_sites[{json.dumps(prefix)}]", f"must be an http(s) URL, not {base!r}")
    return settings


@dataclass(frozen=True, slots=True)
class Option:
    """One declared setting, as read from its dataclass field."""

    name: str  # the key, dotted below a group (``external.timeout``)
    kind: Any  # bool, int, float, str, list[str], dict[str, str], or a settings dataclass (a group)
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    codes: bool = False
    group: Group | None = None

    @property
    def key(self) -> str:
        return self.name.rsplit(".", 1)[-1]

    def read(self, value: Any, codes: Collection[str] | None) -> Any:
        """The value, checked (a group's: a settings dataclass); SettingError names what is wrong."""
        if self.group is not None:
            return self.group.read(value, self.name + ".", codes)
        if self.kind is bool:
            if not isinstance(value, bool):
                raise SettingError(self.name, f"must be true or false, not {value!r}")
            return value
        if self.kind in (int, float):
            number = isinstance(value, int) or (self.kind is float and isinstance(value, float))
            if isinstance(value, bool) or not number:
                raise SettingError(self.name, f"must be {'an integer' if self.kind is int else 'a number'}, not {value!r}")
            if self.minimum is not None and value < self.minimum:
                raise SettingError(self.name, f"must be at least {self.minimum:g}, not {value!r}")
            if self.maximum is not None and value > self.maximum:
                raise SettingError(self.name, f"must be at most {self.maximum:g}, not {value!r}")
            return float(value) if self.kind is float else value
        if self.kind is str:
            return self._string(value, self.name, codes)
        if self.kind == list[str]:
            if not isinstance(value, list):
                raise SettingError(self.name, f"must be a list of strings, not {value!r}")
            return [self._string(item, f"{self.name}[{index}]", codes) for index, item in enumerate(value)]
        if self.kind == dict[str, str]:
            if not isinstance(value, dict):
                raise SettingError(self.name, f"must be a mapping of strings to strings, not {value!r}")
            for key in value:
                if not isinstance(key, str):
                    raise SettingError(self.name, f"keys must be strings, not {key!r}")
            return {key: self._string(item, f"{self.name}[{json.dumps(key, ensure_ascii=False)}]", codes) for key, item in value.items()}
        raise TypeError(f"helpsite option {self.name}: no reader for {self.kind!r}")  # a declaration helpsite got wrong

    def _string(self, value: Any, key: str, codes: Collection[str] | None) -> str:
        if not isinstance(value, str):
            raise SettingError(key, f"must be a string, not {value!r}")
        if self.choices and value not in self.choices:
            raise SettingError(key, f"must be one of {', '.join(self.choices)}, not {value!r}")
        if self.codes and codes is not None and not any(code.startswith(value.strip().upper()) for code in codes):
            raise SettingError(key, f"must be a finding code or the start of one (see `helpsite rules`), not {value!r}")
        return value

    @property
    def type_name(self) -> str:
        if self.group is not None:
            return "group"
        if self.choices:
            return " \\| ".join(f"`{choice}`" for choice in self.choices)
        names = {bool: "boolean", int: "integer", float: "number", str: "string"}
        if self.codes:
            return "list of codes"
        return names.get(self.kind) or {list[str]: "list of strings", dict[str, str]: "mapping"}.get(self.kind, str(self.kind))


@dataclass(frozen=True, slots=True)
class Group:
    """The options of one settings dataclass (the plugin's block, or ``external:``, ``review:``)."""

    settings: type
    options: tuple[Option, ...]

    @classmethod
    def of(cls, settings: type, prefix: str = "") -> Group:
        kinds = typing.get_type_hints(settings)
        options = []
        for spec in dataclasses.fields(settings):
            name, kind = prefix + spec.name, kinds[spec.name]
            default = spec.default_factory() if spec.default_factory is not dataclasses.MISSING else spec.default
            group = cls.of(kind, name + ".") if isinstance(kind, type) and dataclasses.is_dataclass(kind) else None
            meta = spec.metadata
            options.append(
                Option(name, kind, default, meta["help"], meta["choices"], meta["minimum"], meta["maximum"], meta["codes"], group)
            )
        return cls(settings, tuple(options))

    def read(self, values: Any, prefix: str, codes: Collection[str] | None) -> Any:
        if not isinstance(values, dict):
            raise SettingError(prefix.rstrip("."), f"must be a mapping of options, not {values!r}")
        known = {option.key: option for option in self.options}
        for key in values:
            if prefix == "" and key in REFUSED_OPTIONS:
                raise SettingError(str(key), REFUSED_OPTIONS[key])
            if key not in known and not (prefix == "" and key in I18N_OPTIONS):
                close = difflib.get_close_matches(str(key), known, n=1)
                raise SettingError(f"{prefix}{key}", "is unknown" + (f"; did you mean '{prefix}{close[0]}'?" if close else ""))
        return self.settings(**{key: option.read(values[key], codes) for key, option in known.items() if key in values})

    def __iter__(self):
        """Every option, a group's own after it, dotted (``external``, ``external.concurrency``, ...)."""
        for option in self.options:
            yield option
            if option.group is not None:
                yield from option.group


GROUP = Group.of(Settings)
OPTIONS: tuple[Option, ...] = GROUP.options  # the plugin's top-level options, in declaration order


def _yaml(value: Any) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1000).strip()
    return text.removesuffix("\n...").removesuffix("...").strip()


def options_table_markdown() -> str:
    """The README's table of options: every declared option, its type, default and what it does."""
    lines = ["| option | type | default | what |", "|---|---|---|---|"]
    for declared in GROUP:
        default = "" if declared.group is not None else f"`{_yaml(declared.default)}`"
        lines.append(f"| `{declared.name}` | {declared.type_name} | {default} | {declared.help} |")
    return "\n".join(lines) + "\n"


# libyaml's loader where it is installed: 20 times faster, and mkdocs.yml is read on every run.
_FastSafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TolerantLoader(_FastSafeLoader):  # type: ignore[misc,valid-type]
    """Reads mkdocs.yml as data: MkDocs' own tags (!ENV, !!python/name:...) become plain values."""


def _construct_any(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    assert isinstance(node, yaml.MappingNode)  # the third and last kind of YAML node
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
    theme_custom_dir: str | None = None  # mkdocs.yml's theme.custom_dir (its .icons are icons too)
    site_dir: Path | None = None  # mkdocs.yml's site_dir, where a build writes

    @property
    def schema_path(self) -> Path:
        return self.root / self.settings.schema

    @property
    def published_locales(self) -> list[Locale]:
        """The locales the site publishes: those of locales/ that have a folder in docs/, in locales/ order."""
        return [locale for locale in self.locales if (self.docs_dir / locale.code).is_dir()]

    @classmethod
    def load(cls, config_file: Path | None = None, *, start: Path | None = None, codes: Collection[str] | None = None) -> Project:
        """Find mkdocs.yml (given, or in ``start`` or its parents) and read helpsite's part of it
        (``codes``: as :meth:`Settings.from_mapping`)."""
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
        if not isinstance(raw, dict):
            raise ConfigError(f"{config_file}: not a mapping of MkDocs settings")
        root = config_file.parent.resolve()
        options = plugin_options(raw.get("plugins"))
        settings = Settings.from_mapping(options, source=str(config_file), codes=codes)
        project = cls.from_settings(
            root, settings, docs_dir=raw.get("docs_dir", "docs"), config_file=config_file, site_url=raw.get("site_url")
        )
        theme = raw.get("theme")
        if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
            project.theme_custom_dir = theme["custom_dir"]
        site_dir = raw.get("site_dir", "site")
        project.site_dir = root / site_dir if isinstance(site_dir, str) else None  # !ENV: only MkDocs knows
        return project

    @classmethod
    def from_settings(
        cls, root: Path, settings: Settings, *, docs_dir: str | Path = "docs", config_file: Path | None = None, site_url: str | None = None
    ) -> Project:
        locales = Locales.load(root / settings.locales_dir)
        return cls(root, (root / docs_dir).resolve(), settings, locales, config_file, site_url)


def plugin_options(plugins: Any) -> Any:
    """The ``helpsite`` entry of mkdocs.yml's plugins (a list of names or one-key mappings, or a
    mapping): its options as written, for :meth:`Settings.from_mapping` to judge."""
    entries: Any
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    else:
        entries = [(next(iter(p)), next(iter(p.values()))) if isinstance(p, dict) and p else (p, {}) for p in plugins or []]
    for name, options in entries:
        if name == "helpsite":
            return {} if options is None else options
    return {}


def _find_config(start: Path) -> Path | None:
    start = start.resolve()
    for folder in [start, *start.parents]:
        candidate = folder / "mkdocs.yml"
        if candidate.is_file():
            return candidate
    return None
