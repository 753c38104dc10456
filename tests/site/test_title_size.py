"""One huge title cannot blow up the site: what a title contributes to other pages is capped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import article

pytestmark = pytest.mark.slow

HUGE = "T" * 1_000_000  # a META006 warning, and once was 100 MB of site from 1.1 MB of docs
PAGES = 30
# A 1 MB title is front matter over the default 64 KiB (PARSE013: the page is not published at all,
# tests/site/test_limits.py); a site that raises the limit still gets titles capped everywhere else.
RAISED_LIMIT = "      max_front_matter_bytes: 2097152\n"


def tree_size(folder: Path, skip: str | None = None) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and (skip is None or skip not in p.relative_to(folder).parts))


def write_site(project, title: str) -> None:
    config = project.root / "mkdocs.yml"
    if RAISED_LIMIT not in (text := config.read_text(encoding="utf-8")):
        config.write_text(text + RAISED_LIMIT, encoding="utf-8")
    for number in range(PAGES):
        project.write(f"docs/en/p{number:02}.md", article(f"Page {number}", f"# Page {number}\n\nText {number}.\n"))
    project.write("docs/en/big.md", article(title, "# Big\n\nText.\n"))
    project.write("docs/nl/big.md", article(title, "# Groot\n\nTekst.\n", ms_translationtype="MT"))


def built_size(project) -> int:
    result = project.mkdocs_build(team_pages=True)  # the review queue is a team page
    assert result.returncode == 0, result.stderr
    return tree_size(project.root / "site", skip="assets")  # the theme's files: the same for any site


def test_a_megabyte_title_adds_no_more_to_the_site_than_to_the_docs(project):
    write_site(project, "Big")
    small_docs, small_site = tree_size(project.root / "docs"), built_size(project)
    write_site(project, HUGE)
    docs, site = tree_size(project.root / "docs"), built_size(project)
    assert docs - small_docs > 1_900_000
    assert site - small_site < (docs - small_docs) / 4, (small_site, site)  # was 100 times the docs' growth
    assert site < 3 * docs

    out = project.root / "site"
    cut = "T" * 299 + "\u2026"  # max_title_chars (300), the ellipsis included
    other = (out / "p07" / "index.html").read_text(encoding="utf-8")
    assert cut in other and "T" * 300 not in other  # the navigation of another page
    assert re.search(r"<title>T{299}\u2026", (out / "big" / "index.html").read_text(encoding="utf-8"))  # its own title tag
    review = (out / "nl" / "review" / "index.html").read_text(encoding="utf-8")
    assert cut in review and "T" * 300 not in review  # the review queue
    for index in out.rglob("search_index.json"):  # the search indexes: the page is there, its title no longer than the cut
        entries = json.loads(index.read_text(encoding="utf-8"))["docs"]
        assert any(entry["location"].startswith("big/") for entry in entries), index
        assert max(len(entry["title"]) for entry in entries) <= len(cut), index
    check = project.helpsite("check", "docs/en/big.md", "--select", "META006")
    assert "docs/en/big.md:2:1: META006" in check.stdout  # the warning stays


def test_a_dirty_rebuild_caps_the_titles_of_pages_it_does_not_read(project):
    write_site(project, HUGE)
    built_size(project)
    page = project.root / "docs/en/p07.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMore text.\n", encoding="utf-8")
    result = project.mkdocs_build("--dirty", team_pages=True)
    assert result.returncode == 0, result.stderr
    rebuilt = (project.root / "site" / "p07" / "index.html").read_text(encoding="utf-8")
    assert "More text." in rebuilt and "T" * 299 + "\u2026" in rebuilt and "T" * 300 not in rebuilt
