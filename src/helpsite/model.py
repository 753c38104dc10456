"""The data every part of helpsite passes around: articles and findings, as plain values."""

from __future__ import annotations

import enum
import sys
import textwrap
from dataclasses import dataclass, field, fields
from operator import attrgetter
from pathlib import Path
from typing import Any


def pickled_by_fields(cls: type) -> type:
    """``cls`` pickled as its constructor's arguments, in field order.

    A slotted dataclass is otherwise unpickled by ``dataclasses``' own ``__setstate__``, which looks
    up the class's fields again for every object: with the thirty-odd headings, links and keys of an
    article, that was half of what reading a build's parsed articles back cost
    (:mod:`helpsite.run.parsecache`). Calling the constructor is the one Python call left.
    """
    names = [item.name for item in fields(cls)]
    # attrgetter of one name gives the value itself, not a tuple of it
    values = attrgetter(*names) if len(names) > 1 else lambda record: (getattr(record, names[0]),)

    def __reduce__(self: Any) -> tuple:
        return (cls, values(self))

    cls.__reduce__ = __reduce__  # type: ignore[method-assign, assignment]
    return cls


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {name!r}: use info, warning or error") from None

    def __str__(self) -> str:
        return self.name.lower()


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place. ``line``/``column`` are 1-based; None means the whole file or folder."""

    code: str
    severity: Severity
    path: str
    line: int | None
    column: int | None
    message: str
    fix: str | None = None

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.column or 0, self.code, self.message)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """The inverse of as_dict: a finding read back from a JSON report."""
        line, column = data.get("line"), data.get("column")
        return cls(
            str(data["code"]),
            Severity.parse(str(data["severity"])),
            str(data["path"]),
            int(line) if line is not None else None,
            int(column) if column is not None else None,
            str(data["message"]),
            data.get("fix"),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "fix": self.fix,
        }


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class MetaKey:
    """A top-level front-matter key and where it stands in the file."""

    name: str
    value: Any
    line: int
    column: int


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    slug: str  # the id MkDocs' toc gives the heading (or its {#id})
    line: int
    column: int


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Anchor:
    """A fragment a reader can link to: ``page.md#name``."""

    name: str
    kind: str  # "heading", "attr" ({#id}), "html" (<a name>, id="...")
    line: int
    column: int


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Link:
    target: str
    kind: str  # "link", "image", "autolink", "email", "html-href", "html-src"
    text: str
    line: int
    column: int


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class HtmlFragment:
    """Raw HTML as written in the Markdown: a whole HTML block, or one inline tag."""

    text: str
    line: int
    column: int


@pickled_by_fields
@dataclass(slots=True)
class Structure:
    """What a translation must keep from its source, whatever the language."""

    list_items: int = 0
    tables: int = 0
    code_blocks: list[str] = field(default_factory=list)
    bold: list[str] = field(default_factory=list)  # **UI labels**, in order


@pickled_by_fields
@dataclass(slots=True)
class InlineMarks:
    """Where pulldown-cmark reads inline markup in a body, in character offsets into ``text`` (the
    body): what the text checks (TXT) judge. Gathered while the body is parsed, for a body with
    ``**`` or an invisible character only; the text spans and inline starts and ends only when it
    has an invisible character (``spans``)."""

    text: str
    spans: bool = False
    literal_stars: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, paragraph) of stars shown as stars
    strong: list[tuple[int, int]] = field(default_factory=list)  # spans of bold text, ** included
    text_spans: list[tuple[int, int]] = field(default_factory=list)  # text outside code
    starts: set[int] = field(default_factory=set)  # where a link, image, emphasis or code starts
    ends: set[int] = field(default_factory=set)  # ... and ends

    def before(self, offset: int) -> str:
        return self.text[offset - 1] if offset > 0 else "\n"

    def after(self, offset: int) -> str:
        return self.text[offset] if offset < len(self.text) else "\n"


@pickled_by_fields
@dataclass(slots=True)
class Article:
    """One Markdown file, parsed once. Checks read it; nothing re-reads the file."""

    path: Path  # as found on disk
    display_path: str  # how findings name it (relative to where the user ran the command)
    locale: str  # the locale folder it lives in
    relpath: str  # path below the locale folder, POSIX separators
    docs_root: Path | None = None  # the folder holding the locale folders
    meta: dict[str, Any] = field(default_factory=dict)
    meta_keys: dict[str, MetaKey] = field(default_factory=dict)
    has_front_matter: bool = False
    front_matter_lines: tuple[int, int] | None = None  # first and last line of the block, delimiters included
    body: str = ""
    body_line: int = 1  # the file line on which the body starts
    headings: list[Heading] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    html: list[HtmlFragment] = field(default_factory=list)  # raw HTML, for the sanitizer's checks
    prose: str = ""  # running text without code, HTML or URLs, for language detection
    structure: Structure = field(default_factory=Structure)
    marks: InlineMarks | None = None  # for the text checks, when the body has what they look for
    bom: bool = False
    newline: str = "\n"
    size: int = 0
    problems: list[Finding] = field(default_factory=list)  # what parsing found wrong with the file itself

    @property
    def title(self) -> str | None:
        """What MkDocs calls the page: the front matter's title, else the first H1."""
        title = self.meta.get("title")
        if isinstance(title, str) and title.strip():
            return title
        return next((h.text for h in self.headings if h.level == 1), None)

    @property
    def readable(self) -> bool:
        """False when the file could not be read as text at all (so body checks have nothing to say)."""
        return not any(p.code in UNREADABLE_CODES for p in self.problems)

    def line_of(self, key: str) -> int:
        """The line of a front-matter key, or of the front matter's start when the key is absent."""
        found = self.meta_keys.get(key)
        if found:
            return found.line
        return self.front_matter_lines[0] if self.front_matter_lines else 1

    def column_of(self, key: str) -> int:
        found = self.meta_keys.get(key)
        return found.column if found else 1


# Codes after which an Article carries no usable text (declared in helpsite.content.parse).
UNREADABLE_CODES = frozenset({"PARSE001", "PARSE005", "PARSE011"})


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Rule:
    """A finding code, declared once beside the code that emits it (its ``RuleSet``).

    A code is stable: once published it keeps its meaning. ``explanation`` is the text of the
    code's reference page (``helpsite rules CODE`` prints it)."""

    code: str
    name: str
    severity: Severity
    summary: str
    explanation: str
    module: str = ""  # the module that declares (and emits) it

    @property
    def family(self) -> str:
        return self.code.rstrip("0123456789")

    def finding(
        self,
        path: str,
        line: int | None,
        column: int | None,
        message: str,
        *,
        severity: Severity | None = None,
        fix: str | None = None,
    ) -> Finding:
        return Finding(self.code, severity or self.severity, path, line, column, message, fix)


class RuleSet:
    """The rules one module emits. The registry (``helpsite.checks.registry``) indexes every
    module's set, and a check's codes are its module's set: never a list typed by hand."""

    def __init__(self) -> None:
        self.rules: dict[str, Rule] = {}

    def rule(self, code: str, name: str, severity: Severity, summary: str, explanation: str) -> Rule:
        if code in self.rules:
            raise ValueError(f"duplicate rule code {code}")
        module = sys._getframe(1).f_globals.get("__name__", "")
        rule = Rule(code, name, severity, summary, textwrap.dedent(explanation).strip(), module)
        self.rules[code] = rule
        return rule

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(self.rules)

    def __iter__(self):
        return iter(self.rules.values())
