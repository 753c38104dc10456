import fcntl
import os

import pytest

from helpsite.content.edit import EditError, FrontMatterEditor
from tests.conftest import article

SOURCE = article(title="Pay an invoice", body="# Pay an invoice\n\nPay within 30 days.\n")
TRANSLATION = (
    "\ufeff---\r\n"
    "title: 'Een factuur betalen'   # vertaald door MT\r\n"
    "ms.custom:\r\n"
    '- "9004164"\r\n'
    'ms.translationtype: "MT"\r\n'
    "ms.openlocfilehash: 4a4f258a7a13f02ba8fe49dd50392a4dc766b222\r\n"
    "ms.contentlocale: nl-NL\r\n"
    "---\r\n"
    "# Een factuur betalen\r\n\r\nBetaal binnen 30 dagen.\r\n"
)


def mark(project, *paths, reviewer="Anouk de Vries", date="11/20/2026"):
    return project.helpsite("review", "mark", *paths, "--reviewer", reviewer, "--date", date)


def test_mark_changes_only_the_review_lines(project):
    project.write("docs/en/pay.md", SOURCE)
    path = project.write("docs/nl/pay.md", TRANSLATION.encode("utf-8"))
    os.chmod(path, 0o640)
    before = path.read_bytes()
    result = mark(project, "docs/nl/pay.md")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "docs/nl/pay.md: marked: reviewed by Anouk de Vries on 11/20/2026: MT -> HT"
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf---\r\n")
    old_lines, new_lines = before.split(b"\r\n"), after.split(b"\r\n")
    changed = [(old, new) for old, new in zip(old_lines[:7], new_lines[:7], strict=True) if old != new]
    assert changed == [
        (b'ms.translationtype: "MT"', b'ms.translationtype: "HT"'),  # quoting kept
        (b"ms.openlocfilehash: 4a4f258a7a13f02ba8fe49dd50392a4dc766b222", new_lines[5]),
    ]
    assert new_lines[5].startswith(b"ms.openlocfilehash: hs1:")
    assert new_lines[7:9] == [b"helpsite.reviewer: Anouk de Vries", b"helpsite.reviewdate: 11/20/2026"]
    assert new_lines[9:] == old_lines[7:]  # the closing line and the whole body, byte for byte
    assert b"\n" not in after.replace(b"\r\n", b"")  # no bare LF slipped in
    assert os.stat(path).st_mode & 0o777 == 0o640  # the replacement keeps the file's permissions
    checked = project.helpsite("check", "docs/nl/pay.md", "--select", "META,L10N001")
    assert checked.returncode == 0 and checked.stdout == ""  # the marked page is valid and current


def test_marking_again_is_a_no_op_with_a_message(project):
    project.write("docs/en/pay.md", SOURCE)
    path = project.write("docs/nl/pay.md", TRANSLATION.encode("utf-8"))
    mark(project, "docs/nl/pay.md")
    once = path.read_bytes()
    result = mark(project, "docs/nl/pay.md", reviewer="Someone Else")
    assert result.returncode == 0 and "unchanged: already HT and up to date with its source" in result.stdout
    assert path.read_bytes() == once


def test_human_translation_with_a_stale_hash_gets_the_new_hash(project):
    project.write("docs/en/pay.md", SOURCE)
    project.write("docs/nl/pay.md", article(title="Betalen", ms_translationtype="HT"))
    result = mark(project, "docs/nl/pay.md")
    assert "marked" in result.stdout and "already HT; source hash brought up to date" in result.stdout


def test_refusals(project):
    project.write("docs/en/pay.md", SOURCE)
    broken = project.write("docs/nl/broken.md", "---\ntitle: [unclosed\n---\n# X\n")
    bad_bytes = broken.read_bytes()
    result = mark(project, "docs/en/pay.md", "docs/nl/broken.md")
    assert result.returncode == 1
    assert "docs/en/pay.md: refused: a source page, not a translation" in result.stderr
    assert "docs/nl/broken.md: refused: the front matter cannot be parsed" in result.stderr
    assert broken.read_bytes() == bad_bytes and "Traceback" not in result.stderr
    assert project.helpsite("review", "mark", "docs/nl/broken.md").returncode == 2  # --reviewer is required
    assert mark(project, "docs/nl/pay.md", date="02/30/2026").returncode == 2


def test_translation_without_source_is_marked_without_a_hash(project):
    project.write("docs/en/other.md", SOURCE)
    path = project.write("docs/nl/orphan.md", article(ms_translationtype="MT"))
    result = mark(project, "docs/nl/orphan.md")
    assert "no source page: no source hash stored" in result.stdout
    assert b"hs1:" not in path.read_bytes() and b"ms.translationtype: HT" in path.read_bytes()


def test_a_file_locked_by_another_writer_is_refused_clearly(project):
    project.write("docs/en/pay.md", SOURCE)
    path = project.write("docs/nl/pay.md", TRANSLATION.encode("utf-8"))
    with open(path, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = mark(project, "docs/nl/pay.md")
    assert result.returncode == 1
    assert "another helpsite process is editing this file; try again" in result.stderr
    assert path.read_bytes() == TRANSLATION.encode("utf-8")


@pytest.mark.parametrize(
    "front, key, value, expected",
    [
        ("title: t\nms.translationtype: MT  # pipeline\n", "ms.translationtype", "HT", "ms.translationtype: HT  # pipeline\n"),
        ("title: t\n'ms.translationtype': 'MT'\n", "ms.translationtype", "it's", "'ms.translationtype': 'it''s'\n"),
        ("title: t\nms.translationtype:    MT\n", "ms.translationtype", "a: b #c", 'ms.translationtype:    "a: b #c"\n'),
        ("title: t\n", "helpsite.reviewer", "- yes", 'helpsite.reviewer: "- yes"\n'),
    ],
)
def test_values_are_written_as_valid_yaml_in_the_old_style(front, key, value, expected):
    editor = FrontMatterEditor(f"---\n{front}---\nbody\n".encode(), "x.md")
    editor.set(key, value)
    text = editor.to_bytes().decode()
    assert expected in text and FrontMatterEditor(text.encode()).get(key) == value


def test_unparsable_or_missing_front_matter_cannot_be_edited():
    for data in (b"# no front matter\n", b"---\ntitle: [x\n---\n", b"---\ntitle: \xff\n---\n"):
        with pytest.raises(EditError):
            FrontMatterEditor(data, "x.md")
