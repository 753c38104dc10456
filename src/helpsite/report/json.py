"""A JSON array of findings, for tools."""

from __future__ import annotations

import json
from typing import TextIO

from helpsite.model import Finding


def write_json(findings: list[Finding], out: TextIO, **_options: object) -> None:
    json.dump([f.as_dict() for f in findings], out, ensure_ascii=False, indent=1)
    out.write("\n")
