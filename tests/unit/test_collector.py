"""A production build reads the site once and keeps it to the end: the collector leaves it alone."""

from __future__ import annotations

import gc

from helpsite.content.config import Project as HelpsiteProject
from helpsite.mkdocs.background import _site_for_the_build
from helpsite.run.engine import PausedCollector
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
        assert gc.get_freeze_count() > 20 * 10  # every article and its records, not walked by the build's collections
        gc.collect()
        # Counted by the site's own objects: the whole process is frozen with it, and another thread's frozen
        # object freed meanwhile lowers the count without anything of the site's leaving the permanent set.
        articles = site.articles
        assert all(gc.is_tracked(article) for article in articles)
        walked = {id(item) for item in gc.get_objects()}
        assert not any(id(article) in walked for article in articles)
    finally:
        gc.unfreeze()


def test_a_paused_collector_runs_again_for_a_while_and_is_left_as_it_was():
    enabled = gc.isenabled()
    gc.enable()
    try:
        paused = PausedCollector()
        paused.resume()  # not paused: nothing to resume
        assert gc.isenabled()
        paused.pause()
        assert not gc.isenabled()
        with paused.running():
            assert gc.isenabled()
        assert not gc.isenabled()
        paused.pause()  # paused once: resumed once
        paused.resume()
        assert gc.isenabled()
        gc.disable()  # paused where the collector was off: it stays off, within and after
        paused.pause()
        with paused.running():
            assert not gc.isenabled()
        paused.resume()
        assert not gc.isenabled()
        with PausedCollector().running():  # never paused: the collector as it is
            assert not gc.isenabled()
    finally:
        (gc.enable if enabled else gc.disable)()


def test_a_long_pause_is_set_aside_before_the_collector_runs_again_and_a_short_one_is_not():
    enabled = gc.isenabled()
    gc.enable()
    gc.unfreeze()
    try:
        paused = PausedCollector()
        paused.pause()
        gc.collect()
        with paused.running():  # a page read right after another: what the pause made is the young generation's
            assert gc.get_freeze_count() == 0
        kept = [[number] for number in range(30_000)]  # pages replayed from the build cache while paused
        with paused.running():
            assert gc.get_freeze_count() >= len(kept)  # not walked by the span's first collection
            assert gc.get_count()[0] < 1_000
        paused.resume()
        assert gc.get_freeze_count() == 0  # back among the collector's objects when the build ends
    finally:
        gc.unfreeze()
        (gc.enable if enabled else gc.disable)()
