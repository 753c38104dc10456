"""DocFX as Microsoft Learn renders it: zones, monikers, tabs, rows, inline images, div classes,
damaged alerts, line breaks, videos, unknown directives, and the raw-text check on rendered HTML.

Each test renders the transform's Markdown with the extensions the build adds (Python-Markdown,
pymdownx.tabbed, md_in_html) and asserts on the HTML a reader gets."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from helpsite.content.docfx import (
    DEFAULT_TITLES,
    MARKDOWN_EXTENSIONS,
    docs_include_reader,
    load_pivot_groups,
    moniker_matches,
    pivot_group_of,
    raw_docfx_findings,
    raw_docfx_in_built_page,
    raw_docfx_text,
    transform,
    uses_docfx,
)
from helpsite.content.hubpage import find_yaml_pages, yaml_page
from helpsite.content.links import SiteLayout
from helpsite.content.parse import parse_article
from helpsite.content.site import is_fragment
from tests.conftest import SLICE_ARABIC, article, shared_corpus


def render(body: str, **options):
    result = transform(
        body, display_path="docs/en/page.md", first_line=1, locale="en", relpath="page.md", titles=DEFAULT_TITLES.__getitem__, **options
    )
    html = markdown.markdown(result.markdown, extensions=[*MARKDOWN_EXTENSIONS, "tables"], extension_configs=MARKDOWN_EXTENSIONS)
    return result, html


def tab_labels(html: str) -> list[list[str]]:
    """The labels of each set of content tabs, in order."""
    return [re.findall(r"<label[^>]*>(.*?)</label>", labels) for labels in re.findall(r'<div class="tabbed-labels">(.*?)</div>', html)]


def no_raw(html: str) -> None:
    assert raw_docfx_text(html) == [], raw_docfx_text(html)


# --- zones --------------------------------------------------------------------------------------

ZONES = """Intro for everyone.

:::zone pivot="windows,linux"
Shared by **Windows** and Linux.
:::zone-end

:::zone pivot="macos"
Only on a Mac.

```bash
echo "code in a zone" \\
  continued
```
:::zone-end

Common middle.

:::zone pivot="linux"
Linux once more.
:::zone-end
"""


def test_zones_become_tabs_the_first_pivot_first_and_every_set_offers_every_pivot() -> None:
    result, html = render(ZONES)
    assert result.findings == []
    assert tab_labels(html) == [["windows", "linux", "macos"], ["windows", "linux", "macos"]]
    first, second = html.split("Common middle.")
    assert first.count("Shared by <strong>Windows</strong> and Linux.") == 2  # pivot="windows,linux": in both tabs
    assert "Only on a Mac." in first and "echo" in first and "continued" in first
    assert "Linux once more." in second and "Shared by" not in second
    assert html.index("Intro for everyone.") < html.index("tabbed-set")
    no_raw(html)


def test_a_zone_without_pivot_text_for_some_tabs_shows_nothing_there() -> None:
    _, html = render(ZONES)
    second = html.split("Common middle.")[1]
    blocks = re.findall(r'<div class="tabbed-block">(.*?)</div>', second, re.S)
    assert [("Linux once more." in block) for block in blocks] == [False, True, False]
    assert not any(re.search(r"<p>", block) for block in (blocks[0], blocks[2]))


def test_the_sites_pivot_group_names_and_orders_the_tabs() -> None:
    groups, problems = load_pivot_groups(
        "### YamlMime:ZonePivotGroups\ngroups:\n- id: os\n  title: OS\n  pivots:\n"
        "  - id: macos\n    title: macOS\n  - id: windows\n    title: Windows\n",
        "zone-pivot-groups.yml",
    )
    assert problems == [] and groups == {"os": [("macos", "macOS"), ("windows", "Windows")]}
    assert pivot_group_of({"zone_pivot_groups": "os"}, "nl", "en", {"en": groups}) == groups["os"]
    assert pivot_group_of({"zone_pivot_groups": "other"}, "en", "en", {"en": groups}) == []
    _, html = render(ZONES, pivot_group=groups["os"])
    assert tab_labels(html)[0] == ["macOS", "Windows", "linux"]  # the group's order, then what the group lacks


def test_chromeless_zones_are_left_out_and_docs_zones_kept() -> None:
    _, html = render(':::zone target="chromeless"\nIn-product only.\n:::zone-end\n\n:::zone target="docs"\nOn the site.\n:::zone-end\n')
    assert "In-product only." not in html and "On the site." in html
    no_raw(html)


def test_an_unclosed_zone_is_one_finding_and_its_text_is_shown_without_the_marker() -> None:
    result, html = render('Before.\n\n:::zone pivot="a"\nText of a.\n')
    assert [(f.code, f.line, f.column) for f in result.findings] == [("DFX001", 3, 1)]
    assert "Text of a." in html
    no_raw(html)


# --- monikers -----------------------------------------------------------------------------------

MONIKERS = """::: moniker range=">= contoso-2.0"
Version two and later.
::: moniker-end

::: moniker range="contoso-1.0"
Version one.
::: moniker-end
"""


def test_monikers_without_the_setting_are_tabs_labelled_by_range() -> None:
    result, html = render(MONIKERS)
    assert result.findings == []
    assert tab_labels(html) == [["&gt;= contoso-2.0", "contoso-1.0"]]
    assert "Version two and later." in html and "Version one." in html
    no_raw(html)


@pytest.mark.parametrize(
    ("moniker", "shown", "dropped"), [("contoso-2.1", "Version two", "Version one"), ("contoso-1.0", "Version one", "Version two")]
)
def test_the_moniker_setting_keeps_only_the_matching_text(moniker: str, shown: str, dropped: str) -> None:
    _, html = render(MONIKERS, moniker=moniker)
    assert shown in html and dropped not in html
    assert "tabbed-set" not in html
    no_raw(html)


def test_moniker_ranges() -> None:
    assert moniker_matches(">= sql-server-2017", "sql-server-2019")
    assert not moniker_matches(">= sql-server-2017", "sql-server-2016")
    assert moniker_matches("sql-server-2016 || >= sql-server-ver15", "sql-server-2016")
    assert moniker_matches(">= azps-1.0.0 <= azps-2.10.0", "azps-2.9.0")
    assert not moniker_matches(">= azps-1.0.0 <= azps-2.10.0", "azps-3.0.0")
    assert not moniker_matches(">= other-2", "contoso-3")  # another product
    assert moniker_matches("=Contoso-1", "contoso-1")


# --- DocFX tabs ---------------------------------------------------------------------------------

TABS = """Intro.

# <a name="microsoft-edge"></a>[Microsoft Edge](#tab/edge)

## Allow cookies in Edge

Edge steps.

# [Google Chrome](#tab/chrome)

Chrome steps.

---

> [!NOTE]
> After the tabs.

See [the Chrome tab](#tab/chrome).
"""


def test_docfx_tabs_become_content_tabs_up_to_the_rule() -> None:
    result, html = render(TABS)
    assert result.findings == []
    assert tab_labels(html) == [["Microsoft Edge", "Google Chrome"]]
    assert '<a name="microsoft-edge"></a>' in html  # the heading's anchor is kept, in its tab
    edge, chrome = re.findall(r'<div class="tabbed-block">(.*?)</div>\n(?=<div class="tabbed-block">|</div>)', html, re.S)
    assert "Edge steps." in edge and "Allow cookies in Edge" in edge and "Chrome steps." in chrome
    assert html.index("After the tabs.") > html.index("Chrome steps.")
    assert "<hr" not in html
    no_raw(html)


def test_dependent_tabs_get_their_condition_in_the_label() -> None:
    body = "# [Windows](#tab/windows/python)\n\nPy on Windows.\n\n# [Windows](#tab/windows/js)\n\nJS on Windows.\n\n---\n"
    _, html = render(body)
    assert tab_labels(html) == [["Windows", "Windows (js)"]]


def test_tab_ids_are_anchors_of_the_article_not_headings(tmp_path: Path) -> None:
    path = tmp_path / "en" / "page.md"
    path.parent.mkdir()
    path.write_text(article(body=TABS + "\n# [Py](#tab/win/python)\n\nX.\n\n---\n"), encoding="utf-8")
    parsed = parse_article(path, locale="en", relpath="page.md")
    tabs = [(a.name, a.line) for a in parsed.anchors if a.kind == "tab"]
    assert tabs == [("tab/edge", 6), ("tab/chrome", 12), ("tab/win/python", 23), ("tab/win", 23)]
    assert [h.text for h in parsed.headings] == ["Allow cookies in Edge"]
    assert "microsoft-edge" in {a.name for a in parsed.anchors}


# --- rows and columns -------------------------------------------------------------------------

ROWS = """:::row:::
   :::column span="2":::
      **Indented** text, which must not become code.

      A second paragraph.
   :::column-end:::
   :::column:::
      ![Icon](media/i.png)
   :::column-end:::
:::row-end:::
"""


def test_rows_become_a_grid_and_indentation_does_not_make_code() -> None:
    result, html = render(ROWS)
    assert result.findings == []
    assert '<div class="grid helpsite-row">' in html
    assert '<div class="helpsite-column helpsite-span-2">' in html and html.count('class="helpsite-column') == 2
    assert "<strong>Indented</strong>" in html and "<pre>" not in html and "<code>" not in html
    assert '<img alt="Icon" src="media/i.png"' in html
    no_raw(html)


# --- images ----------------------------------------------------------------------------------


def test_images_inside_a_line_and_a_table_cell(tmp_path: Path) -> None:
    body = (
        'Turn it on (:::image type="icon" source="media/toggle.png" border="false":::).\n\n'
        "| icon | what |\n|---|---|\n"
        '|:::image type="icon" source="media/task.png":::| [Digitize](a.md) |\n'
        ':::image type="content" source="media/logo.png" alt-text="! BT logo.":::|[BT](https://bt.example)| text\n\n'
        'In code: `:::image source="x.png":::`.\n'
    )
    result, html = render(body)
    assert result.findings == []
    assert 'Turn it on (<img alt="" class="helpsite-icon" src="media/toggle.png" />).' in html
    assert '<td><img alt="" class="helpsite-icon" src="media/task.png" /></td>' in html
    assert '<img alt="! BT logo." src="media/logo.png" />' in html
    assert '<code>:::image source="x.png":::</code>' in html  # inline code is left alone
    no_raw(html)


def test_lightbox_border_and_complex_images() -> None:
    body = (
        ':::image type="content" source="media/s.png" alt-text="Shot" lightbox="media/s-big.png" border="true":::\n\n'
        ':::image type="complex" source="media/chart.png" alt-text="A chart":::\n   Sales doubled in **May**.\n:::image-end:::\n'
    )
    result, html = render(body)
    assert result.findings == []
    assert '<a href="media/s-big.png"><img alt="Shot" class="helpsite-border" src="media/s.png" /></a>' in html
    assert '<div class="helpsite-long-description">\n<p>Sales doubled in <strong>May</strong>.</p>' in html
    no_raw(html)


def test_an_image_in_an_html_comment_stays_hidden() -> None:
    _, html = render('<!--:::image type="content" source="../../media/tp.PNG" alt-text="Placeholder graphic.":::-->\n\nText.\n')
    assert "<img" not in html and "Placeholder graphic." not in html.replace("<!--", "").split("-->")[-1]


def test_an_unclosed_image_is_shown_and_reported() -> None:
    result, html = render(
        ':::image type="content" source="images/detailed-results.png" alt-text="Results" lightbox="images/detailed-results.png"\n'
    )
    assert [(f.code, f.line) for f in result.findings] == [("DFX003", 1)]
    assert '<img alt="Results" src="images/detailed-results.png"' in html
    no_raw(html)


def test_a_lightbox_with_a_script_url_is_not_a_link() -> None:
    _, html = render(':::image type="content" source="x.png" alt-text="X" lightbox="javascript:alert(1)":::\n')
    assert "javascript" not in html and '<img alt="X" src="x.png"' in html


# --- [!div] -------------------------------------------------------------------------------------


def test_div_classes() -> None:
    body = (
        '> [!div class="nextstepaction"]\n> [بدء >](/learn/modules/m365-security-info-overview/introduction/)\n\n'
        '> [!div class="button"]\n> [Download](https://go.example/x)\n\n'
        '> [!div class="checklist"]\n> * Create an account\n> * Sign in\n\n'
        '> [!div class="op_single_selector"]\n> - [Windows](win.md)\n> - [macOS](mac.md)\n\n'
        '> [!div class="mx-imgBorder"]\n> ![Screenshot](media/shot.png)\n\n'
        '>[!div class="mx-imgBorder"]\n>:::image type="content" source="media/b.png" alt-text="B":::\n\n'
        '> [!div class="something-else"]\n> Plain content.\n'
    )
    result, html = render(body)
    assert result.findings == []
    assert '<a class="md-button md-button--primary" href="/learn/modules/m365-security-info-overview/introduction/">بدء &gt;</a>' in html
    assert '<a class="md-button" href="https://go.example/x">Download</a>' in html
    assert '<div class="helpsite-checklist">\n<ul>\n<li>Create an account</li>' in html
    assert '<div class="helpsite-selector">\n<ul>\n<li><a href="win.md">Windows</a></li>' in html
    assert '<div class="helpsite-img-border">\n<p><img alt="Screenshot" src="media/shot.png" /></p>' in html
    assert '<div class="helpsite-img-border">\n<p><img alt="B" src="media/b.png" /></p>' in html
    assert "<p>Plain content.</p>" in html and "<blockquote>" not in html
    no_raw(html)


# --- alerts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "css", "fix", "column"),
    [
        (">[! BEMÆRK!]", "note", "> [!NOTE]", 2),
        ("> [!NOTA]", "note", "> [!NOTE]", 3),
        ("> [!WICHTIG]", "info", "> [!IMPORTANT]", 3),
        ("> [!Waarschuwing]", "warning", "> [!WARNING]", 3),
        ("> [! NOTE]", "note", "> [!NOTE]", 3),
        ("> [!SOMETHING]", "note", "> [!NOTE]", 3),
    ],
)
def test_damaged_alert_keywords_are_findings_with_the_fix_and_still_alerts(line: str, css: str, fix: str, column: int) -> None:
    result, html = render(f"{line}\n> The text.\n")
    assert [(f.code, f.line, f.column, f.fix) for f in result.findings] == [("DFX005", 1, column, fix)]
    assert f'<div class="admonition {css}">' in html and "<p>The text.</p>" in html
    no_raw(html)


def test_an_alert_without_its_quote_is_a_finding_and_an_alert_of_its_paragraph() -> None:
    result, html = render("Before.\n\n[!IMPORTANT]\nThis setting is now deprecated.\n\n## Next\n")
    assert [(f.code, f.line, f.column, f.fix) for f in result.findings] == [("DFX005", 3, 1, "> [!IMPORTANT]")]
    assert '<div class="admonition info">' in html and "This setting is now deprecated." in html
    assert html.index("</div>") < html.index("<h2")
    no_raw(html)


def test_docfx_alert_keywords_in_any_case_are_not_findings() -> None:
    result, html = render(">[!Note]\n> Fine.\n\n> [!tip]\n> Fine too.\n")
    assert result.findings == []
    assert html.count('<div class="admonition') == 2


def test_localized_titles_name_the_kind_of_a_translated_keyword() -> None:
    titles = {**DEFAULT_TITLES, "caution": "Let op"}.__getitem__
    result = transform("> [!Let op]\n> Pas op.\n", display_path="p.md", first_line=1, locale="nl", relpath="p.md", titles=titles)
    assert result.findings[0].fix == "> [!CAUTION]"
    assert "!!! danger" in result.markdown


# --- line breaks, videos, unknown directives, YAML links ---------------------------------------


def test_a_trailing_backslash_is_a_line_break_outside_code() -> None:
    body = (
        "[First](a.md) (article)\\\n[Second](b.md) (article)\\\n\nLast line of a paragraph\\\n\n"
        "    indented code \\\n    more\n\n```\nfenced \\\nmore\n```\n"
    )
    _, html = render(body)
    assert '(article)<br>\n<a href="b.md">Second</a>' in html
    assert "paragraph\\</p>" in html  # nothing follows: CommonMark keeps the backslash
    assert "indented code \\" in html and "fenced \\" in html


def test_video_links_only_for_web_urls() -> None:
    result, html = render(
        "> [!VIDEO https://www.microsoft.com/videoplayer/embed/RE4pk9f]\n\n> [!VIDEO javascript:alert(1)]\n\n[!VIDEO media/v.mp4]\n"
    )
    assert '<a href="https://www.microsoft.com/videoplayer/embed/RE4pk9f">Watch the video</a>' in html
    assert "javascript" not in html and 'href="media/v.mp4"' not in html
    assert [(f.code, f.line) for f in result.findings] == [("DFX007", 3), ("DFX007", 5)]
    no_raw(html)


def test_unknown_directives_once_per_block_with_their_text_as_learn_shows_it() -> None:
    body = (
        'Use :::no-loc text="Microsoft Teams"::: every day.\n\n'
        ':::code language="python" source="~/samples/x.py" range="1-5":::\n\n'
        ":::custom:::\nInner text.\n:::custom-end:::\n\n"
        ':::form target="x":::\n\n'
        ":::zone-end\n"
    )
    result, html = render(body)
    assert "<p>Use Microsoft Teams every day.</p>" in html
    assert "Code sample not included" in html and "~/samples/x.py" in html
    assert "<p>Inner text.</p>" in html
    assert [(f.code, f.line) for f in result.findings] == [("DFX001", 3), ("DFX001", 5), ("DFX001", 9), ("DFX001", 11)]
    no_raw(html)


def test_links_to_published_yaml_pages_lead_to_their_pages() -> None:
    body = "[Hub](../security/index.yml), [FAQ](faq.yml#q1), [missing](none.yml), [Learn](https://learn.example/x.yml)\n"
    result = transform(
        body,
        display_path="p.md",
        first_line=1,
        locale="ar",
        relpath="solutions/page.md",
        titles=DEFAULT_TITLES.__getitem__,
        yaml_pages={"ar/security/index.yml", "ar/solutions/faq.yml"},
    )
    assert result.markdown == "[Hub](../security/index.md), [FAQ](faq.md#q1), [missing](none.yml), [Learn](https://learn.example/x.yml)\n"


def test_uses_docfx_is_cheap_and_sees_every_form() -> None:
    for body in ("a :::image x:::", "> [!NOTE]", "# [A](#tab/a)", "line\\\nnext", "[x](a/index.yml)"):
        assert uses_docfx(body)
    assert not uses_docfx("# Plain\n\nText with a [link](x.md).\n")


# --- the rendered page ---------------------------------------------------------------------------


def test_raw_text_is_found_outside_code_only_and_located_in_the_source() -> None:
    html = '<p>Shown: :::zone pivot="x"</p>\n<pre><code>:::code:::</code></pre><p><code>[!NOTE]</code> and [!div class="x"] here</p>'
    assert [snippet for snippet, _ in raw_docfx_text(html)] == [':::zone pivot="x"', '[!div class="x"] here']
    body = 'Line one.\n:::zone pivot="x"\nMore.\nAnd [!div class="x"] here.\n'
    findings = raw_docfx_findings(html, body, display_path="docs/en/p.md", first_line=5)
    assert [(f.code, f.line, f.column) for f in findings] == [("DFX006", 6, 1), ("DFX006", 8, 5)]
    page = (
        '<html>\n<body>\n<nav>[!nav is not the article]</nav>\n<article class="md-content__inner">\n<p>[!INCLUDE [x](y.md)]</p>\n</article>'
    )
    assert [(f.line, f.message) for f in raw_docfx_in_built_page(page, "site/p/index.html")] == [
        (5, "raw DocFX text on the built page: '[!INCLUDE [x](y.md)]'")
    ]


# --- YAML pages and TOC.md -----------------------------------------------------------------------

HUB = """### YamlMime:Landing
title: Security <docs>
summary: Learn about **security**.
metadata:
  title: Security docs
  description: All of security.
  ms.topic: landing-page
landingContent:
- title: Get started
  linkLists:
  - linkListType: overview
    links:
    - text: What is [it]?
      url: defender/overview.md
    - text: Evil
      url: javascript:alert(1)
- title: Go deeper
  linkLists:
  - linkListType: how-to-guide
    links:
    - text: FAQ
      url: faq.yml
"""


def test_a_landing_page_becomes_markdown_with_its_cards_as_lists_of_links() -> None:
    page = yaml_page(HUB, "docs/en/security/index.yml", "security/index.yml")
    assert page is not None and page.kind == "Landing" and page.problems == []
    assert page.markdown.startswith("---\ntitle: Security <docs>\ndescription: All of security.\n---\n# Security &lt;docs&gt;\n")
    html = markdown.markdown(page.markdown.split("---\n", 2)[2])
    assert "<p>Learn about <strong>security</strong>.</p>" in html
    assert "<h2>Get started</h2>" in html and "<h2>Go deeper</h2>" in html
    assert '<a href="defender/overview.md">What is [it]?</a>' in html and "<li>Evil</li>" in html and "javascript" not in html
    assert "ms.topic" not in html and "overview" not in html.replace("defender/overview.md", "")


def test_a_faq_page_has_its_questions_as_headings_and_answers_as_markdown() -> None:
    text = (
        "### YamlMime:FAQ\ntitle: FAQ\nsummary: |\n  Intro with a [link](a.md).\n"
        "sections:\n- name: General\n  questions:\n  - question: >\n      Why?\n    answer: |\n      Because **so**.\n"
    )
    page = yaml_page(text, "faq.yml", "faq.yml")
    assert page is not None
    body = page.markdown.split("---\n", 2)[2]
    assert "Intro with a [link](a.md)." in body and "## General" in body and "### Why?" in body and "Because **so**." in body


def test_yaml_that_does_not_load_still_makes_a_page_with_the_loaders_finding() -> None:
    page = yaml_page("### YamlMime:Hub\ntitle: [unclosed\n", "docs/en/x/index.yml", "x/index.yml")
    assert page is not None and page.title == "x/index.yml"
    assert [p.code for p in page.problems] == ["PARSE003"]
    assert yaml_page("- name: a toc\n  href: a.md\n", "TOC.yml", "TOC.yml") is None


def test_yaml_pages_are_found_and_markdown_twins_win(tmp_path: Path) -> None:
    (tmp_path / "en" / "a").mkdir(parents=True)
    (tmp_path / "en" / "index.yml").write_text(HUB)
    (tmp_path / "en" / "a" / "index.yml").write_text(HUB)
    (tmp_path / "en" / "a" / "index.md").write_text("# A\n")
    (tmp_path / "en" / "TOC.yml").write_text("### YamlMime:Hub\n")
    (tmp_path / "en" / "other.yml").write_text("key: value\n")
    assert sorted(find_yaml_pages(tmp_path, 1_000_000)) == ["en/index.yml"]


def test_toc_md_is_not_an_article() -> None:
    assert is_fragment("ar/microsoft-365/TOC.md") and is_fragment("en/toc.md")
    assert not is_fragment("en/toc-guide.md")


def arabic(which: str) -> Path:
    """The folder holding ``ar-SA``: the in-repository slice, or the whole shared corpus (skipped when absent)."""
    return SLICE_ARABIC.parent if which == "slice" else shared_corpus("m365-ar")


@pytest.mark.parametrize(("which", "count"), [("slice", 11), pytest.param("whole", 26, marks=pytest.mark.slow)])
def test_every_yaml_page_of_the_arabic_corpus_makes_a_page(which: str, count: int) -> None:
    pages = find_yaml_pages(arabic(which), 5_000_000)
    assert len(pages) == count
    for path in pages.values():
        page = yaml_page(path.read_text(encoding="utf-8"), str(path), path.name)
        assert page is not None and page.problems == [] and page.title, path
        assert page.markdown.count("\n- [") >= 1 or "\n## " in page.markdown, path


@pytest.mark.parametrize(("which", "least"), [("slice", 60), pytest.param("whole", 1100, marks=pytest.mark.slow)])
def test_the_arabic_corpus_renders_without_raw_docfx_text(which: str, least: int) -> None:
    """Every article body through the transform and Python-Markdown: no raw DocFX text reaches the HTML."""
    root = arabic(which)
    folder = root / "ar-SA" / "microsoft-365"
    paths = sorted(p for p in folder.rglob("*.md") if not is_fragment(p.relative_to(folder).as_posix()))
    articles = [parse_article(p, locale="ar-SA", relpath=p.relative_to(folder.parent).as_posix()) for p in paths]
    read = docs_include_reader(root, SiteLayout(frozenset({"ar-SA"}), "ar-SA"), 5_000_000)
    transformed = [
        (
            a,
            transform(
                a.body,
                display_path=str(a.path),
                first_line=a.body_line,
                locale="ar-SA",
                relpath=a.relpath,
                titles=DEFAULT_TITLES.__getitem__,
                read_include=read,
            ),
        )
        for a in articles
        if uses_docfx(a.body)
    ]
    assert len(transformed) >= least
    renderer = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, "tables", "toc"], extension_configs=MARKDOWN_EXTENSIONS)
    raw = []
    for parsed, result in transformed:
        renderer.reset()
        html = renderer.convert(result.markdown)
        raw += [
            (parsed.relpath, f.line, f.message)
            for f in raw_docfx_findings(html, parsed.body, display_path=parsed.relpath, first_line=parsed.body_line)
        ]
    assert raw == []
