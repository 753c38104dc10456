"""`review mark` loses nothing: an editor's save made while it runs, a read-only file or folder,
and every comment and blank line of the front matter survive it."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from helpsite import cli
from helpsite.content import edit
from helpsite.content.edit import FrontMatterEditor
from tests.conftest import article

SOURCE = article(title="Pay an invoice", body="# Pay an invoice\n\nPay within 30 days.\n")
TRANSLATION = article(title="Een factuur betalen", body="# Een factuur betalen\n\nBetaal binnen 30 dagen.\n", ms_translationtype="MT")
EDITORS_SAVE = TRANSLATION.replace("Betaal binnen 30 dagen.", "Betaal binnen dertig dagen, zei de redacteur.").encode()


def mark_in_process(project, monkeypatch, capsys, *paths: str) -> tuple[int, str, str]:
    """The real `helpsite review mark`, run in this process so that a test can act between its read and its rename."""
    monkeypatch.chdir(project.root)
    code = cli.main(["review", "mark", *paths, "--reviewer", "Anouk", "--date", "11/20/2026"])
    out = capsys.readouterr()
    return code, out.out, out.err


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("how", ["in place", "by rename"])
def test_an_editors_save_between_read_and_rename_is_kept_and_nothing_is_written(project, monkeypatch, capsys, how):
    project.write("docs/en/pay.md", SOURCE)
    path = project.write("docs/nl/pay.md", TRANSLATION)
    saves = []

    def editor_saves(target: Path) -> None:  # the moment after review mark read the file and before it renames
        if how == "in place":  # as most editors do: truncate and write the same file
            target.write_bytes(EDITORS_SAVE)
        else:  # as vim with backupcopy=no does: write a new file and rename it over the old one
            (target.parent / "4913").write_bytes(EDITORS_SAVE)
            os.replace(target.parent / "4913", target)
        saves.append(target)

    monkeypatch.setattr(edit, "BEFORE_REPLACE", [editor_saves])
    code, out, err = mark_in_process(project, monkeypatch, capsys, "docs/nl/pay.md")
    assert saves == [path.resolve()] or saves == [path]  # the writer ran exactly once, inside the window
    assert path.read_bytes() == EDITORS_SAVE  # the editor's bytes survive, all of them
    assert code == 1 and out == ""
    assert err.strip() == "docs/nl/pay.md: refused: changed while it was being marked; nothing written — run again"
    assert leftovers(path.parent) == []  # the replacement made beside it is gone


def test_after_a_refused_mark_running_again_marks_the_editors_version(project, monkeypatch, capsys):
    project.write("docs/en/pay.md", SOURCE)
    path = project.write("docs/nl/pay.md", TRANSLATION)
    monkeypatch.setattr(edit, "BEFORE_REPLACE", [lambda target: target.write_bytes(EDITORS_SAVE)])
    assert mark_in_process(project, monkeypatch, capsys, "docs/nl/pay.md")[0] == 1
    monkeypatch.setattr(edit, "BEFORE_REPLACE", [])
    code, out, _ = mark_in_process(project, monkeypatch, capsys, "docs/nl/pay.md")
    assert code == 0 and "marked" in out
    assert b"dertig dagen, zei de redacteur" in path.read_bytes() and b"ms.translationtype: HT" in path.read_bytes()


def test_a_save_of_the_same_bytes_does_not_stop_the_mark(project, monkeypatch, capsys):
    project.write("docs/en/pay.md", SOURCE)
    path = project.write("docs/nl/pay.md", TRANSLATION)
    monkeypatch.setattr(edit, "BEFORE_REPLACE", [lambda target: target.write_bytes(TRANSLATION.encode())])
    code, out, _ = mark_in_process(project, monkeypatch, capsys, "docs/nl/pay.md")
    assert code == 0 and "marked" in out and b"ms.translationtype: HT" in path.read_bytes()


def test_a_read_only_file_is_refused_and_left_as_it_was(project):
    project.write("docs/en/pay.md", SOURCE)
    path = project.write("docs/nl/pay.md", TRANSLATION)
    os.chmod(path, 0o444)
    before = path.read_bytes()
    result = project.helpsite("review", "mark", "docs/nl/pay.md", "--reviewer", "Anouk")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == "docs/nl/pay.md: refused: read-only (mode 0444); not changed"
    assert path.read_bytes() == before and stat.S_IMODE(os.stat(path).st_mode) == 0o444


def test_a_read_only_folder_is_refused_clearly(project):
    project.write("docs/en/pay.md", SOURCE)
    path = project.write("docs/nl/pay.md", TRANSLATION)
    os.chmod(path.parent, 0o555)
    try:
        result = project.helpsite("review", "mark", "docs/nl/pay.md", "--reviewer", "Anouk")
    finally:
        os.chmod(path.parent, 0o755)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "docs/nl/pay.md: refused: its folder is read-only, so no replacement can be made beside it; not changed" in result.stderr
    assert path.read_bytes() == TRANSLATION.encode() and leftovers(path.parent) == []


def _can_mount_read_only() -> bool:
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return False
    done = subprocess.run(["unshare", "-m", "mount", "-t", "tmpfs", "-o", "ro", "none", "/mnt"], capture_output=True, check=False)
    return done.returncode == 0


@pytest.mark.skipif(not _can_mount_read_only(), reason="needs a private mount namespace (unshare -m, as root) for a read-only file system")
def test_a_folder_where_no_temporary_file_can_be_made_is_refused_without_a_traceback(project):
    """A folder on a read-only file system: its mode allows writing, the temporary file cannot be made."""
    project.write("docs/en/pay.md", SOURCE)
    path = project.write("docs/nl/pay.md", TRANSLATION)
    folder = str(path.parent)
    script = f'mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} && exec {sys.executable} -m helpsite.cli "$@"'
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", script, "sh", "review", "mark", "docs/nl/pay.md", "--reviewer", "Anouk"],
        cwd=project.root,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "docs/nl/pay.md: refused: no temporary file can be made in its folder (Read-only file system); not changed" in result.stderr
    assert path.read_bytes() == TRANSLATION.encode()


# Front matter with comments and blank lines at every position around the keys review mark sets.
COMMENTED = """\
---
# before everything
title: Een factuur betalen
  # indented, before the edited key

ms.translationtype: MT   # set by the pipeline
  # indented, right after the edited key

# between keys
ms.custom:
  # inside a list, before its first item
  - "9004164"

  # inside a list, between items
  - "9002334"
ms.collection:
  first: a
  # inside a nested mapping

  second: b
# right before the closing line
---
# Een factuur betalen

Betaal binnen 30 dagen.
"""


def trivia(text: str) -> list[str]:
    """The comment and blank lines of the front matter, in order."""
    front = text.split("---\n")[1]
    return [line for line in front.split("\n")[:-1] if not line.strip() or line.strip().startswith("#")]


def test_mark_keeps_every_comment_and_blank_line_byte_for_byte(project):
    project.write("docs/en/pay.md", SOURCE)
    path = project.write("docs/nl/pay.md", COMMENTED)
    result = project.helpsite("review", "mark", "docs/nl/pay.md", "--reviewer", "Anouk", "--date", "11/20/2026")
    assert result.returncode == 0, result.stderr
    after = path.read_text()
    assert trivia(after) == trivia(COMMENTED) and len(trivia(COMMENTED)) == 12
    changed = [line for line in after.split("\n") if line not in COMMENTED.split("\n")]
    assert changed[:3] == ["ms.translationtype: HT   # set by the pipeline", "helpsite.reviewer: Anouk", "helpsite.reviewdate: 11/20/2026"]
    assert changed[3].startswith("ms.openlocfilehash: hs1:") and len(changed) == 4
    assert len(after.split("\n")) == len(COMMENTED.split("\n")) + 3  # three keys added, no line lost


@pytest.mark.parametrize(
    ("front", "key", "expected"),
    [
        # The value of the edited key is a list: its items go, the comments and blank lines among them stay.
        ("a: 1\nk:\n  - x\n  # among the items\n\n  - y\n# after\nb: 2\n", "k", "a: 1\nk: v\n  # among the items\n\n# after\nb: 2\n"),
        # A nested mapping as the edited value, with a comment inside.
        ("k:\n  x: 1\n\n  # inside\n  y: 2\nb: 2\n", "k", "k: v\n\n  # inside\nb: 2\n"),
        # A block scalar: '# ...' lines inside it are its text and go with it; the blank line after it stays.
        ("k: |\n  text\n  # part of the text\n\n# a comment\nb: 2\n", "k", "k: v\n\n# a comment\nb: 2\n"),
        # No value on the key's line, only a comment; the value on the next line.
        ("k: # why\n  old\nb: 2\n", "k", "k: v # why\nb: 2\n"),
        # A value that holds a line separator: the lines are the file's (LF), not YAML's.
        ('t: "a\u2028b"\nk: old\n  # kept\nb: 2\n', "k", 't: "a\u2028b"\nk: v\n  # kept\nb: 2\n'),
        # The keys are indented: a new key gets their indentation.
        ("  a: 1\n  # c\n", "new", "  a: 1\n  # c\n  new: v\n"),
        # A key merged in with << is not edited where the merged mapping is written: it is set after it.
        ("base: &b\n  k: old\n<<: *b\n# c\n", "k", "base: &b\n  k: old\n<<: *b\n# c\nk: v\n"),
    ],
)
def test_the_editor_keeps_comments_and_blank_lines_around_and_inside_values(front, key, expected):
    editor = FrontMatterEditor(f"---\n{front}---\nbody\n".encode(), "x.md")
    editor.set(key, "v")
    assert editor.to_bytes().decode() == f"---\n{expected}---\nbody\n"
