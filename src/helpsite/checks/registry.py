"""The index of every finding code helpsite can emit, as ruff's ``codes.rs`` is.

Nothing is declared here: each module declares the rules it emits in its own ``RULESET``, beside
the code that emits them, and this module lists those modules. A test finds every ``RuleSet`` in
the package and fails when one is missing from ``RULE_SETS``.
"""

from __future__ import annotations

from helpsite.checks import built, external, html, l10n, links, locale, meta, templates, text, tree
from helpsite.checks.reference import FAMILIES
from helpsite.content import docfx, parse, redirects
from helpsite.model import Rule, RuleSet

RULE_SETS: tuple[RuleSet, ...] = (
    parse.RULESET,
    meta.RULESET,
    templates.RULESET,
    locale.RULESET,
    tree.RULESET,
    links.RULESET,
    external.RULESET,
    text.RULESET,
    l10n.RULESET,
    docfx.RULESET,
    redirects.RULESET,
    html.RULESET,
    built.RULESET,
)


def _index(sets: tuple[RuleSet, ...]) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for ruleset in sets:
        for rule in ruleset:
            if rule.code in rules:
                raise ValueError(f"{rule.code} is declared in {rules[rule.code].module} and {rule.module}")
            rules[rule.code] = rule
    return dict(sorted(rules.items(), key=lambda item: (list(FAMILIES).index(item[1].family), item[0])))


RULES: dict[str, Rule] = _index(RULE_SETS)


def select_rules(select: list[str] | None, ignore: list[str] | None) -> set[str]:
    """Codes enabled by ruff-style prefixes: ``--select META,LOC004 --ignore META007``."""

    def matches(code: str, prefixes: list[str]) -> bool:
        return any(code.startswith(p.strip().upper()) for p in prefixes if p.strip())

    for prefix in (select or []) + (ignore or []):
        if prefix.strip() and not any(code.startswith(prefix.strip().upper()) for code in RULES):
            raise ValueError(f"no rule code starts with {prefix.strip()!r}")
    enabled = {code for code in RULES if not select or matches(code, select)}
    return {code for code in enabled if not (ignore and matches(code, ignore))}
