"""What helpsite keeps per machine, in the user's cache folder: things made from installed packages
and the same for every site (the language detector's model unpacked, the theme's templates
compiled), unlike a site's ``cache_dir``, which holds what was made of its pages.

The folder is ``~/.cache/helpsite`` on Linux (``$XDG_CACHE_HOME/helpsite`` when that is set). A
file is used only by the boot of the machine that wrote it: each one carries a MAC keyed by the
kernel's boot id and the user, so a cache folder restored from elsewhere (a CI cache, another
machine, a poisoned archive) is read as empty, and a compiled template is never code that this
machine did not compile itself. The folder must belong to the user and be writable by nobody
else, as Jinja asks of its own bytecode folder. Where there is no boot id (not Linux), nothing
is kept on disk. Every failure to read or write costs only the work the file would have saved.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import os
import stat
import tempfile
from pathlib import Path

_MAC = "blake2b"
_MAC_SIZE = 64
_BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


def folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("helpsite", appauthor=False))


@functools.cache
def _key() -> bytes | None:
    try:
        boot = _BOOT_ID.read_bytes().strip()
    except OSError:
        return None
    return hashlib.blake2b(b"helpsite user cache 1\0" + boot + f"\0{os.getuid()}".encode(), digest_size=32).digest()


def _ours(path: Path) -> bool:
    """Whether ``path`` (the folder) is the user's own and nobody else may write in it."""
    try:
        status = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISDIR(status.st_mode) and status.st_uid == os.getuid() and not status.st_mode & 0o022


def read(name: str, limit: int) -> bytes | None:
    """The bytes kept under ``name`` by this boot of this machine, if there are (at most ``limit``)."""
    key = _key()
    place = folder()
    if key is None or not _ours(place):
        return None
    try:
        with open(place / name, "rb") as handle:
            if os.fstat(handle.fileno()).st_size > limit + _MAC_SIZE:
                return None
            data = handle.read(limit + _MAC_SIZE + 1)
    except OSError:
        return None
    mac, body = data[:_MAC_SIZE], data[_MAC_SIZE:]
    return body if hmac.compare_digest(mac, hmac.digest(key, body, _MAC)) else None


def write(name: str, data: bytes) -> None:
    """Keep ``data`` under ``name`` for later runs on this boot: written beside and renamed, so a run
    reading meanwhile gets the old file or the new one."""
    key = _key()
    if key is None:
        return
    place = folder()
    try:
        place.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return
    if not _ours(place):
        return
    try:
        handle, partial = tempfile.mkstemp(dir=place, prefix=".", suffix=".partial")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(hmac.digest(key, data, _MAC))
            out.write(data)
        os.replace(partial, place / name)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(partial)
