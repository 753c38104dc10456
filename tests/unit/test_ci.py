"""CI outputs (GitHub, SARIF, JUnit, several at once), changed-only runs, baselines, jobs and shards."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET

import pytest
from sarif_pydantic import Sarif

from ..conftest import article
from ..conftest import sarif_schema_errors as schema_errors

HOSTILE = 'Bad <script>alert("x")</script>, 50% \x1b[31mred\x1b[0m\nsecond line'


@pytest.fixture
def findings_site(project):
    project.write("docs/en/ok.md", article("Fine page"))
    project.write("docs/en/bad.md", article("Bad", "# Bad\n\nSee [gone](gone.md).\n", ms_topic="artcle"))
    project.write("docs/en/odd, name: 100%.md", article(None, "# Odd\n"))
    return project


def run_json(project, *args):
    result = project.helpsite("check", "--format", "json", *args)
    return result, json.loads(result.stdout)


def test_github_annotations_escape_properties_and_data(findings_site):
    result = findings_site.helpsite("check", "--format", "github")
    lines = result.stdout.splitlines()
    assert "::error file=docs/en/bad.md,line=7,col=5,title=LNK001::LNK001 page or file 'gone.md' does not exist (en/gone.md)" in lines
    odd = next(line for line in lines if "META002" in line)
    assert odd.startswith("::error file=docs/en/odd%2C name%3A 100%25.md,")
    assert result.returncode == 1


def test_sarif_is_valid_2_1_0_and_names_rules_and_locations(findings_site):
    result = findings_site.helpsite("check", "--format", "sarif")
    log = json.loads(result.stdout)
    assert schema_errors(log) == []  # the SARIF 2.1.0 JSON Schema (tests/data)
    Sarif.model_validate(log)  # and its object model
    broken = json.loads(result.stdout)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert schema_errors(broken)  # the schema does catch what is not SARIF
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({r["ruleId"] for r in run["results"]})
    for result_ in run["results"]:
        assert rules[result_["ruleIndex"]]["id"] == result_["ruleId"]
        assert result_["level"] in ("error", "warning", "note")
        location = result_["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith("/")
    odd = next(r for r in run["results"] if r["ruleId"] == "META002")
    assert odd["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/en/odd%2C%20name%3A%20100%25.md"
    assert next(r for r in rules if r["id"] == "LNK001")["helpUri"] == "http://127.0.0.1:8000/reference/lnk001/"


def test_junit_is_well_formed_and_counts_failures(findings_site):
    result = findings_site.helpsite("check", "--format", "junit")
    root = ET.fromstring(result.stdout)
    errors = sum(1 for _ in root.iter("failure"))
    assert root.tag == "testsuites" and int(root.get("failures")) == errors >= 2
    suites = {suite.get("name") for suite in root.iter("testsuite")}
    assert "docs/en/bad.md" in suites


def test_hostile_text_is_escaped_in_every_format():
    from io import StringIO

    from helpsite.model import Finding, Severity
    from helpsite.report import REPORTERS

    finding = Finding("META003", Severity.ERROR, "docs/en/<x>\x1b.md", 1, 1, HOSTILE)
    out = {}
    for name, reporter in REPORTERS.items():
        buffer = StringIO()
        reporter([finding], buffer)
        out[name] = buffer.getvalue()
    assert "\x1b" not in out["text"] and "\\x1b" in out["text"]
    assert out["github"].count("\n") == 1 and "\\nsecond line" in out["github"] and "50%25" in out["github"]
    shown = 'Bad <script>alert("x")</script>, 50% \\x1b[31mred\\x1b[0m\\nsecond line'  # escapes a viewer shows as such
    assert json.loads(out["json"])[0]["message"] == shown
    assert json.loads(out["sarif"])["runs"][0]["results"][0]["message"]["text"] == shown
    assert schema_errors(json.loads(out["sarif"])) == []
    junit = ET.fromstring(out["junit"])  # parses: control characters could not be in XML 1.0
    assert "<script>" in junit.find(".//failure").get("message") and "\\x1b" in junit.find(".//failure").text


def test_several_outputs_at_once(findings_site):
    result = findings_site.helpsite(
        "check", "--output", "sarif:out/report.sarif", "--output", "junit:report.xml", "--output", "github:gh.txt"
    )
    assert result.returncode == 1
    assert json.loads((findings_site.root / "out/report.sarif").read_text())["version"] == "2.1.0"
    ET.parse(findings_site.root / "report.xml")
    assert (findings_site.root / "gh.txt").read_text().startswith("::")
    assert "LNK001" in result.stdout  # the terminal still gets the text report
    bad = findings_site.helpsite("check", "--output", "yaml:x.yml")
    assert bad.returncode == 2 and "FORMAT:FILE" in bad.stderr


def test_baseline_accepts_todays_findings_and_fails_on_new_ones(findings_site):
    written = findings_site.helpsite("check", "--write-baseline", "baseline.json")
    assert written.returncode == 1
    accepted = findings_site.helpsite("check", "--baseline", "baseline.json")
    assert accepted.returncode == 0 and accepted.stdout == ""
    assert "accepted by the baseline" in accepted.stderr
    # Text added above the findings moves their lines: still accepted.
    bad = findings_site.root / "docs/en/bad.md"
    bad.write_text(bad.read_text().replace("# Bad\n", "# Bad\n\nA new paragraph.\n"))
    assert findings_site.helpsite("check", "--baseline", "baseline.json").returncode == 0
    findings_site.write("docs/en/new.md", article("New", "# New\n\n[x](nowhere.md)\n"))
    new = findings_site.helpsite("check", "--baseline", "baseline.json")
    assert new.returncode == 1 and new.stdout.count("\n") == 1 and "docs/en/new.md" in new.stdout
    findings_site.write("broken.json", "{not json")
    assert findings_site.helpsite("check", "--baseline", "broken.json").returncode == 2


def test_changed_since_checks_changed_articles_and_translations_of_changed_sources(project):
    project.write("docs/en/a.md", article("A", "# A\n\n[x](gone-a.md)\n"))
    project.write("docs/en/b.md", article("B", "# B\n\n[x](gone-b.md)\n"))
    project.write("docs/nl/a.md", article("A nl", "# A\n\n[x](weg-a.md)\n", ms_contentlocale="nl-NL"))
    project.write("docs/nl/b.md", article("B nl", "# B\n\n[x](weg-b.md)\n", ms_contentlocale="nl-NL"))
    git = ["git", "-c", "user.email=a@b", "-c", "user.name=t"]
    subprocess.run(["git", "init", "-q"], cwd=project.root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=project.root, check=True)
    subprocess.run([*git, "commit", "-qm", "one"], cwd=project.root, check=True)
    (project.root / "docs/en/a.md").write_text(article("A", "# A\n\nChanged. [x](gone-a.md)\n"))
    _, findings = run_json(project, "--changed-since", "HEAD", "--select", "LNK001")
    assert sorted(f["path"] for f in findings) == ["docs/en/a.md", "docs/nl/a.md"]
    project.write("docs/nl/new.md", article("Nieuw", "# Nieuw\n\n[x](weg.md)\n", ms_contentlocale="nl-NL"))  # untracked
    _, findings = run_json(project, "--changed-since", "HEAD", "--select", "LNK001")
    assert "docs/nl/new.md" in {f["path"] for f in findings}
    bad = project.helpsite("check", "--changed-since", "no-such-ref")
    assert bad.returncode == 2 and "no-such-ref" in bad.stderr


def test_jobs_give_the_same_findings_as_one_process(project):
    for number in range(260):
        project.write(f"docs/en/p{number:03d}.md", article(f"Page {number}", f"# Page {number}\n\n[next](p{number + 1:03d}.md)\n"))
    one = project.helpsite("check", "--format", "json", "--jobs", "1")
    two = project.helpsite("check", "--format", "json", "--jobs", "2")
    assert one.stdout == two.stdout and json.loads(one.stdout)  # p259 links to a missing p260


def test_shards_partition_the_articles_and_their_reports_merge(findings_site):
    for number in range(30):
        findings_site.write(f"docs/en/s{number:02d}.md", article(f"S {number}", "# S\n\n[x](missing.md)\n"))
    _, whole = run_json(findings_site)
    parts = []
    for index in (1, 2, 3):
        result = findings_site.helpsite("check", "--format", "json", "--shard", f"{index}/3", "--output", f"json:shard{index}.json")
        parts.append({json.dumps(f, sort_keys=True) for f in json.loads(result.stdout)})
    assert all(parts) and not (parts[0] & parts[1]) and not (parts[1] & parts[2])
    assert set().union(*parts) == {json.dumps(f, sort_keys=True) for f in whole}
    merged = findings_site.helpsite(
        "report", "merge", "shard1.json", "shard2.json", "shard3.json", "--format", "json", "--output", "sarif:all.sarif"
    )
    assert merged.returncode == 1 and json.loads(merged.stdout) == whole
    assert len(json.loads((findings_site.root / "all.sarif").read_text())["runs"][0]["results"]) == len(whole)
    assert findings_site.helpsite("check", "--shard", "4/3").returncode == 2


def test_the_pre_commit_hook_runs_on_the_files_it_is_given(findings_site):
    import yaml

    from tests.conftest import REPO

    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "helpsite-check" and hook["language"] == "python" and hook["pass_filenames"]
    command = hook["entry"].split()
    assert command[0] == "helpsite"
    result = findings_site.helpsite(*command[1:], "docs/en/ok.md")
    assert result.returncode == 0 and "1 articles checked" in result.stderr
    assert findings_site.helpsite(*command[1:], "docs/en/bad.md").returncode == 1
