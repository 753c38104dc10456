"""The engine seam (helpsite.mkdocs.engine) and the plan of `helpsite build --jobs` (helpsite.mkdocs.jobs).

The engine is chosen per process, before anything imports ``mkdocs``: these tests run in fresh
Python processes, since pytest's own may have loaded MkDocs already.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpsite.checks.registry import RULES
from helpsite.content.config import Project as SiteProject
from helpsite.mkdocs.jobs import Plan, choose, plan, plan_for
from tests.conftest import Project, article

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "helpsite"


def python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120, check=False)


def test_only_the_engine_module_names_an_engine_package_or_its_commands():
    engine_only = ("properdocs", "mkdocs.commands", "mkdocs.__main__")
    naming = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            if any(name.startswith(engine_only) for name in names):
                naming.append(path.relative_to(PACKAGE).as_posix())
        if '"properdocs' in path.read_text(encoding="utf-8"):  # importlib.import_module("properdocs...")
            naming.append(path.relative_to(PACKAGE).as_posix())
    assert set(naming) == {"mkdocs/engine.py"}


def test_the_command_line_and_the_build_planner_load_no_engine():
    result = python("""
        import sys
        import helpsite.cli, helpsite.mkdocs.engine, helpsite.mkdocs.jobs, helpsite.mkdocs.scope
        helpsite.cli.build_parser()
        print(sorted(name for name in sys.modules if name.split(".")[0] in ("mkdocs", "properdocs")))
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_properdocs_answers_the_plugins_mkdocs_imports():
    result = python("""
        from helpsite.mkdocs.engine import loaded, use
        use("properdocs")
        import mkdocs.plugins, properdocs.plugins
        from helpsite.mkdocs.plugin import HelpsitePlugin
        assert mkdocs.plugins is properdocs.plugins
        assert issubclass(HelpsitePlugin, properdocs.plugins.BasePlugin)
        use("properdocs")  # again: nothing to do
        print(loaded())
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "properdocs"


@pytest.mark.parametrize(("first", "then"), [("mkdocs", "properdocs"), ("properdocs", "mkdocs")])
def test_a_process_keeps_the_engine_it_loaded_first(first, then):
    result = python(f"""
        from helpsite.mkdocs.engine import EngineError, use
        use({first!r})
        import mkdocs.config  # the plugin's modules load
        try:
            use({then!r})
        except EngineError as exc:
            print(exc)
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{first} is already loaded in this process; {then} builds in a process of its own"


def test_an_unknown_engine_is_refused_by_the_command_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "helpsite.cli", "build", "--engine", "zensical"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2 and "--engine: invalid choice: 'zensical'" in result.stderr


def test_locales_are_planned_heaviest_first_onto_the_lightest_shard():
    planned = plan(["en", "nl", "de", "ar"], {"en": 10, "nl": 10, "de": 10, "ar": 2}, 2)
    assert planned.shards == [["en", "de"], ["nl", "ar"]]
    assert planned.checker == 1  # 12 pages against 20: it checks while the other renders
    three = plan(["en", "nl", "de"], {"en": 5, "nl": 5, "de": 5}, 2)
    assert three.shards == [["en", "de"], ["nl"]] and three.checker == 1


def test_a_plan_has_no_more_shards_than_locales_or_jobs():
    assert plan(["en", "nl"], {"en": 3, "nl": 3}, 8).shards == [["en"], ["nl"]]
    assert plan(["en", "nl", "de"], {}, 1).shards == [["en", "nl", "de"]]
    assert plan(["en"], {"en": 1}, 4) == plan(["en"], {"en": 1}, 1)


def test_the_plan_weighs_each_locale_by_the_pages_it_publishes(project: Project):
    for name in ("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"):
        project.write(f"docs/en/{name}.md", article(name))
    project.write("docs/nl/a.md", article("a", ms_contentlocale="nl-NL"))  # and nine English fallbacks: 10 pages
    for name in ("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t"):
        project.write(f"docs/de/x/{name}.md", article(name, ms_contentlocale="de-DE"))  # 20 pages
    site = SiteProject.load(project.root / "mkdocs.yml", codes=RULES)
    planned = plan_for(site, 2)
    assert planned.shards == [["en", "nl"], ["de"]] and planned.checker == 1 and not planned.parts  # 20 pages against 20
    # Three shards of 10, 20 and 10 pages (the site's order: the source, then by code) are not even: 40 / 3 each.
    assert plan_for(site, 3) == Plan([["en", "de"], ["de"], ["nl"]], 2, ({"de": ([0], 3)}, {"de": ([1, 2], 3)}, {}))


def test_locales_that_do_not_share_out_evenly_are_built_in_parts_of_their_pages():
    three = choose(["en", "nl", "de"], {"en": 5, "nl": 5, "de": 5}, 2)  # the first and half the second; the rest
    assert three == Plan([["en", "nl"], ["nl", "de"]], 1, ({"nl": ([0], 2)}, {"nl": ([1], 2)}))
    assert choose(["ar"], {"ar": 1310}, 2) == Plan([["ar"], ["ar"]], 1, ({"ar": ([0], 2)}, {"ar": ([1], 2)}))  # one locale
    assert choose(["en", "nl"], {"en": 100, "nl": 105}, 2).shards == [["en"], ["nl"]]  # within 10% of an even share
    assert choose(["en", "nl"], {"en": 100, "nl": 130}, 2).parts
    assert choose(["en", "nl", "de"], {"en": 5, "nl": 5, "de": 5}, 3).shards == [["en"], ["nl"], ["de"]]
    assert choose(["en", "nl", "de"], {"en": 5, "nl": 5, "de": 5}, 1).shards == [["en", "nl", "de"]]
