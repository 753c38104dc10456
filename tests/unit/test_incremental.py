"""Checking again after edits: only what changed is re-checked, and the result equals a full check."""

from __future__ import annotations

import os

import pytest

from helpsite.content.config import Project
from helpsite.run.engine import IncrementalCheck, run_check

from ..conftest import article


@pytest.fixture
def site(linked_site):
    return linked_site


@pytest.fixture
def checker(site):
    """The site's project, and an incremental check that has run once on it."""
    project = Project.load(site.root / "mkdocs.yml")
    incremental = IncrementalCheck()
    first = incremental.run(project)
    return project, incremental, first


def full(project) -> list:
    return run_check(Project.load(project.root / "mkdocs.yml"), cache=False).findings


def checked(update) -> set[str]:
    return {a.display_path.split("docs/", 1)[1] for a in update.checked}


def touch(path, text):
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a new mtime even within one tick


def test_first_run_equals_a_full_check_and_a_second_checks_nothing(site, checker):
    project, incremental, first = checker
    assert first.findings == full(site)
    assert len(first.checked) == 5
    again = incremental.run(project)
    assert again.checked == [] and again.findings == first.findings


def test_an_edit_rechecks_the_page_its_dependents_and_its_translations(site, checker):
    project, incremental, _ = checker
    touch(site.root / "docs/en/b.md", article("Page B", "# Page B\n\n## Install\n\nText.\n"))  # the anchor a.md uses is gone
    update = incremental.run(project)
    assert checked(update) == {"en/a.md", "en/b.md", "nl/b.md"}  # not c.md, not d.md
    assert "LNK003" in {f.code for f in update.findings}
    assert update.findings == full(site)


def test_a_deleted_target_rechecks_the_pages_linking_to_it(site, checker):
    project, incremental, _ = checker
    (site.root / "docs/en/c.md").unlink()
    update = incremental.run(project)
    assert checked(update) == {"en/a.md"}
    assert [f.code for f in update.findings if f.path.endswith("a.md")] == ["LNK001"]
    assert update.findings == full(site)


def test_same_bytes_with_a_new_mtime_are_not_checked_again(site, checker):
    project, incremental, _ = checker
    path = site.root / "docs/en/d.md"
    touch(path, path.read_text(encoding="utf-8"))
    assert incremental.run(project).checked == []


def test_a_schema_change_checks_everything_again(site, checker):
    project, incremental, _ = checker
    schema = site.root / "schema/article.schema.json"
    text = schema.read_text()
    assert '"required": [\n    "title"\n  ]' in text
    schema.write_text(text.replace('"required": [\n    "title"\n  ]', '"required": ["title", "ms.topic"]'))
    update = incremental.run(project)
    assert len(update.checked) == 5
    assert {f.code for f in update.findings} >= {"META002"}
    assert update.findings == full(site)
