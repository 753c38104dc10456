"""publishing/sitefolder.py: an earlier site is set aside in one rename per entry, removed after, put back on failure."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpsite.publishing.sitefolder import remove_set_aside, set_aside, written_anew


def earlier_site(folder):
    (folder / "billing").mkdir(parents=True)
    (folder / "billing/index.html").write_text("earlier page")
    (folder / "index.html").write_text("earlier home")
    (folder / ".git").mkdir()
    (folder / ".git/HEAD").write_text("ref: main")
    return folder


def names(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def test_the_entries_mkdocs_would_remove_are_moved_beside_the_site_and_hidden_ones_stay(tmp_path):
    site = earlier_site(tmp_path / "site")
    inode = (site / "billing/index.html").stat().st_ino
    aside = set_aside(site)
    assert aside is not None and aside.parent == tmp_path and aside.name.startswith(".site")
    assert names(site) == [".git", ".git/HEAD"]  # MkDocs's clean_directory keeps hidden entries too
    assert names(aside) == ["billing", "billing/index.html", "index.html"]
    assert (aside / "billing/index.html").stat().st_ino == inode  # renamed, not copied
    remove_set_aside(aside)
    assert not aside.exists() and names(site) == [".git", ".git/HEAD"]
    remove_set_aside(None)  # nothing was set aside: nothing to do


def test_nothing_is_set_aside_when_there_is_no_site_or_nothing_to_move(tmp_path):
    assert set_aside(tmp_path / "site") is None
    (tmp_path / "site").mkdir()
    (tmp_path / "site/.nojekyll").write_text("")
    assert set_aside(tmp_path / "site") is None
    assert [entry.name for entry in tmp_path.iterdir()] == ["site"]


def test_a_dead_builds_leftover_is_removed_and_a_running_ones_is_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    abandoned = tmp_path / f".site.helpsite-earlier-{dead.stdout.strip()}"
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        elsewhere = tmp_path / f".site.helpsite-earlier-{running.pid}"
        for folder in (abandoned, elsewhere):
            folder.mkdir()
            (folder / "index.html").write_text("left over")
        aside = set_aside(earlier_site(tmp_path / "site"))
        assert not abandoned.exists()
        assert (elsewhere / "index.html").read_text() == "left over"  # another build still writing beside this one
        assert aside == tmp_path / f".site.helpsite-earlier-{os.getpid()}"
    finally:
        running.kill()
        running.wait()


def test_a_folder_written_anew_keeps_only_what_the_block_wrote(tmp_path):
    site = earlier_site(tmp_path / "site")
    with written_anew(site):
        assert names(site) == [".git", ".git/HEAD"]
        (site / "index.html").write_text("new home")
    assert names(site) == [".git", ".git/HEAD", "index.html"] and (site / "index.html").read_text() == "new home"
    assert [entry.name for entry in tmp_path.iterdir()] == ["site"]  # the earlier entries are gone
    with written_anew(tmp_path / "made/here"):
        (tmp_path / "made/here/page.html").write_text("first")
    assert names(tmp_path / "made/here") == ["page.html"]


def test_a_block_that_fails_leaves_the_earlier_site_as_it_was(tmp_path):
    site = earlier_site(tmp_path / "site")
    with pytest.raises(RuntimeError), written_anew(site):
        (site / "half-written.html").write_text("half")
        raise RuntimeError("merge refused")
    assert names(site) == [".git", ".git/HEAD", "billing", "billing/index.html", "index.html"]
    assert (site / "billing/index.html").read_text() == "earlier page"
    assert [entry.name for entry in tmp_path.iterdir()] == ["site"]
