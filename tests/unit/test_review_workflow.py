"""A reviewer's and a localisation manager's tools: a translation beside its source (`review show`),
the source's changes since hand-off (from git, or from helpsite's snapshot), and a queue to plan
with (words, owner, due date, filters, formats)."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import subprocess
import sys

import pytest

from helpsite.translation.compare import align, blocks, count_words
from tests.conftest import article
from tests.unit.test_review import DUTCH, SOURCE, git, translation_pair

# The title and the source's text: 3 + 3 + 14 + 3 + 3 + 0 (code) + 5 (no URL).
PAGE_WORDS = 31
NEW_SECTION = "\n## Pay in instalments\n\nLarge invoices can be paid in three monthly instalments from the portal.\n"


def handed_off(project):
    """The Dutch page made the way a hand-off makes it: `helpsite new --from`, then translated."""
    project.write("docs/en/pay.md", article(title="Pay an invoice", body=SOURCE))
    result = project.helpsite("new", "docs/nl/pay.md", "--from", "docs/en/pay.md")
    assert result.returncode == 0, result.stderr
    dutch = project.root / "docs/nl/pay.md"
    front = dutch.read_text(encoding="utf-8").split("---\n")[1].replace("title: Pay an invoice", "title: Een factuur betalen")
    front = front.replace("helpsite.state: stub\n", "")  # translated: no longer a stub
    dutch.write_text(f"---\n{front}ms.translationtype: MT\n---\n{DUTCH}", encoding="utf-8")
    return dutch


def show(project, path="docs/nl/pay.md"):
    result = project.helpsite("review", "show", path, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_blocks_are_headings_paragraphs_items_rows_and_code_with_their_lines():
    body = (
        "# Title\n\nOne paragraph,\nwrapped.\n\n- tight item\n- with a list\n  - nested\n\n  and a paragraph\n\n"
        "1. loose item\n\n   its second paragraph\n\n| Setting | Value |\n|---|---|\n| Limit | 30 days |\n\n"
        "```sh\ncontoso pay --now\n```\n\n> [!NOTE]\n> A quoted note.\n\n<div>raw</div>\n"
    )
    found = [(b.kind, b.first_line, b.last_line, b.text, b.words) for b in blocks(body, first_line=5)]
    assert found == [
        ("heading", 5, 5, "# Title", 1),
        ("paragraph", 7, 8, "One paragraph,\nwrapped.", 3),
        ("item", 10, 10, "- tight item", 2),
        ("item", 11, 11, "- with a list", 3),
        ("item", 12, 12, "- nested", 1),
        ("paragraph", 14, 14, "and a paragraph", 3),
        ("item", 16, 16, "1. loose item", 2),
        ("paragraph", 18, 18, "its second paragraph", 3),
        ("row", 20, 20, "| Setting | Value |", 2),
        ("row", 22, 22, "| Limit | 30 days |", 3),
        ("code", 24, 26, "```sh\ncontoso pay --now\n```", 0),  # code is not translated: no words
        ("paragraph", 28, 29, "[!NOTE]\n> A quoted note.", 4),
        ("html", 31, 31, "<div>raw</div>", 0),
    ]
    assert count_words("Don't e-mail the 30-day invoice, see it.") == 7
    assert [b.words for b in blocks("See [the portal](https://portal.example.com/x) and `code`.\n")] == [4]  # no URL, no code


def test_a_translation_is_aligned_with_its_source_block_by_block():
    source = blocks("# Pay\n\nText.\n\n## New\n\nMore.\n\n- a\n- b\n")
    dutch = blocks("# Betalen\n\nTekst.\n\n- a\n- b\n- c\n")
    pairs = [(s.text if s else None, t.text if t else None) for s, t in align(source, dutch)]
    assert pairs == [
        ("# Pay", "# Betalen"),
        ("Text.", "Tekst."),
        ("## New", None),  # the section the translation lacks stands alone
        ("More.", None),
        ("- a", "- a"),
        ("- b", "- b"),
        (None, "- c"),
    ]


def test_an_outdated_page_shows_the_source_changes_since_hand_off_from_the_snapshot(project):
    handed_off(project)
    [snapshot] = (project.root / ".helpsite/handoff").iterdir()  # what `new --from` kept
    hash_line = next(line for line in (project.root / "docs/nl/pay.md").read_text().splitlines() if "openlocfilehash" in line)
    assert snapshot.name == hash_line.split("hs1:")[1] + ".md" and snapshot.read_text() == (project.root / "docs/en/pay.md").read_text()
    source = project.root / "docs/en/pay.md"
    source.write_text(source.read_text() + NEW_SECTION)
    shown = show(project)
    assert shown["state"] == "outdated" and shown["source_changes"]["from"] == "snapshot"
    added = [line["text"] for line in shown["source_changes"]["diff"] if line["kind"] == "added"]
    assert "## Pay in instalments" in added and not [line for line in shown["source_changes"]["diff"] if line["kind"] == "removed"]
    new_rows = [row for row in shown["rows"] if row["changed_since_handoff"]]
    assert [row["source"]["text"] for row in new_rows] == ["## Pay in instalments", NEW_SECTION.strip().splitlines()[-1]]
    assert all(row["translation"] is None for row in new_rows)
    assert shown["work"] == {"words": 15, "basis": "changed", "changed_blocks": 2, "removed_blocks": 0}  # 3 + 12 words
    assert shown["handoff"]["source_hash"] != shown["handoff"]["current_source_hash"]
    assert shown["mark_command"] == 'helpsite review mark docs/nl/pay.md --reviewer "YOUR NAME"'
    text = project.helpsite("review", "show", "docs/nl/pay.md").stdout
    assert "Changes to the source since hand-off (from .helpsite/handoff/" in text and "+ ## Pay in instalments" in text
    assert "new or changed in the source since hand-off" in text and "(none)" in text


def test_the_diff_comes_from_git_when_the_hand_off_commit_is_in_the_history(project):
    translation_pair(project)
    git(project.root, "init", "-q")
    git(project.root, "add", "-A")
    handoff = git(project.root, "commit", "-qm", "hand-off")
    dutch = project.root / "docs/nl/pay.md"
    dutch.write_text(dutch.read_text().replace("ms.translationtype: MT", f"ms.translationtype: MT\nms.sourcegitcommit: {handoff}"))
    source = project.root / "docs/en/pay.md"
    source.write_text(source.read_text().replace("2. Select **Pay now**.", "2. Select **Pay now**, then **Confirm**."))
    git(project.root, "commit", "-qam", "source changes")
    shown = show(project)
    assert shown["state"] == "outdated" and not (project.root / ".helpsite").exists()
    assert shown["source_changes"]["from"] == "git" and shown["source_changes"]["where"] == f"commit {handoff[:10]}"
    diff = shown["source_changes"]["diff"]
    assert [(d["kind"], d["text"]) for d in diff if d["kind"] in ("added", "removed")] == [
        ("removed", "2. Select **Pay now**."),
        ("added", "2. Select **Pay now**, then **Confirm**."),
    ]
    assert shown["work"]["words"] == 5 and shown["work"]["basis"] == "changed"  # the changed list item only


def test_findings_are_shown_at_their_block_and_front_matter_ones_for_the_page(project):
    translation_pair(project, dutch_body=DUTCH.replace("voor meer.", "voor meer, en [weg](weg.md)."))
    shown = show(project)
    placed = {row["translation"]["text"].split()[0]: [f["code"] for f in row["findings"]] for row in shown["rows"] if row["translation"]}
    assert placed["Zie"] == ["LNK001"] and all(not codes for first, codes in placed.items() if first != "Zie")
    assert shown["source_changes"] is None  # no hand-off text to compare with: unknown, not guessed
    assert shown["work"] == {"words": PAGE_WORDS, "basis": "page", "changed_blocks": None, "removed_blocks": None}


def test_show_refuses_a_source_page_and_a_folder(project):
    translation_pair(project)
    for path, message in (("docs/en/pay.md", "a source page; show one of its translations (docs/nl/pay.md)"), ("docs/nl", "not a folder")):
        result = project.helpsite("review", "show", path)
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_marking_a_page_reviewed_is_a_new_hand_off_git_and_snapshot_alike(project):
    handed_off(project)
    git(project.root, "init", "-q")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-qm", "hand-off")
    source = project.root / "docs/en/pay.md"
    source.write_text(source.read_text() + NEW_SECTION)
    head = git(project.root, "commit", "-qam", "source changes")
    result = project.helpsite("review", "mark", "docs/nl/pay.md", "--reviewer", "Anouk")
    assert result.returncode == 0, result.stderr
    assert f"ms.sourcegitcommit: {head}" in (project.root / "docs/nl/pay.md").read_text()
    assert len(list((project.root / ".helpsite/handoff").iterdir())) == 2  # the text reviewed against is kept too
    shown = show(project)
    assert shown["staleness"]["state"] == "current" and shown["source_changes"]["diff"] == []


@pytest.fixture
def queue(project):
    """Four Dutch translations: outdated (with a snapshot), machine, machine with an owner, reviewed."""
    handed_off(project)
    source = project.root / "docs/en/pay.md"
    source.write_text(source.read_text() + NEW_SECTION)
    project.write("docs/en/refund.md", article("Refunds", "# Refunds\n\nAsk for a refund within 14 days.\n"))
    project.write("docs/nl/refund.md", article("Terugbetalingen", "# Terugbetalingen\n\nVraag binnen 14 dagen.\n", ms_translationtype="MT"))
    owned = {"helpsite.owner": "Anouk de Vries", "helpsite.due": "12/01/2026"}
    project.write("docs/en/close.md", article("Close an account", "# Close an account\n\nClose it in the portal.\n"))
    project.write("docs/nl/close.md", article("Account sluiten", "# Account sluiten\n\nSluit het.\n", ms_translationtype="MTE75", **owned))
    project.write("docs/en/done.md", article("Done", "# Done\n\nText.\n"))
    project.write("docs/nl/done.md", article("Klaar", "# Klaar\n\nTekst.\n", ms_translationtype="HT"))
    return project


def rows_of(project, *args):
    result = project.helpsite("review", "list", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_each_queued_page_has_its_words_owner_and_due_date(queue):
    rows = {row["page"]: row for row in rows_of(queue)}
    assert set(rows) == {"pay.md", "refund.md", "close.md"}
    assert (rows["pay.md"]["words"], rows["pay.md"]["words_basis"], rows["pay.md"]["state"]) == (15, "changed", "outdated")
    assert (rows["refund.md"]["words"], rows["refund.md"]["words_basis"], rows["refund.md"]["state"]) == (9, "page", "machine")
    assert (rows["close.md"]["owner"], rows["close.md"]["due"], rows["close.md"]["words"]) == ("Anouk de Vries", "12/01/2026", 11)
    assert rows["refund.md"]["owner"] is None and rows["refund.md"]["due"] is None
    (queue.root / ".helpsite").rename(queue.root / "elsewhere")  # no snapshot: the whole source is the work
    rows = {row["page"]: row for row in rows_of(queue)}
    assert (rows["pay.md"]["words"], rows["pay.md"]["words_basis"]) == (PAGE_WORDS + 15, "page, hand-off text unknown")


def test_owner_and_due_are_front_matter_the_schema_knows(queue):
    queue.write("docs/nl/close.md", article("Account sluiten", "# Account sluiten\n\nSluit het.\n", **{"helpsite.due": "13/01/2026"}))
    found = json.loads(queue.helpsite("check", "--format", "json", "--select", "META").stdout)
    assert [(f["path"], f["code"]) for f in found] == [("docs/nl/close.md", "META004")]  # not a real date; owner and due are known keys


@pytest.mark.parametrize(
    ("args", "pages"),
    [
        (["--locale", "nl"], {"pay.md", "refund.md", "close.md"}),
        (["--locale", "nl-NL"], {"pay.md", "refund.md", "close.md"}),
        (["--locale", "de"], set()),  # a locale of the site without pages: nothing to review
        (["--owner", "anouk DE vries"], {"close.md"}),
        (["--state", "outdated"], {"pay.md"}),
        (["--state", "machine", "--owner", "Anouk de Vries"], {"close.md"}),
    ],
)
def test_the_queue_filters_by_locale_owner_and_state(queue, args, pages):
    assert {row["page"] for row in rows_of(queue, *args)} == pages


@pytest.mark.parametrize(
    ("locale", "message"),
    [("xx", "--locale xx: no such locale in locales/ (this site has en (en-US)"), ("en", "en is the source locale")],
)
def test_an_unknown_or_source_locale_is_a_usage_error_not_an_empty_queue(queue, locale, message):
    for fmt in ("table", "json", "csv"):
        result = queue.helpsite("review", "list", "--locale", locale, "--format", fmt)
        assert result.returncode == 2 and message in result.stderr and result.stdout == ""


def test_csv_has_every_column_and_json_the_same_rows(queue):
    parsed = list(csv.DictReader(io.StringIO(queue.helpsite("review", "list", "--format", "csv").stdout)))
    assert list(parsed[0]) == [
        *("risk", "locale", "page", "title", "state", "translation_type", "priority", "words", "words_basis", "owner", "due"),
        *("handoff", "outdated", "qa_findings", "qa_codes", "path"),
    ]
    assert [(r["page"], r["words"], r["owner"]) for r in parsed] == [(r["page"], str(r["words"]), r["owner"] or "") for r in rows_of(queue)]


LONG = "a-page-whose-name-is-much-longer-than-any-terminal-column-would-ever-be-without-wrapping-it.md"


def test_a_piped_table_has_full_rows(queue):
    queue.write(f"docs/en/{LONG}", article("Long", "# Long\n\nText.\n"))
    queue.write(
        f"docs/nl/{LONG}", article("Lang", "# Lang\n\nTekst.\n", ms_translationtype="MT", **{"helpsite.owner": "Someone With A Long Name"})
    )
    out = queue.helpsite("review", "list").stdout
    row = next(line for line in out.splitlines() if LONG in line)
    assert row.split()[:3] == ["4", "nl", LONG] and "Someone With A Long Name" in row and "…" not in out
    header = out.splitlines()[1].split()
    assert header == ["risk", "locale", "page", "state", "type", "priority", "words", "owner", "due", "hand-off", "QA"]
    status = queue.helpsite("status").stdout
    assert "Nederlands (nl)" in status.splitlines()[-1] and "…" not in status


def on_a_terminal(project, columns: int, *args: str) -> list[str]:
    """What `helpsite ARGS` shows on a terminal of ``columns`` columns, without its colours and styles."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "helpsite.cli", *args],
        cwd=project.root,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "TERM": "xterm", "COLUMNS": str(columns)},
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=120) == 0
    return re.sub(r"\x1b\[[0-9;]*m", "", output.decode("utf-8", "replace")).replace("\r", "").splitlines()


def test_on_a_terminal_a_table_fits_its_width_and_cuts_nothing(queue):
    queue.write(f"docs/en/{LONG}", article("Long", "# Long\n\nText.\n"))
    queue.write(f"docs/nl/{LONG}", article("Lang", "# Lang\n\nTekst.\n", ms_translationtype="MT", **{"helpsite.owner": "Someone"}))
    wide = on_a_terminal(queue, 250, "review", "list")
    assert max(map(len, wide)) <= 250 and "…" not in "".join(wide)
    row = next(line for line in wide if LONG in line)
    assert [cell.strip() for cell in row.strip("│").split("│")][:3] == ["4", "nl", LONG] and "Someone" in row
    narrow = on_a_terminal(queue, 60, "review", "list")  # too narrow for a table: an entry a few lines
    assert max(map(len, narrow)) <= 60 and "…" not in "".join(narrow)
    assert LONG in "".join(narrow)  # longer than a line: folded, whole
    start = next(i for i, line in enumerate(narrow) if line.startswith(LONG[:40]))
    entry = " ".join(narrow[start : start + 5])
    for pair in ("risk 4", "locale nl", "state machine", "type MT", "owner Someone", "words 3", "QA 0"):
        assert pair in entry, entry
    status = on_a_terminal(queue, 40, "status")
    assert max(map(len, status)) <= 40 and "Nederlands (nl)" in status and any("coverage" in line for line in status)
