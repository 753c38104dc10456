"""The theme's templates compiled once per process, not once per language build: MkDocs makes a
new Jinja environment for each build, and mkdocs-static-i18n builds once per language.

Kept in memory only: compiled templates are code, and a cache restored from elsewhere (as CI
restores `.helpsite-cache`) must never be code the build runs.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class CompiledTemplates(BytecodeCache):
    """Jinja's bytecode of each template, by its name, file and source (Jinja checks the source's checksum)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
