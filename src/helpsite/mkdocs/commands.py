"""`helpsite build` and `helpsite serve`: MkDocs' own commands, for one locale or a shard of them."""

from __future__ import annotations

import os
from pathlib import Path

from helpsite.mkdocs.config import BUILD_LOCALES_ENV, PREVIEW_ENV
from helpsite.mkdocs.reader import TEAM_PAGES_ENV


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


def build(config_file: Path | None, *, locales: list[str], site_dir: Path | None, strict: bool, team_pages: bool = False) -> None:
    """`helpsite build`: the whole site, or (``locales``) a shard of it for `helpsite merge-sites`;
    ``team_pages``: with the team's pages, as `helpsite serve` shows them."""
    from mkdocs.__main__ import State
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logging_state = State()  # noqa: F841 - it removes its handler when collected
    if locales:
        os.environ[BUILD_LOCALES_ENV] = ",".join(locales)
    if team_pages:
        os.environ[TEAM_PAGES_ENV] = "1"
    options = {"site_dir": str(site_dir)} if site_dir else {}
    config = load_config(str(config_file) if config_file else None, strict=strict, **options)
    config.plugins.on_startup(command="build", dirty=False)
    mkdocs_build(config)
