"""The check reference: one Markdown page per finding code, and an index, from the registry."""

from __future__ import annotations

import re
from collections.abc import Iterable

from helpsite.model import Rule

REFERENCE_FOLDER = "reference"
_RST_LITERAL = re.compile(r"``(.+?)``", re.S)
# The families, in the order every listing shows them (README, reference pages, `helpsite rules`).
FAMILIES = {
    "PARSE": "Reading the file",
    "META": "Front matter",
    "LOC": "Locale and language",
    "LNK": "Links, images and anchors",
    "URL": "URL hygiene and external links",
    "TXT": "Text as the reader sees it",
    "L10N": "Translations",
    "DFX": "DocFX-flavoured Markdown",
    "HTML": "HTML the published page may hold",
    "SITE": "The built site (helpsite check --site)",
}


def as_markdown(text: str) -> str:
    """Rules write literals as ``x``; pages, the README and the terminal show them as `x`."""
    return _RST_LITERAL.sub(lambda m: f"`{m.group(1)}`", text)


def codes_table_markdown(rules: Iterable[Rule]) -> str:
    """The README's table of codes (``helpsite rules --markdown``): a test keeps the two equal."""
    lines = ["| code | severity | what |", "|---|---|---|"]
    lines += [f"| {r.code} | {r.severity} | {as_markdown(r.summary)} |" for r in rules]
    return "\n".join(lines) + "\n"


def rule_page_markdown(rule: Rule) -> str:
    return "\n".join(
        [
            "---",
            f'title: "{rule.code}: {_RST_LITERAL.sub(lambda m: m.group(1), rule.summary)}"',
            "search:",
            "  exclude: true  # for writers, not for the help centre's readers",
            "---",
            f"# {rule.code} {rule.name}",
            "",
            f"**{as_markdown(rule.summary)}.** Severity: **{rule.severity}**.",
            "",
            as_markdown(rule.explanation),
            "",
            "## Switching it off",
            "",
            f"For one run: `helpsite check --ignore {rule.code}`. For the whole site, in `mkdocs.yml`:",
            "",
            "```yaml",
            "plugins:",
            "  - helpsite:",
            f"      ignore: [{rule.code}]",
            "```",
            "",
            "[All checks](index.md)",
            "",
        ]
    )


def rules_index_markdown(rules: Iterable[Rule]) -> str:
    lines = [
        "---",
        "title: Checks",
        "search:",
        "  exclude: true",
        "---",
        "# Checks",
        "",
        "Every finding `helpsite check` and the build can report. A code keeps its meaning once published.",
        "",
    ]
    by_family: dict[str, list[Rule]] = {}
    for rule in rules:
        by_family.setdefault(rule.family, []).append(rule)
    for family, members in by_family.items():
        lines += [f"## {FAMILIES.get(family, family)}", "", "| code | severity | what |", "|---|---|---|"]
        lines += [f"| [{r.code}]({r.code.lower()}.md) | {r.severity} | {as_markdown(r.summary)} |" for r in members]
        lines.append("")
    return "\n".join(lines)
