import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from helpsite.content import parse as parse_module
from helpsite.content.parse import ParseOptions, inline_marks, parse_article, parse_bytes, scan_body
from helpsite.model import Article
from tests.conftest import SEED


def parse(data: str | bytes) -> Article:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return parse_bytes(raw, Article(path=Path("x.md"), display_path="x.md", locale="en", relpath="x.md"))


def codes(article: Article) -> list[str]:
    return [p.code for p in article.problems]


def test_seed_article_front_matter_keys_have_their_lines():
    article = parse_article(SEED, locale="nl", relpath="billing/make-immediate-payment.md")
    lines = SEED.read_text(encoding="utf-8").splitlines()
    assert article.problems == []
    assert article.meta["ms.translationtype"] == "MT"
    assert article.meta["ms.custom"] == ["9004164", "7285"]
    for key, found in article.meta_keys.items():
        assert lines[found.line - 1].startswith(key + ":"), key
    assert list(article.meta) == list(article.meta_keys)  # file order kept


def test_seed_article_anchors_links_and_positions():
    article = parse_article(SEED, locale="nl", relpath="x.md")
    lines = SEED.read_text(encoding="utf-8").splitlines()
    assert [(h.level, h.text, h.slug) for h in article.headings] == [(1, "Maak direct een betaling", "maak-direct-een-betaling")]
    names = {(a.name, a.kind) for a in article.anchors}
    assert names == {("make-an-immediate-payment", "html"), ("maak-direct-een-betaling", "heading")}
    assert len(article.links) == 6
    for link in article.links:
        text = lines[link.line - 1][link.column - 1 :]
        assert text.startswith(f"[{link.text}]({link.target}")
    debris = [link for link in article.links if "%22%20%5Cl%20%22" in link.target]
    assert len(debris) == 1 and debris[0].line == 45


def test_heading_forms_and_toc_slugs():
    article = parse(
        "---\ntitle: t\n---\n"
        "# Intro\n\n"
        "Setext heading\n--------------\n\n"
        "## Intro\n\n"
        "### Custom {#my-id}\n\n"
        '## <a id="legacy"></a>Met **vet** en `code`\n'
    )
    assert [(h.level, h.slug, h.line) for h in article.headings] == [
        (1, "intro", 4),
        (2, "setext-heading", 6),
        (2, "intro_1", 9),
        (3, "my-id", 11),
        (2, "met-vet-en-code", 13),
    ]
    assert ("legacy", "html", 13) in {(a.name, a.kind, a.line) for a in article.anchors}
    assert ("my-id", "attr") in {(a.name, a.kind) for a in article.anchors}


def test_links_of_every_kind_with_columns_and_nothing_from_code():
    body = (
        'See [a](b.md#x "t") and ![alt](img/a.png) <https://example.org> [r][ref] [ref]\n'
        "<a href=\"h.md\">x</a> <img src='i.png'> `[not](code.md)`\n"
        "\n"
        "```\n[not](fenced.md)\n```\n"
        "\n"
        "    [not](indented.md)\n"
        "\n"
        "[ref]: ref.md#y\n"
    )
    article = parse("---\ntitle: t\n---\n" + body)
    lines = body.splitlines()

    def at(line: int, source: str, start: int = 0) -> tuple[int, int]:
        return line, lines[line - 4].index(source, start) + 1

    found = [(link.kind, link.target, (link.line, link.column)) for link in article.links]
    assert found == [
        ("link", "b.md#x", at(4, "[a]")),
        ("image", "img/a.png", at(4, "![alt]")),
        ("autolink", "https://example.org", at(4, "<https")),
        ("link", "ref.md#y", at(4, "[r][ref]")),
        ("link", "ref.md#y", at(4, "[ref]", 70)),
        ("html-href", "h.md", at(5, "href")),
        ("html-src", "i.png", at(5, "src")),
    ]
    assert all("not" not in link.target for link in article.links)


def test_columns_count_characters_not_bytes():
    article = parse("---\ntitle: t\n---\nÄ€ü [x](y.md)\n")
    assert (article.links[0].line, article.links[0].column) == (4, 5)


def test_crlf_keeps_line_numbers_and_is_reported_once():
    text = "---\r\ntitle: t\r\nms.topic: article\r\n---\r\n# H\r\n\r\n[l](x.md)\r\n"
    article = parse(text)
    assert article.meta_keys["ms.topic"].line == 3
    assert article.links[0].line == 7
    assert article.newline == "\r\n"
    assert codes(article) == ["PARSE010"]


def test_bom_is_stripped_and_columns_unaffected():
    article = parse(b"\xef\xbb\xbf---\ntitle: t\n---\n[l](x.md)\n")
    assert article.bom and article.meta == {"title": "t"}
    assert (article.links[0].line, article.links[0].column) == (4, 1)
    assert codes(article) == ["PARSE009"]


def test_invalid_utf8_points_at_the_byte_and_the_rest_is_read():
    article = parse(b"---\ntitle: t\n---\n# Heading\n\nab\xffcd [l](x.md)\n")
    problem = article.problems[0]
    assert (problem.code, problem.line, problem.column) == ("PARSE002", 6, 3)
    assert article.meta == {"title": "t"} and article.links[0].target == "x.md"


@pytest.mark.parametrize(
    "text, code, line",
    [
        ("---\ntitle: t\nms.topic: [unclosed\n---\nbody\n", "PARSE003", 4),
        ("---\ntitle: t\n  bad: indent\n---\n", "PARSE003", 3),
        ("---\ntitle: t\nno closing line\n", "PARSE004", 1),
        ("---\n- a\n- b\n---\n", "PARSE008", 2),
        ("---\ntitle: !!python/object/apply:os.system ['echo hacked']\n---\n", "PARSE007", 2),
        ("---\ntitle: !custom x\n---\n", "PARSE007", 2),
        ("---\ntitle: a\ntitle: b\n---\n", "META012", 3),
    ],
)
def test_bad_front_matter_is_a_finding_at_its_line(text, code, line):
    article = parse(text)
    assert [(p.code, p.line) for p in article.problems] == [(code, line)]


def test_billion_laughs_is_rejected_quickly():
    lines = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        previous = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    lines.append("---")
    article = parse("\n".join(lines) + "\n# Body\n")
    assert codes(article) == ["PARSE006"]
    assert article.meta == {}


def test_recursive_alias_is_rejected():
    assert codes(parse("---\na: &x [*x]\n---\n")) in (["PARSE006"], ["PARSE003"])


def test_no_front_matter_and_empty_file():
    for text in ("# Just a heading\n", ""):
        article = parse(text)
        assert not article.has_front_matter and article.problems == []


def test_file_over_the_size_limit_is_not_parsed(tmp_path):
    path = tmp_path / "huge.md"
    with path.open("wb") as handle:
        handle.write(b"---\ntitle: t\n---\n")
        handle.write(b"x" * (50 * 1024 * 1024))
    article = parse_article(path, locale="en", relpath="huge.md")
    assert codes(article) == ["PARSE005"] and article.body == ""


def test_folder_named_like_an_article(tmp_path):
    (tmp_path / "folder.md").mkdir()
    article = parse_article(tmp_path / "folder.md", locale="en", relpath="folder.md")
    assert codes(article) == ["PARSE001"] and not article.readable


def test_file_names_with_spaces_and_zero_width_characters(tmp_path):
    for name in ("with space.md", "zero\u200bwidth.md"):
        path = tmp_path / name
        path.write_text("---\ntitle: t\n---\n# T\n", encoding="utf-8")
        article = parse_article(path, locale="en", relpath=name, options=ParseOptions())
        assert article.meta == {"title": "t"} and article.problems == []


def test_prose_leaves_out_code_html_and_urls():
    article = parse("---\ntitle: t\n---\n# Kop\n\nTekst <b>vet</b> <https://x.example>\n\n```\ncode here\n```\n")
    assert "Kop" in article.prose and "Tekst" in article.prose
    assert "code here" not in article.prose and "x.example" not in article.prose and "<b>" not in article.prose


def test_inline_marks_come_with_the_parse_in_character_offsets():
    article = parse("---\ntitle: x\n---\nCafé **bold** and `code`\u200b here, **Settings **now.\n\n```\n**not** bold\n```\n")
    marks = article.marks
    assert marks is not None and marks.text is article.body and marks.spans
    body = article.body
    assert [body[start:end] for start, end in marks.strong] == ["**bold**"]
    assert [(body[start:end], paragraph) for start, end, paragraph in marks.literal_stars] == [("**", 1), ("**", 1)]
    assert body[min(marks.starts) :].startswith("**bold**") and body[: max(marks.ends)].endswith("`code`")
    assert all(body[start:end].strip() for start, end in marks.text_spans)
    assert not any("not" in body[start:end] for start, end in marks.text_spans)  # code is not text
    alone = inline_marks(body)
    assert (alone.literal_stars, alone.strong, alone.text_spans, alone.starts, alone.ends) == (
        marks.literal_stars,
        marks.strong,
        marks.text_spans,
        marks.starts,
        marks.ends,
    )


def test_inline_marks_only_where_the_text_checks_look():
    assert parse("---\ntitle: x\n---\nPlain *emphasis* only.\n").marks is None
    marks = parse("---\ntitle: x\n---\nOnly **bold**.\n").marks
    assert marks is not None and not marks.spans and marks.text_spans == [] and marks.strong == [(5, 13)]


# An anchor's tag as writers and vendors write it: the plain form (what scan_body reads without
# decoding the chunk) and its neighbours that the general reading must take (tabs, another
# attribute, single quotes, a self-closing slash, characters that are not ASCII or not allowed).
_TAG_NAME = st.sampled_from(["a", "A", "span", "ab"])
_ATTRIBUTE = st.sampled_from(["name", "NAME", "id", "Id", "href", "data-x", "name2"])
_SPACE = st.sampled_from([" ", "  ", "\t", "\n", ""])
_VALUE = st.text(st.sampled_from([*"ab-_0.:=&;/'#", " ", "é", '"', "<", ">"]), max_size=6)


@given(_TAG_NAME, _SPACE, _ATTRIBUTE, _SPACE, _SPACE, _VALUE, st.sampled_from(['"', "'"]), _SPACE, st.sampled_from([">", "/>"]))
@example("a", " ", "name", "", "", "step-0", '"', "", ">")
@example("A", "  ", "ID", " ", " ", "x", '"', " ", ">")
@example("a", " ", "href", "", "", "page.md", '"', "", ">")  # a link, not an anchor
@example("span", " ", "id", "", "", "x", '"', "", ">")
@example("a", " ", "name", "", "", "caf\u00e9", '"', "", ">")
def test_an_anchor_tag_reads_as_the_general_reading_reads_it(tag, before, attribute, around, after, value, quote, end_space, end):
    html = f"<{tag}{before}{attribute}{around}={after}{quote}{value}{quote}{end_space}{end}"
    body = f'Some text before\n\nA paragraph with {html}an anchor</{tag}> in it.\n\n## <a name="h"></a>A heading\n'
    fast = scan_body(body, 7)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parse_module, "_PLAIN_ANCHOR_TAG", re.compile(rb"(?!)"))  # every tag read the general way
        general = scan_body(body, 7)
    assert fast.anchors == general.anchors
    assert fast.links == general.links and fast.html == general.html


def test_the_html_and_links_of_a_rendered_text_are_those_the_full_scan_finds():
    """html_and_links, the sanitizer's quick read of the text the build renders, finds the same raw
    HTML (text and place) and Markdown links as scan_body, on every real article of the slice."""
    from helpsite.content.parse import html_and_links, scan_body, split_front_matter
    from tests.conftest import SLICE

    compared = 0
    for path in sorted(SLICE.rglob("*.md")):
        body = split_front_matter(path.read_text(encoding="utf-8-sig"))[1]
        fragments, links = html_and_links(body, 7)
        scanned = scan_body(body, 7)
        assert fragments == scanned.html, path
        # scan_body's links also hold the HTML's (href, src) and DocFX's :::image sources, and are
        # listed where each ends: the Markdown ones in the order of where they start.
        markdown_kinds = {"link", "image", "autolink", "email"}
        written = sorted(
            (link.line, link.column, link.target, link.kind)
            for link in scanned.links
            if link.kind in markdown_kinds and not (link.kind == "image" and ":::" in body.splitlines()[link.line - 7])
        )
        assert [(link.line, link.column, link.target, link.kind) for link in links] == written, path
        compared += bool(links)
    assert compared > 300
