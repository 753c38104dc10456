"""Surgical front-matter edits: change the lines of the keys you set, and not one byte more.

The YAML is never re-serialised. A key that exists keeps its line, indentation, quoting style and
trailing comment, with only the value replaced; a new key goes on a new line before the closing
``---``. Comments and blank lines are kept byte for byte, also those among the lines of a value
that is replaced (a list, a block scalar). BOM and line endings are kept. Every edit is checked by
parsing the result again: all other keys must read exactly as before. Files are replaced
atomically, under a lock, and only if nobody changed them since they were read (compare and swap).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from helpsite.content.parse import MarkPositions, load_front_matter, split_front_matter

_CLOSING = re.compile(r"(?:-{3}|\.{3})[ \t]*")


class EditError(Exception):
    """The file cannot be edited safely; says why."""


@dataclass(frozen=True, slots=True)
class _KeySpan:
    """Where a top-level key stands: its line, the last line of its value, the lines that are the value's text."""

    line: int  # 1-based file lines
    end: int
    content: frozenset[int]  # lines holding the value's text (not comments, blank lines or indicators alone)


class FrontMatterEditor:
    def __init__(self, data: bytes, name: str = "article") -> None:
        self.name = name
        self.original = data
        self.bom = data.startswith(b"\xef\xbb\xbf")
        try:
            text = data[3 if self.bom else 0 :].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise EditError(f"{name}: not valid UTF-8 (byte {exc.start}); not edited") from None
        self.lines = _split_lines(text)
        self.newline = "\r\n" if self.lines and self.lines[0].endswith("\r\n") else "\n"
        normalised = text.replace("\r\n", "\n")
        front = load_front_matter(normalised, name)
        if not front.present:
            raise EditError(f"{name}: has no front matter; not edited")
        if front.problems:
            raise EditError(f"{name}: the front matter cannot be parsed ({front.problems[0].message}); not edited")
        self.meta = front.data
        self.changes: dict[str, str] = {}

    def get(self, key: str):
        return self.meta.get(key)

    def set(self, key: str, value: str) -> None:
        spans, closing, indent = self._spans()
        span = spans.get(key)
        if span is not None:
            start, end = span.line - 1, span.end  # list indexes: the key's line up to the value's last
            # Comments and blank lines among the value's lines are not the value: they stay, after the new line.
            between = enumerate(self.lines[start + 1 : end], span.line + 1)
            kept = [line for number, line in between if number not in span.content and _is_trivia(line)]
            self.lines[start:end] = [self._replace_value(self.lines[start], key, value), *kept]
        else:
            line = f"{indent}{_plain_key(key)}: {_scalar(value, None)}{self.newline}"
            self.lines.insert(closing - 1, line)
        self.changes[key] = value

    def set_body(self, body: str) -> None:
        """Replace everything after the closing ``---`` with ``body`` (LF newlines; written with the file's)."""
        _, closing, _ = self._spans()
        self.lines[closing:] = _split_lines(body.replace("\n", self.newline) if self.newline != "\n" else body)

    def _spans(self) -> tuple[dict[str, _KeySpan], int, str]:
        """The top-level keys written in the front matter as it stands now, its closing line and its keys' indentation."""
        text = "".join(self.lines).replace("\r\n", "\n")
        yaml_text, _, closing, _ = split_front_matter(text)
        if yaml_text is None or not closing:
            raise EditError(f"{self.name}: the front matter cannot be found after the edit; not edited")
        try:
            root = yaml.compose(yaml_text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            raise EditError(f"{self.name}: the edit would change more than the keys set; not edited") from None
        if root is None:
            return {}, closing, ""
        if not isinstance(root, yaml.MappingNode) or root.flow_style:
            raise EditError(f"{self.name}: the front matter is not written as one key per line; not edited")
        at = MarkPositions(yaml_text, first_line=2)
        starts = [at(key_node.start_mark)[0] for key_node, _ in root.value]
        spans: dict[str, _KeySpan] = {}
        for index, (key_node, value_node) in enumerate(root.value):
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue  # a << merge or a complex key: never edited in place
            line = starts[index]
            limit = starts[index + 1] - 1 if index + 1 < len(starts) else closing - 1
            content = {number for number in _content_lines(value_node, at, yaml_text) if line < number <= limit}
            spans[str(key_node.value)] = _KeySpan(line, max(content, default=line), frozenset(content))
        first_key = root.value[0][0].start_mark.column if root.value else 0
        return spans, closing, " " * first_key

    def _replace_value(self, line: str, key: str, value: str) -> str:
        ending = self.newline if line.endswith(("\n", "\r\n")) else ""
        body = line.rstrip("\r\n")
        colon = _key_colon(body)
        if colon is None:
            raise EditError(f"{self.name}: cannot find the value of '{key}' on its line; not edited")
        head, rest = body[: colon + 1], body[colon + 1 :]
        spacing = rest[: len(rest) - len(rest.lstrip(" \t"))] or " "
        old_value, comment = _split_comment(rest.strip())
        if old_value.startswith("#"):  # no value on the key's line, only a comment
            old_value, comment = "", " " + old_value
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


def _split_lines(text: str) -> list[str]:
    """Lines as git and editors count them: ended by LF only (str.splitlines also breaks at U+2028, FF...)."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _is_trivia(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _content_lines(node: yaml.Node, at: MarkPositions, source: str) -> set[int]:
    """The lines that hold a value's own text: each scalar's lines, a flow collection's lines."""
    lines: set[int] = set()
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.ScalarNode) or getattr(current, "flow_style", False):
            first = at(current.start_mark)[0]
            # A block scalar's end mark lies past its trailing blank lines: its text ends at its last visible character.
            end = len(source[: current.end_mark.index].rstrip())
            last = max(first, at.at_index(end)[0]) if end > current.start_mark.index else first
            lines.update(range(first, last + 1))
        elif isinstance(current, yaml.MappingNode):
            stack.extend(item for pair in current.value for item in pair)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return lines


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


class ChangedMeanwhile(EditError):
    """Another writer saved the file between our read and our replace: nothing was written."""


class NotWritable(EditError):
    """The file, or the folder its replacement is made in, may not be written: nothing was written."""


# Called with the path when the new content is on disk beside the file, before the file is compared
# with what was read and replaced: the window in which another writer's save would be lost. Tests
# put a writer here to play that save at exactly that moment; helpsite itself adds nothing.
BEFORE_REPLACE: list[Callable[[Path], None]] = []


@contextlib.contextmanager
def _temporary_copy(path: Path, data: bytes, mode: int) -> Iterator[str]:
    """``data`` written and synced to a temporary file beside ``path``; removed unless moved away."""
    try:
        # The name's start only: a long file name plus the suffix would pass the file system's limit.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:40]}.", suffix=".tmp")
    except OSError as exc:
        raise NotWritable(f"no temporary file can be made in its folder ({exc.strerror or exc}); not changed") from None
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


def replace_unchanged(path: Path, data: bytes, read: bytes) -> None:
    """Replace a writer's file with ``data``, made from ``read``, in one step, unless that would lose something.

    Refused (NotWritable) when the file is read-only or its folder is not writable: a rename would
    replace a read-only file all the same. Refused (ChangedMeanwhile) when the file no longer holds
    ``read``: an editor saved it meanwhile, and replacing it would silently drop that save. The
    comparison is made after the new content is on disk, immediately before the rename; ``locked``
    keeps helpsite's own writers out, this catches everyone else.
    """
    status = os.stat(path)
    if not _writable(path, status):
        raise NotWritable(f"read-only (mode {stat.S_IMODE(status.st_mode):04o}); not changed")
    if not _writable(path.parent, os.stat(path.parent)):
        raise NotWritable("its folder is read-only, so no replacement can be made beside it; not changed")
    with _temporary_copy(path, data, stat.S_IMODE(status.st_mode)) as temporary:
        for hook in BEFORE_REPLACE:
            hook(path)
        if not _holds(path, read):
            raise ChangedMeanwhile("changed since it was read; nothing written")
        os.replace(temporary, path)
    _sync_folder(path.parent)


def _writable(path: Path, status: os.stat_result) -> bool:
    """Whether the mode lets us write: for root, which may write anything, whether it lets anyone."""
    if os.geteuid() == 0:
        return bool(status.st_mode & 0o222)
    return os.access(path, os.W_OK)


def _holds(path: Path, expected: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``expected`` (read no further than one byte past it)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a named pipe put here meanwhile must not block us
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        chunks, wanted = [], len(expected) + 1
        while wanted > 0:
            chunk = os.read(fd, min(wanted, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks) == expected
    finally:
        os.close(fd)


def write_whole(path: Path, data: bytes) -> None:
    """A file of helpsite's own (a cache) written in one step, made new or replacing the last one."""
    try:
        create_new(path, data)
    except FileExistsError:
        atomic_write(path, data)


def create_new(path: Path, data: bytes) -> None:
    """Write a new file in one step, never replacing one that exists (FileExistsError)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    umask = os.umask(0)
    os.umask(umask)
    with _temporary_copy(path, data, 0o666 & ~umask) as temporary:
        os.link(temporary, path)  # fails if the name exists, where os.replace would overwrite
    _sync_folder(path.parent)
