"""Reports for CI systems: GitHub annotations, SARIF 2.1.0 and JUnit XML.

Every text that comes from an article or a file name (paths, messages, fixes) first has its
control and bidirectional characters shown as escapes (``terminal_safe``: ``\x1b``, ``\u202e``),
then is encoded for its medium: GitHub's workflow-command encoding, JSON (``dump_json``), XML.
SARIF's artifact URIs are percent-encoded instead, so that they still name the file.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import TextIO
from urllib.parse import quote

from helpsite import __version__
from helpsite.checks.reference import as_markdown
from helpsite.checks.registry import RULES
from helpsite.model import Finding, Severity
from helpsite.report.json import dump_json
from helpsite.report.text import terminal_safe

_GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/helpsite/"


def _github_data(text: str) -> str:
    return terminal_safe(text).replace("%", "%25")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(findings: list[Finding], out: TextIO, **_options: object) -> None:
    """``::error file=...,line=...,col=...,title=CODE::message``: annotations on the pull request."""
    for f in findings:
        properties = [f"file={_github_property(f.path)}"]
        if f.line:
            properties.append(f"line={f.line}")
            if f.column:
                properties.append(f"col={f.column}")
        properties.append(f"title={_github_property(f.code)}")
        out.write(f"::{_GITHUB_COMMAND[f.severity]} {','.join(properties)}::{_github_data(f'{f.code} {f.message}')}\n")


def sarif_log(findings: list[Finding], help_base: str | None = None) -> dict:
    """``help_base``: where the site publishes its check reference (``<site_url>/reference/``)."""
    codes = sorted({f.code for f in findings})
    index = {code: number for number, code in enumerate(codes)}
    rules = []
    for code in codes:
        rule = RULES[code]
        descriptor = {
            "id": code,
            "name": rule.name,
            "shortDescription": {"text": as_markdown(rule.summary)},
            "fullDescription": {"text": rule.explanation},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        }
        if help_base:
            descriptor["helpUri"] = f"{help_base}{code.lower()}/"
        rules.append(descriptor)
    results = []
    for f in findings:
        region = {"startLine": f.line} if f.line else None
        if region and f.column:
            region["startColumn"] = f.column
        physical: dict = {"artifactLocation": {"uri": quote(f.path.replace("\\", "/"), errors="surrogateescape")}}
        if region:
            physical["region"] = region
        result: dict = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": terminal_safe(f.message)},
            "locations": [{"physicalLocation": physical}],
        }
        if f.fix:
            result["properties"] = {"fix": terminal_safe(f.fix)}
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "helpsite", "version": __version__, "informationUri": INFORMATION_URI, "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def write_sarif(findings: list[Finding], out: TextIO, *, help_base: str | None = None, **_options: object) -> None:
    dump_json(sarif_log(findings, help_base), out, indent=1)
    out.write("\n")


def write_junit(findings: list[Finding], out: TextIO, **_options: object) -> None:
    """One test suite per file, one test case per finding: errors fail, warnings and infos pass with output."""
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_path[f.path].append(f)
    errors = sum(f.severity is Severity.ERROR for f in findings)
    suites = ET.Element("testsuites", name="helpsite", tests=str(len(findings)), failures=str(errors), errors="0")
    for path, items in by_path.items():
        failures = sum(f.severity is Severity.ERROR for f in items)
        suite = ET.SubElement(
            suites, "testsuite", name=terminal_safe(path), tests=str(len(items)), failures=str(failures), errors="0", skipped="0"
        )
        for f in items:
            where = f"{f.line}:{f.column or 1}" if f.line else "-"
            case = ET.SubElement(suite, "testcase", classname=terminal_safe(path), name=f"{f.code} at {where}", file=terminal_safe(path))
            if f.line:
                case.set("line", str(f.line))
            text = terminal_safe(f"{f.code} [{f.severity}] {f.message}")
            if f.severity is Severity.ERROR:
                ET.SubElement(case, "failure", message=terminal_safe(f.message), type=f.code).text = text
            else:
                ET.SubElement(case, "system-out").text = text
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(suites, encoding="unicode"))
    out.write("\n")
