"""DocFX-flavoured Markdown: what the build renders and what the checks report."""

from __future__ import annotations

import json
import os
import string
from pathlib import Path

import markdown
import pyromark
import pytest

from helpsite.content.docfx import DEFAULT_TITLES, MARKDOWN_EXTENSIONS, Included, docs_include_reader, rebase, transform
from helpsite.content.links import SiteLayout
from helpsite.content.parse import parse_article

from ..conftest import article

LAYOUT = SiteLayout(frozenset({"en", "nl"}), "en")


def render(body: str, *, read_include=None, titles=DEFAULT_TITLES.__getitem__, relpath: str = "page.md"):
    result = transform(
        body, display_path="docs/en/page.md", first_line=5, locale="en", relpath=relpath, titles=titles, read_include=read_include
    )
    html = markdown.markdown(result.markdown, extensions=[*MARKDOWN_EXTENSIONS, "tables"], extension_configs=MARKDOWN_EXTENSIONS)
    return result, html


@pytest.mark.parametrize(
    ("kind", "css"),
    [("NOTE", "note"), ("TIP", "tip"), ("IMPORTANT", "info"), ("WARNING", "warning"), ("CAUTION", "danger"), ("Note", "note")],
)
def test_alerts_become_admonitions_with_the_whole_quote(kind: str, css: str) -> None:
    result, html = render(f"Before.\n\n> [!{kind}]\n> First line with **bold**.\n>\n> Second paragraph.\n\nAfter.\n")
    assert f'<div class="admonition {css}">' in html
    assert f'<p class="admonition-title">{kind.capitalize()}</p>' in html
    assert "<strong>bold</strong>" in html and "<p>Second paragraph.</p>" in html
    assert "[!" not in html and "<blockquote>" not in html
    assert html.index("After.") > html.index("Second paragraph.")  # the quote ended where it did
    assert result.findings == []


def test_alert_titles_come_from_the_caller_and_quotes_cannot_break_out() -> None:
    _, html = render("> [!WARNING]\n> Careful.\n", titles=lambda key: {"warning": 'Let "op"'}[key])
    assert "<p class=\"admonition-title\">Let 'op'</p>" in html


def test_alert_in_a_list_item_keeps_its_indentation() -> None:
    _, html = render("1. Step one.\n\n    > [!NOTE]\n    > Inside the step.\n\n2. Step two.\n")
    assert "<li>" in html and '<div class="admonition note">' in html
    assert html.index("Inside the step.") < html.index("Step two.")


def test_fenced_code_is_left_alone() -> None:
    body = '```markdown\n> [!NOTE]\n> literal\n:::zone target="docs"\n```\n'
    result, html = render(body)
    assert result.markdown == body
    assert result.findings == []
    assert "[!NOTE]" in html


def test_video_becomes_a_link_not_an_embedded_player() -> None:
    _, html = render(">[!VIDEO https://www.microsoft.com/videoplayer/embed/RE2MuO3?autoplay=false]\n")
    assert '<a href="https://www.microsoft.com/videoplayer/embed/RE2MuO3?autoplay=false">Watch the video</a>' in html
    assert "<iframe" not in html


def test_image_directive_becomes_an_image() -> None:
    _, html = render('Text.\n\n:::image type="content" source="media/x.png" alt-text="The [x] screen":::\n')
    assert '<img alt="The [x] screen" src="media/x.png"' in html
    assert ":::" not in html


def test_complex_image_keeps_its_long_description() -> None:
    body = ':::image type="complex" source="media/chart.png" alt-text="A chart":::\n   Sales doubled in May.\n:::image-end:::\n\nNext.\n'
    _, html = render(body)
    assert '<img alt="A chart" src="media/chart.png"' in html and "Sales doubled in May." in html
    assert ":::" not in html


def test_image_without_source_and_unknown_block_are_findings_with_positions() -> None:
    body = 'One.\n\n  :::image alt-text="nothing":::\n\n:::form target="docs":::\nText.\n:::form-end:::\n'
    result, html = render(body)
    found = [(f.code, f.line, f.column) for f in result.findings]
    assert found == [("DFX003", 7, 3), ("DFX001", 9, 1)]  # one finding per block, not one per marker
    assert ":::" not in html and "Text." in html


def test_parser_records_image_directive_sources_as_images(tmp_path: Path) -> None:
    path = tmp_path / "en" / "page.md"
    path.parent.mkdir()
    path.write_text(
        article(body='# T\n\n:::image type="content" source="media/x.png" alt-text="X":::\n\n```\n:::image source="no.png":::\n```\n')
    )
    parsed = parse_article(path, locale="en", relpath="page.md", display_path="page.md")
    images = [(link.target, link.kind, link.line, link.column) for link in parsed.links]
    assert images == [("media/x.png", "image", 6, 33)]


# --- includes ------------------------------------------------------------------------------------


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    (root / "en" / "guide" / "includes").mkdir(parents=True)
    return root


def test_include_is_inlined_without_its_front_matter_and_links_are_rebased(docs: Path) -> None:
    (docs / "en" / "guide" / "includes" / "help.md").write_text(
        "---\nms.topic: include\n---\nSee [billing](../../billing/pay.md) and ![icon](../media/i.png).\n"
        "Also [the web](https://example.com/x.md) and [here](#top).\n"
    )
    read = docs_include_reader(docs, LAYOUT, 1_000_000)
    result, html = render("Intro.\n\n[!INCLUDE [help](includes/help.md)]\n", read_include=read, relpath="guide/page.md")
    assert result.findings == []
    assert "ms.topic" not in html
    assert 'href="../billing/pay.md"' in html and 'src="media/i.png"' in html
    assert 'href="https://example.com/x.md"' in html and 'href="#top"' in html


def test_rebase_between_folders() -> None:
    assert rebase("[a](x.md) ![b](../img/y.png)", "a/inc/i.md", "a/page.md") == "[a](inc/x.md) ![b](img/y.png)"
    assert rebase("[a](x.md)", "a/i.md", "a/page.md") == "[a](x.md)"


def test_include_cycle_is_reported_once_with_the_chain(docs: Path) -> None:
    (docs / "en" / "guide" / "a.md").write_text("A starts.\n[!INCLUDE [b](b.md)]\n")
    (docs / "en" / "guide" / "b.md").write_text("B here.\n[!INCLUDE [a](a.md)]\n")
    read = docs_include_reader(docs, LAYOUT, 1_000_000)
    result = transform(
        "Top.\n[!INCLUDE [a](a.md)]\n",
        display_path="docs/en/guide/page.md",
        first_line=3,
        locale="en",
        relpath="guide/page.md",
        titles=DEFAULT_TITLES.__getitem__,
        read_include=read,
    )
    assert "A starts." in result.markdown and "B here." in result.markdown
    assert [(f.code, f.line, f.column) for f in result.findings] == [("DFX002", 4, 1)]
    assert "en/guide/page.md -> en/guide/a.md -> en/guide/b.md -> en/guide/a.md" in result.findings[0].message


def test_self_include_is_a_cycle(docs: Path) -> None:
    (docs / "en" / "guide" / "page.md").write_text("Me.\n[!INCLUDE [me](page.md)]\n")
    read = docs_include_reader(docs, LAYOUT, 1_000_000)
    result, _ = render("[!INCLUDE [me](page.md)]\n", read_include=read, relpath="guide/page.md")
    assert [f.code for f in result.findings] == ["DFX002"]


def test_include_never_reads_outside_docs(docs: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("TOP SECRET\n")
    os.symlink(secret, docs / "en" / "guide" / "includes" / "linked.md")
    (docs / "en" / "guide" / "includes" / "folder.md").mkdir()
    read = docs_include_reader(docs, LAYOUT, 1_000_000)
    body = (
        "[!INCLUDE [a](../../../secret.md)]\n[!INCLUDE [b](includes/linked.md)]\n"
        "[!INCLUDE [c](includes/folder.md)]\n[!INCLUDE [d](includes/none.md)]\n"
    )
    result, html = render(body, read_include=read, relpath="guide/page.md")
    assert "TOP SECRET" not in html
    # The path that leaves docs/ and the missing file are the link checks' findings (LNK005, LNK001).
    assert [(f.code, f.line) for f in result.findings] == [("DFX004", 6), ("DFX004", 7)]
    assert "outside docs/" in result.findings[0].message


def test_include_larger_than_the_limit_is_refused(docs: Path) -> None:
    (docs / "en" / "guide" / "big.md").write_text("x" * 2000)
    read = docs_include_reader(docs, LAYOUT, 1000)
    assert isinstance(read("big.md", "en", "guide/page.md"), str)
    assert isinstance(docs_include_reader(docs, LAYOUT, 10_000)("big.md", "en", "guide/page.md"), Included)


def test_findings_inside_an_include_point_at_the_include_line(docs: Path) -> None:
    (docs / "en" / "guide" / "bad.md").write_text('Fine.\n\n:::code source="x.py":::\n')
    read = docs_include_reader(docs, LAYOUT, 1_000_000)
    result, _ = render("One.\n\n  [!INCLUDE [bad](bad.md)]\n", read_include=read, relpath="guide/page.md")
    assert [(f.code, f.line, f.column) for f in result.findings] == [("DFX001", 7, 3)]
    assert result.findings[0].message.startswith("in en/guide/bad.md: ")


# --- through helpsite check ----------------------------------------------------------------------


def test_check_reports_docfx_findings_and_skips_include_folders(project) -> None:
    project.write(
        "docs/en/page.md",
        article(
            body="# Page\n\n:::row:::\n\n[!INCLUDE [x](includes/x.md)]\n\n"
            ':::image type="content" source="media/gone.png" alt-text="gone":::\n'
        ),
    )
    project.write("docs/en/includes/x.md", "No front matter here, and that is fine for an include.\n")
    result = project.helpsite("check", "--format", "json", "--select", "DFX,LNK,META001")
    findings = [(f["code"], f["path"], f["line"]) for f in json.loads(result.stdout)]
    assert ("DFX001", "docs/en/page.md", 6) in findings
    assert ("LNK006", "docs/en/page.md", 10) in findings  # the :::image source is checked like any image
    assert not any("includes" in path for _, path, _ in findings)  # fragments are not articles


@pytest.mark.parametrize("char", list(string.punctuation))
def test_a_backslash_escapes_punctuation_as_commonmark_does(char: str) -> None:
    """Markdig (DocFX) and pulldown-cmark (the check) read a backslash before any ASCII punctuation
    as an escape; Python-Markdown, for sixteen of them only."""
    text = f"a \\{char}b c"
    built = markdown.markdown(text, extensions=[*MARKDOWN_EXTENSIONS, "tables"], extension_configs=MARKDOWN_EXTENSIONS)
    assert built == pyromark.html(text).strip()


def test_a_placeholder_written_with_a_backslash_is_shown_as_written() -> None:
    # en-US/AlchemyInsights/recover-the-home-dot-aspx-page.md, line 21: the reader saw "https://\.sharepoint.com/sites/\/".
    line = "1. Navigate to https://\\<tenantname>.sharepoint.com/sites/\\<sitename>/_layouts/15/RecycleBin.aspx?, by replacing"
    html = render(line + " <**tenantname**> with the name of your tenant.\n")[1]
    assert "https://&lt;tenantname&gt;.sharepoint.com/sites/&lt;sitename&gt;/_layouts/15/RecycleBin.aspx?" in html
    assert "\\" not in html
    code = render("`C:\\<folder>` and\n\n    \\<indented>\n")[1]
    assert "<code>C:\\&lt;folder&gt;</code>" in code and "\\&lt;indented&gt;" in code  # no escapes in code, as in CommonMark
