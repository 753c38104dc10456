"""Which files MkDocs publishes: not include fragments, nothing reached through a symbolic link out
of the docs folder; and helpsite's stylesheet."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from helpsite.content.site import is_fragment

log = logging.getLogger("mkdocs.plugins.helpsite")
STYLESHEET = "assets/helpsite/helpsite.css"
_STYLESHEET_SOURCE = Path(__file__).resolve().parent.parent / "assets" / "helpsite.css"


def links_out_of(folder: str) -> tuple[str, ...]:
    """The symbolic links (files or folders) under ``folder`` that lead outside it."""
    real = os.path.realpath(folder)
    found = []
    for current, dirs, files in os.walk(folder):
        for name in (*dirs, *files):
            path = os.path.join(current, name)
            if os.path.islink(path) and os.path.commonpath([real, os.path.realpath(path)]) != real:
                found.append(path)
    return tuple(found)


def publishable(files: Files, escaping_links: tuple[str, ...]) -> Files:
    """The files without include fragments (published inside the pages that include them) and without
    what MkDocs reached through ``escaping_links`` (it follows symbolic links; helpsite must not
    publish what they point at)."""
    return Files([f for f in files if not (f.src_uri.endswith(".md") and is_fragment(f.src_uri)) and _inside_docs(f, escaping_links)])


def _inside_docs(file: File, escaping_links: tuple[str, ...]) -> bool:
    source = file.abs_src_path
    if not escaping_links or not source:
        return True
    escaping = next((link for link in escaping_links if source == link or source.startswith(link + os.sep)), None)
    if escaping is None:
        return True
    log.warning(f"helpsite: {file.src_uri} is reached through a symbolic link out of the docs folder ({escaping}); not published")
    return False


def stylesheet(config: MkDocsConfig) -> File:
    """helpsite.css: the notices, the navigation's status icons, the findings panel, the dashboard."""
    return File.generated(config, STYLESHEET, content=_STYLESHEET_SOURCE.read_bytes())
