"""What a reader sees around an article, decided without MkDocs: dates in the reader's format,
related articles, robots.txt, the combined notice, stubs in the status and the queue."""

from __future__ import annotations

import datetime
import json
import re

import pytest

from helpsite.content.config import ReviewSettings, Settings
from helpsite.content.locales import Locales
from helpsite.model import Article
from helpsite.publishing.notices import SEARCH_EXCLUDE, notices_html
from helpsite.publishing.publish import Publication
from helpsite.publishing.reader import RelatedIndex, article_date, format_day, last_updated_html, related_html, robots_txt
from helpsite.publishing.sanitize import ContentSecurityPolicy, connect_origins
from helpsite.translation.review import QueueEntry, Staleness, is_stub
from tests.conftest import REPO, article


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("nl-NL", "19 augustus 2026"), ("en-US", "August 19, 2026"), ("de-DE", "19. August 2026"), ("ar-SA", None), ("xx-ZZ", None)],
)
def test_a_date_is_written_as_the_readers_locale_writes_it(tag, expected):
    written = format_day(datetime.date(2026, 8, 19), tag)
    assert written == expected if expected else written  # an unknown tag falls back, never fails


def test_last_updated_fills_the_locales_sentence_and_escapes_it():
    html = last_updated_html(datetime.date(2026, 8, 19), "nl-NL", "<b>Bijgewerkt</b> op {date}")
    assert html == '<span>&lt;b&gt;Bijgewerkt&lt;/b&gt; op <time datetime="2026-08-19">19 augustus 2026</time></span>'


def page(relpath: str, **meta) -> Article:
    return Article(path=REPO / "docs" / "en" / relpath, display_path=relpath, locale="en", relpath=relpath, meta=meta)


def test_article_date_reads_ms_date_and_ignores_what_is_not_a_date():
    assert article_date(page("a.md", **{"ms.date": "06/02/2023"})) == datetime.date(2023, 6, 2)
    assert article_date(page("a.md", **{"ms.date": "2023-06-02"})) is None
    assert article_date(page("a.md")) is None


class FakeSite:
    """The part of Site that RelatedIndex reads."""

    def __init__(self, articles: list[Article]) -> None:
        self.source_folder = "en"
        self.by_locale = {"en": {a.relpath: a for a in articles}}


def test_related_articles_are_the_sections_then_the_collections_at_most_the_limit():
    articles = [
        page("billing/index.md"),
        page("billing/a.md", **{"ms.collection": "Pay"}),
        page("billing/b.md"),
        page("billing/c.md"),
        page("account/d.md", **{"ms.collection": ["Pay", "Other"]}),
        page("account/e.md"),
        page("writers/f.md", **{"ms.collection": "Pay"}),
    ]
    index = RelatedIndex(FakeSite(articles), lambda relpath: relpath.startswith("writers/"))  # type: ignore[arg-type]
    assert index.related("billing/a.md", 5) == ["billing/b.md", "billing/c.md", "account/d.md"]
    assert index.related("billing/a.md", 2) == ["billing/b.md", "billing/c.md"]
    assert index.related("account/d.md", 5) == ["account/e.md", "billing/a.md"]
    assert index.related("billing/index.md", 5) == [] and index.related("writers/f.md", 5) == []


def test_related_html_is_escaped_and_out_of_search():
    html = related_html("Verwante <artikelen>", [("../a/", "A & <b>")])
    assert "<h2>Verwante &lt;artikelen&gt;</h2>" in html and "A &amp; &lt;b&gt;" in html and SEARCH_EXCLUDE in html
    assert related_html("Verwante artikelen", []) == ""


def test_robots_txt_names_every_locales_sitemap():
    locales = Locales.load(REPO / "locales")
    text = robots_txt(Publication(locales, ("en", "nl"), "https://help.example/docs/"), ("en", "nl"))
    assert text.splitlines() == [
        "User-agent: *",
        "Disallow:",
        "",
        "Sitemap: https://help.example/docs/sitemap.xml",
        "Sitemap: https://help.example/docs/nl/sitemap.xml",
    ]


def entry(machine: bool, outdated: bool) -> QueueEntry:
    staleness = Staleness("outdated" if outdated else "current", "")
    return QueueEntry(page("a.md"), None, "MT" if machine else "HT", machine, "normal", None, staleness)


@pytest.mark.parametrize(("machine", "outdated"), [(True, True), (True, False), (False, True)])
def test_one_notice_with_a_sentence_for_each_state_and_one_link(machine, outdated):
    locales = Locales.load(REPO / "locales")
    html = notices_html(entry(machine, outdated), "nl", locales, "../../a/")
    assert html.count("<div") == 1 and html.count("<a ") == 1 and SEARCH_EXCLUDE in html
    assert ("automatisch vertaald en nog niet" in html) == machine
    assert ("De oorspronkelijke pagina is gewijzigd" in html) == outdated
    assert re.search(r'<p class="admonition-title">(Automatisch vertaald|Verouderde vertaling)</p>', html)
    assert notices_html(entry(False, False), "nl", locales, "../../a/") == ""


def test_a_stub_counts_as_missing_and_is_queued_to_translate(project):
    project.write("docs/en/a.md", article("A"))
    project.write("docs/en/b.md", article("B"))
    project.write("docs/nl/a.md", article("A", ms_contentlocale="nl-NL", **{"helpsite.state": "stub"}))
    project.write("docs/nl/b.md", article("B nl", ms_contentlocale="nl-NL", ms_translationtype="HT"))
    rows = {row["locale"]: row for row in json.loads(project.helpsite("status", "--format", "json").stdout)}
    assert (rows["nl"]["missing"], rows["nl"]["reviewed"], rows["nl"]["translated"]) == (1, 1, 1)
    queue = json.loads(project.helpsite("review", "list", "--format", "json").stdout)
    assert [(row["page"], row["state"]) for row in queue] == [("a.md", "to translate")]
    assert is_stub(page("a.md", **{"helpsite.state": " Stub "}), ReviewSettings())
    assert not is_stub(page("a.md", **{"helpsite.state": "translated"}), ReviewSettings()) and not is_stub(page("a.md"), ReviewSettings())


def test_a_stub_cannot_be_marked_reviewed(project):
    project.write("docs/en/a.md", article("A"))
    stub = project.write("docs/nl/a.md", article("A", ms_contentlocale="nl-NL", **{"helpsite.state": "stub"}))
    before = stub.read_bytes()
    result = project.helpsite("review", "mark", "docs/nl/a.md", "--reviewer", "Anouk")
    assert "a stub, not translated yet" in result.stdout + result.stderr
    assert stub.read_bytes() == before


@pytest.mark.parametrize(
    ("feedback_url", "origins"),
    [
        ("", []),
        ("/api/feedback", []),  # the page's own origin: 'self'
        ("https://api.contoso.example/votes?site=help", ["https://api.contoso.example"]),
        ("http://127.0.0.1:8080/api/feedback", ["http://127.0.0.1:8080"]),
        ('https://a.example"; script-src *; x="/', []),  # nothing that could end the policy's attribute or add a directive
        ("javascript:alert(1)", []),
    ],
)
def test_the_policy_lets_votes_reach_the_feedback_endpoints_origin_only(feedback_url, origins):
    settings = Settings(feedback_url=feedback_url)
    assert connect_origins(settings) == origins
    policy = ContentSecurityPolicy([], [], connect_origins(settings)).policy("<html></html>")
    sources = " ".join(["'self'", *origins])
    assert f"connect-src {sources};" in policy and policy.count("script-src") == 1


def test_only_the_themes_inline_scripts_are_hashed_on_every_page(tmp_path):
    import base64
    import hashlib

    (tmp_path / "main.html").write_text('<script>var base = "{{ base_url }}"; go(base)</script>\n', encoding="utf-8")
    policy = ContentSecurityPolicy([tmp_path], [])

    def hashed(script: str) -> str:
        return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"

    theirs, deeper, foreign = 'var base = ".."; go(base)', 'var base = "../.."; go(base)', "steal(document.cookie)"
    for _ in range(2):  # judged once, answered alike after
        page = f"<html><script>{theirs}</script><script>{foreign}</script><script>{deeper}</script><script>{theirs}</script></html>"
        assert policy.theme_script_hashes(page) == [hashed(theirs), hashed(deeper)]
    assert policy.theme_script_hashes(f"<script>{foreign}</script>") == []
