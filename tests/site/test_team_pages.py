"""The team's pages (review queue, status dashboard, writer's guide): published only where the site
owner says, and never in the readers' search or the sitemaps."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

TEAM_PAGES = ("status", "nl/status", "nl/review", "writers", "nl/writers")


def test_the_default_build_has_no_team_page_and_the_flag_adds_them(site_copy):
    result = site_copy.mkdocs_build("--strict")
    assert result.returncode == 0, result.stderr
    site = site_copy.root / "site"
    assert [name for name in TEAM_PAGES if (site / name).exists()] == []
    assert (site / "reference/lnk001/index.html").is_file()  # the codes' reference stays: reports link to it
    flagged = subprocess.run(
        [sys.executable, "-m", "helpsite.cli", "build", "--strict", "--team-pages", "-d", "team"],
        cwd=site_copy.root, capture_output=True, text=True, timeout=600, check=False,
    )
    assert flagged.returncode == 0, flagged.stderr
    assert [name for name in TEAM_PAGES if not (site_copy.root / "team" / name / "index.html").is_file()] == []


def test_published_team_pages_are_never_in_search_or_sitemaps(built_site):
    project, _ = built_site
    site = project.root / "site"
    assert (site / "nl/writers/index.html").is_file()  # built_site is the team's build
    for published in ("sitemap.xml", "nl/sitemap.xml", "search/search_index.json", "nl/search/search_index.json"):
        text = (site / published).read_text(encoding="utf-8")
        assert not re.search(r"(?:^|[/\"])(?:writers|status|review)/", text), published
    for name in TEAM_PAGES:
        assert '<meta name="robots" content="noindex' in (site / name / "index.html").read_text(encoding="utf-8"), name
