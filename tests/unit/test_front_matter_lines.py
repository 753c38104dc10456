"""Front-matter positions are the lines editors and git show: YAML's other line breaks
(U+2028, U+2029, NEL, CR) inside values do not shift them."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpsite.content.parse import load_front_matter, parse_bytes
from helpsite.model import Article


def parse(text: str) -> Article:
    article = Article(path=Path("docs/en/x.md"), display_path="docs/en/x.md", locale="en", relpath="x.md")
    return parse_bytes(text.encode("utf-8"), article)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_keys_after_a_value_with_a_yaml_only_line_break_keep_their_real_lines(separator):
    article = parse(f'---\ntitle: "Pay{separator}now"\ndescription: "one{separator}two{separator}three"\nms.topic: article\n---\n# Pay\n')
    assert {name: (key.line, key.column) for name, key in article.meta_keys.items()} == {
        "title": (2, 1),
        "description": (3, 1),
        "ms.topic": (4, 1),
    }
    assert article.meta["description"].startswith("one") and article.meta["description"].endswith("three")  # YAML's value


def test_a_syntax_error_after_a_line_separator_is_reported_at_its_real_line_and_column():
    article = parse('---\ntitle: "Pay\u2028now"\nms.topic: [unclosed\nms.date: 1\n---\n# Pay\n')
    [problem] = [p for p in article.problems if p.code == "PARSE003"]
    plain = parse('---\ntitle: "Pay now"\nms.topic: [unclosed\nms.date: 1\n---\n# Pay\n').problems[0]
    assert (problem.line, problem.column) == (plain.line, plain.column)  # where the parser stopped, on the file's lines


def test_a_carriage_return_alone_is_no_line_break_for_positions_in_the_editors_text():
    """The editor reads CRLF files with their lone CRs kept; positions still count LF only."""
    front = load_front_matter('---\ntitle: "a\rb"\nms.topic: x\n---\n', "x.md")
    assert front.keys["ms.topic"].line == 3


def test_keys_a_merge_brings_in_count_as_set_where_they_are_written():
    article = parse("---\nbase: &b\n  ms.topic: article\ntitle: Pay\n<<: *b\n---\n# Pay\n")
    assert article.meta["ms.topic"] == "article" and article.meta_keys["ms.topic"].line == 3
    assert not [p for p in article.problems if p.code == "META012"]
