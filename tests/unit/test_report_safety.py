"""No report lets an article or a file name act on a terminal, a CI page or a viewer: control
characters (C0, C1, DEL) and bidirectional controls are shown as escapes in every format."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from io import StringIO

import pytest

from helpsite.model import Finding, Severity
from helpsite.report import REPORTERS
from helpsite.report.text import terminal_safe
from tests.conftest import article
from tests.conftest import sarif_schema_errors as schema_errors

# ESC (an ANSI colour), U+202E (right-to-left override), U+2066 (left-to-right isolate), NUL, U+0085 (NEL, a C1 line break).
HOSTILE = {"\x1b": "\\x1b", "\u202e": "\\u202e", "\u2066": "\\u2066", "\x00": "\\x00", "\x85": "\\x85"}
PATH = "docs/en/inv\u202eoice\x1b[2J\x00\x85\u2066.md"
MESSAGE = "title 'Pay \x1b[31mnow\x1b[0m' \u202eevil\u2066 \x00 end\x85"
FIX = "Pay\u202e\x1b\x00\x85\u2066"
FINDING = Finding("META006", Severity.ERROR, PATH, 2, 1, MESSAGE, fix=FIX)
# What no report may carry as such (a report's own layout uses only LF and spaces).
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def report(name: str) -> str:
    out = StringIO()
    REPORTERS[name]([FINDING], out)
    return out.getvalue()


def visible(text: str) -> bool:
    """All five characters are in ``text`` as escapes."""
    return all(escape in text for escape in HOSTILE.values())


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_no_format_writes_a_control_or_bidirectional_character(name):
    written = report(name)
    assert FORBIDDEN.findall(written) == [], repr(written)


def test_text_shows_them_escaped():
    assert report("text") == f"{terminal_safe(PATH)}:2:1: META006 [error] {terminal_safe(MESSAGE)}\n"
    assert visible(report("text").split(": META006")[0]) and visible(report("text").split("[error]")[1])


def test_github_shows_them_escaped_in_the_file_property_and_the_message():
    line = report("github")
    assert line.count("\n") == 1 and line.startswith("::error file=")
    properties, message = line[len("::error ") :].split("::", 1)
    assert visible(properties) and visible(message)


@pytest.mark.parametrize("name", ["json", "sarif"])
def test_json_formats_escape_them_and_make_them_visible_in_message_and_fix(name):
    written = report(name)
    data = json.loads(written)
    if name == "json":
        [record] = data
        message, fix, path = record["message"], record["fix"], record["path"]
    else:
        [result] = data["runs"][0]["results"]
        message, fix = result["message"]["text"], result["properties"]["fix"]
        path = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert schema_errors(data) == []
    assert visible(message) and visible(fix)  # a viewer that renders the string shows \u202e, not a reversed text
    if name == "json":
        assert path == PATH  # the path still names the file, for tools: JSON's own escapes carry it
        assert '"path": "docs/en/inv\\u202eoice\\u001b[2J\\u0000\\u0085\\u2066.md"' in written
    else:
        assert re.fullmatch(r"[A-Za-z0-9/._%\-\[]+", path) and "%E2%80%AE" in path  # a URI: percent-encoded


def test_junit_is_xml_1_0_and_shows_them_escaped():
    written = report("junit")
    root = ET.fromstring(written)  # parses: nothing XML 1.0 forbids
    suite, case, failure = root.find("testsuite"), root.find(".//testcase"), root.find(".//failure")
    assert visible(suite.get("name")) and visible(case.get("file")) and visible(case.get("classname"))
    assert visible(failure.get("message")) and visible(failure.text)


def test_terminal_safe_is_the_one_escaper_and_leaves_ordinary_text_alone():
    ordinary = "Betaal binnen 30 dagen — دفع الفاتورة 中文 é ✓"
    assert terminal_safe(ordinary) == ordinary
    assert terminal_safe("a\tb\nc\rd\x7fe\u200ff\u061cg\u2028h\udcff") == "a\\tb\\nc\\rd\\x7fe\\u200ff\\u061cg\\u2028h\\udcff"


def test_a_hostile_file_name_and_link_reach_no_report_raw(project):
    """End to end: `helpsite check` on a file named with ESC and U+202E, linking to a name with U+202E and U+2066."""
    project.write("docs/en/inv\u202eoice\x1b[2J.md", article("Pay", "# Pay\n\nSee [the invoice](gone\u202e\u2066.md).\n"))
    for fmt in ("text", "github", "json", "sarif", "junit"):
        result = project.helpsite("check", "--format", fmt)
        assert "LNK001" in result.stdout, (fmt, result.stdout, result.stderr)
        assert FORBIDDEN.findall(result.stdout) == [], (fmt, result.stdout)
        assert "\\u202e" in result.stdout, (fmt, result.stdout)
