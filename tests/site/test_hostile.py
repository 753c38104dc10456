"""Hostile trees: symbolic links out of docs/, /dev/zero, named pipes, loops of folder links and names
that are not UTF-8 are reported and never published, and the build ends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import article, run_bounded

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


# --- A real build with each hostile file: it ends, publishes none of them, and says why -----------

MEMORY = 2 << 30  # a build needs a fraction of this; a read of /dev/zero would need all there is


def _build(project) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "mkdocs", "build", "-d", str(project.root / "site")]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HELPSITE_TEAM_PAGES": "1"}  # the review queue is a team page
    return run_bounded(command, project.root, timeout=120, memory=MEMORY, env=env)


def _secret(project) -> Path:
    outside = project.root.parent / "outside"
    outside.mkdir(exist_ok=True)
    secret = outside / "secret.md"
    secret.write_text(article("SECRET TITLE", "# Secret\n\nTOP SECRET\n", ms_translationtype="MT", ms_contentlocale="nl-NL"))
    return secret


def _hostile(project, kind: str) -> str:
    """Writes one hostile file; -> the finding the build logs about it."""
    docs = project.root / "docs"
    (docs / "en" / "includes").mkdir(exist_ok=True)
    if kind == "article linked out of docs":
        os.symlink(_secret(project), docs / "nl" / "leak.md")
        return "docs/nl/leak.md: PARSE011 [error] a symbolic link to "
    if kind == "folder linked out of docs":
        os.symlink(_secret(project).parent, docs / "nl" / "linked")
        return "docs/nl/linked: PARSE011 [error] a symbolic link to "
    if kind.startswith("/dev/zero"):
        name = {"/dev/zero article": "en/zero.md", "/dev/zero image": "en/zero.png", "/dev/zero include": "en/includes/zero.md"}[kind]
        os.symlink("/dev/zero", docs / name)
        if "include" in kind:  # never published (a fragment), and not read where it is included
            return "docs/en/index.md:8:1: DFX004 [error] include not read: 'includes/zero.md' is a symbolic link to /dev/zero"
        return f"docs/{name}: PARSE011 [error] a symbolic link to /dev/zero, outside docs/; not published"
    if kind.startswith("named pipe"):
        name = {"named pipe article": "en/pipe.md", "named pipe image": "en/pipe.png", "named pipe include": "en/includes/pipe.md"}[kind]
        os.mkfifo(docs / name)
        if "include" in kind:
            return "docs/en/index.md:10:1: DFX004 [error] include not read: 'includes/pipe.md' is not a file: not a regular file"
        return f"docs/{name}: PARSE001 [error] not a regular file (a named pipe); not published"
    if kind == "folder link loop":
        os.symlink(".", docs / "en" / "loop")
        return "docs/en/loop: PARSE001 [error] docs/en/loop links back to a folder on its way (a loop); not published"
    assert kind == "name not UTF-8"
    with open(os.path.join(os.fsencode(docs / "nl"), b"caf\xe9.md"), "wb") as file:
        file.write(article("Cafe", "# Cafe\n", ms_translationtype="MT", ms_contentlocale="nl-NL").encode())
    return "docs/nl/caf\\xe9.md: PARSE012 [error] the file name is not valid UTF-8; not published"


HOSTILE = [
    "article linked out of docs",
    "folder linked out of docs",
    "/dev/zero article",
    "/dev/zero image",
    "/dev/zero include",
    "named pipe article",
    "named pipe image",
    "named pipe include",
    "folder link loop",
    "name not UTF-8",
]


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_build_with_a_hostile_file_ends_and_publishes_none_of_it(project, kind: str) -> None:
    project.write(
        "docs/en/index.md",
        article(
            "Home", "# Home\n\n![z](zero.png) ![p](pipe.png)\n\n[!INCLUDE [z](includes/zero.md)]\n\n[!INCLUDE [p](includes/pipe.md)]\n"
        ),
    )
    project.write("docs/nl/index.md", article("Thuis", "# Thuis\n\nTekst.\n", ms_contentlocale="nl-NL"))
    project.write("docs/nl/pay.md", article("Betalen", "# Betalen\n", ms_translationtype="MT", ms_contentlocale="nl-NL"))
    project.write("docs/en/pay.md", article("Pay", "# Pay\n"))
    expected = _hostile(project, kind)
    build = _build(project)
    assert build.returncode == 0, build.stderr[-3000:]
    assert "Traceback" not in build.stderr
    assert f"WARNING -  {expected}" in build.stderr, build.stderr[-3000:]
    site = project.root / "site"
    assert (site / "index.html").is_file() and (site / "nl" / "pay" / "index.html").is_file()
    review = (site / "nl" / "review" / "index.html").read_text(encoding="utf-8")
    assert "Betalen" in review and "SECRET" not in review
    published = [p for p in site.rglob("*") if p.is_file()]
    assert not any(b"TOP SECRET" in p.read_bytes() or b"SECRET TITLE" in p.read_bytes() for p in published)
    assert all(p.stat().st_size < 5 << 20 for p in published)  # nothing of /dev/zero
    assert not any("loop" in p.parts or "caf" in p.name for p in published)
