"""`helpsite check` over real articles: the in-repo slice (tests/data/corpus/alchemy) always, and the
whole corpus (../shared/corpus/alchemy) when it is there. Both are read in place, never written.

Each test runs on both (``[slice]``, ``[whole]``); the whole corpus's runs skip without ../shared.
The slice holds every article these tests name, so a fresh clone checks the same real problems.
"""

import json
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.conftest import REPO, SHARED_CORPUS, SLICE_ALCHEMY, Project, sarif_schema_errors, shared_corpus

# xdist_group: one worker builds the module's site for all its tests (./dev test runs --dist loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("corpus.test_corpus")]


class Corpus(NamedTuple):
    name: str
    root: Path
    min_articles: int  # lower bounds, so that a test over an emptied folder cannot pass
    min_findings: int
    min_machine_translated: int


class Run(NamedTuple):
    findings: list[dict]
    summary: str
    sarif: Path


def check(root: Path, sarif: Path) -> Run:
    result = Project(REPO).helpsite("check", str(root), "--format", "json", "--no-cache", "--output", f"sarif:{sarif}")
    assert result.returncode == 1, result.stderr  # the corpus has real errors
    assert "Traceback" not in result.stderr
    return Run(json.loads(result.stdout), result.stderr, sarif)


@pytest.fixture(scope="module")
def slice_run(tmp_path_factory) -> Run:
    return check(SLICE_ALCHEMY, tmp_path_factory.mktemp("sarif") / "slice.sarif")


@pytest.fixture(scope="module")
def whole_run(tmp_path_factory) -> Run:
    return check(shared_corpus("alchemy"), tmp_path_factory.mktemp("sarif") / "whole.sarif")


@pytest.fixture(scope="module", params=["slice", "whole"])
def corpus(request) -> Corpus:
    if request.param == "slice":
        return Corpus("slice", SLICE_ALCHEMY, 390, 600, 150)
    return Corpus("whole", shared_corpus("alchemy"), 4400, 8000, 2000)


@pytest.fixture(scope="module")
def corpus_run(corpus, request) -> Run:
    return request.getfixturevalue(f"{corpus.name}_run")


def rel(finding):
    return finding["path"].split("alchemy/", 1)[1]


def test_the_corpus_findings_as_sarif_satisfy_the_schema(corpus, corpus_run):
    log = json.loads(corpus_run.sarif.read_text(encoding="utf-8"))
    assert len(log["runs"][0]["results"]) == len(corpus_run.findings) > corpus.min_findings
    assert sarif_schema_errors(log) == []


def test_a_cached_run_finds_exactly_what_a_full_run_finds(corpus, corpus_run, tmp_path):
    config = tmp_path / "mkdocs.yml"  # the repository's site settings, with a cache folder of its own
    config.write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    for folder in ("locales", "schema"):
        (tmp_path / folder).symlink_to(REPO / folder)
    runs = [Project(REPO).helpsite("--config", str(config), "check", str(corpus.root), "--format", "json") for _ in range(2)]
    assert [json.loads(run.stdout) for run in runs] == [corpus_run.findings] * 2
    assert "(0 checked again" in runs[1].stderr


def test_every_article_is_parsed_without_a_parse_error(corpus, corpus_run):
    expected = sum(1 for _ in corpus.root.glob("*/**/*.md"))
    assert expected > corpus.min_articles
    assert corpus_run.summary.startswith(f"{expected} articles checked")
    assert not [f for f in corpus_run.findings if f["code"].startswith("PARSE") and f["severity"] == "error"]


def test_real_metadata_problems_are_found(corpus_run):
    by_place = {(rel(f), f["code"], f["line"]) for f in corpus_run.findings}
    # `ms,.custom` and `ms-custom`: typos that lose the value
    assert ("de-DE/AlchemyInsights/not-receiving-email-in-outlook-com.md", "META008", 12) in by_place
    assert ("nl-NL/AlchemyInsights/sharepoint-publishing-infrastructure.md", "META008", 11) in by_place
    # localization_priority: Once
    assert ("en-US/AlchemyInsights/email-forwarding-report.md", "META003", 10) in by_place
    # ms.date: 04/6/2021 (not MM/DD/YYYY) and an empty ms.date
    assert ("en-US/AlchemyInsights/apps-health-dashboard.md", "META004", 6) in by_place
    assert ("en-US/AlchemyInsights/compare-office-365-plans.md", "META004", 6) in by_place


def test_articles_in_another_language_are_found_and_translations_are_not_flagged(corpus_run):
    wrong_language = {rel(f) for f in corpus_run.findings if f["code"] == "LOC004"}
    for locale in ("en-US", "nl-NL", "de-DE"):
        assert f"{locale}/AlchemyInsights/outlook-com-account-hacked-french.md" in wrong_language
        assert f"{locale}/AlchemyInsights/como-pagar-com-boleto.md" in wrong_language
    # Nothing else: every flagged article is one of the deliberately non-local ones (the slice holds them all).
    assert all(any(word in path for word in ("french", "spanish", "boleto")) for path in wrong_language)
    assert len(wrong_language) == 27


def test_no_locale_or_unknown_key_noise(corpus_run):
    counts = Counter(f["code"] for f in corpus_run.findings)
    assert counts["LOC002"] == 0 and counts["LOC003"] == 0 and counts["LOC001"] == 0
    assert counts["META007"] == 0  # every key the corpus uses is in the schema


def test_real_link_problems_are_found(corpus_run):
    findings = corpus_run.findings
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
    # The German translation lost the source's explicit anchor.
    parity = by_place[("de-DE/AlchemyInsights/assign-security-administration-permissions.md", "LNK008")]
    assert "#assign-security-administration-permissions" in parity["message"]
    assert not any(f["code"] == "LNK005" for f in findings)


def test_an_image_linked_in_lower_case_whose_file_name_has_capitals_is_found(whole_run):
    # Only in the whole corpus: the image is a 1.5 MB GIF, which the slice leaves out.
    by_place = {(rel(f), f["code"]): f for f in whole_run.findings}
    case = by_place[("en-US/AlchemyInsights/cannot-see-the-scroll-bar.md", "LNK004")]
    assert case["fix"] == "media/16353_Mouse_over_inbox_scrollbar-225x292.gif"


def test_the_slice_finds_what_the_whole_corpus_finds_for_its_articles(whole_run, slice_run):
    """The slice's articles link only to articles of the slice, so slicing loses and adds nothing."""
    sliced = {path.relative_to(SLICE_ALCHEMY).as_posix() for path in SLICE_ALCHEMY.glob("*/**/*.md")}
    prefixes = (f"{SHARED_CORPUS}/alchemy/", f"{SLICE_ALCHEMY.relative_to(REPO)}/")

    def comparable(finding: dict) -> tuple:
        message = finding["message"]
        for prefix in prefixes:
            message = message.replace(prefix, "")
        return rel(finding), finding["code"], finding["line"], finding["column"], message, finding["fix"]

    expected = sorted(comparable(f) for f in whole_run.findings if rel(f) in sliced)
    assert sorted(comparable(f) for f in slice_run.findings) == expected and len(expected) > 600


def test_front_matter_editor_round_trips_every_article_byte_for_byte(corpus):
    from helpsite.content.edit import FrontMatterEditor

    root = corpus.root.parent  # alchemy/ and m365-ar/: the Arabic articles too
    files = sorted(root.glob("*/*/**/*.md"))
    edited = 0
    for path in files:
        data = path.read_bytes()
        if not data.removeprefix(b"\xef\xbb\xbf").startswith(b"---"):
            # DocFX navigation (TOC.md) and include fragments may have none: the editor refuses them, rightly.
            assert path.name == "TOC.md" or "includes" in path.parts, path
            continue
        editor = FrontMatterEditor(data, str(path))
        assert editor.to_bytes() == data, path
        if editor.get("ms.translationtype") == "MT":
            editor.set("ms.translationtype", "HT")
            before, after = data.split(b"\n"), editor.to_bytes().split(b"\n")
            assert len(before) == len(after) and sum(a != b for a, b in zip(before, after, strict=True)) == 1, path
            edited += 1
    assert any("m365-ar" in path.parts for path in files)
    assert len(files) > corpus.min_articles and edited > corpus.min_machine_translated
