"""``path:line:col: CODE message``, one finding a line, like ruff and compilers."""

from __future__ import annotations

import re
from typing import TextIO

from helpsite.model import Finding

# Control characters (ANSI escapes included) from file names or front matter must not reach a
# terminal as such: they could rewrite what the reader sees.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text).replace("\n", "\\n")


def location(finding: Finding) -> str:
    path = terminal_safe(finding.path)
    if finding.line is None:
        return path
    return f"{path}:{finding.line}:{finding.column or 1}"


def format_finding(finding: Finding) -> str:
    return f"{location(finding)}: {finding.code} [{finding.severity}] {terminal_safe(finding.message)}"


def write_text(findings: list[Finding], out: TextIO, **_options: object) -> None:
    for finding in findings:
        out.write(format_finding(finding) + "\n")
