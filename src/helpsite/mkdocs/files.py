"""Which files MkDocs publishes: not include fragments, nor DocFX's data (TOC.yml,
zone-pivot-groups.yml), nothing reached through a symbolic link out of the docs folder; DocFX's YAML
pages as the pages made of them, never as YAML; and helpsite's stylesheet."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from helpsite.content.hubpage import is_docfx_data, yaml_page
from helpsite.content.site import display_path, is_fragment
from helpsite.mkdocs.generated import GENERATOR, placed_page
from helpsite.mkdocs.state import SiteState
from helpsite.model import Article
from helpsite.report.text import format_finding

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


def publishable(files: Files, escaping_links: tuple[str, ...], yaml_pages: frozenset[str] = frozenset()) -> Files:
    """The files without include fragments (published inside the pages that include them), DocFX's
    data, the YAML pages (``yaml_pages``, absolute paths: published as pages instead) and what MkDocs
    reached through ``escaping_links`` (it follows symbolic links; helpsite must not publish what
    they point at)."""
    return Files(
        [
            f
            for f in files
            if not (f.src_uri.endswith(".md") and is_fragment(f.src_uri))
            and not is_docfx_data(f.src_uri)
            and (f.abs_src_path is None or os.path.abspath(f.abs_src_path) not in yaml_pages)
            and _inside_docs(f, escaping_links)
        ]
    )


def yaml_page_files(config: MkDocsConfig, state: SiteState, locale: str) -> list[File]:
    """The locale's DocFX YAML pages (hub, landing, FAQ) as Markdown pages at the same URL
    (``x/index.yml`` is ``x/``), for readers: in the navigation and the search like any page."""
    files = []
    for docs_path, path in state.yaml_pages.items():
        folder, _, relpath = docs_path.partition("/")
        if folder != locale:
            continue
        shown = display_path(path)
        page = yaml_page(path.read_text(encoding="utf-8-sig", errors="replace"), shown, relpath)
        if page is None:
            continue
        for problem in page.problems:
            log.warning(format_finding(problem))
        markdown_path = relpath[: -len(".yml")] + ".md"
        file = placed_page(config, markdown_path, page.markdown, locale, state.site.source_folder)
        file.generated_by = f"{GENERATOR}-yaml-page"  # not one of helpsite's own pages for the team (noindex)
        state.yaml_articles[file.src_uri] = Article(path, shown, folder, markdown_path)
        files.append(file)
    return files


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
