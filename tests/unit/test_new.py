"""`helpsite new`: new articles and translation stubs, valid and stamped, never overwriting."""

from __future__ import annotations

import subprocess

import pytest

from helpsite.content.config import Project
from helpsite.content.parse import parse_article
from helpsite.run.engine import run_check
from helpsite.translation.review import GitHistory, source_hash

from ..conftest import article


def test_a_new_article_passes_the_checks(project):
    result = project.helpsite("new", "docs/nl/billing/terugbetalingen.md", "--locale", "nl-NL", "--date", "03/04/2026")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "created docs/nl/billing/terugbetalingen.md\n"
    text = (project.root / "docs/nl/billing/terugbetalingen.md").read_text()
    assert text.startswith("---\ntitle: Terugbetalingen\nms.topic: article\nms.date: 03/04/2026\n")
    assert "ms.contentlocale: nl-NL" in text
    check = project.helpsite("check", "docs/nl/billing/terugbetalingen.md")
    assert check.returncode == 0 and check.stdout == ""


def test_titles_that_need_quoting_are_quoted(project):
    assert project.helpsite("new", "docs/en/a.md", "--title", "Billing: what #1 costs").returncode == 0
    parsed = parse_article(project.root / "docs/en/a.md", locale="en", relpath="a.md")
    assert parsed.meta["title"] == "Billing: what #1 costs" and not parsed.problems


def test_a_translation_stub_is_stamped_for_hand_off(project):
    project.write(
        "docs/en/pay.md",
        article("Pay now", "# Pay now\n\nSelect **Pay** and confirm the amount.\n", ms_topic="how-to", ms_custom="\n- '9004164'"),
    )
    subprocess.run(["git", "init", "-q"], cwd=project.root, check=True)
    subprocess.run(
        ["git", "-c", "user.email=a@b", "-c", "user.name=t", "commit", "-qam", "x", "--allow-empty"], cwd=project.root, check=True
    )
    subprocess.run(["git", "add", "-A"], cwd=project.root, check=True)
    subprocess.run(["git", "-c", "user.email=a@b", "-c", "user.name=t", "commit", "-qm", "source"], cwd=project.root, check=True)
    result = project.helpsite("new", "docs/nl/pay.md", "--locale", "nl", "--from", "docs/en/pay.md", "--date", "05/06/2026")
    assert result.returncode == 0, result.stderr
    stub = parse_article(project.root / "docs/nl/pay.md", locale="nl", relpath="pay.md")
    source = parse_article(project.root / "docs/en/pay.md", locale="en", relpath="pay.md")
    assert stub.meta["ms.openlocfilehash"] == source_hash(source)
    assert stub.meta["ms.sourcegitcommit"] == GitHistory(project.root).head()
    assert stub.meta["ms.lasthandoff"] == "05/06/2026"
    assert stub.meta["ms.contentlocale"] == "nl-NL"
    assert stub.meta["ms.topic"] == "how-to" and stub.meta["ms.custom"] == ["9004164"]
    assert stub.body == source.body  # the text to translate
    assert stub.meta["helpsite.state"] == "stub"  # served as a missing page, counted missing, queued to translate
    # The review queue now knows the hand-off: current until the source changes.
    findings = run_check(Project.load(project.root / "mkdocs.yml")).findings
    assert "L10N001" not in {f.code for f in findings}
    (project.root / "docs/en/pay.md").write_text(article("Pay now", "# Pay now\n\nSelect **Pay now** and confirm.\n", ms_topic="how-to"))
    assert "L10N001" in {f.code for f in run_check(Project.load(project.root / "mkdocs.yml")).findings}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["docs/nl/x.md", "--locale", "de-DE"], "disagrees with the folder"),
        (["docs/xx/x.md"], "'xx' has no locale file locales/xx.yml"),
        (["elsewhere/x.md"], "articles live in a locale folder"),
        (["docs/nl/x.txt"], "ends in .md"),
        (["docs/nl/other.md", "--from", "docs/en/pay.md"], "lives at its source's path"),
        (["docs/nl/pay.md", "--from", "docs/en/none.md"], "no such source article"),
        (["docs/nl/pay.md", "--from", "docs/en/broken.md"], "fix the source first"),
        (["docs/en/pay.md"], "exists; not overwritten"),
    ],
)
def test_refusals_are_clear_and_write_nothing(project, args, message):
    project.write("docs/en/pay.md", article("Pay now"))
    project.write("docs/en/broken.md", "---\ntitle: [unclosed\n---\n# Broken\n")
    before = sorted(p.relative_to(project.root) for p in project.root.rglob("*") if p.is_file())
    result = project.helpsite("new", *args)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert sorted(p.relative_to(project.root) for p in project.root.rglob("*") if p.is_file()) == before
    assert (project.root / "docs/en/pay.md").read_text() == article("Pay now")


def test_new_in_a_folder_without_a_locale_file_names_the_missing_file(project):
    (project.root / "locales/de.yml").unlink()
    result = project.helpsite("new", "docs/de/start.md")
    assert result.returncode == 2
    assert "'de' has no locale file locales/de.yml" in result.stderr and "Traceback" not in result.stderr
    assert not (project.root / "docs/de").exists()


def test_new_with_create_locale_writes_the_locale_file_from_the_source_locales(project):
    (project.root / "locales/de.yml").unlink()
    project.write("docs/en/start.md", article("Start"))
    result = project.helpsite("new", "docs/de/start.md", "--from", "docs/en/start.md", "--create-locale")
    assert result.returncode == 0, result.stderr
    assert "created locales/de.yml from locales/en.yml: translate its strings" in result.stdout
    created = (project.root / "locales/de.yml").read_text(encoding="utf-8")
    template = (project.root / "locales/en.yml").read_text(encoding="utf-8")
    strings = [line for line in created.splitlines() if line.startswith("  ")]
    own = [line for line in template.splitlines() if line.startswith("  ")]
    assert strings[: len(own)] == own  # the source's own strings first, still the source's, to translate
    from helpsite.content.locales import DEFAULT_STRINGS

    written = {line.split(":", 1)[0].strip() for line in strings}
    assert written == {key for key, value in DEFAULT_STRINGS.items() if value} | {line.split(":", 1)[0].strip() for line in own}
    from helpsite.content.locales import Locales

    german = Locales.load(project.root / "locales").by_code["de"]
    assert (german.tag, german.name, german.search_language, german.direction, german.fallback, german.source) == (
        "de",
        "Deutsch",
        "de",
        "ltr",
        "en",
        False,
    )
    assert "ms.contentlocale: de" in (project.root / "docs/de/start.md").read_text(encoding="utf-8")
    assert project.helpsite("check", "--select", "LOC").returncode == 0


def test_create_locale_takes_the_tag_and_the_direction_of_the_language(project):
    result = project.helpsite("new", "docs/he/start.md", "--locale", "he-IL", "--create-locale")
    assert result.returncode == 0, result.stderr
    from helpsite.content.locales import load_locale

    hebrew = load_locale(project.root / "locales/he.yml")
    assert (hebrew.code, hebrew.tag, hebrew.name, hebrew.direction) == ("he", "he-IL", "עברית", "rtl")
    assert hebrew.search_language == "he"  # Material has a Hebrew stemmer
    again = project.helpsite("new", "docs/qq/x.md", "--create-locale")
    assert again.returncode == 2 and "'qq' is not a BCP 47 language tag" in again.stderr and not (project.root / "locales/qq.yml").exists()
