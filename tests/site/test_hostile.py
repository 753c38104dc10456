"""Hostile trees: symbolic links out of docs/ are reported and never published."""

from __future__ import annotations

import os

import pytest

from tests.conftest import article

pytestmark = pytest.mark.slow


def test_symlinks_out_of_docs_are_findings_and_never_published(project, tmp_path):
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "passwords.txt").write_text("TOP SECRET\n")
    (secret / "page.md").write_text(article("Secret page", "# Secret page\n\nTOP SECRET\n"))
    project.write("docs/en/index.md", article("Home", "# Home\n\n[file](passwords.txt) and [folder](linked/page.md)\n"))
    os.symlink(secret / "passwords.txt", project.root / "docs/en/passwords.txt")
    os.symlink(secret, project.root / "docs/en/linked")
    check = project.helpsite("check", "--select", "LNK")
    assert "docs/en/index.md:6:1: LNK005" in check.stdout and "symbolic link to a file outside" in check.stdout
    build = project.mkdocs_build()
    site = project.root / "site"
    assert not any("TOP SECRET" in p.read_text(errors="replace") for p in site.rglob("*") if p.is_file())
    assert "not published" in build.stderr
