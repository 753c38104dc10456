"""bench/corpus_build.py: real articles as a site, the in-repo slice of the corpus (the whole corpus's build is in the README)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tests.conftest import HELPSITE, REPO, SLICE_ALCHEMY, SLICE_ARABIC

# xdist_group: one worker builds the module's site for all its tests (./dev test runs --dist loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("corpus.test_corpus_build")]


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus-build")
    # The slice holds names with a space ("...site copy.md"), an apostrophe and zero-width spaces.
    script = [sys.executable, str(REPO / "bench" / "corpus_build.py"), "--corpus", str(SLICE_ALCHEMY), "--out", str(out), "--json"]
    result = subprocess.run(script, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return out, json.loads(result.stdout)


def test_the_script_builds_three_locales_with_navigation_from_toc(corpus_site):
    out, report = corpus_site
    assert report["locales"] == ["de", "en", "nl"]
    assert report["nav"] == [{"Index": "index.md"}] and report["toc_problems"] == []
    site = report["site"]
    articles = sum(1 for _ in (SLICE_ALCHEMY / "nl-NL" / "AlchemyInsights").rglob("*.md"))
    assert report["article_paths"] == articles > 130
    for locale in ("de", "en", "nl"):
        assert site["pages"][locale] > articles, site["pages"]  # and the index
        assert site["search_indexes"][locale]["entries"] > 0
    assert site["pages_total"] == sum(site["pages"].values())
    assert report["build"]["seconds"] > 0 and site["site_mb"] > 0
    index = (out / "site" / "nl" / "index.html").read_text(encoding="utf-8")
    assert "Alle artikelen" in index and '<html lang="nl"' in index


def test_every_article_of_the_slice_is_a_page_in_its_locale(corpus_site):
    out, _ = corpus_site
    for locale, tag in (("en", "en-US"), ("nl", "nl-NL"), ("de", "de-DE")):
        folder = SLICE_ALCHEMY / tag / "AlchemyInsights"
        for source in (out / "docs" / locale).rglob("*.md"):
            relpath = source.relative_to(out / "docs" / locale).as_posix()
            if relpath == "index.md":
                continue
            assert (folder / relpath).is_file()
            built = out / "site" / ("" if locale == "en" else locale) / relpath.removesuffix(".md") / "index.html"
            assert built.is_file(), built


def test_the_built_corpus_passes_the_site_consistency_check(corpus_site):
    out, _ = corpus_site
    result = subprocess.run(
        [*HELPSITE, "check", "--site", str(out / "site"), "--format", "json"], capture_output=True, text=True, cwd=out, check=False
    )
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout) == []


def test_names_with_spaces_and_apostrophes_are_built(corpus_site):
    out, _ = corpus_site
    odd = [p for p in (out / "docs").rglob("*.md") if " " in p.name or "'" in p.name]
    assert odd, "the slice should hold such names"
    for source in odd:
        locale, *rest = source.relative_to(out / "docs").parts
        built = out / "site" / ("" if locale == "en" else locale) / "/".join(rest).removesuffix(".md") / "index.html"
        assert built.is_file(), built


# A fixed day for the dates an engine takes from the clock (sitemaps' lastmod, the .gz header).
REPRODUCIBLE = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}


def build_arabic_slice(out, engine: str) -> dict:
    corpus = str(SLICE_ARABIC.parent)
    script = [sys.executable, str(REPO / "bench" / "corpus_build.py"), "--corpus", corpus, "--out", str(out), "--json", "--engine", engine]
    result = subprocess.run(script, capture_output=True, text=True, timeout=900, check=False, env=REPRODUCIBLE)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def arabic_slice_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("arabic-slice")
    return out, build_arabic_slice(out, "mkdocs")


def test_the_arabic_learn_slice_builds_with_no_raw_docfx_on_any_page(arabic_slice_site):
    """The slice of the Arabic Learn articles (tests/data/corpus: DocFX's whole dialect, with their
    includes and hub pages): not one page shows raw DocFX syntax (DFX006), by the build or by the
    site check. The whole corpus's build is in the README."""
    tmp_path, report = arabic_slice_site
    assert report["locales"] == ["ar"] and report["article_paths"] >= 80
    assert "DFX006" not in report["build"]["findings_by_code"]
    assert report["site"]["pages"]["ar"] >= report["article_paths"] + 11  # and the 11 YAML pages
    site = tmp_path / "site"
    hub = (site / "security" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ar"' in hub and 'dir="rtl"' in hub and "Microsoft 365 Defender" in hub
    assert not list(site.rglob("*.yml")) and not (site / "TOC").exists()
    check = subprocess.run(
        [*HELPSITE, "check", "--site", str(site), "--format", "json"], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert check.returncode == 0 and json.loads(check.stdout) == [], check.stdout


def test_properdocs_builds_the_arabic_learn_slice_as_mkdocs_does_but_for_the_generator_meta(arabic_slice_site, tmp_path):
    """The other engine on real Learn articles (DocFX blocks, includes, hub pages, right to left):
    the same files, byte for byte, but for each page's generator <meta>, which names the engine."""
    by_mkdocs = files(arabic_slice_site[0] / "site")
    report = build_arabic_slice(tmp_path, "properdocs")
    assert "DFX006" not in report["build"]["findings_by_code"]
    by_properdocs = files(tmp_path / "site")
    assert by_mkdocs.keys() == by_properdocs.keys() and len(by_mkdocs) > 100
    generator = re.compile(rb'<meta name="generator" content="[^"]*">')
    differing = sorted(name for name in by_mkdocs if by_mkdocs[name] != by_properdocs[name])
    assert differing == sorted(name for name, data in by_mkdocs.items() if name.endswith(".html") and generator.search(data))
    assert len(differing) >= report["article_paths"]
    for name in differing:
        assert b"ProperDocs" in generator.search(by_properdocs[name]).group(0), name
        assert generator.sub(b"", by_mkdocs[name]) == generator.sub(b"", by_properdocs[name]), name


def files(folder) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}
