import json

import pytest

from tests.conftest import article


def findings(project, *args):
    result = project.helpsite("check", "--format", "json", *args)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def only(project, path, code):
    return [(f["line"], f["column"], f["severity"], f["message"]) for f in findings(project) if f["path"] == path and f["code"] == code]


def test_clean_article_has_no_findings(project):
    project.write("docs/en/a.md", article(ms_topic="article", ms_date="01/31/2021", ROBOTS="NOINDEX, NOFOLLOW", ms_contentlocale="en-US"))
    result = project.helpsite("check")
    assert result.returncode == 0 and result.stdout == ""


def test_missing_front_matter_and_missing_title(project):
    project.write("docs/en/none.md", "# No front matter\n")
    project.write("docs/en/untitled.md", article(title=None, ms_topic="article"))
    assert only(project, "docs/en/none.md", "META001") == [(1, 1, "error", "no front matter: the file must start with a '---' line")]
    assert only(project, "docs/en/untitled.md", "META002") == [(1, 1, "error", "required key 'title' is missing")]


def test_enum_finding_points_at_the_key_and_suggests(project):
    project.write("docs/en/a.md", article(ms_author="x", ROBOTS="noindex, nofollow", ms_topic="artcle"))
    robots = only(project, "docs/en/a.md", "META003")
    assert [(line, column) for line, column, *_ in robots] == [(4, 1), (5, 1)]
    assert "did you mean 'NOINDEX, NOFOLLOW'" in robots[0][3]
    assert "did you mean 'article'" in robots[1][3]


@pytest.mark.parametrize(
    "value, message",
    [
        ("02/30/2021", "a date that does not exist"),
        ("8/16/2021", "write it as 08/16/2021"),
        ("2021-01-05", "not a date in the form MM/DD/YYYY"),
        ("''", "is empty"),
    ],
)
def test_dates_must_be_real_mm_dd_yyyy(project, value, message):
    project.write("docs/en/a.md", article(ms_date=value))
    found = only(project, "docs/en/a.md", "META004")
    assert len(found) == 1 and found[0][0] == 3 and message in found[0][3]


def test_translation_type_hash_and_types(project):
    project.write(
        "docs/nl/a.md",
        article(
            title="Een titel",
            body="# Een titel\n",
            ms_translationtype="XX",
            ms_openlocfilehash="nothex",
            ms_custom="{a: 1}",
            ms_contentlocale="nl-NL",
        ),
    )
    all_findings = {(f["code"], f["line"]) for f in findings(project) if f["path"] == "docs/nl/a.md"}
    assert {("META003", 3), ("META009", 4), ("META005", 5)} <= all_findings


def test_long_title_is_a_warning_not_an_error(project):
    project.write("docs/en/a.md", article(title="T" * 70))
    assert only(project, "docs/en/a.md", "META006") == [(2, 1, "warning", "'title' has 70 characters; at most 65 allowed")]
    assert project.helpsite("check").returncode == 0


def test_unknown_and_misspelled_keys(project):
    project.write("docs/en/a.md", article(**{"ms,.custom": "x", "my_team": "y"}))
    listed = {(f["code"], f["line"], f["severity"]) for f in findings(project)}
    assert ("META008", 3, "warning") in listed and ("META007", 4, "info") in listed


def test_dependent_key(project):
    project.write("docs/en/a.md", article(ms_subservice="billing"))
    assert only(project, "docs/en/a.md", "META002") == [(3, 1, "error", "'ms.subservice' needs 'ms.service' as well")]


def test_the_site_owner_changes_the_schema(project):
    schema_path = project.root / "schema" / "article.schema.json"
    schema = json.loads(schema_path.read_text())
    schema["required"].append("ms.author")
    schema["properties"]["title"]["x-severity"] = "info"
    schema["properties"]["title"]["maxLength"] = 10
    schema_path.write_text(json.dumps(schema))
    project.write("docs/en/a.md", article(title="A rather long title"))
    listed = {(f["code"], f["severity"]) for f in findings(project)}
    assert ("META002", "error") in listed and ("META006", "info") in listed


def test_a_broken_schema_is_one_finding_not_a_crash(project):
    (project.root / "schema" / "article.schema.json").write_text('{"type": "object",\n "required": 3}')
    project.write("docs/en/a.md", article())
    result = project.helpsite("check")
    assert result.returncode == 1 and "META011" in result.stdout and "Traceback" not in result.stderr
