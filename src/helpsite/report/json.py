"""A JSON array of findings, for tools."""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

from helpsite.model import Finding
from helpsite.report.text import terminal_safe

# JSON escapes C0 controls itself; these it would write as they are (with ensure_ascii=False, which
# keeps Arabic or Dutch readable), so a report printed to a terminal would carry them.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def dump_json(value: Any, out: TextIO, **options: Any) -> None:
    """``json.dump`` with every control and bidirectional character escaped (``\\u202e``) in the JSON text.

    The values read back unchanged; the text itself shows nothing a terminal would act on. Such
    characters occur only inside strings, so escaping them in the serialised text is valid JSON.
    """
    text = json.dumps(value, ensure_ascii=False, **options)
    out.write(_RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def finding_record(finding: Finding) -> dict[str, Any]:
    """A finding for a JSON report. Its message and fix are read by people (in a viewer that renders
    the string, too), so unsafe characters in them are shown as escapes; the path stays the path."""
    record = finding.as_dict()
    record["message"] = terminal_safe(finding.message)
    if finding.fix is not None:
        record["fix"] = terminal_safe(finding.fix)
    return record


def write_json(findings: list[Finding], out: TextIO, **_options: object) -> None:
    dump_json([finding_record(f) for f in findings], out, indent=1)
    out.write("\n")
