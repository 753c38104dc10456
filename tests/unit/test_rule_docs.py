"""The README's table of codes, the reference pages and `helpsite rules` come from the rules' declarations."""

from __future__ import annotations

import re

from helpsite.checks.reference import codes_table_markdown, rule_page_markdown
from helpsite.checks.registry import RULES
from tests.conftest import REPO


def test_the_readme_table_is_the_registry() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = codes_table_markdown(RULES.values())
    assert table in readme, "README's table of codes is stale: paste `helpsite rules --markdown` under '### The codes'"
    assert len(re.findall(r"^\| [A-Z][A-Z0-9]*\d{3} \|", readme, re.M)) == len(RULES), "a code is listed twice in the README"


def test_every_rule_documents_itself() -> None:
    for code, rule in RULES.items():
        assert re.fullmatch(r"[A-Z0-9]+\d{3}", code) and rule.code == code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name
        assert rule.summary and not rule.summary.endswith("."), f"{code}: a summary is one sentence without its full stop"
        assert len(rule.explanation) > 40, f"{code}: the explanation is the reference page; say why it matters"
        page = re.sub(r"^```.*?^```", "", rule_page_markdown(rule), flags=re.M | re.S)  # fenced examples
        assert "``" not in page, f"{code}: reference page shows raw double backticks"
