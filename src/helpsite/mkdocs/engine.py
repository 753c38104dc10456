"""The engine that builds and serves the site, MkDocs or ProperDocs: chosen here and nowhere else.

ProperDocs, a maintained fork of MkDocs 1.x, is its own package (``properdocs``); importing
``properdocs.replacement``, as its command does first, makes every ``mkdocs.*`` import of the
process answer with the ``properdocs.*`` module of the same name, and it finds plugins under both
``mkdocs.plugins`` and ``properdocs.plugins`` entry points. So helpsite's plugin, the site's hooks,
Material and mkdocs-static-i18n, all written against ``mkdocs.*``, run unchanged on either engine,
provided the engine is chosen before anything imports ``mkdocs``: :func:`use` does that, refuses
a process where the other engine is already loaded, and this is the only module that names an
engine's package or its commands. The plugin's modules import the plugin API as ``mkdocs.*``,
which is the engines' common contract.

`helpsite build` and `helpsite serve` run the engine's own build and live-reloading server, for
the whole site, one locale (a preview) or a shard of locales (for `helpsite merge-sites`).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from helpsite.mkdocs.scope import BUILD_LOCALES_ENV, NO_BUILD_CACHE_ENV, PREVIEW_ENV, TEAM_PAGES_ENV

ENGINES = ("mkdocs", "properdocs")
DEFAULT_ENGINE = "mkdocs"  # what Material and mkdocs-static-i18n declare as their dependency


class EngineError(Exception):
    """The engine asked for cannot run in this process: not installed, or the other one is loaded."""


def loaded() -> str | None:
    """The engine answering this process's ``mkdocs`` imports, or None while nothing imported it."""
    module = sys.modules.get("mkdocs")
    return None if module is None else module.__name__


def use(engine: str) -> None:
    """Make ``engine`` answer this process's ``mkdocs.*`` imports (EngineError when it cannot)."""
    if engine not in ENGINES:
        raise EngineError(f"no engine '{engine}' (engines: {', '.join(ENGINES)})")
    current = loaded()
    if current == engine:
        return
    if current is not None:
        raise EngineError(f"{current} is already loaded in this process; {engine} builds in a process of its own")
    if engine == "properdocs":
        try:
            importlib.import_module("properdocs.replacement")  # from here on, mkdocs.* is properdocs.*
        except ImportError:
            raise EngineError("ProperDocs is not installed (pip install properdocs)") from None
    else:
        importlib.import_module("mkdocs")


def serve(config_file: Path | None, *, engine: str, locale: str | None, dev_addr: str, dirty: bool = True) -> None:
    """`helpsite serve`: the engine's live-reloading server, one locale only and re-rendering only what changed."""
    use(engine)
    from mkdocs.commands.serve import serve as engine_serve

    logging_state = _logging()  # noqa: F841 - it removes its handler when collected
    if locale:
        os.environ[PREVIEW_ENV] = locale
    engine_serve(
        config_file=str(config_file) if config_file else None,
        build_type="dirty" if dirty else None,
        dev_addr=dev_addr,
        livereload=True,
    )


def build(
    config_file: Path | None,
    *,
    engine: str,
    locales: list[str],
    site_dir: Path | None,
    strict: bool,
    team_pages: bool = False,
    cache: bool = True,
) -> None:
    """`helpsite build` in this process: the whole site, or (``locales``) a shard of it for `helpsite merge-sites`;
    ``team_pages``: with the team's pages, as `helpsite serve` shows them; ``cache``: with the build cache
    (helpsite.mkdocs.buildcache), rendering only the pages whose inputs changed since an earlier build."""
    use(engine)
    from mkdocs.commands.build import build as engine_build
    from mkdocs.config import load_config

    logging_state = _logging()  # noqa: F841 - it removes its handler when collected
    if locales:
        os.environ[BUILD_LOCALES_ENV] = ",".join(locales)
    if team_pages:
        os.environ[TEAM_PAGES_ENV] = "1"
    if not cache:
        os.environ[NO_BUILD_CACHE_ENV] = "1"
    options = {"site_dir": str(site_dir)} if site_dir else {}
    config = load_config(str(config_file) if config_file else None, strict=strict, **options)
    config.plugins.on_startup(command="build", dirty=False)
    engine_build(config)


def _logging() -> object:
    """The engine's own log handler and format; plain, as its command's ``--color`` auto-detection
    makes it, when the log goes to no terminal (a CI log, a pipe) or NO_COLOR or TERM=dumb says so."""
    import logging

    from mkdocs.__main__ import State

    state = State()
    if not sys.stderr.isatty() or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        state.stream.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    return state


class PageSteps:
    """The engine's own steps for one page, reading (``populate``) and writing (``build``), while
    replaced by :func:`replace_page_steps`."""

    def __init__(self, module: object, populate: Callable, build: Callable) -> None:
        self._module, self.populate, self.build = module, populate, build

    def restore(self) -> None:
        self._module._populate_page, self._module._build_page = self.populate, self.build  # type: ignore[attr-defined]


def replace_page_steps(populate: Callable, build: Callable) -> PageSteps:
    """Make the engine's build call ``populate(original, page, config, files, dirty)`` and
    ``build(original, page, config, doc_files, nav, env, dirty, excluded)`` for every page, in this
    process, until the returned steps are restored: the build cache's replay
    (:mod:`helpsite.mkdocs.replay`) writes a page without the engine reading it. Both engines'
    ``build()`` look these two functions up in their module at each page."""
    module = importlib.import_module("mkdocs.commands.build")
    steps = PageSteps(module, module._populate_page, module._build_page)

    def populate_page(page, config, files, dirty=False):
        return populate(steps.populate, page, config, files, dirty)

    def build_page(page, config, doc_files, nav, env, dirty=False, excluded=False):
        return build(steps.build, page, config, doc_files, nav, env, dirty, excluded)

    module._populate_page, module._build_page = populate_page, build_page  # type: ignore[attr-defined]
    return steps


def list_theme_files_once() -> Callable[[], None]:
    """Until the returned function is called, the engine lists a theme's static files
    (``Files.add_files_from_theme``) once per theme and configuration, not once per language
    build: each walked Material's 14,500 templates for its 43 static files, 45-55 ms for the
    outer build and for each of its language builds. The docs folder's files still override the theme's at every
    call, as the engine's own listing has them do."""
    module = importlib.import_module("mkdocs.structure.files")
    files_class, file_class = module.Files, module.File
    original = files_class.__dict__["add_files_from_theme"]
    extensions = importlib.import_module("mkdocs.utils").markdown_extensions
    listed: dict[tuple, list[tuple[str, str]]] = {}

    def add_files_from_theme(files, env, config):
        searchpath = getattr(env.loader, "searchpath", None)
        if not isinstance(searchpath, list):  # a loader that is not the theme's folders: as the engine lists it
            return original(files, env, config)
        theme = config.theme
        # mkdocs-static-i18n puts its sitemap's folder first in the theme's folders again at each
        # language build ([i18n, i18n, helpsite, material ...]): a folder named twice lists nothing
        # more, nor finds a file first that the first naming does not, so each is keyed once.
        folders, searched = tuple(dict.fromkeys(theme.dirs)), tuple(dict.fromkeys(searchpath))
        key = (type(env.loader), searched, folders, tuple(sorted(theme.static_templates)), tuple(extensions))
        found = listed.get(key)
        if found is None:
            probe = files_class([])
            original(probe, env, config)
            found = listed[key] = [(file.src_uri, file.src_dir) for file in probe]
        for path, folder in found:
            if files.get_file_from_path(path) is None:
                files.append(file_class(path, folder, config.site_dir, config.use_directory_urls))

    files_class.add_files_from_theme = add_files_from_theme

    def restore() -> None:
        files_class.add_files_from_theme = original

    return restore
