"""The "last updated" line under an article: its ``ms.date``, else the last git commit of its own
file (a translation's is its own), in the reader's long date format."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.conftest import article

pytestmark = pytest.mark.slow


def commit(folder, message: str, day: str) -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    env["PATH"] = "/usr/bin:/bin"
    env |= {"GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00"}
    for args in (["add", "-A"], ["commit", "-qm", message]):
        subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, env=env)


def updated(html: str) -> str | None:
    found = re.search(r'<aside class="md-source-file">.*?<time datetime="([^"]+)">([^<]+)</time>', html, re.S)
    return f"{found.group(1)} {found.group(2)}" if found else None


def test_a_page_without_ms_date_shows_its_files_last_commit(project):
    project.write("docs/en/index.md", article("Home", "# Home\n\nText.\n", ms_topic="article", ms_date="01/15/2022"))
    project.write("docs/en/undated.md", article("Undated", "# Undated\n\nText.\n", ms_topic="article"))
    project.write("docs/en/café.md", article("Café", "# Café\n\nText.\n", ms_topic="article"))  # git quotes such names unless told not to
    subprocess.run(["git", "init", "-q"], cwd=project.root, check=True)
    commit(project.root, "the English pages", "2023-11-02")
    project.write("docs/nl/undated.md", article("Zonder datum", "# Zonder datum\n\nTekst.\n", ms_topic="article", ms_contentlocale="nl-NL"))
    commit(project.root, "the Dutch page", "2024-03-05")
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr
    site = project.root / "site"

    def shown(page: str) -> str | None:
        return updated((site / page / "index.html").read_text(encoding="utf-8"))

    assert shown("") == "2022-01-15 January 15, 2022"  # ms.date wins over the commit
    assert shown("undated") == "2023-11-02 November 2, 2023"
    assert shown("café") == "2023-11-02 November 2, 2023"
    assert shown("nl/undated") == "2024-03-05 5 maart 2024"  # the translation's own commit, in Dutch
    assert shown("nl/café") == "2023-11-02 2 november 2023"  # a fallback copy: the source's date


def test_outside_git_a_page_without_ms_date_has_no_date(project):
    project.write("docs/en/index.md", article("Home", "# Home\n\nText.\n", ms_topic="article"))
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr
    assert updated((project.root / "site/index.html").read_text(encoding="utf-8")) is None
