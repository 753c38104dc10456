"""Every hostile input of the "Safety" issue, built for real: `mkdocs build --strict` fails with its
finding, and a build without --strict publishes nothing of it that runs (tests/hostile.py)."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from tests.conftest import MINIMAL_MKDOCS, REPO, Project, article
from tests.hostile import HOSTILE_MT_STATUS, HOSTILE_NL_NAME, HOSTILE_NL_NAV, PAGES, Hostile, hostile_mkdocs_yml, write_hostile_site

# xdist_group: one worker builds the module's site for all its tests (./dev test runs --dist loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site.test_sanitize")]

# What any hostile input would leave in a page if it got through.
_ARTICLE_SCRIPT = re.compile(r"<script>[^<]*alert\(", re.I)
_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
_JAVASCRIPT_URL = re.compile(r"""(?:href|src|action|formaction|content)\s*=\s*["']?\s*(?:[^"'>]*url=)?javascript:""", re.I)
_FOREIGN_FRAME = re.compile(r"<iframe\b", re.I)
_FOREIGN_URL = re.compile(r"""<[^>]*\s(?:href|src|srcset)\s*=\s*["']?\s*https?://evil\.example""", re.I)


def _hostile_project(root) -> Project:
    shutil.copytree(REPO / "locales", root / "locales")
    shutil.copytree(REPO / "schema", root / "schema")
    shutil.copytree(REPO / "hooks", root / "hooks")  # the review notices: the status labels' title attribute
    (root / "mkdocs.yml").write_text(hostile_mkdocs_yml(), encoding="utf-8")
    project = Project(root)
    write_hostile_site(project)
    return project


@pytest.fixture(scope="module")
def strict_build(tmp_path_factory):
    project = _hostile_project(tmp_path_factory.mktemp("hostile-strict"))
    return project, project.mkdocs_build("--strict")


@pytest.fixture(scope="module")
def lenient_build(tmp_path_factory):
    project = _hostile_project(tmp_path_factory.mktemp("hostile"))
    result = project.mkdocs_build(team_pages=True)  # the team's pages print locale texts too
    assert result.returncode == 0, result.stderr  # nothing crashes the build: not even a missing icon
    return project, result


def _pages(project: Project) -> dict[str, str]:
    site = project.root / "site"
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_strict_build_fails_on_the_hostile_site(strict_build):
    _, result = strict_build
    assert result.returncode != 0, result.stderr


@pytest.mark.parametrize("hostile", [p for p in PAGES if p.finding], ids=lambda p: p.name)
def test_each_hostile_input_is_a_finding_of_the_strict_build(strict_build, hostile: Hostile):
    _, result = strict_build
    assert hostile.finding in result.stderr, result.stderr


@pytest.mark.parametrize("hostile", PAGES, ids=lambda p: p.name)
def test_each_hostile_page_is_published_without_anything_that_runs(lenient_build, hostile: Hostile):
    project, _ = lenient_build
    text = (project.root / "site" / hostile.url / "index.html").read_text(encoding="utf-8")
    assert not _ARTICLE_SCRIPT.search(text), _ARTICLE_SCRIPT.search(text)
    assert not _HANDLER.search(text), _HANDLER.search(text)
    assert not _JAVASCRIPT_URL.search(text), _JAVASCRIPT_URL.search(text)
    assert not _FOREIGN_FRAME.search(text)
    assert not _FOREIGN_URL.search(text), _FOREIGN_URL.search(text)
    assert '<meta http-equiv="Content-Security-Policy"' in text


def test_no_page_of_the_hostile_site_carries_script_from_it(lenient_build):
    """The navigation of every page shows every page's title, subtitle and status: none of them leaks anywhere."""
    project, _ = lenient_build
    for name, text in _pages(project).items():
        assert not _ARTICLE_SCRIPT.search(text), name
        assert not _HANDLER.search(text), name
        assert not _JAVASCRIPT_URL.search(text), name
        assert not _FOREIGN_URL.search(text), name


def test_front_matter_text_is_escaped_and_wrong_forms_are_left_out(lenient_build):
    project, _ = lenient_build
    site = project.root / "site"
    author = (site / "author/index.html").read_text(encoding="utf-8")
    assert '<meta name="author" content="&#34;&gt;&lt;script&gt;alert(&#34;author&#34;)&lt;/script&gt;">' in author
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "md-status md-status--&#34;" not in home and 'md-status--"' not in home  # the status never reaches the navigation
    assert "<small>" not in home  # the list-valued subtitle is left out of the navigation
    description = (site / "description/index.html").read_text(encoding="utf-8")
    assert '<meta name="description"' not in description
    redirect = (site / "redirect/index.html").read_text(encoding="utf-8")
    assert "window.location.replace" not in redirect and "<h1" in redirect  # rendered as an ordinary page
    icon = (site / "icon/index.html").read_text(encoding="utf-8")
    assert "<h1" in icon


def test_a_title_taken_from_a_heading_is_text_in_the_navigation(lenient_build):
    project, _ = lenient_build
    home = (project.root / "site" / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<a href="heading/" class="md-nav__link">(.*?)</a>', home, re.S)
    assert link is not None
    shown = " ".join(link.group(1).split())
    assert "Heading" in shown and "<script" not in shown
    assert "&lt;script&gt;alert(&#39;entity&#39;)&lt;/script&gt;" in shown or "&lt;script&gt;alert('entity')&lt;/script&gt;" in shown


def test_locale_texts_are_escaped_wherever_they_go(lenient_build):
    project, _ = lenient_build
    dutch = (project.root / "site" / "nl" / "index.html").read_text(encoding="utf-8")
    for hostile in (HOSTILE_NL_NAME, HOSTILE_NL_NAV, HOSTILE_MT_STATUS):
        assert hostile not in dutch
    assert "Nederlands&lt;img src=https://evil.example/n.png onerror=alert(&#39;name&#39;)&gt;" in dutch  # the language switcher
    assert "&lt;script&gt;alert(&#39;nav&#39;)&lt;/script&gt;Facturering" in dutch  # the navigation's section title, as text
    label = re.search(r'<span class="md-status md-status--machine-translated" title="([^"]*)">', dutch)
    assert label is not None and "&lt;script&gt;alert(2024)&lt;/script&gt;" in label.group(1)  # the status label, as text


# The UI strings every Dutch build publishes somewhere (the others need DocFX content, redirects or an outdated page).
PUBLISHED_UI_STRINGS = (
    "site_name", "title_suffix", "copyright", "made_with", "mt_notice", "mt_notice_link", "fallback_notice", "fallback_status",
    "last_updated", "related_title", "permalink_title", "feedback_title", "feedback_yes", "feedback_no", "feedback_thanks",
    "not_found_title", "not_found_text", "not_found_home", "status_title", "status_chart_title", "status_locale", "state_missing",
    "review_title", "review_risk", "review_handoff", "review_machine", "review_words", "review_owner", "review_side_by_side",
    "sbs_title", "sbs_translation", "sbs_source_hash", "sbs_mark_title", "sbs_side_by_side", "sbs_heading", "sbs_line", "sbs_your_name",
)  # fmt: skip


def test_every_ui_string_reaches_the_reader_as_text(lenient_build):
    """Each string of locales/nl.yml ends in markup (tests/hostile.py): no Dutch page holds it as
    markup, or escaped twice (a reader would see "&lt;"), and each string the build publishes is
    found escaped once, so each was looked for where it goes."""
    project, _ = lenient_build
    site = project.root / "site" / "nl"
    pages = {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    assert {"404.html", "status/index.html", "review/index.html"} <= set(pages)
    keys = [key for key in yaml.safe_load((project.root / "locales/nl.yml").read_text(encoding="utf-8"))["strings"] if key != "mt_status"]
    raw = {key: [name for name, html in pages.items() if f"<b>{key}</b>" in html] for key in keys}
    twice = {key: [name for name, html in pages.items() if f"&amp;lt;b&amp;gt;{key}" in html] for key in keys}
    assert {key: names for key, names in raw.items() if names} == {}
    assert {key: names for key, names in twice.items() if names} == {}
    escaped = "&lt;b&gt;{}&lt;/b&gt;"
    assert [key for key in PUBLISHED_UI_STRINGS if not any(escaped.format(key) in html for html in pages.values())] == []


def test_the_sanitizer_keeps_the_example_site_whole(built_site):
    """The example site's own HTML passes untouched: no finding of the sanitizer in its strict build."""
    project, result = built_site
    assert not re.search(r"HTML00\d|META013", result.stderr), result.stderr
    english = (project.root / "site" / "billing" / "make-immediate-payment" / "index.html").read_text(encoding="utf-8")
    assert '<a class="headerlink" href="#make-an-immediate-payment" title="Permanent link">' in english
    assert '<meta http-equiv="Content-Security-Policy"' in english


def test_a_review_page_shows_both_pages_hostile_text_as_text(lenient_build):
    """The side-by-side page quotes the Markdown of a translation and its source: what would run in
    either is shown as text there, and the page carries none of it as markup."""
    project, _ = lenient_build
    page = (project.root / "site" / "nl" / "review" / "side-by-side" / "script" / "index.html").read_text(encoding="utf-8")
    body = page[page.index('<div class="helpsite-review">') :]
    for shown in ("&lt;script&gt;alert(&#39;nl&#39;)&lt;/script&gt;", "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;", "onerror="):
        assert shown in body or shown.replace("&#39;", "'") in body, shown
    assert "[klik](javascript:alert(&#39;nl-link&#39;))" in body or "[klik](javascript:alert('nl-link'))" in body
    assert "&lt;script&gt;alert(&#34;owner&#34;)&lt;/script&gt;" in body or '&lt;script&gt;alert("owner")&lt;/script&gt;' in body
    assert not _ARTICLE_SCRIPT.search(page) and not _HANDLER.search(page) and not _JAVASCRIPT_URL.search(page)


def test_a_placeholder_escaped_with_a_backslash_is_text_and_not_a_removed_element(project):
    """en-US/AlchemyInsights/recover-the-home-dot-aspx-page.md: Markdig, like the check, reads
    ``\\<tenantname>`` as text; the build wrote an element (HTML002) and a lone backslash."""
    line = "1. Navigate to https://\\<tenantname>.sharepoint.com/sites/\\<sitename>/_layouts/15/RecycleBin.aspx?\n"
    project.write("docs/en/index.md", article("Recover", "# Recover\n\n" + line))
    result = project.mkdocs_build("--strict")
    assert result.returncode == 0 and "HTML002" not in result.stderr, result.stderr
    page = (project.root / "site" / "index.html").read_text(encoding="utf-8")
    assert "https://&lt;tenantname&gt;.sharepoint.com/sites/&lt;sitename&gt;/_layouts/15/RecycleBin.aspx?" in page
    assert project.helpsite("check", "--select", "HTML").stdout == ""
