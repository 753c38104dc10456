"""A reader of a Learn-style article chooses a zone pivot, in a real headless Chromium."""

from __future__ import annotations

import shutil

import pytest

from tests.browser.conftest import ARTIFACTS, ServedSite
from tests.conftest import MINIMAL_MKDOCS, REPO, Project, article

# xdist_group: one worker builds the module's site for all its tests (./dev test runs --dist loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("browser.test_docfx_reader")]

BODY = """\
# Install Contoso

Everyone starts here.

:::zone pivot="windows"
Run **setup.exe** as an administrator.
:::zone-end

:::zone pivot="macos"
Drag Contoso to the Applications folder.
:::zone-end

Then sign in.

:::zone pivot="windows"
Windows keeps your settings in the registry.
:::zone-end

:::zone pivot="macos"
macOS keeps your settings in your Library folder.
:::zone-end

:::row:::
   :::column:::
      **Plan** the roll-out.
   :::column-end:::
   :::column:::
      **Deploy** it.
   :::column-end:::
:::row-end:::
"""


@pytest.fixture(scope="module")
def docfx_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("docfx-browser")
    shutil.copytree(REPO / "locales", root / "locales")
    shutil.copytree(REPO / "schema", root / "schema")
    (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS.replace("  name: material\n", "  name: material\n  font: false\n"))
    project = Project(root)
    project.write("docs/en/index.md", article("Home", "# Home\n\n[Install](install.md)\n"))
    project.write("docs/en/install.md", article("Install Contoso", BODY, zone_pivot_groups="platforms"))
    result = project.mkdocs_build("--strict")
    assert result.returncode == 0, result.stderr
    served = ServedSite(root / "site")
    yield served.url
    served.stop()


def test_choosing_a_zone_pivot_shows_its_text_in_every_set_of_tabs(page, docfx_site):
    page.goto(docfx_site + "install/")
    article = page.locator("article")
    windows_first = article.get_by_text("Run setup.exe as an administrator.")
    windows_second = article.get_by_text("Windows keeps your settings in the registry.")
    mac_first = article.get_by_text("Drag Contoso to the Applications folder.")
    mac_second = article.get_by_text("macOS keeps your settings in your Library folder.")
    # The first pivot of the article is the default, as on Learn; the other is hidden, not absent.
    assert windows_first.is_visible() and windows_second.is_visible()
    assert not mac_first.is_visible() and not mac_second.is_visible()
    assert article.get_by_text("Everyone starts here.").is_visible() and article.get_by_text("Then sign in.").is_visible()
    page.locator(".tabbed-labels").first.get_by_text("macos").click()
    mac_first.wait_for(state="visible")
    assert mac_second.is_visible(), "Material links tabs of the same label: the second set follows the first"
    assert not windows_first.is_visible() and not windows_second.is_visible()
    assert ":::" not in article.inner_text()
    plan, deploy = article.get_by_text("Plan the roll-out."), article.get_by_text("Deploy it.")
    plan_box, deploy_box = plan.bounding_box(), deploy.bounding_box()
    assert abs(plan_box["y"] - deploy_box["y"]) < 5 and deploy_box["x"] > plan_box["x"] + 100, "the columns stand side by side"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "docfx-zone-pivot-macos.png"), full_page=True)
    assert page.errors == []
