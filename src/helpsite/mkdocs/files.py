"""Which files MkDocs publishes: not include fragments, nor DocFX's data (TOC.yml,
zone-pivot-groups.yml), nothing but regular files inside the docs folder; DocFX's YAML
pages as the pages made of them, never as YAML; and helpsite's stylesheet."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from helpsite.content.hubpage import is_docfx_data, yaml_page
from helpsite.content.parse import Publishable
from helpsite.content.safefile import FileTooLarge, RefusedFile, open_docs_file
from helpsite.content.site import display_path, is_fragment
from helpsite.mkdocs.generated import GENERATOR, placed_page
from helpsite.mkdocs.state import SiteState
from helpsite.model import Article
from helpsite.report.text import format_finding

log = logging.getLogger("mkdocs.plugins.helpsite")
STYLESHEET = "assets/helpsite/helpsite.css"
_STYLESHEET_SOURCE = Path(__file__).resolve().parent.parent / "assets" / "helpsite.css"


def publishable(files: Files, inside: Publishable, yaml_pages: frozenset[str] = frozenset()) -> Files:
    """The files without include fragments (published inside the pages that include them), DocFX's
    data, the YAML pages (``yaml_pages``, absolute paths: published as pages instead) and what is not
    a regular file inside docs/ with a UTF-8 name (``inside``: MkDocs follows symbolic links and
    opens what it lists; each refusal is logged once, as a finding)."""
    return Files(
        [
            f
            for f in files
            if not (f.src_uri.endswith(".md") and is_fragment(f.src_uri))
            and not is_docfx_data(f.src_uri)
            and (f.abs_src_path is None or os.path.abspath(f.abs_src_path) not in yaml_pages)
            and _inside_docs(f, inside)
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
        try:  # as every file of docs/ (content.safefile)
            data = open_docs_file(path, state.project.docs_dir, state.project.settings.max_file_bytes)
        except (OSError, RefusedFile, FileTooLarge):
            continue
        page = yaml_page(data.decode("utf-8-sig", errors="replace"), shown, relpath)
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


def _inside_docs(file: File, inside: Publishable) -> bool:
    if not file.abs_src_path:
        return True
    publish, finding = inside.check(file.abs_src_path)
    if finding is not None:
        log.warning(format_finding(finding))
    return publish


def stylesheet(config: MkDocsConfig) -> File:
    """helpsite.css: the notices, the navigation's status icons, the findings panel, the dashboard."""
    return File.generated(config, STYLESHEET, content=_STYLESHEET_SOURCE.read_bytes())
