import json

import pytest

from tests.conftest import article


def run(project, *args, select="LNK,URL"):
    result = project.helpsite("check", "--format", "json", "--select", select, *args)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def at(project, path, *args, **kwargs):
    return [(f["code"], f["line"], f["column"], f["fix"]) for f in run(project, *args, **kwargs) if f["path"] == path]


@pytest.fixture
def linked(project):
    project.write("docs/en/guide/setup.md", article(body='# Set up\n\n## <a name="keep"></a>Step one\n\n## Step two {#two}\n'))
    project.write("docs/nl/guide/setup.md", article(body='# Instellen\n\n## <a name="keep"></a>Stap een\n\n## Stap twee {#two}\n'))
    project.write("docs/en/guide/only-english.md", article(body="# Only in English\n"))
    project.write("docs/en/images/shot.png", b"\x89PNG")
    project.write("docs/en/Guide/Upper.md", article(body="# Upper\n"))
    return project


def test_valid_links_give_nothing(linked):
    linked.write(
        "docs/nl/guide/index.md",
        article(
            body="# Gids\n\n[a](setup.md) [b](setup.md#keep) [c](setup.md#two) [d](setup.md#stap-een) [e](#gids)\n"
            "![img](../images/shot.png) [f](setup/) [g](../guide/setup.md#keep)\n"
        ),
    )
    assert at(linked, "docs/nl/guide/index.md") == []


def test_missing_page_and_untranslated_page_are_different_findings(linked):
    linked.write("docs/nl/guide/index.md", article(body="# Gids\n\n[gone](nowhere.md)\n[en](only-english.md)\n"))
    assert at(linked, "docs/nl/guide/index.md") == [("LNK001", 6, 1, None), ("LNK002", 7, 1, None)]


def test_anchors_must_exist_in_the_target(linked):
    linked.write("docs/nl/guide/index.md", article(body="# Gids\n\n[x](setup.md#nope) [y](#nope) [z](only-english.md#nope)\n"))
    line = "[x](setup.md#nope) [y](#nope) [z](only-english.md#nope)"
    codes = [(code, column) for code, _, column, _ in at(linked, "docs/nl/guide/index.md")]
    assert codes == [("LNK003", 1), ("LNK003", line.index("[y]") + 1), ("LNK002", line.index("[z]") + 1), ("LNK003", line.index("[z]") + 1)]


def test_case_only_mismatch(linked):
    linked.write("docs/en/guide/index.md", article(body="# Guide\n\n[u](../guide/upper.md)\n"))
    assert at(linked, "docs/en/guide/index.md") == [("LNK004", 6, 1, "../Guide/Upper.md")]


def test_links_escaping_docs_are_flagged_and_not_followed(linked):
    linked.write("docs/en/guide/index.md", article(body="# Guide\n\n[p](../../../../etc/passwd) ![i](../../../secret.png)\n"))
    assert [c for c, *_ in at(linked, "docs/en/guide/index.md")] == ["LNK005", "LNK005"]


def test_images_fall_back_to_the_source_locale_but_must_exist(linked):
    linked.write("docs/nl/guide/index.md", article(body='# Gids\n\n![ok](../images/shot.png)\n<img src="../images/none.png">\n'))
    assert at(linked, "docs/nl/guide/index.md") == [("LNK006", 7, 6, None)]


def test_dutch_page_linking_to_english_page_that_exists_in_dutch(linked):
    linked.write(
        "docs/nl/guide/index.md", article(body="# Gids\n\n[a](../../en/guide/setup.md)\n[b](/en/guide/setup/)\n[c](/guide/setup/)\n")
    )
    found = at(linked, "docs/nl/guide/index.md")
    # A root path without a locale (/guide/setup/) is locale-neutral: it is the Dutch page already.
    assert [(c, line, fix) for c, line, _, fix in found] == [
        ("LNK007", 6, "setup.md"),
        ("LNK007", 7, "setup.md"),
    ]


def test_absolute_links_to_the_own_site_are_internal(linked):
    linked.write(
        "docs/en/guide/index.md",
        article(body="# Guide\n\n[a](http://127.0.0.1:8000/guide/setup/#keep)\n[b](http://127.0.0.1:8000/guide/missing/)\n"),
    )
    assert [c for c, *_ in at(linked, "docs/en/guide/index.md")] == [
        "URL009",
        "LNK001",
        "URL009",
    ]  # line 6, then line 7 (same place: by code)


def test_anchor_parity_between_source_and_translation(linked):
    linked.write("docs/nl/guide/setup.md", article(body="# Instellen\n\n## Stap een\n\n## Stap twee {#two}\n"))
    assert at(linked, "docs/nl/guide/setup.md") == [("LNK008", 4, 1, None)]


def test_checking_one_file_still_resolves_against_the_whole_tree(linked):
    linked.write("docs/nl/guide/index.md", article(body="# Gids\n\n[a](setup.md#keep) [b](only-english.md)\n"))
    found = run(linked, "docs/nl/guide/index.md")
    assert [(f["path"], f["code"]) for f in found] == [("docs/nl/guide/index.md", "LNK002")]


DEBRIS = "https://docs.example.com/a/change?WT.mc_id=Portal%22%20%5Cl%20%22manage-cards%22%20%5Ct%20%22_blank#check-account"


@pytest.mark.parametrize(
    "url, code, fix",
    [
        (DEBRIS, "URL002", "https://docs.example.com/a/change?WT.mc_id=Portal#check-account"),
        ("https://x.example/a%2", "URL001", None),
        ("https://x.example/%zz", "URL001", None),
        ("http://[::1", "URL001", None),
        ("https://" + "a" * 10_000 + ".example/", "URL001", None),
        ("http://www.telerik.com/fiddler", "URL003", "https://www.telerik.com/fiddler"),
        ("https://docs.microsoft.com/azure/x?y=1#z", "URL004", "https://learn.microsoft.com/azure/x?y=1#z"),
        ("javascript:alert(1)", "URL005", None),
        ("file:///etc/passwd", "URL005", None),
        ("data:text/html;base64,PHNjcmlwdD4=", "URL005", None),
        ("mailto:not-an-address", "URL006", None),
    ],
)
def test_url_hygiene(project, url, code, fix):
    project.write("docs/en/a.md", article(body=f"# A\n\n[link](<{url}>)\n"))
    assert at(project, "docs/en/a.md") == [(code, 6, 1, fix)]


@pytest.mark.parametrize(
    "markdown",
    [
        "[ok](https://bücher.example/straße)",
        "[ok](https://[2001:db8::1]:8443/x)",
        "[ok](mailto:help@contoso.example?subject=Hi)",
        "[ok](ms-settings:network?activationSource=GetHelp)",
        "![inline](data:image/png;base64,iVBORw0KGgo=)",
        "[ok](http://localhost:8000/x)",
    ],
)
def test_url_hygiene_accepts_valid_urls(project, markdown):
    project.write("docs/en/a.md", article(body=f"# A\n\n{markdown}\n"))
    assert at(project, "docs/en/a.md") == []


def test_moved_hosts_and_http_exemptions_come_from_mkdocs_yml(project):
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text() + "      moved_hosts: {old.example: new.example}\n      http_allowed_hosts: [intranet.example]\n")
    project.write(
        "docs/en/a.md", article(body="# A\n\n[a](https://old.example/p) [b](http://intranet.example/) [c](https://docs.microsoft.com/)\n")
    )
    assert at(project, "docs/en/a.md") == [("URL004", 6, 1, "https://new.example/p")]
