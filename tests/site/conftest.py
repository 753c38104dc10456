"""The repository's own site, built once for the site tests that read it."""

import shutil

import pytest

from tests.conftest import REPO, Project


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    for name in ("locales", "schema", "docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    project = Project(root)
    result = project.mkdocs_build("--strict")
    assert result.returncode == 0, result.stderr
    return project, result
