"""The slice of the real corpora kept in the repository (tests/data/corpus): what it promises its tests.

The last test makes the slice again from ../shared and compares: it runs where ../shared is.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, SEED, SHARED_CORPUS, SLICE, SLICE_ALCHEMY, SLICE_ARABIC, Project, shared_corpus

LOCALES = ("en-US", "nl-NL", "de-DE")
DOCSET = SLICE_ARABIC / "microsoft-365"
INCLUDE = re.compile(r"\[!INCLUDE\s*\[[^\]]*\]\(([^)\s]+)\)\]", re.IGNORECASE)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_slice_is_small():
    size = sum(len(data) for name in ("alchemy", "m365-ar", "seed") for data in files(SLICE / name).values())
    assert 1_000_000 < size < 5_000_000, size


def test_every_alchemy_article_is_in_every_locale_and_the_seed_is_there():
    paths = [{p.relative_to(SLICE_ALCHEMY / tag).as_posix() for p in (SLICE_ALCHEMY / tag).rglob("*.md")} for tag in LOCALES]
    assert paths[0] == paths[1] == paths[2] and len(paths[0]) > 130
    assert "AlchemyInsights/make-immediate-payment.md" in paths[0]
    assert SEED.read_text(encoding="utf-8").startswith("---\n")


def test_the_arabic_pages_show_the_docfx_syntax_the_corpus_uses():
    pages = {p: p.read_text(encoding="utf-8") for p in DOCSET.rglob("*.md") if "includes" not in p.parts}
    assert len(pages) > 80
    for syntax in ("](#tab/", '> [!div class="nextstepaction"]', ":::image ", "[!INCLUDE", "[!NOTE]", "[!TIP]", "[!IMPORTANT]"):
        assert sum(syntax in text for text in pages.values()) >= 2, syntax
    for syntax in ("[!WARNING]", "[!CAUTION]", "[!VIDEO"):
        assert any(syntax in text for text in pages.values()), syntax
    assert (DOCSET / "index.yml").read_text(encoding="utf-8").startswith("### YamlMime:")
    assert (DOCSET / "TOC.md").is_file() and (DOCSET / "security" / "defender-endpoint" / "TOC.md").is_file()


def test_every_include_of_an_arabic_page_is_in_the_slice():
    included = 0
    for page in DOCSET.rglob("*.md"):
        for href in INCLUDE.findall(page.read_text(encoding="utf-8")):
            assert (page.parent / href).resolve().is_file(), (page, href)
            included += 1
    assert included > 10


def test_every_relative_href_of_an_arabic_toc_names_a_file_of_the_slice():
    named = 0

    def hrefs(items):
        for item in items or []:
            yield from (item[key] for key in ("href", "topicHref") if key in item)
            yield from hrefs(item.get("items"))

    for toc in DOCSET.rglob("*"):
        if toc.name.lower() != "toc.yml":
            continue
        for href in hrefs(yaml.safe_load(toc.read_text(encoding="utf-8-sig"))):
            path = re.split(r"[?#]", href, maxsplit=1)[0]
            if path and not path.startswith("/") and "://" not in path:
                target = toc.parent / path
                assert target.is_file() or any((target / name).is_file() for name in ("TOC.yml", "toc.yml")), (toc, href)
                named += 1
    assert named > 60


def test_the_arabic_redirections_parse_and_some_lead_to_pages_of_the_slice():
    text = (SLICE_ARABIC / ".openpublishing.redirection.json").read_text(encoding="utf-8")
    redirections = json.loads(text)["redirections"]
    assert {"source_path", "redirect_url", "redirect_document_id"} <= set(redirections[0])
    targets = [r["redirect_url"] for r in redirections if r["redirect_url"].startswith("/microsoft-365/")]
    assert sum((SLICE_ARABIC / f"{url.strip('/')}.md").is_file() for url in targets) > 5


def test_the_arabic_pages_are_checked_without_a_parse_error_or_a_crash():
    result = Project(REPO).helpsite("check", str(SLICE_ARABIC), "--format", "json", "--no-cache")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr  # real broken links
    findings = json.loads(result.stdout)
    articles = sum(1 for p in DOCSET.rglob("*.md") if "includes" not in p.parts and p.name != "TOC.md")  # TOC.md is navigation
    assert result.stderr.startswith(f"{articles} articles checked")
    assert not [f for f in findings if f["code"].startswith("PARSE")]
    # A link whose case differs from the file's (createaccount.md -> createAccount.md)
    assert any(f["code"] == "LNK004" and f["path"].endswith("test-base/overview.md") for f in findings)


@pytest.mark.slow
def test_the_slice_is_what_make_slice_makes_of_the_shared_corpus(tmp_path):
    shared_corpus("alchemy")
    assert SHARED_CORPUS is not None
    script = [sys.executable, str(SLICE / "make_slice.py"), "--shared", str(SHARED_CORPUS.parent), "--out", str(tmp_path)]
    result = subprocess.run(script, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    for name in ("alchemy", "m365-ar", "seed"):
        made, kept = files(tmp_path / name), files(SLICE / name)
        assert sorted(made) == sorted(kept), "run tests/data/corpus/make_slice.py to refresh the slice"
        assert [path for path in made if made[path] != kept[path]] == []
