"""`helpsite check` over the real corpus in ../shared/corpus/alchemy (read in place, never written)."""

import json
from collections import Counter

import pytest

from tests.conftest import CORPUS, REPO, Project, sarif_schema_errors

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the project")]


@pytest.fixture(scope="module")
def corpus_sarif(tmp_path_factory):
    return tmp_path_factory.mktemp("sarif") / "corpus.sarif"


@pytest.fixture(scope="module")
def corpus_findings(corpus_sarif):
    result = Project(REPO).helpsite("check", str(CORPUS), "--format", "json", "--no-cache", "--output", f"sarif:{corpus_sarif}")
    assert result.returncode == 1, result.stderr  # the corpus has real errors
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout), result.stderr


def test_the_corpus_findings_as_sarif_satisfy_the_schema(corpus_findings, corpus_sarif):
    log = json.loads(corpus_sarif.read_text(encoding="utf-8"))
    assert len(log["runs"][0]["results"]) == len(corpus_findings[0]) > 8000
    assert sarif_schema_errors(log) == []


def test_a_cached_run_finds_exactly_what_a_full_run_finds(corpus_findings, tmp_path):
    config = tmp_path / "mkdocs.yml"  # the repository's site settings, with a cache folder of its own
    config.write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    for folder in ("locales", "schema"):
        (tmp_path / folder).symlink_to(REPO / folder)
    runs = [Project(REPO).helpsite("--config", str(config), "check", str(CORPUS), "--format", "json") for _ in range(2)]
    assert [json.loads(run.stdout) for run in runs] == [corpus_findings[0]] * 2
    assert "(0 checked again" in runs[1].stderr


def rel(finding):
    return finding["path"].split("alchemy/", 1)[1]


def test_every_article_is_parsed_without_a_parse_error(corpus_findings):
    findings, summary = corpus_findings
    expected = sum(1 for _ in CORPUS.glob("*/**/*.md"))
    assert expected > 4400
    assert summary.startswith(f"{expected} articles checked")
    assert not [f for f in findings if f["code"].startswith("PARSE") and f["severity"] == "error"]


def test_real_metadata_problems_are_found(corpus_findings):
    findings, _ = corpus_findings
    by_place = {(rel(f), f["code"], f["line"]) for f in findings}
    # `ms,.custom` and `ms-custom`: typos that lose the value
    assert ("de-DE/AlchemyInsights/not-receiving-email-in-outlook-com.md", "META008", 12) in by_place
    assert ("nl-NL/AlchemyInsights/sharepoint-publishing-infrastructure.md", "META008", 11) in by_place
    # localization_priority: Once
    assert ("en-US/AlchemyInsights/email-forwarding-report.md", "META003", 10) in by_place
    # ms.date: 04/6/2021 (not MM/DD/YYYY) and an empty ms.date
    assert ("en-US/AlchemyInsights/apps-health-dashboard.md", "META004", 6) in by_place
    assert ("en-US/AlchemyInsights/compare-office-365-plans.md", "META004", 6) in by_place


def test_articles_in_another_language_are_found_and_translations_are_not_flagged(corpus_findings):
    findings, _ = corpus_findings
    wrong_language = {rel(f) for f in findings if f["code"] == "LOC004"}
    for locale in ("en-US", "nl-NL", "de-DE"):
        assert f"{locale}/AlchemyInsights/outlook-com-account-hacked-french.md" in wrong_language
        assert f"{locale}/AlchemyInsights/como-pagar-com-boleto.md" in wrong_language
    # Nothing else: every flagged article is one of the deliberately non-local ones.
    assert all(any(word in path for word in ("french", "spanish", "boleto")) for path in wrong_language)
    assert len(wrong_language) == 27


def test_no_locale_or_unknown_key_noise(corpus_findings):
    findings, _ = corpus_findings
    counts = Counter(f["code"] for f in findings)
    assert counts["LOC002"] == 0 and counts["LOC003"] == 0 and counts["LOC001"] == 0
    assert counts["META007"] == 0  # every key the corpus uses is in the schema


def test_real_link_problems_are_found(corpus_findings):
    findings, _ = corpus_findings
    by_place = {(rel(f), f["code"]): f for f in findings}
    # The three articles whose links carry Word field-code debris, in every locale.
    debris = {rel(f) for f in findings if f["code"] == "URL002"}
    assert len(debris) == 9 and all(
        any(
            name in path for name in ("pay-invoice-in-azure-portal", "immediate-payment-fieldled", "how-to-add-and-manage-admins-mca-fl-cl")
        )
        for path in debris
    )
    assert all("%22" not in f["fix"] and "#" in f["fix"] for f in findings if f["code"] == "URL002")
    # An image linked in lower case whose file name has capitals.
    case = by_place[("en-US/AlchemyInsights/cannot-see-the-scroll-bar.md", "LNK004")]
    assert case["fix"] == "media/16353_Mouse_over_inbox_scrollbar-225x292.gif"
    # The German translation lost the source's explicit anchor.
    parity = by_place[("de-DE/AlchemyInsights/assign-security-administration-permissions.md", "LNK008")]
    assert "#assign-security-administration-permissions" in parity["message"]
    assert not any(f["code"] == "LNK005" for f in findings)


def test_front_matter_editor_round_trips_every_corpus_article_byte_for_byte():
    from helpsite.content.edit import FrontMatterEditor

    files = sorted(CORPUS.glob("*/**/*.md"))
    edited = 0
    for path in files:
        data = path.read_bytes()
        editor = FrontMatterEditor(data, str(path))
        assert editor.to_bytes() == data, path
        if editor.get("ms.translationtype") == "MT":
            editor.set("ms.translationtype", "HT")
            before, after = data.split(b"\n"), editor.to_bytes().split(b"\n")
            assert len(before) == len(after) and sum(a != b for a, b in zip(before, after, strict=True)) == 1, path
            edited += 1
    assert len(files) > 4400 and edited > 2000
