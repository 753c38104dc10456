"""Reporters turn findings into text for one medium. Nothing else in helpsite prints findings."""

from __future__ import annotations

from collections.abc import Callable

from helpsite.report.ci import write_github, write_junit, write_sarif
from helpsite.report.json import write_json
from helpsite.report.text import write_text

Reporter = Callable[..., None]  # (findings, out, **options such as help_base)

REPORTERS: dict[str, Reporter] = {
    "text": write_text,
    "json": write_json,
    "github": write_github,
    "sarif": write_sarif,
    "junit": write_junit,
}
