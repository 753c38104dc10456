"""helpsite's options are declared once (helpsite.content.config); the CLI, the build and the README
read that declaration. Wrong values are refused by `helpsite check` here; tests/site/test_options.py
proves that `mkdocs build` refuses the same ones."""

from __future__ import annotations

import pytest

from helpsite.content.config import GROUP, I18N_OPTIONS, OPTIONS, SettingError, Settings, options_table_markdown
from tests.conftest import REPO

# Each kind of wrong value: (the mkdocs.yml lines under `helpsite:`, the key named, what the message says).
WRONG_VALUES = [
    pytest.param("ignore: [1]", "ignore[0]", "must be a string, not 1", id="element-type"),
    pytest.param("ignore: [NOPE999]", "ignore[0]", "must be a finding code or the start of one", id="unknown-code"),
    pytest.param("select: META", "select", "must be a list of strings, not 'META'", id="list-type"),
    pytest.param("build_fail_on: fatal", "build_fail_on", "must be one of info, warning, error, not 'fatal'", id="choice"),
    pytest.param("nav_windw: 10", "nav_windw", "is unknown; did you mean 'nav_window'?", id="unknown-key"),
    pytest.param("review:\n        no_such_option: 1", "review.no_such_option", "is unknown", id="unknown-nested-key"),
    pytest.param("review: 3", "review", "must be a mapping of options, not 3", id="nested-type"),
    pytest.param("external:\n        timeout: fast", "external.timeout", "must be a number, not 'fast'", id="nested-value-type"),
    pytest.param("external:\n        concurrency: 0", "external.concurrency", "must be at least 1, not 0", id="minimum"),
    pytest.param("prune_navigation: 1", "prune_navigation", "must be true or false, not 1", id="bool-type"),
    pytest.param("nav_window: true", "nav_window", "must be an integer, not True", id="bool-is-not-int"),
    pytest.param("moved_hosts:\n        old.example: [new.example]", 'moved_hosts["old.example"]', "must be a string", id="mapping-value"),
]


def with_options(project, lines: str) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("      docs_structure: folder\n", f"      docs_structure: folder\n      {lines}\n"))


@pytest.mark.parametrize(("lines", "key", "problem"), WRONG_VALUES)
def test_helpsite_check_refuses_a_wrong_value_naming_its_key(project, lines, key, problem):
    with_options(project, lines)
    result = project.helpsite("check")
    assert result.returncode == 2, result.stderr
    assert f"mkdocs.yml: helpsite option '{key}' {problem}" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_declared_defaults_and_valid_values_are_accepted(project):
    assert Settings.from_mapping({}) == Settings()
    options = {"ignore": ["meta007", "LNK"], "external": {"timeout": 3}, "review": {"noindex_machine_translated": False}}
    settings = Settings.from_mapping({**options, "docs_structure": "folder"}, codes=["META007", "LNK001"])
    assert settings.ignore == ["meta007", "LNK"] and settings.external.timeout == 3.0 and isinstance(settings.external.timeout, float)
    assert settings.review.noindex_machine_translated is False and settings.review.machine_translated == ["MT", "MTE75", "MTE95"]
    with_options(project, "ignore: [META007]\n      external:\n        retries: 0")
    assert project.helpsite("check").returncode == 0


def test_languages_are_refused_by_the_cli_as_by_the_build():
    with pytest.raises(SettingError, match="languages come from the locales/ folder") as raised:
        Settings.from_mapping({"languages": [{"locale": "en"}]})
    assert raised.value.option == "languages"


def test_the_helpsite_block_must_be_a_mapping(project):
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - helpsite:\n      docs_structure: folder\n", "  - helpsite: [docs_structure]\n"))
    result = project.helpsite("check")
    assert result.returncode == 2 and "the helpsite plugin's options must be a mapping of options" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_option_is_declared_with_a_type_a_default_and_help():
    for declared in GROUP:
        assert declared.help and not declared.help.endswith("."), declared.name
        if declared.group is None:
            assert declared.read(declared.default, None) == declared.default, declared.name


def test_the_mkdocs_options_are_generated_from_the_declaration():
    from mkdocs.config.base import ValidationError
    from mkdocs_static_i18n.config import I18nPluginConfig

    from helpsite.mkdocs.config import HelpsiteConfig

    i18n = {name for name, _ in I18nPluginConfig._schema}
    assert i18n - {"languages"} == I18N_OPTIONS, "mkdocs-static-i18n's options changed: update I18N_OPTIONS"
    helpsite = {name: option for name, option in HelpsiteConfig._schema if name not in i18n}
    assert list(helpsite) == [declared.name for declared in OPTIONS]
    with pytest.raises(ValidationError, match=r"^helpsite option 'ignore\[0\]' must be a string, not 1$"):
        helpsite["ignore"].validate([1])
    assert helpsite["review"].validate({}) == Settings().review


def test_the_readme_table_of_options_is_the_declaration(project):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = options_table_markdown()
    assert table in readme, "README's table of options is stale: paste `helpsite options` under 'Plugin options'"
    assert project.helpsite("options").stdout == table
