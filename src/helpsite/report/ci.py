"""Reports for CI systems: GitHub annotations, SARIF 2.1.0 and JUnit XML.

Every text that comes from an article (paths, messages) is escaped for its medium: GitHub's
workflow-command encoding, JSON, and XML with the control characters XML 1.0 cannot carry
replaced.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import TextIO
from urllib.parse import quote

from helpsite import __version__
from helpsite.checks.reference import as_markdown
from helpsite.checks.registry import RULES
from helpsite.model import Finding, Severity

_GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/helpsite/"


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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
        physical: dict = {"artifactLocation": {"uri": quote(f.path.replace("\\", "/"))}}
        if region:
            physical["region"] = region
        result: dict = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": physical}],
        }
        if f.fix:
            result["properties"] = {"fix": f.fix}
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
    json.dump(sarif_log(findings, help_base), out, ensure_ascii=False, indent=1)
    out.write("\n")


def _xml_text(text: str) -> str:
    return _XML_INVALID.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


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
            suites, "testsuite", name=_xml_text(path), tests=str(len(items)), failures=str(failures), errors="0", skipped="0"
        )
        for f in items:
            where = f"{f.line}:{f.column or 1}" if f.line else "-"
            case = ET.SubElement(suite, "testcase", classname=_xml_text(path), name=_xml_text(f"{f.code} at {where}"), file=_xml_text(path))
            if f.line:
                case.set("line", str(f.line))
            text = _xml_text(f"{f.code} [{f.severity}] {f.message}")
            if f.severity is Severity.ERROR:
                ET.SubElement(case, "failure", message=_xml_text(f.message), type=f.code).text = text
            else:
                ET.SubElement(case, "system-out").text = text
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(suites, encoding="unicode"))
    out.write("\n")
