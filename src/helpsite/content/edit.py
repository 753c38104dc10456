"""Surgical front-matter edits: change the lines of the keys you set, and not one byte more.

The YAML is never re-serialised. A key that exists keeps its line, indentation, quoting style and
trailing comment, with only the value replaced; a new key goes on a new line before the closing
``---``. BOM and line endings are kept. Every edit is checked by parsing the result again: all
other keys must read exactly as before. Files are replaced atomically, under a lock.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import yaml

from helpsite.content.parse import load_front_matter

_CLOSING = re.compile(r"(?:-{3}|\.{3})[ \t]*")


class EditError(Exception):
    """The file cannot be edited safely; says why."""


class FrontMatterEditor:
    def __init__(self, data: bytes, name: str = "article") -> None:
        self.name = name
        self.original = data
        self.bom = data.startswith(b"\xef\xbb\xbf")
        try:
            text = data[3 if self.bom else 0 :].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise EditError(f"{name}: not valid UTF-8 (byte {exc.start}); not edited") from None
        self.lines = text.splitlines(keepends=True)
        self.newline = "\r\n" if self.lines and self.lines[0].endswith("\r\n") else "\n"
        normalised = text.replace("\r\n", "\n")
        front = load_front_matter(normalised, name)
        if not front.present:
            raise EditError(f"{name}: has no front matter; not edited")
        if front.problems:
            raise EditError(f"{name}: the front matter cannot be parsed ({front.problems[0].message}); not edited")
        self.meta = front.data
        self.key_lines = {key: meta_key.line for key, meta_key in front.keys.items()}
        self.closing = front.lines[1] if front.lines else 0  # 1-based line of the closing delimiter
        self.changes: dict[str, str] = {}

    def get(self, key: str):
        return self.meta.get(key)

    def set(self, key: str, value: str) -> None:
        if key in self.key_lines:
            start = self.key_lines[key] - 1
            end = self._value_end(start)
            old = self.lines[start]
            self.lines[start:end] = [self._replace_value(old, key, value)]
            shift = 1 - (end - start)
        else:
            line = f"{_plain_key(key)}: {_scalar(value, None)}{self.newline}"
            self.lines.insert(self.closing - 1, line)
            self.key_lines[key] = self.closing
            shift = 1
        if shift:
            edited_line = self.key_lines[key]
            self.key_lines = {k: (n + shift if n > edited_line else n) for k, n in self.key_lines.items()}
            self.closing += shift
        self.changes[key] = value

    def _value_end(self, start: int) -> int:
        """The line after a key's value: multi-line values (lists, block scalars) run to the next key."""
        end = start + 1
        while end < self.closing - 1 and (self.lines[end][:1] in (" ", "\t", "-") or not self.lines[end].strip()):
            end += 1
        return end

    def _replace_value(self, line: str, key: str, value: str) -> str:
        ending = self.newline if line.endswith(("\n", "\r\n")) else ""
        body = line.rstrip("\r\n")
        colon = _key_colon(body)
        if colon is None:
            raise EditError(f"{self.name}: cannot find the value of '{key}' on its line; not edited")
        head, rest = body[: colon + 1], body[colon + 1 :]
        spacing = rest[: len(rest) - len(rest.lstrip(" \t"))] or " "
        old_value, comment = _split_comment(rest.strip())
        quote = old_value[:1] if old_value[:1] in ("'", '"') else None
        return f"{head}{spacing}{_scalar(value, quote)}{comment}{ending}"

    def to_bytes(self) -> bytes:
        text = "".join(self.lines)
        data = (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")
        if self.changes:
            self._verify(text)
        return data

    def _verify(self, text: str) -> None:
        front = load_front_matter(text.replace("\r\n", "\n"), self.name)
        expected = {**self.meta, **self.changes}
        if front.problems or front.data != expected or list(front.data) != list(expected):
            raise EditError(f"{self.name}: the edit would change more than the keys set; not edited")


def _plain_key(key: str) -> str:
    return key if yaml.safe_load(f"{key}: x") == {key: "x"} else json.dumps(key)


def _scalar(value: str, quote: str | None) -> str:
    """The value as YAML text, in the quoting style the old value used where that is safe."""
    if quote == "'":
        return "'" + value.replace("'", "''") + "'"
    if quote is None and _plain_ok(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _plain_ok(value: str) -> bool:
    try:
        return yaml.safe_load(f"k: {value}") == {"k": value} and "#" not in value
    except yaml.YAMLError:
        return False


def _key_colon(line: str) -> int | None:
    """Index of the colon ending the key on a ``key: value`` line (keys may be quoted)."""
    if line[:1] in ('"', "'"):
        close = line.find(line[0], 1)
        while close != -1 and line[0] == "'" and line[close + 1 : close + 2] == "'":
            close = line.find("'", close + 2)
        if close == -1:
            return None
        colon = line.find(":", close)
        return colon if colon != -1 else None
    match = re.search(r":(?=[ \t]|$)", line)
    return match.start() if match else None


def _split_comment(value: str) -> tuple[str, str]:
    """'MT  # note' -> ('MT', '  # note'); a '#' inside quotes is not a comment."""
    quote = None
    for index, char in enumerate(value):
        if quote:
            if char == quote:
                quote = None
        elif char in ("'", '"') and index == 0:
            quote = char
        elif char == "#" and index > 0 and value[index - 1] in " \t":
            cut = index
            while cut > 0 and value[cut - 1] in " \t":
                cut -= 1
            return value[:cut], value[cut:]
    return value, ""


class LockBusy(EditError):
    pass


@contextlib.contextmanager
def locked(path: Path) -> Iterator[int]:
    """An exclusive lock on the file, taken without waiting; the loser is told who holds it.

    The lock is on the inode. After taking it, the path must still name that inode: otherwise
    another writer replaced the file meanwhile, and its new content must be read instead.
    """
    for _ in range(5):
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)  # a named pipe or a link put here meanwhile: no wait, no follow
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise LockBusy(f"{path}: another helpsite process is editing this file; try again") from None
            raise
        if os.fstat(fd).st_ino == os.stat(path).st_ino:
            try:
                yield fd
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
            return
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    raise LockBusy(f"{path}: the file keeps changing under us; try again")


@contextlib.contextmanager
def _temporary_copy(path: Path, data: bytes, mode: int) -> Iterator[str]:
    """``data`` written and synced to a temporary file beside ``path``; removed unless moved away."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        yield temporary
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _sync_folder(folder: Path) -> None:
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace the file in one step: readers see the old file or the new one, never half of one."""
    with _temporary_copy(path, data, os.stat(path).st_mode & 0o7777) as temporary:
        os.replace(temporary, path)
    _sync_folder(path.parent)


def create_new(path: Path, data: bytes) -> None:
    """Write a new file in one step, never replacing one that exists (FileExistsError)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    umask = os.umask(0)
    os.umask(umask)
    with _temporary_copy(path, data, 0o666 & ~umask) as temporary:
        os.link(temporary, path)  # fails if the name exists, where os.replace would overwrite
    _sync_folder(path.parent)
