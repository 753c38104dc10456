"""A right-to-left locale: an English and Arabic site built with MkDocs; assertions on its HTML."""

from __future__ import annotations

import json
import re

import pytest

from tests.arabic_site import FALLBACK, HUMAN_TRANSLATED, MACHINE_TRANSLATED, write_arabic_site

# xdist_group: one worker builds the module's site for all its tests (./dev test runs --dist loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site.test_rtl")]


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory):
    project = write_arabic_site(tmp_path_factory.mktemp("arabic"))
    result = project.mkdocs_build("--strict")
    assert result.returncode == 0, result.stderr
    return project


def page(project, url: str) -> str:
    return (project.root / "site" / url / "index.html").read_text(encoding="utf-8")


def opening(html: str, tag: str) -> str:
    match = re.search(rf"<{tag}\b[^>]*>", html)
    assert match, f"no <{tag}>"
    return match.group()


@pytest.mark.parametrize("url", ["ar", MACHINE_TRANSLATED, HUMAN_TRANSLATED, FALLBACK])
def test_arabic_pages_are_arabic_and_right_to_left(arabic_site, url):
    html = page(arabic_site, url)
    assert 'lang="ar"' in opening(html, "html")
    assert 'dir="rtl"' in opening(html, "body")


@pytest.mark.parametrize("url", ["", "lighthouse/m365-lighthouse-block-user-signin", "lighthouse/view-your-roles"])
def test_english_pages_stay_left_to_right(arabic_site, url):
    html = page(arabic_site, url) if url else (arabic_site.root / "site/index.html").read_text(encoding="utf-8")
    assert 'lang="en"' in opening(html, "html")
    assert 'dir="ltr"' in opening(html, "body")


def test_the_machine_translation_notice_is_in_arabic(arabic_site):
    html = page(arabic_site, MACHINE_TRANSLATED)
    notice = re.search(r'<div class="admonition warning helpsite-notice helpsite-notice--mt".*?</div>', html, re.S)
    assert notice, "no machine-translation notice"
    assert "ترجمة آلية" in notice.group() and "تمت ترجمة هذه الصفحة آليًا" in notice.group()
    assert 'hreflang="en">اقرأ الصفحة الأصلية</a>' in notice.group()
    assert "helpsite-notice" not in page(arabic_site, HUMAN_TRANSLATED)


def test_an_english_fallback_copy_inside_an_arabic_page_reads_left_to_right(arabic_site):
    html = page(arabic_site, FALLBACK)
    assert "هذه الصفحة غير متوفرة بلغتك بعد" in html  # the notice, in Arabic
    content = re.search(r'<div lang="en" dir="ltr">(.*?)</article>', html, re.S)
    assert content and "Your role in the partner tenant" in content.group(1)


def test_the_language_switcher_links_the_same_article_in_both_languages(arabic_site):
    html = page(arabic_site, MACHINE_TRANSLATED)
    assert re.search(
        r'<a href="../../../lighthouse/m365-lighthouse-block-user-signin/" hreflang="en" class="md-select__link">\s*English\s*</a>', html
    )
    assert re.search(r'<a href="./" hreflang="ar" class="md-select__link">\s*العربية\s*</a>', html)


def test_the_direction_is_the_locale_files(tmp_path):
    """Material guesses the direction from the language; the locale file decides."""
    project = write_arabic_site(tmp_path)
    locale_file = project.root / "locales/ar.yml"
    locale_file.write_text(locale_file.read_text(encoding="utf-8").replace("direction: rtl", "direction: ltr"), encoding="utf-8")
    assert project.mkdocs_build().returncode == 0
    assert 'dir="ltr"' in opening(page(project, MACHINE_TRANSLATED), "body")


def test_arabic_search_has_its_own_index_with_the_arabic_stemmer(arabic_site):
    index = json.loads((arabic_site.root / "site/ar/search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["ar"]
    titles = {doc["title"] for doc in index["docs"]}
    assert any("حظر تسجيل دخول المستخدم" in title for title in titles)
    assert not any("Your role" in doc["text"] for doc in index["docs"]), "the English fallback copy is not in the Arabic index"


def test_the_built_arabic_site_is_consistent(arabic_site):
    result = arabic_site.helpsite("check", "--site", "site", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []
