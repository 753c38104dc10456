"""Opening files of the docs tree: only regular files whose real path is inside it, never more than a limit.

Articles, includes, images, TOC files and whatever the build publishes are named by an untrusted
tree: a symbolic link can lead anywhere (``/etc/passwd``, ``/dev/zero``), a named pipe blocks a
reader forever, a folder link to its own folder lists files without end. Every path helpsite
reads or tests for existence on a writer's behalf goes through this module, so that one rule
holds everywhere, by construction:

- the file is located without being opened (``O_PATH`` on Linux): a FIFO or a device is never
  opened, so opening cannot block or have side effects;
- its real path (the kernel's, from ``/proc/self/fd``) must be inside the docs root, and no folder
  on the way may be a link to itself or to a folder above it (a loop);
- it must be a regular file no larger than the limit, checked on the located descriptor before a
  byte is read; the read is the same inode (reopened through ``/proc/self/fd``) and stops at the
  limit even if the file grows meanwhile.

Where ``O_PATH`` or ``/proc`` is missing (macOS), the real path is computed first and the file is
opened with ``O_NOFOLLOW | O_NONBLOCK`` and checked with ``fstat`` before reading.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
from dataclasses import dataclass
from pathlib import Path

_O_PATH = getattr(os, "O_PATH", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_PROC_FD = "/proc/self/fd/"
# Kinds of what a docs path names (``docs_path_kind``).
FILE, FOLDER, MISSING, OUTSIDE, REFUSED = "file", "folder", "missing", "outside", "refused"


class RefusedFile(Exception):
    """The path is not a regular file inside the docs root (or a folder, where folders are asked
    about). ``outside``: its real path leaves the root; otherwise it is a FIFO, a device, a socket or
    a loop of links. ``culprit``: the path responsible (a folder link on the way, or the path itself)."""

    def __init__(self, reason: str, *, outside: bool, culprit: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.outside = outside
        self.culprit = culprit


class FileTooLarge(Exception):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size:,} bytes, over the {limit:,}-byte limit")
        self.size = size
        self.limit = limit


@dataclass(frozen=True, slots=True)
class DocsFile:
    data: bytes
    status: os.stat_result  # of the file read (fstat of the descriptor)
    real_path: str


def read_docs_file(path: Path | str, docs_root: Path | str, max_bytes: int) -> DocsFile:
    """The content of a regular file inside ``docs_root``, of at most ``max_bytes``.

    Raises RefusedFile (outside the root, not a regular file, a loop), FileTooLarge, and OSError as
    opening would (FileNotFoundError, IsADirectoryError for a folder, PermissionError)."""
    located, status, real = _locate(path, docs_root)
    try:
        mode = status.st_mode
        if not stat.S_ISREG(mode):
            if stat.S_ISDIR(mode):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
            _require_regular(status, path)
        if status.st_size > max_bytes:
            raise FileTooLarge(status.st_size, max_bytes)
        if located is not None:  # the very inode checked, reopened for reading
            fd = os.open(str(located), os.O_RDONLY | _O_CLOEXEC | _O_NONBLOCK, dir_fd=_proc_fd_folder())
        else:
            fd = os.open(real, os.O_RDONLY | _O_CLOEXEC | _O_NONBLOCK | _O_NOFOLLOW)
    finally:
        if located is not None:
            os.close(located)
    try:
        if located is None:  # what was opened must be what was checked
            opened = os.fstat(fd)
            _require_regular(opened, path)
            if (opened.st_dev, opened.st_ino) != (status.st_dev, status.st_ino):
                raise RefusedFile("it changed while being opened", outside=False, culprit=str(path))
            status = opened
        return DocsFile(_read_at_most(fd, status.st_size, max_bytes), status, real)
    finally:
        os.close(fd)


def open_docs_file(path: Path | str, docs_root: Path | str, max_bytes: int) -> bytes:
    """``read_docs_file``'s content alone."""
    return read_docs_file(path, docs_root, max_bytes).data


def check_docs_path(path: Path | str, docs_root: Path | str) -> os.stat_result:
    """The status of a regular file or a folder inside ``docs_root``, found without opening it.

    Raises RefusedFile, or OSError (FileNotFoundError ...) as locating it does."""
    located, status, _ = _locate(path, docs_root)
    if located is not None:
        os.close(located)
    if not stat.S_ISDIR(status.st_mode):
        _require_regular(status, path)
    return status


def docs_path_kind(path: Path | str, docs_root: Path | str) -> str:
    """FILE, FOLDER, MISSING (or unreadable), OUTSIDE (a link out of the root, whatever is there)
    or REFUSED (a FIFO, device, socket or loop): an existence test that never leaves the root."""
    try:
        status = check_docs_path(path, docs_root)
    except RefusedFile as exc:
        return OUTSIDE if exc.outside else REFUSED
    except OSError:
        return MISSING
    return FOLDER if stat.S_ISDIR(status.st_mode) else FILE


def is_docs_file(path: Path | str, docs_root: Path | str) -> bool:
    return docs_path_kind(path, docs_root) == FILE


# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _root(docs_root: str, cwd: str) -> tuple[str, str]:
    """The root as written (absolute) and its real path."""
    written = os.path.normpath(os.path.join(cwd, docs_root))
    return written, os.path.realpath(written)


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root if root.endswith(os.sep) else root + os.sep)


def _locate(path: Path | str, docs_root: Path | str) -> tuple[int | None, os.stat_result, str]:
    """(an O_PATH descriptor or None, the status of what the path names, its real path)."""
    absolute = os.fspath(path)
    if not absolute.startswith(os.sep):  # (an absolute path is taken as written: its real path decides)
        absolute = os.path.abspath(absolute)
    root = os.fspath(docs_root)
    written_root, real_root = _root(root, "" if root.startswith(os.sep) else os.getcwd())
    located: int | None = None
    try:
        proc = _proc_fd_folder()
        if proc is not None:
            located = os.open(absolute, _O_PATH | _O_CLOEXEC)  # follows links, opens nothing
            real = os.readlink(str(located), dir_fd=proc)
        else:
            real = os.path.realpath(absolute)
    except OSError as exc:
        if located is not None:
            os.close(located)
        if exc.errno == errno.ELOOP:
            _refuse_if_loop(absolute, written_root)
            raise RefusedFile("a loop of symbolic links", outside=False, culprit=absolute) from None
        # A link to a path that does not exist may still lead out: say so, whatever is (not) there.
        _refuse_if_outside(absolute, os.path.realpath(absolute), written_root, real_root)
        raise
    try:
        below = absolute[len(written_root) :]
        if not (
            absolute.startswith(written_root)
            and real.startswith(real_root)
            and real[len(real_root) :] == below
            and below[:1] in ("", os.sep)
        ):
            # Not simply the path below the root's real path: a link on the way. Where does it lead?
            _refuse_if_loop(absolute, written_root)
            _refuse_if_outside(absolute, real, written_root, real_root)
        status = os.fstat(located) if located is not None else _stat_real(real, absolute)
    except BaseException:
        if located is not None:
            os.close(located)
        raise
    return located, status, real


def _stat_real(real: str, absolute: str) -> os.stat_result:
    try:
        return os.stat(real)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # os.path.realpath leaves a loop of links as it is
            raise RefusedFile("a loop of symbolic links", outside=False, culprit=absolute) from None
        raise


_proc_folder: list[int] = [0, -1]  # (process id, descriptor of its /proc/self/fd or -1); 0: not opened in this process
_checked_pid = [True]  # whether the process id is asked at each call: until a fork's hook is known to run


def _forked() -> None:
    """In a child made by os.fork (multiprocessing's too): the parent's descriptor names the
    parent's table, so the folder is opened again at the next call."""
    if _proc_folder[1] >= 0:
        os.close(_proc_folder[1])
    _proc_folder[:] = [0, -1]


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forked)
    _checked_pid[0] = False  # a system call per file read saved: 12,000 in an edit's build at 2,000 articles a locale


def _proc_fd_folder() -> int | None:
    """This process's /proc/self/fd (Linux), where a descriptor's real path is read and the file
    reopened; None without O_PATH or /proc. Opened again in a forked child, whose table differs
    (told by the fork's hook, or by the process id where there is none)."""
    if _proc_folder[0] == 0 or (_checked_pid[0] and _proc_folder[0] != os.getpid()):
        if _proc_folder[1] >= 0:
            os.close(_proc_folder[1])
        try:
            folder = os.open(_PROC_FD, os.O_RDONLY | os.O_DIRECTORY | _O_CLOEXEC) if _O_PATH else -1
        except OSError:
            folder = -1
        _proc_folder[:] = [os.getpid(), folder]
    return _proc_folder[1] if _proc_folder[1] >= 0 else None


def _refuse_if_outside(absolute: str, real: str, written_root: str, real_root: str) -> None:
    if _inside(real, real_root):
        return
    culprit = _first_link_out(absolute, written_root, real_root) or absolute
    raise RefusedFile(f"a symbolic link to {display_path(real)}, outside docs/", outside=True, culprit=culprit)


def _first_link_out(absolute: str, written_root: str, real_root: str) -> str | None:
    """The first link on the way from the root to ``absolute`` whose real path leaves the root."""
    if not _inside(absolute, written_root):
        return None
    current = written_root
    for part in absolute[len(written_root) :].strip(os.sep).split(os.sep):
        current = os.path.join(current, part)
        if os.path.islink(current) and not _inside(os.path.realpath(current), real_root):
            return current
    return None


def _refuse_if_loop(absolute: str, written_root: str) -> None:
    loop = _folder_loop(absolute, written_root)
    if loop is not None:
        raise RefusedFile(f"{display_path(loop)} links back to a folder on its way (a loop)", outside=False, culprit=loop)


def _folder_loop(absolute: str, written_root: str) -> str | None:
    """A folder link on the way to ``absolute`` that leads back to a folder already passed through
    (or one above it): listing it would never end."""
    if not _inside(absolute, written_root):
        return None
    current = written_root
    passed = [os.path.realpath(current)]
    for part in absolute[len(written_root) :].strip(os.sep).split(os.sep):
        current = os.path.join(current, part)
        real = os.path.realpath(current)
        if os.path.islink(current) and any(_inside(folder, real) for folder in passed):
            return current
        passed.append(real)
    return None


def _require_regular(status: os.stat_result, path: Path | str) -> None:
    mode = status.st_mode
    if stat.S_ISREG(mode):
        return
    if stat.S_ISFIFO(mode):
        kind = "a named pipe"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    elif stat.S_ISDIR(mode):
        kind = "a folder"
    else:
        kind = "not a file"
    raise RefusedFile(f"not a regular file ({kind})", outside=False, culprit=os.path.abspath(path))


def _read_at_most(fd: int, size: int, limit: int) -> bytes:
    """The file's bytes, read in one call when it is as large as fstat said; FileTooLarge past ``limit``."""
    wanted = min(size, limit) + 1
    data = os.read(fd, wanted)
    if len(data) < wanted:  # a short read of a regular file is its end
        return data
    chunks, total = [data], len(data)
    while total <= limit:  # the file grew since fstat
        chunk = os.read(fd, min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        raise FileTooLarge(total, limit)
    return b"".join(chunks)


def display_path(path: Path | str) -> str:
    """How findings name a path: relative to the working folder when below it, else absolute; bytes
    of a name that are not UTF-8 shown as ``\\xNN``."""
    absolute, here = os.path.abspath(path), os.getcwd()  # both normalised: a prefix test is Path.relative_to's
    if absolute == here:
        return "."
    inside = here if here.endswith(os.sep) else here + os.sep
    return escape_undecodable(absolute[len(inside) :] if absolute.startswith(inside) else absolute)


def escape_undecodable(name: str) -> str:
    """A file name as text that can be printed and encoded: bytes that were not UTF-8 (which Python
    keeps as lone surrogates) shown as ``\\xNN``, as in ``docs/nl/caf\\xe9.md``."""
    if name.isascii():
        return name
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name
