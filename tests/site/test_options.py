"""`mkdocs build` refuses every wrong helpsite option that `helpsite check` refuses (the MkDocs
options are generated from the same declaration), with a configuration error naming the key."""

from __future__ import annotations

import pytest

from tests.unit.test_options import WRONG_VALUES, with_options

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("lines", "key", "problem"), WRONG_VALUES)
def test_mkdocs_build_refuses_a_wrong_value_naming_its_key(project, lines, key, problem):
    with_options(project, lines)
    result = project.mkdocs_build()
    assert result.returncode != 0
    assert f"Plugin 'helpsite' option '{key.split('.')[0].split('[')[0]}': helpsite option '{key}' {problem}" in result.stderr
    assert "Aborted with a configuration error" in result.stdout + result.stderr and "Traceback" not in result.stderr
    assert not (project.root / "site").exists()
