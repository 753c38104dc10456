"""Real MkDocs builds in temporary folders; assertions on the HTML they write."""

import html
import re
from pathlib import Path

import pytest

from helpsite.content.parse import parse_article
from tests.conftest import article

pytestmark = pytest.mark.slow


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
        if "includes" in rest:
            continue  # fragments, published inside the pages that include them
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


def test_footnote_back_links_are_titled_in_the_page_language(project):
    """Python-Markdown's footnotes write "Jump back to footnote 1 in the text" on every page."""
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - admonition\n", "  - admonition\n  - footnotes\n"))
    body = "# {title}\n\nText.[^1] More.[^2]\n\n[^1]: A note.\n[^2]: Another.\n"
    project.write("docs/en/index.md", article("Notes", body.format(title="Notes")))
    project.write("docs/nl/index.md", article("Noten", body.format(title="Noten"), ms_translationtype="HT"))
    assert project.mkdocs_build("--strict").returncode == 0
    english = (project.root / "site/index.html").read_text(encoding="utf-8")
    dutch = (project.root / "site/nl/index.html").read_text(encoding="utf-8")
    assert 'title="Jump back to footnote 2 in the text"' in english
    assert 'title="Terug naar voetnoot 1 in de tekst"' in dutch and 'title="Terug naar voetnoot 2 in de tekst"' in dutch
    assert "Jump back" not in dutch


def resolve(project, page_url: str, href: str) -> Path:
    """The file a relative link on a built page points at."""
    target = (project.root / "site" / page_url / href).resolve()
    return target / "index.html" if target.is_dir() or href.endswith("/") else target


def test_machine_translated_page_has_a_dutch_notice_linking_to_the_english_page(built_site):
    project, _ = built_site
    dutch = page(project, "nl/billing/make-immediate-payment")
    notice = re.search(r'<div class="admonition warning helpsite-notice helpsite-notice--mt".*?</div>', dutch, re.S).group(0)
    assert "Automatisch vertaald" in notice and "Deze pagina is automatisch vertaald" in notice
    href = re.search(r'href="([^"]+)" hreflang="en">Lees de oorspronkelijke pagina', notice).group(1)
    english = resolve(project, "nl/billing/make-immediate-payment", href)
    assert english == (project.root / "site/billing/make-immediate-payment/index.html").resolve()
    assert "<title>Make an immediate payment" in english.read_text()
    assert dutch.index("helpsite-notice--mt") < dutch.index("<h1")  # at the top


def test_outdated_page_has_a_second_notice_and_human_translation_none(built_site):
    project, _ = built_site
    outdated = page(project, "nl/troubleshooting/payment-declined")
    assert "helpsite-notice--mt" in outdated and "helpsite-notice--outdated" in outdated
    assert "De oorspronkelijke pagina is gewijzigd" in outdated
    reviewed = page(project, "nl/account/reset-password")
    assert "helpsite-notice" not in reviewed and 'name="robots"' not in reviewed
    assert "helpsite-notice" not in page(project, "billing/make-immediate-payment")  # the source page


def test_robots_meta_from_front_matter_and_for_machine_translations(built_site):
    project, _ = built_site
    assert '<meta name="robots" content="noindex, nofollow">' in page(project, "nl/billing/make-immediate-payment")
    assert '<meta name="robots" content="noindex, nofollow">' in page(project, "billing/make-immediate-payment")
    assert '<meta name="robots" content="noindex">' in page(project, "nl/billing/change-payment-method")  # MT, no ROBOTS
    assert 'name="robots"' not in page(project, "billing/change-payment-method")


def test_navigation_marks_machine_translated_and_outdated_pages(built_site):
    project, _ = built_site
    # Seen from the reviewed page, which has no status itself (Material draws the active item twice).
    dutch = page(project, "nl/account/reset-password")
    assert dutch.count('md-status--machine-translated" title="Automatisch vertaald"') == 5
    assert dutch.count('md-status--outdated" title="Verouderde vertaling"') == 1
    assert "md-status--" not in page(project, "")  # nothing in the English navigation
    href = re.search(r'<link rel="stylesheet" href="([^"]*helpsite\.css)"', dutch).group(1)
    css = resolve(project, "nl/account/reset-password", href).read_text()
    assert "--md-status--machine-translated" in css and "--md-status--outdated" in css


def test_review_page_per_locale_sorted_by_risk(built_site):
    project, _ = built_site
    review = page(project, "nl/review")
    assert "<h1" in review and "Te controleren vertalingen" in review
    rows = re.findall(r"<tr>\s*<td[^>]*>([\d.]+)</td>\s*<td[^>]*><a href=\"([^\"]+)\"", review)
    assert [float(risk) for risk, _ in rows] == sorted((float(risk) for risk, _ in rows), reverse=True)
    assert rows[0][1] == "../troubleshooting/payment-declined/"  # outdated, high priority, MT
    assert "../account/reset-password/" not in [href for _, href in rows]  # reviewed: not queued
    assert 'href="review/"' not in page(project, "nl")  # not in the navigation


def test_front_matter_and_locale_text_are_escaped(site_copy):
    evil = "<img src=x onerror=alert(1)>"
    site_copy.write("docs/en/billing/evil.md", article(title=f'"{evil}"', description=f'"\\" onmouseover=\\"alert(2)\\" {evil}"', body="# Evil\n"))
    site_copy.write("docs/nl/billing/evil.md", article(title=f'"{evil}"', ms_translationtype="MT", ROBOTS='"NOINDEX\\"><script>alert(3)</script>"', body="# Kwaad\n"))
    nl = site_copy.root / "locales/nl.yml"
    nl.write_text(nl.read_text().replace('mt_notice: "Deze pagina', 'mt_notice: "<script>alert(4)</script> Deze pagina'))
    result = site_copy.mkdocs_build()
    assert result.returncode == 0, result.stderr
    for built in (site_copy.root / "site").rglob("*.html"):
        text = built.read_text(encoding="utf-8")
        assert "<img src=x" not in text and "<script>alert(" not in text and 'onmouseover="alert' not in text, built
    dutch = page(site_copy, "nl/billing/evil")
    assert "&lt;script&gt;alert(4)&lt;/script&gt; Deze pagina" in dutch


def test_a_locale_without_notice_text_shows_the_source_text(site_copy):
    site_copy.write("docs/de/index.md", article(title="Hilfe", ms_translationtype="MT", ms_contentlocale="de-DE", body="# Hilfe\n"))
    de = site_copy.root / "locales/de.yml"
    de.write_text("\n".join(line for line in de.read_text().splitlines() if "mt_notice:" not in line) + "\n")
    result = site_copy.mkdocs_build()
    assert result.returncode == 0, result.stderr
    assert "L10N012 [warning] no mt_notice for 'de'" in result.stderr
    german = (site_copy.root / "site/de/index.html").read_text()
    assert "This page was translated by machine and has not yet been reviewed." in german
    assert "Zur Originalseite" in german  # the strings it has are still its own


def test_docfx_markdown_renders_in_the_page_language(built_site):
    project, _ = built_site
    dutch = page(project, "nl/account/add-users")
    tip = re.search(r'<div class="admonition tip">\s*<p class="admonition-title">(.*?)</p>\s*<p>(.*?)</p>', dutch, re.S)
    assert tip.group(1) == "Tip" and tip.group(2).startswith("Voeg de gebruiker meteen")
    image = re.search(r'<img alt="Het formulier Een gebruiker toevoegen[^"]*" src="([^"]+)"', dutch).group(1)
    assert resolve(project, "nl/account/add-users", image).is_file()
    # The include's text, with its link rebased from includes/ onto the page.
    link = re.search(r'Weet u niet welke licentie.*?<a href="([^"]+)">factuuroverzicht</a>', dutch, re.S).group(1)
    assert resolve(project, "nl/account/add-users", link) == (project.root / "site/nl/billing/understand-your-invoice/index.html").resolve()
    english = page(project, "account/add-users")
    assert '<p class="admonition-title">Tip</p>' in english and "Not sure which licence" in english


def test_no_docfx_syntax_reaches_any_page_and_includes_are_not_pages(built_site):
    project, _ = built_site
    site = project.root / "site"
    for built in site.rglob("*.html"):
        if {"reference", "side-by-side"} & set(built.relative_to(site).parts):
            continue  # the check reference describes DocFX syntax (DFX001); a review page quotes the Markdown as written
        text = built.read_text(encoding="utf-8")
        assert ":::" not in text and "[!INCLUDE" not in text and "[!TIP]" not in text, built
    assert not list(site.rglob("includes")), "include fragments must not be published"


def test_an_unknown_docfx_block_fails_a_strict_build(site_copy):
    path = site_copy.root / "docs/en/account/add-users.md"
    path.write_text(path.read_text() + '\n:::form target="signup":::\nSign up.\n:::form-end:::\n')
    result = site_copy.mkdocs_build("--strict")
    assert result.returncode != 0
    assert "docs/en/account/add-users.md" in result.stderr and "DFX001" in result.stderr


def test_the_status_dashboard_has_a_chart_and_stays_out_of_search(built_site):
    project, _ = built_site
    dashboard = page(project, "status")
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="helpsite-status-chart"' in dashboard
    assert "Nederlands (nl)" in dashboard and '<meta name="robots" content="noindex">' in dashboard
    assert "cdn" not in dashboard.lower().split("<svg", 1)[1].split("</svg>", 1)[0]
    index = (project.root / "site/search/search_index.json").read_text()
    assert '"location":"status/' not in index.replace(" ", "")


def test_one_reference_page_per_check_code_and_the_guide_links_to_it(built_site):
    from helpsite.checks.registry import RULES

    project, _ = built_site
    for code, rule in RULES.items():
        reference = page(project, f"reference/{code.lower()}")
        summary = html.escape(re.sub(r"``(.+?)``", r"\1", rule.summary), quote=False)  # literals are shown as code
        assert f"{code} {rule.name}" in reference and summary in re.sub(r"</?code>", "", reference)
        assert '<meta name="robots" content="noindex">' in reference
    index = page(project, "reference")
    assert all(f'href="{code.lower()}/"' in index for code in RULES)
    for guide, url in (("writers", "Writer's guide"), ("nl/writers", "Handleiding voor schrijvers")):
        text = page(project, guide)
        assert url in html.unescape(text)
        link = re.search(r'<a href="([^"]+)">(?:list of checks|lijst met controles)</a>', text).group(1)
        assert resolve(project, guide, link).is_file()
    search = (project.root / "site/search/search_index.json").read_text()
    assert "reference/" not in search  # for writers, not for readers' searches
