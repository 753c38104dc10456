"""Real MkDocs builds in temporary folders; assertions on the HTML they write."""

import html
import re
from pathlib import Path

import pytest

from helpsite.parse import parse_article
from tests.conftest import article

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    from tests.conftest import REPO, Project
    import shutil

    root = tmp_path_factory.mktemp("site")
    for name in ("locales", "schema", "docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    project = Project(root)
    result = project.mkdocs_build("--strict")
    assert result.returncode == 0, result.stderr
    return project, result


def page(project, relative: str) -> str:
    return (project.root / "site" / relative / "index.html").read_text(encoding="utf-8")


def test_dutch_seed_page_is_built_with_its_title_and_language(built_site):
    project, _ = built_site
    dutch = page(project, "nl/billing/make-immediate-payment")
    assert '<html lang="nl"' in dutch
    assert "<title>Maak direct een betaling - " in dutch
    assert re.search(r'<h1 id="maak-direct-een-betaling"><a name="make-an-immediate-payment"></a>Maak direct een betaling', dutch)
    english = page(project, "billing/make-immediate-payment")
    assert '<html lang="en"' in english and "<title>Make an immediate payment - " in english


def test_missing_dutch_page_falls_back_to_english(built_site):
    project, _ = built_site
    assert not (project.root / "docs/nl/account/close-account.md").exists()
    fallback = page(project, "nl/account/close-account")
    assert '<html lang="nl"' in fallback and "Close your account" in fallback


def test_navigation_sections_are_translated_from_locales(built_site):
    project, _ = built_site
    dutch = page(project, "nl")
    assert "Facturering" in dutch and "Problemen oplossen" in dutch
    assert "Nederlands" in dutch and "English" in dutch  # the language switcher


def test_every_anchor_the_parser_finds_is_an_id_in_the_built_page(built_site):
    project, _ = built_site
    docs = project.root / "docs"
    checked = 0
    for source in sorted(docs.glob("*/**/*.md")):
        locale, *rest = source.relative_to(docs).parts
        relpath = "/".join(rest)
        url = ("" if locale == "en" else locale + "/") + relpath.removesuffix(".md").removesuffix("index").rstrip("/")
        built = page(project, url) if url else (project.root / "site/index.html").read_text(encoding="utf-8")
        article_ = parse_article(source, locale=locale, relpath=relpath)
        ids = set(re.findall(r'<h[1-6] id="([^"]+)"', built)) | set(re.findall(r'<a name="([^"]+)"', built))
        assert {html.escape(a.name) for a in article_.anchors} == ids, source
        checked += 1
    assert checked >= 15


def test_error_findings_fail_a_strict_build_and_show_as_warnings(site_copy):
    site_copy.write("docs/en/billing/bad.md", article(ms_topic="artcle", body="# Bad\n"))
    result = site_copy.mkdocs_build("--strict")
    assert result.returncode != 0
    assert "WARNING -  docs/en/billing/bad.md:3:1: META003 [error] 'ms.topic' is 'artcle'" in result.stderr


def test_warning_findings_do_not_fail_a_strict_build(site_copy):
    site_copy.write("docs/en/billing/long.md", article(title="T" * 70, body="# Long\n"))
    result = site_copy.mkdocs_build("--strict")
    assert result.returncode == 0, result.stderr
    assert "META006 [warning]" in result.stderr


def test_a_locale_file_and_a_docs_folder_add_a_language(site_copy):
    site_copy.write("docs/de/index.md", article(title="Contoso Hilfe", ms_contentlocale="de-DE", body="# Contoso Hilfe\n"))
    result = site_copy.mkdocs_build("--strict")
    assert result.returncode == 0, result.stderr
    german = (site_copy.root / "site/de/index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in german and "Abrechnung" in german  # nav translated from locales/de.yml
    assert (site_copy.root / "site/de/billing/make-immediate-payment/index.html").exists()  # fallback


def test_languages_in_mkdocs_yml_are_refused(site_copy):
    config = site_copy.root / "mkdocs.yml"
    config.write_text(config.read_text() + "      languages:\n        - locale: en\n          default: true\n")
    result = site_copy.mkdocs_build()
    assert result.returncode != 0 and "languages come from the locales/ folder" in result.stderr


def test_external_links_can_be_checked_during_a_build(project):
    from tests.localserver import LocalServer

    server = LocalServer().start()  # the only host these pages link to: no traffic leaves 127.0.0.1
    try:
        project.write("docs/en/index.md", article(body=f"# Home\n\n[ok]({server.url('/ok')})\n"))
        project.write("docs/en/ext.md", article(body=f"# Ext\n\n[gone]({server.url('/status/410')})\n"))
        config = project.root / "mkdocs.yml"
        config.write_text(config.read_text() + "      external_links: true\n      external:\n        timeout: 2\n        retries: 0\n")
        result = project.mkdocs_build("--strict")
    finally:
        server.stop()
    assert result.returncode != 0
    assert "docs/en/ext.md:6:1: URL007 [error]" in result.stderr and "answered 410 Gone" in result.stderr
    assert server.requests("/status/410") == 1
