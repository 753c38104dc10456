"""DocFX TOC.yml as MkDocs navigation."""

from __future__ import annotations

from pathlib import Path

from helpsite.content.toc import nav_from_toc

from ..conftest import SLICE_ALCHEMY


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_items_sections_topic_pages_nested_tocs_and_external_links(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "TOC.yml": """
- name: Home
  href: index.md
- name: Billing
  topicHref: billing/overview.md
  items:
    - name: Pay now
      href: billing/pay.md#how
    - name: Refunds
      href: billing/refunds.md
- name: Accounts
  href: accounts/
- name: Status page
  href: https://status.example.com/
""",
            "index.md": "",
            "billing/overview.md": "",
            "billing/pay.md": "",
            "billing/refunds.md": "",
            "accounts/TOC.yml": "- name: Reset\n  href: reset.md\n- name: Deeper\n  href: deep/toc.yml\n",
            "accounts/reset.md": "",
            "accounts/deep/toc.yml": "- name: Close\n  href: close.md\n",
            "accounts/deep/close.md": "",
        },
    )
    navigation = nav_from_toc(tmp_path / "TOC.yml")
    assert navigation.problems == []
    assert navigation.nav == [
        {"Home": "index.md"},
        {"Billing": ["billing/overview.md", {"Pay now": "billing/pay.md"}, {"Refunds": "billing/refunds.md"}]},
        {"Accounts": [{"Reset": "accounts/reset.md"}, {"Deeper": [{"Close": "accounts/deep/close.md"}]}]},
        {"Status page": "https://status.example.com/"},
    ]
    assert navigation.pages == [
        "index.md",
        "billing/overview.md",
        "billing/pay.md",
        "billing/refunds.md",
        "accounts/reset.md",
        "accounts/deep/close.md",
    ]


def test_missing_pages_cycles_and_junk_are_problems_not_errors(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "TOC.yml": (
                "- name: Gone\n  href: gone.md\n- name: Loop\n  href: loop/\n- just a string\n"
                "- name: Out\n  href: ../../etc/passwd\n- name: Empty\n"
            ),
            "loop/TOC.yml": "- name: Back\n  href: ../TOC.yml\n",
        },
    )
    navigation = nav_from_toc(tmp_path / "TOC.yml")
    assert navigation.nav == []
    problems = "\n".join(navigation.problems)
    assert "'gone.md' is not a page" in problems
    assert "includes a TOC that includes it" in problems
    assert "an item without a name" in problems
    assert "'../../etc/passwd' is not a page" in problems


def test_broken_yaml_is_a_problem(tmp_path: Path) -> None:
    write(tmp_path, {"TOC.yml": "- name: [unclosed\n"})
    navigation = nav_from_toc(tmp_path / "TOC.yml")
    assert navigation.nav == [] and "cannot read" in navigation.problems[0]


def test_the_corpus_toc_read_against_another_locales_folder(tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text("# All\n")
    navigation = nav_from_toc(SLICE_ALCHEMY / "nl-NL" / "AlchemyInsights" / "TOC.yml", tmp_path)
    assert navigation.nav == [{"Index": "index.md"}] and navigation.problems == []
