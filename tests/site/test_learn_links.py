"""Root links and backslash paths in a real build: the reader stays in their locale, other Learn
sites are linked in the reader's locale, backslash paths work, code is left as written."""

import shutil

import pytest
import yaml

from tests.conftest import MINIMAL_MKDOCS, REPO, Project, article

# xdist_group: one worker builds the module's site for all its tests (./dev test runs --dist loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site.test_learn_links")]

DUTCH = """\
# Gids

[a](/guide/setup/) [b](/guide/only-english#steps) [c](/azure/active-directory/x?view=y#z) [d](/guide/missing)

![e](..\\media\\shot.png)

```md
[f](/azure/in-code)
```
"""


@pytest.fixture(scope="module")
def learn_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("learn")
    shutil.copytree(REPO / "locales", root / "locales")
    shutil.copytree(REPO / "schema", root / "schema")
    project = Project(root)
    config = yaml.safe_load(MINIMAL_MKDOCS)
    config["plugins"][1]["helpsite"]["other_sites"] = {"/azure/": "https://learn.microsoft.com/{locale}/azure/"}
    project.write("mkdocs.yml", yaml.safe_dump(config, sort_keys=False))
    project.write("docs/en/index.md", article("Help", "# Help\n"))
    project.write("docs/en/guide/setup.md", article("Setup", "# Setup\n"))
    project.write("docs/en/guide/only-english.md", article("Only English", "# Only English\n\n## Steps\n"))
    project.write("docs/en/media/shot.png", b"\x89PNG\r\n\x1a\n")
    project.write("docs/nl/index.md", article("Hulp", "# Hulp\n", ms_contentlocale="nl-NL"))
    project.write("docs/nl/guide/setup.md", article("Instellen", "# Instellen\n", ms_contentlocale="nl-NL"))
    project.write("docs/nl/guide/index.md", article("Gids", DUTCH, ms_contentlocale="nl-NL"))
    project.write("docs/nl/media/shot.png", b"\x89PNG\r\n\x1a\n")
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr
    return project, result


def test_root_links_keep_the_reader_in_their_locale(learn_site):
    project, _ = learn_site
    html = (project.root / "site/nl/guide/index.html").read_text(encoding="utf-8")
    assert '<a href="setup/">a</a>' in html  # the Dutch page, not /guide/setup/ (English)
    assert '<a href="only-english/#steps">b</a>' in html  # the Dutch fallback copy
    assert (project.root / "site/nl/guide/only-english/index.html").exists()
    assert '<a href="https://learn.microsoft.com/nl-nl/azure/active-directory/x?view=y#z">c</a>' in html
    assert '<a href="/guide/missing">d</a>' in html  # resolves to nothing: left as written (LNK001)


def test_backslash_paths_work_and_code_is_left_alone(learn_site):
    project, _ = learn_site
    html = (project.root / "site/nl/guide/index.html").read_text(encoding="utf-8")
    assert '<img alt="e" src="../media/shot.png"' in html
    assert (project.root / "site/nl/media/shot.png").exists()
    assert "/azure/in-code" in html and "nl-nl/azure/in-code" not in html  # code, highlighted or not, is as written


def test_the_check_agrees(learn_site):
    project, _ = learn_site
    result = project.helpsite("check", "--select", "LNK", "docs/nl/guide/index.md")
    codes = sorted(line.split(": ")[1].split()[0] for line in result.stdout.splitlines())
    assert codes == ["LNK001", "LNK002", "LNK014"], result.stdout
