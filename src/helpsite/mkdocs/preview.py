"""The writer's loop under `mkdocs serve` (and `helpsite serve`): what is watched, where the preview
is, which pages a dirty rebuild must render again, and one warning for one broken link.

- **Watched.** MkDocs watches docs/ and mkdocs.yml. The locale files and the metadata schema change
  what every page is checked against and shows (notice texts, navigation titles, META findings), so
  they are watched too, as is a redirects file outside docs/.
- **Where the preview is.** A preview of a translated locale (``--locale nl``) has nothing at the
  site's root: the server's address, which MkDocs prints and opens, is the locale's (``/nl/``).
- **What a dirty rebuild renders.** MkDocs' ``--dirty`` renders a page again only when its file is
  newer than its output. A page also shows what its file does not hold: its findings (the panel),
  and a translation its review state, which its source decides (an edit of the English page makes
  the Dutch one outdated). So the pages the incremental check looked at again are rendered again,
  their output marked older than their source.
- **One warning a link.** helpsite reports a broken link (LNK001) and a missing anchor (LNK003) with
  its line and column; MkDocs' own warning about the same link is lowered to debug while those
  codes are on.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from helpsite.checks.suite import enabled_codes
from helpsite.content.config import Project
from helpsite.mkdocs.state import SiteState


def watch_project_files(config: MkDocsConfig, project: Project) -> None:
    """Add what the site is checked against to what `mkdocs serve` watches."""
    watched = [project.root / project.settings.locales_dir, project.schema_path]
    if project.settings.redirects_file:
        watched.append(project.root / project.settings.redirects_file)
    for path in watched:
        if path.exists() and str(path) not in config.watch:
            config.watch.append(str(path))


def one_warning_a_link(config: MkDocsConfig, project: Project) -> None:
    """MkDocs' own warnings of broken links and anchors, lowered where helpsite reports them."""
    codes = enabled_codes(project)
    links = config.validation.links
    if "LNK001" in codes:
        links.not_found = logging.DEBUG
    if "LNK003" in codes:
        links.anchors = logging.DEBUG


def preview_address(url: str, prefix: str) -> str:
    """The address of a preview whose outer build is a translated locale (``prefix``: ``nl/``)."""
    return url.rstrip("/") + "/" + prefix if prefix else url


def render_again(files: Files, state: SiteState, rechecked: set[str] | None) -> None:
    """A dirty rebuild: the pages of the articles the check looked at again (None: all of them, as
    after a change to the locale files or the schema) are rendered again, their output made older
    than their file; a page MkDocs renders anyway (a new one, an edited one) is left alone."""
    for file in files:
        if file.abs_src_path is None or not file.src_uri.endswith(".md"):
            continue
        article = state.articles.get(os.path.abspath(file.abs_src_path))
        if article is None or (rechecked is not None and article.display_path not in rechecked):
            continue
        output = Path(file.abs_dest_path)
        try:
            if output.is_file() and output.stat().st_mtime >= os.path.getmtime(file.abs_src_path):
                os.utime(output, (0, 0))
        except OSError:
            continue  # the output went meanwhile: MkDocs writes it anyway
