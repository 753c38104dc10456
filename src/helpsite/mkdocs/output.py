"""What the outer build writes beside the pages, once every language is built: each locale's
sitemap, each locale's search index, and (a shard) the manifest `helpsite merge-sites` reads."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from helpsite.content.config import Project
from helpsite.mkdocs.parts import PartBuild
from helpsite.mkdocs.reader import NotFoundPages
from helpsite.mkdocs.search import split_index
from helpsite.publishing.publish import Publication, SitemapEntry, sitemap_elements, write_sitemap_elements
from helpsite.publishing.reader import robots_txt
from helpsite.publishing.shards import MANIFEST


@dataclass(slots=True)
class Publishing:
    """The outer build's publication (every locale's URLs) and what its pages' heads decided."""

    publication: Publication
    site_root: Path  # the outer build's site_dir (language builds write below it)
    sitemaps: dict[str, list[SitemapEntry]] = field(default_factory=dict)  # each locale's indexable pages
    unsearchable: set[str] = field(default_factory=set)  # site-relative URLs left out of their locale's search index
    search_index: dict | None = None  # the whole site's, to split per locale (None: the search plugin wrote it)

    @classmethod
    def start(cls, config: MkDocsConfig, project: Project, languages: list[str], source: str | None) -> Publishing:
        # Every locale of the site, built here or by another shard: links between them must agree.
        built = tuple(sorted(languages, key=lambda code: code != source))
        return cls(Publication(project.locales, built, config.site_url, config.use_directory_urls), Path(config.site_dir))


def finish(publishing: Publishing, written: list[str], serving: bool, not_found: NotFoundPages, part: PartBuild | None = None) -> None:
    """Sitemaps and robots.txt (not for a preview, which is not crawled), each locale's 404 page,
    search indexes and a shard's manifest of the ``written`` locales (a part's: with what
    `helpsite merge-sites` merges, each locale's page order and sitemap entries)."""
    publication, root = publishing.publication, publishing.site_root
    here = [code for code in publication.built if code in written]
    elements = {}
    if not serving:
        for locale in here:
            elements[locale] = sitemap_elements(publishing.sitemaps.get(locale, []), publication)
            write_sitemap_elements(root / publication.prefix(locale), elements[locale])
        if publication.source in here:  # the root is the source locale's: robots.txt names every locale's sitemap
            (root / "robots.txt").write_text(robots_txt(publication, publication.built), encoding="utf-8")
    not_found.write(root, publication, here)
    split_index(root, publication, publishing.unsearchable, here, publishing.search_index)
    if (len(here) < len(publication.built) or part is not None) and not serving:
        # A shard: which locales it holds, for `helpsite merge-sites`.
        manifest: dict = {"locales": here, "source": publication.source, "all": list(publication.built)}
        if part is not None:
            manifest["parts"] = {code: [sorted(indices), count] for code, (indices, count) in part.parts.items()}
            manifest["pages"] = part.order
            manifest["sitemaps"] = {code: elements.get(code, []) for code in part.parts}
        (root / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    elif not serving:  # a whole site, perhaps where a shard was built: MkDocs keeps hidden files, so the old manifest would stay
        (root / MANIFEST).unlink(missing_ok=True)
