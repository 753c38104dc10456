"""Reporters turn findings into text for one medium. Nothing else in helpsite prints findings."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from ..model import Finding
from .json import write_json
from .text import write_text

Reporter = Callable[[list[Finding], TextIO], None]

REPORTERS: dict[str, Reporter] = {"text": write_text, "json": write_json}
