"""``path:line:col: CODE message``, one finding a line, like ruff and compilers.

``terminal_safe`` is the one place where text that comes from an article or a file name is made
harmless for a reader: every reporter (text, JSON, GitHub, SARIF, JUnit) and every command that
prints such text calls it.
"""

from __future__ import annotations

import re
from typing import TextIO

from helpsite.model import Finding

# What must not reach a terminal, a CI page or a report viewer as such: C0 and C1 controls and DEL
# (ANSI escape sequences that recolour, move the cursor or set the window title; a carriage return
# that overwrites the line), the bidirectional controls that reorder what a reader sees ("Trojan
# Source", CVE-2021-42574: U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C), the line and
# paragraph separators, and what cannot be encoded (lone surrogates) or carried by XML (U+FFFE, U+FFFF).
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")


def terminal_safe(text: str) -> str:
    """The text with every unsafe character shown as an escape (``\\x1b``, ``\\u202e``, ``\\n``)."""
    return UNSAFE.sub(_escape, text)


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
