"""What the outer build writes beside the pages, once every language is built: each locale's
sitemap, each locale's search index, and (a shard) the manifest `helpsite merge-sites` reads."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from helpsite.content.config import Project
from helpsite.mkdocs.search import split_index
from helpsite.publishing.publish import Publication, SitemapEntry, write_sitemap
from helpsite.publishing.shards import MANIFEST


@dataclass(slots=True)
class Publishing:
    """The outer build's publication (every locale's URLs) and what its pages' heads decided."""

    publication: Publication
    site_root: Path  # the outer build's site_dir (language builds write below it)
    sitemaps: dict[str, list[SitemapEntry]] = field(default_factory=dict)  # each locale's indexable pages
    unsearchable: set[str] = field(default_factory=set)  # site-relative URLs left out of their locale's search index

    @classmethod
    def start(cls, config: MkDocsConfig, project: Project, languages: list[str], source: str | None) -> Publishing:
        # Every locale of the site, built here or by another shard: links between them must agree.
        built = tuple(sorted(languages, key=lambda code: code != source))
        return cls(Publication(project.locales, built, config.site_url, config.use_directory_urls), Path(config.site_dir))


def root_templates(config: MkDocsConfig) -> dict[Path, bytes]:
    """The theme's static templates at the site's root as the outer build wrote them (404.html):
    each language build after it writes them there again, and the root is the outer locale's."""
    root = Path(config.site_dir)
    return {root / name: (root / name).read_bytes() for name in sorted(config.theme.static_templates) if (root / name).is_file()}


def restore(templates: dict[Path, bytes]) -> None:
    for path, data in templates.items():
        path.write_bytes(data)


def finish(publishing: Publishing, written: list[str], serving: bool) -> None:
    """Sitemaps (not for a preview, which is not crawled), search indexes and a shard's manifest of
    the ``written`` locales."""
    publication, root = publishing.publication, publishing.site_root
    here = [code for code in publication.built if code in written]
    if not serving:
        for locale in here:
            write_sitemap(root / publication.prefix(locale), publishing.sitemaps.get(locale, []), publication)
    split_index(root, publication, publishing.unsearchable, here)
    if len(here) < len(publication.built) and not serving:
        # A shard: which locales it holds, for `helpsite merge-sites`.
        manifest = {"locales": here, "source": publication.source, "all": list(publication.built)}
        (root / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
