import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

from helpsite.content.parse import parse_bytes
from helpsite.model import Article
from helpsite.translation.review import HASH_PREFIX, GitHistory, source_hash
from tests.conftest import article

SOURCE = """\
# Pay an invoice

You can pay an invoice by card or by bank transfer within 30 days.

1. Open **Billing** > **Invoices**.
2. Select **Pay now**.

```sh
contoso pay --invoice 1234
```

See [the portal](https://portal.example.com/) for more.
"""
DUTCH = """\
# Een factuur betalen

U kunt een factuur binnen 30 dagen met een kaart of per bankoverschrijving betalen.

1. Open **Facturering** > **Facturen**.
2. Selecteer **Nu betalen**.

```sh
contoso pay --invoice 1234
```

Zie [de portal](https://portal.example.com/) voor meer.
"""


def parsed(text: str) -> Article:
    return parse_bytes(text.encode(), Article(path=Path("x.md"), display_path="x.md", locale="en", relpath="x.md"))


def test_hash_ignores_whitespace_only_edits_and_sees_word_changes():
    base = parsed(article(title="T", body="# T\n\nOne two three.\n\nFour five.\n"))
    rewrapped = parsed(article(title="T", body="#   T\n\n\nOne two\n   three.\n\n\n\nFour  five.   \n"))
    changed = parsed(article(title="T", body="# T\n\nOne two four.\n\nFour five.\n"))
    retitled = parsed(article(title="U", body="# T\n\nOne two three.\n\nFour five.\n"))
    assert source_hash(base).startswith(HASH_PREFIX) and len(source_hash(base)) == len(HASH_PREFIX) + 64
    assert source_hash(base) == source_hash(rewrapped)
    assert source_hash(base) != source_hash(changed) != source_hash(retitled)


def translation_pair(project, source_body=SOURCE, dutch_body=DUTCH, **dutch_meta):
    project.write("docs/en/pay.md", article(title="Pay an invoice", body=source_body))
    meta = {"ms_translationtype": "MT", "ms_contentlocale": "nl-NL", **dutch_meta}
    project.write("docs/nl/pay.md", article(title="Een factuur betalen", body=dutch_body, **meta))


def l10n(project, *args):
    result = project.helpsite("check", "--format", "json", "--select", "L10N", *args)
    assert result.returncode in (0, 1), result.stderr
    return [(f["code"], f["message"]) for f in json.loads(result.stdout)]


def stamp(project, path="docs/nl/pay.md"):
    """Store the current hs1 hash of the source, as a hand-off would."""
    source = parsed((project.root / "docs/en/pay.md").read_text())
    target = project.root / path
    target.write_text(
        target.read_text().replace("ms.translationtype: MT", f"ms.translationtype: MT\nms.openlocfilehash: {source_hash(source)}")
    )


def test_faithful_translation_has_no_l10n_findings(project):
    translation_pair(project)
    stamp(project)
    assert l10n(project) == []


def test_foreign_hash_is_unknown_not_outdated(project):
    translation_pair(project, ms_openlocfilehash="4a4f258a7a13f02ba8fe49dd50392a4dc766b222")
    assert l10n(project) == []
    rows = json.loads(project.helpsite("review", "list", "--format", "json").stdout)
    assert rows[0]["outdated"] == "unknown"


def test_changed_source_makes_the_translation_outdated(project):
    translation_pair(project)
    stamp(project)
    source = project.root / "docs/en/pay.md"
    source.write_text(source.read_text().replace("within 30 days", "within 30 calendar days"))
    found = l10n(project)
    assert found == [("L10N001", "outdated: the source text changed since hand-off (docs/en/pay.md)")]
    source.write_text(source.read_text().replace("calendar days.", "calendar   days.\n"))  # whitespace only
    assert [code for code, _ in l10n(project)] == ["L10N001"]


def git(folder, *args):
    subprocess.run(
        ["git", *args],
        cwd=folder,
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@t",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@t",
            "PATH": "/usr/bin:/bin",
        },
    )
    # Before the first commit there is no HEAD: the answer is empty, not an error.
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, check=False).stdout.strip()


def test_source_commit_signal_from_git(project):
    translation_pair(project)
    git(project.root, "init", "-q")
    git(project.root, "add", "-A")
    handoff = git(project.root, "commit", "-qm", "hand-off")
    dutch = project.root / "docs/nl/pay.md"
    dutch.write_text(dutch.read_text().replace("ms.translationtype: MT", f"ms.translationtype: MT\nms.sourcegitcommit: {handoff}"))
    git(project.root, "commit", "-qam", "translation arrives")  # touches only the translation
    assert l10n(project) == []
    assert json.loads(project.helpsite("review", "list", "--format", "json").stdout)[0]["outdated"] == "current"
    source = project.root / "docs/en/pay.md"
    source.write_text(source.read_text() + "\nA new paragraph.\n")
    git(project.root, "commit", "-qam", "source changes")
    assert l10n(project) == [("L10N001", f"outdated: git shows commits to the source after {handoff[:10]} (docs/en/pay.md)")]
    assert GitHistory(project.root).changed_since("0" * 40, source) is None  # a commit git does not know: unknown


@pytest.mark.parametrize(
    "edit, code",
    [
        (lambda t: t.replace("# Een factuur betalen", "# Een factuur betalen\n\n## Extra"), "L10N002"),
        (lambda t: t.replace("2. Selecteer **Nu betalen**.\n", ""), "L10N003"),
        (lambda t: t.replace("https://portal.example.com/", "https://portal.example.nl/"), "L10N004"),
        (lambda t: t + "\n![schermafbeelding](pic.png)\n", "L10N005"),
        (lambda t: t.replace("--invoice 1234", "--factuur 1234"), "L10N006"),
        (lambda t: t.replace("binnen 30 dagen", "binnen een maand"), "L10N007"),
        (lambda t: t.replace("**Nu betalen**", "Nu betalen"), "L10N008"),
        (
            lambda t: t.replace(
                "U kunt een factuur binnen 30 dagen met een kaart of per bankoverschrijving betalen.",
                "You can pay an invoice by card or by bank transfer within 30 days.",
            ),
            "L10N009",
        ),
    ],
)
def test_each_qa_difference_has_its_own_code(project, edit, code):
    translation_pair(project, dutch_body=edit(DUTCH))
    stamp(project)
    codes = [found for found, _ in l10n(project)]
    assert code in codes
    assert set(codes) <= {code, "L10N003", "L10N008"}  # a removed list item also removes a bold label


def test_glossary_and_no_loc(project):
    nl = project.root / "locales/nl.yml"
    nl.write_text(nl.read_text() + "glossary:\n  terms:\n    invoice: factuur\n  keep: [Contoso Cloud]\n")
    source = SOURCE.replace("for more.", "for more about Contoso Cloud.")
    translation_pair(
        project, source_body=source, dutch_body=DUTCH.replace("factuur", "rekening").replace("voor meer.", "voor meer over Contoso Wolk.")
    )
    stamp(project)
    messages = [message for code, message in l10n(project) if code == "L10N010"]
    assert messages == [
        "'Contoso Cloud' must stay as it is (do not translate), but is not in the translation",
        "the glossary translates 'invoice' as 'factuur', which the translation does not use",
    ]


def test_translation_without_a_source(project):
    project.write("docs/en/other.md", article())
    project.write("docs/nl/orphan.md", article(ms_translationtype="MT"))
    assert l10n(project) == [("L10N011", "no source page en/orphan.md")]


def test_locale_without_notice_text_is_reported(project):
    (project.root / "locales/nl.yml").write_text(
        "code: nl\ntag: nl-NL\nname: Nederlands\nfallback: en\nstrings:\n  mt_notice: Automatisch vertaald.\n"
    )
    project.write("docs/nl/a.md", article())
    found = l10n(project)
    assert len(found) == 1 and found[0][0] == "L10N012"
    assert "mt_status, mt_notice_link, outdated_status, outdated_notice, fallback_notice" in found[0][1]


def test_review_list_orders_by_risk_and_has_three_formats(project):
    translation_pair(project)  # MT, normal priority, unknown staleness
    project.write("docs/en/urgent.md", article(title="Urgent", localization_priority="Priority"))
    project.write("docs/nl/urgent.md", article(title="Dringend", localization_priority="Priority", ms_translationtype="MT"))
    project.write("docs/en/done.md", article(title="Done"))
    project.write("docs/nl/done.md", article(title="Klaar", ms_translationtype="HT"))
    rows = json.loads(project.helpsite("review", "list", "--format", "json").stdout)
    assert [(r["page"], r["risk"]) for r in rows] == [("urgent.md", 7.0), ("pay.md", 4.0)]  # HT and current: not queued
    table = project.helpsite("review", "list")
    assert "Review queue: 2 pages" in table.stdout and "urgent.md" in table.stdout
    parsed_csv = list(csv.DictReader(io.StringIO(project.helpsite("review", "list", "--format", "csv").stdout)))
    assert [r["page"] for r in parsed_csv] == ["urgent.md", "pay.md"] and parsed_csv[0]["priority"] == "high"


def test_two_files_claiming_one_page(project):
    project.write("docs/en/pay.md", article())
    project.write("docs/nl/pay.md", article())
    project.write("docs/nl/Pay.md", article())
    project.write("docs/nl/pay/index.md", article())
    found = sorted((f["path"], f["code"]) for f in json.loads(project.helpsite("check", "--format", "json", "--select", "L10N013").stdout))
    assert found == [("docs/nl/Pay.md", "L10N013")] * 2 + [("docs/nl/pay.md", "L10N013")] * 2 + [("docs/nl/pay/index.md", "L10N013")] * 2
