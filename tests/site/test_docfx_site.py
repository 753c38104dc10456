"""A real MkDocs build of a small site written in Microsoft Learn's DocFX dialect: what readers get."""

from __future__ import annotations

import json
import re

import pytest

from helpsite.content.docfx import raw_docfx_text
from tests.conftest import article

# xdist_group: one worker builds the module's site for all its tests (./dev test runs --dist loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site.test_docfx_site")]

FORMS = """\
# Every DocFX form

Intro for everyone.

:::zone pivot="windows"
Install on **Windows** with the installer.
:::zone-end

:::zone pivot="macos"
Install on a Mac from the App Store.
:::zone-end

::: moniker range=">= contoso-2.0"
Contoso 2 and later keep settings in the cloud.
::: moniker-end

::: moniker range="contoso-1.0"
Contoso 1 keeps settings on the device.
::: moniker-end

:::row:::
   :::column span="2":::
      **Plan** your roll-out.
   :::column-end:::
   :::column:::
      Deploy it.
   :::column-end:::
:::row-end:::

| icon | task |
|---|---|
|:::image type="icon" source="media/icon.png":::| Turn it on |

:::image type="content" source="media/shot.png" alt-text="The settings page" lightbox="media/shot.png":::

> [!div class="mx-imgBorder"]
> ![Bordered](media/shot.png)

> [!NOTE]
> A note.

1. Open the app, as a step with a picture:

   > [!div class="mx-imgBorder"]
   > ![In a step](media/shot.png)

> [!div class="nextstepaction"]
> [Next step](next.md)

> [!div class="checklist"]
> * Create an account
> * Sign in

> [!div class="op_single_selector"]
> - [Windows](#tab/windows)
> - [Next](next.md)

# [Windows](#tab/windows)

Windows tab text.

# [Linux](#tab/linux)

Linux tab text.

---

See the [security hub](security/index.yml) and the [Linux tab](#tab/linux).\\
A second line of the same paragraph.

> [!VIDEO https://www.microsoft.com/videoplayer/embed/RE4pk9f]

Use :::no-loc text="Contoso Cloud"::: daily.
"""

HUB = """\
### YamlMime:Landing
title: Security documentation
summary: Everything about security.
metadata:
  title: Security documentation
  description: Security, start to finish.
landingContent:
- title: Get started
  linkLists:
  - linkListType: overview
    links:
    - text: Back to every form
      url: ../forms.md
"""


PIVOT_GROUPS = """\
### YamlMime:ZonePivotGroups
groups:
- id: platforms
  title: Platform
  prompt: Choose a platform
  pivots:
  - id: macos
    title: macOS
  - id: windows
    title: Windows
"""


def write_site(project, settings: str = "") -> None:
    if settings:
        config = (
            (project.root / "mkdocs.yml").read_text().replace("      docs_structure: folder\n", f"      docs_structure: folder\n{settings}")
        )
        (project.root / "mkdocs.yml").write_text(config)
    project.write("docs/en/forms.md", article("Every DocFX form", FORMS, zone_pivot_groups="platforms"))
    project.write("docs/en/index.md", article("Home", "# Home\n\nSee [every form](forms.md).\n"))
    project.write("docs/en/next.md", article("Next", "# Next\n\nDone.\n"))
    project.write("docs/nl/index.md", article("Start", "# Start\n\nZie [alle vormen](forms.md).\n", ms_contentlocale="nl-NL"))
    project.write("docs/en/security/index.yml", HUB)
    project.write("docs/en/TOC.md", "# [Forms](forms.md)\n")
    project.write("docs/en/zone-pivot-groups.yml", PIVOT_GROUPS)
    project.write("docs/en/media/icon.png", b"\x89PNG")
    project.write("docs/en/media/shot.png", b"\x89PNG")


def content(project, url: str) -> str:
    page = (project.root / "site" / url / "index.html").read_text(encoding="utf-8")
    return page[page.index("<article") : page.index("</article>")]


def labels(html: str) -> list[list[str]]:
    return [re.findall(r"<label[^>]*>(.*?)</label>", found) for found in re.findall(r'<div class="tabbed-labels">(.*?)</div>', html)]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from tests.conftest import MINIMAL_MKDOCS, REPO, Project

    root = tmp_path_factory.mktemp("docfx-site")
    import shutil

    shutil.copytree(REPO / "locales", root / "locales")
    shutil.copytree(REPO / "schema", root / "schema")
    (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS)
    project = Project(root)
    write_site(project)
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr
    return project, result


def test_every_form_renders_and_no_raw_docfx_reaches_the_page(built) -> None:
    project, result = built
    html = content(project, "forms")
    assert raw_docfx_text(html) == []
    assert "DFX006" not in result.stderr
    # The site's group names the pivots and orders them: its first is the default, as on Learn.
    assert labels(html) == [["macOS", "Windows"], ["&gt;= contoso-2.0", "contoso-1.0"], ["Windows", "Linux"]]
    assert "Install on <strong>Windows</strong>" in html and "Install on a Mac" in html
    assert '<div class="grid helpsite-row">' in html and '<div class="helpsite-column helpsite-span-2">' in html
    assert "<strong>Plan</strong> your roll-out." in html and "<pre>" not in html
    assert re.search(r'<td><img alt="" class="helpsite-icon" src="\.\./media/icon\.png" ?/?></td>', html)  # as nh3 writes it: <img ...>
    assert re.search(r'<a href="\.\./media/shot\.png"><img alt="The settings page" src="\.\./media/shot\.png" ?/?></a>', html)
    assert '<div class="helpsite-img-border">' in html and '<div class="admonition note">' in html
    assert re.search(r'<a class="md-button md-button--primary" href="\.\./next/">Next step</a>', html)
    assert '<div class="helpsite-checklist">' in html and '<div class="helpsite-selector">' in html
    assert 'href="../security/">security hub</a>' in html  # the YAML page, at its page URL
    assert "(#tab/linux)" not in html and 'href="#tab/linux"' in html
    assert re.search(r"Linux tab</a>\.<br>\s*A second line", html)
    assert '<a href="https://www.microsoft.com/videoplayer/embed/RE4pk9f">Watch the video</a>' in html and "<iframe" not in html
    assert "Use Contoso Cloud daily." in html


def test_a_block_inside_a_list_step_is_published_without_a_finding(built) -> None:
    """A DocFX block indented under a list step, as Learn writes it (three spaces): Python-Markdown
    leaves the `markdown` attribute of the transform's <div> in place (md_in_html reads it only where
    it parses the HTML), and the sanitizer drops it without a finding: the writer wrote no HTML. The
    Arabic corpus had 83 such HTML002 errors in its build."""
    project, result = built
    html = content(project, "forms")
    assert "HTML002" not in result.stderr, result.stderr
    assert html.count('<div class="helpsite-img-border">') == 2 and " markdown" not in html


def test_the_build_links_tabs_and_loads_what_tabs_and_grids_need(built) -> None:
    project, _ = built
    page = (project.root / "site" / "forms" / "index.html").read_text(encoding="utf-8")
    assert '"content.tabs.link"' in page  # choosing a pivot in one set of tabs chooses it in all
    assert "helpsite.css" in page


def test_the_yaml_landing_page_is_a_page_and_its_yaml_is_not_served(built) -> None:
    project, _ = built
    html = content(project, "security")
    assert "<h1" in html and "Security documentation" in html and "Everything about security." in html
    assert "<h2" in html and "Get started" in html and 'href="../forms/">Back to every form</a>' in html
    assert not (project.root / "site" / "security" / "index.yml").exists()
    assert not list((project.root / "site").rglob("*.yml"))  # zone-pivot-groups.yml is the build's data, not a file to serve
    assert "<title>Security documentation" in (project.root / "site" / "security" / "index.html").read_text(encoding="utf-8")


def test_a_yaml_page_not_translated_falls_back_as_markdown_pages_do(built) -> None:
    project, _ = built
    page = (project.root / "site" / "nl" / "security" / "index.html").read_text(encoding="utf-8")
    assert "Security documentation" in page and "Everything about security." in page
    assert 'rel="canonical" href="http://127.0.0.1:8000/security/"' in page  # the source is the page to index
    assert "helpsite-notice--fallback" in page  # the fallback notice, in Dutch
    assert "<h2" in page and 'href="../forms/"' in page


def test_toc_md_is_not_published(built) -> None:
    project, result = built
    assert not (project.root / "site" / "TOC").exists()
    assert "TOC.md" not in result.stderr


def test_the_built_site_passes_the_site_check_with_the_raw_docfx_check(built) -> None:
    project, _ = built
    result = project.helpsite("check", "--site", "site", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


def test_the_moniker_setting_keeps_one_version_only(project) -> None:
    write_site(project, "      docfx:\n        moniker: contoso-1.0\n")
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr
    html = content(project, "forms")
    assert "Contoso 1 keeps settings on the device." in html
    assert "Contoso 2 and later" not in html and "contoso-2.0" not in html
    assert labels(html) == [["macOS", "Windows"], ["Windows", "Linux"]]


def test_raw_docfx_text_on_a_page_is_a_build_finding_that_strict_fails_on(project) -> None:
    project.write("docs/en/a.md", article("A page", "# A page\n\nBefore you start [!NOTE] read this.\n"))
    result = project.mkdocs_build("--strict")
    assert result.returncode != 0
    assert re.search(r"docs/en/a\.md:6:18: DFX006 \[error\] raw DocFX text on the built page: '\[!NOTE\] read this\.'", result.stderr)
