"""Navigation entries rendered once per language build (helpsite.mkdocs.navmemo): the site is the
one Material renders without it, byte for byte, in every navigation layout, and most entries
are reused."""

from __future__ import annotations

import subprocess

import pytest

from helpsite.mkdocs import navmemo
from tests.conftest import MINIMAL_MKDOCS, REPO, Project, article, build_with_script

# The build, run as `helpsite build`; with "off", Material renders every entry itself (the reference).
BUILD = """
import atexit, sys
from helpsite.mkdocs import navmemo
if sys.argv[1] == "off":
    navmemo.NavEntries.install = lambda self, env: False
else:
    made = []
    install = navmemo.NavEntries.install
    def counted(self, env):
        made.append(self)
        return install(self, env)
    navmemo.NavEntries.install = counted
    atexit.register(lambda: print("reused", sum(m.reused for m in made), "rendered", sum(m.rendered for m in made)))
from helpsite.cli import main
sys.exit(main(["build", "--jobs", "1", "--no-cache", "-d", sys.argv[2]]))
"""

LAYOUTS = {
    "pruned, windowed (the default)": ("", "    nav_window: 3\n"),
    "not pruned": ("", "    prune_navigation: false\n    nav_window: 0\n"),
    "sections and indexes": ("  features:\n    - navigation.sections\n    - navigation.indexes\n", "    nav_window: 4\n"),
    "tabs and sections, not pruned": (
        "  features:\n    - navigation.tabs\n    - navigation.sections\n",
        "    prune_navigation: false\n",
    ),
    "files, not folders, as URLs": ("", "    nav_window: 3\n"),
}


def _site(root, layout: str) -> Project:
    features, options = LAYOUTS[layout]
    config = MINIMAL_MKDOCS.replace("  name: material\n", "  name: material\n" + features)
    config = config.replace("      docs_structure: folder\n", "      docs_structure: folder\n" + options.replace("    ", "      "))
    if layout == "files, not folders, as URLs":
        config += "use_directory_urls: false\n"
    project = Project(root)
    project.write("mkdocs.yml", config)
    for name in ("locales", "schema"):
        subprocess.run(["cp", "-r", str(REPO / name), str(root / name)], check=True)
    for locale, words in (("en", "Page"), ("nl", "Pagina")):
        contentlocale = {} if locale == "en" else {"ms_contentlocale": "nl-NL"}
        project.write(f"docs/{locale}/index.md", article(f"{words} home", f"# {words} home\n\nText.\n", **contentlocale))
        for section in ("guide", "admin", "billing"):
            project.write(f"docs/{locale}/{section}/index.md", article(f"{section} {words}", f"# {section}\n\nText.\n", **contentlocale))
            for number in range(7):
                title = f"{section} {words} {number}"
                project.write(
                    f"docs/{locale}/{section}/page-{number}.md", article(title, f"# {title}\n\n## Part\n\nText.\n", **contentlocale)
                )
            for number in range(3):
                title = f"{section} deep {words} {number}"
                project.write(f"docs/{locale}/{section}/deep/page-{number}.md", article(title, f"# {title}\n\nText.\n", **contentlocale))
    return project


@pytest.mark.slow
@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_site_is_materials_own_byte_for_byte_and_most_entries_are_reused(tmp_path, layout):
    project = _site(tmp_path, layout)
    reference, _ = build_with_script(project, BUILD, "off")
    kept, counts = build_with_script(project, BUILD, "on")
    assert kept.keys() == reference.keys()
    assert [name for name in reference if kept[name] != reference[name]] == []
    words = counts.split()
    reused, rendered = int(words[words.index("reused") + 1]), int(words[words.index("rendered") + 1])
    assert reused > rendered, counts


@pytest.mark.parametrize("template", navmemo.ROUTED)
def test_materials_navigation_templates_route_their_entries(template):
    """A Material that no longer writes the call the loader routes would quietly render every entry."""
    from jinja2 import Environment, FileSystemLoader

    templates = navmemo._material_templates()
    assert templates is not None
    loader = navmemo._RoutedLoader(FileSystemLoader([str(templates)]), templates)
    source, _, _ = loader.get_source(Environment(), template)
    call, routed = navmemo.ROUTED[template]
    assert routed in source and call not in source


def test_a_themes_own_nav_item_template_is_left_as_it_is(tmp_path):
    from jinja2 import Environment, FileSystemLoader

    templates = navmemo._material_templates()
    overrides = tmp_path / "overrides" / "partials"
    overrides.mkdir(parents=True)
    (overrides / "nav-item.html").write_text((templates / navmemo.NAV_ITEM).read_text(encoding="utf-8"), encoding="utf-8")
    loader = navmemo._RoutedLoader(FileSystemLoader([str(tmp_path / "overrides"), str(templates)]), templates)
    source, _, _ = loader.get_source(Environment(), navmemo.NAV_ITEM)
    assert navmemo.ROUTED[navmemo.NAV_ITEM][0] in source  # an override may make an entry depend on the page: rendered each time
