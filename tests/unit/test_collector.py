"""A production build reads the site once and keeps it to the end: the collector leaves it alone."""

from __future__ import annotations

import gc

from helpsite.content.config import Project as HelpsiteProject
from helpsite.mkdocs.background import _site_for_the_build
from tests.conftest import article


def test_the_site_a_build_reads_is_frozen_out_of_the_collectors_walks(project):
    for number in range(20):
        project.write(f"docs/en/page-{number}.md", article(f"Page {number}", f"# Page {number}\n\nText.\n\n## Steps\n\nMore.\n"))
    enabled = gc.isenabled()
    gc.unfreeze()
    try:
        site = _site_for_the_build(HelpsiteProject.load(project.root / "mkdocs.yml"), keep_parses=False)
        assert len(site.articles) == 20
        assert gc.isenabled() == enabled  # collecting again for what the build makes next
        frozen = gc.get_freeze_count()
        assert frozen > 20 * 10  # every article and its records, not walked by the build's collections
        gc.collect()
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
