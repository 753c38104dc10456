"""The package's layers: a module imports only from its own layer or the layers below it.

model, errors, packing           plain data (findings, rules, articles), values as the stores pack them,
usercache                        and what is kept per machine in the user's cache folder
content, web                     reading the project: articles, locales, links, DocFX; the HTTP client
translation                      hand-off state, review queue and marks, status, scaffolds
checks                           rules and the checks that emit them; the registry indexes them
report, run                      reporters; a check run (incremental, cached, in processes)
publishing                       what the built site says: head tags, sitemaps, notices, shards
cli, mkdocs                      the front doors
"""

from __future__ import annotations

import ast
from pathlib import Path

from helpsite.model import RuleSet

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "helpsite"
LAYERS = {
    "model": 0,
    "errors": 0,
    "packing": 0,
    "usercache": 0,
    "content": 1,
    "web": 1,
    "translation": 2,
    "checks": 3,
    "report": 4,
    "run": 4,
    "publishing": 5,
    "cli": 6,
    "mkdocs": 6,
    "__main__": 6,
    "__init__": 0,
}


def _layer_of(module: str) -> str:
    return module.split(".")[1] if module.count(".") else "__init__"


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import; the package imports absolutely"
            if node.module and node.module.startswith("helpsite"):
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names if alias.name.startswith("helpsite"))
    return names


def test_every_module_has_a_layer() -> None:
    unknown = sorted({_layer_of(m) for m in _modules()} - set(LAYERS))
    assert not unknown, f"modules outside every layer: {unknown}; add them to LAYERS and the docstring"


def test_no_module_imports_a_higher_layer() -> None:
    modules = _modules()
    wrong = []
    for module, path in modules.items():
        own = LAYERS[_layer_of(module)]
        for imported in _imports(path):
            if imported not in modules or imported == "helpsite":
                continue
            if LAYERS[_layer_of(imported)] > own:
                wrong.append(f"{module} imports {imported}")
    assert not wrong, "\n".join(wrong)


def test_the_registry_indexes_every_rule_set() -> None:
    """A module that declares rules and is missing from the index would never be reported."""
    from helpsite.checks import registry

    declared = []
    for module, path in _modules().items():
        if "RuleSet()" in path.read_text(encoding="utf-8"):
            loaded = __import__(module, fromlist=["RULESET"])
            declared.extend(value for value in vars(loaded).values() if isinstance(value, RuleSet))
    indexed = {id(s) for s in registry.RULE_SETS}
    missing = [next(iter(s)).module for s in declared if id(s) not in indexed]
    assert not missing, f"rule sets not in helpsite.checks.registry.RULE_SETS: {missing}"
    assert sum(len(s.rules) for s in declared) == len(registry.RULES)
