"""The theme's templates compiled once per machine, not once per build: MkDocs makes a new Jinja
environment for each build, mkdocs-static-i18n builds once per language, and compiling Material's
43 templates cost 0.5 s of CPU in every `helpsite build`, a small site's or a cached build's.

Compiled templates are code, so they are never kept in a site's ``cache_dir`` (CI restores
``.helpsite-cache`` from elsewhere). They go to the user's cache folder, where a file is used only
by the boot of the machine that wrote it (:mod:`helpsite.usercache`), and in memory for the rest
of the process. Jinja itself checks that the bytecode is of its own version and made from the
template's present source (a checksum of it).
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from helpsite import usercache

_MAX_BYTECODE = 16 * 1024 * 1024  # Material's largest template compiles to about 100 KB


class CompiledTemplates(BytecodeCache):
    """Jinja's bytecode of each template, by its name, file and source."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is None:
            code = usercache.read(_file_name(bucket.key), _MAX_BYTECODE)
            if code is not None:
                self._code[bucket.key] = code
        if code is not None:
            bucket.bytecode_from_string(code)  # Jinja resets the bucket when the code is not for this source

    def dump_bytecode(self, bucket: Bucket) -> None:
        # Jinja dumps only what it compiled, because nothing loaded was for the template's source.
        code = self._code[bucket.key] = bucket.bytecode_to_string()
        usercache.write(_file_name(bucket.key), code)


def _file_name(key: str) -> str:
    return f"template-{key}.jinja"
