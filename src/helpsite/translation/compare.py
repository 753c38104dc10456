"""A page as a translator and a reviewer see it: blocks, a translation aligned with its source, what
changed in the source between two of its versions, and how many words that is.

Blocks are what a translator translates one at a time and a reviewer compares: headings,
paragraphs, list items, table rows (the header row too), code blocks and HTML blocks. They come from
pulldown-cmark's events (the parser every check uses), each with its lines in the file and its
Markdown as written. A list item is its own text (with its marker); a paragraph or a list nested in
it are blocks of their own. Words are runs of letters and digits (``don't``, ``e-mail`` are one) in
running text: link and image text count; code, URLs and HTML do not, as CAT tools count them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from helpsite.content.parse import _Locator, markdown_events

_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
# pulldown-cmark's block elements that are one block each; the others (lists, quotes, tables) only hold them.
_LEAVES = {"Heading": "heading", "Paragraph": "paragraph", "CodeBlock": "code", "HtmlBlock": "html", "TableHead": "row", "TableRow": "row"}
_LEVELS = {"H1": 1, "H2": 2, "H3": 3, "H4": 4, "H5": 5, "H6": 6}


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # "heading", "paragraph", "item", "row", "code" or "html"
    text: str  # the Markdown as written (a list item with its marker, a table row with its pipes)
    words: int  # words of running text
    first_line: int  # in the file
    last_line: int
    level: int = 0  # a heading's

    @property
    def label(self) -> str:
        """What the block is, as a reviewer reads it: ``heading 2``, ``list item``, ``table row``."""
        return {"heading": f"heading {self.level}", "item": "list item", "row": "table row", "code": "code block"}.get(self.kind, self.kind)

    @property
    def content(self) -> str:
        """The text without layout: how two versions of a block are told apart (re-wrapping is no change)."""
        return " ".join(self.text.split())

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "level": self.level or None,
            "lines": [self.first_line, self.last_line],
            "words": self.words,
            "text": self.text,
        }


class _Open:
    """A block being read: where it starts, where its text so far ends, its words."""

    __slots__ = ("end", "kind", "level", "start", "took_paragraph", "words")

    def __init__(self, kind: str, start: int, level: int = 0) -> None:
        self.kind, self.start, self.end, self.words, self.level = kind, start, start, 0, level
        self.took_paragraph = False  # a list item's first paragraph is the item's own text


def blocks(body: str, first_line: int = 1) -> list[Block]:
    """The body's blocks, in order (``first_line``: the file line the body starts on)."""
    data = body.encode("utf-8")
    at = _Locator(data, first_line)
    found: list[Block] = []
    current: _Open | None = None
    in_code = False

    def close(end: int | None = None) -> None:
        nonlocal current
        if current is None:
            return
        stop = max(end if end is not None else current.end, current.start)
        text = data[current.start : stop].decode("utf-8", "replace").rstrip()
        if text:
            last = at(max(current.start, stop - 1))[0]
            found.append(Block(current.kind, text, current.words, at(current.start)[0], last, current.level))
        current = None

    value: Any
    details: Any
    for event, span in markdown_events(body):
        kind, value = next(iter(event.items())) if isinstance(event, dict) else (event, None)
        if kind == "Start":
            element, details = next(iter(value.items())) if isinstance(value, dict) else (value, None)
            if element == "Item":
                close()
                current = _Open("item", span["start"])
            elif (
                element == "Paragraph"
                and current is not None
                and current.kind == "item"
                and current.words == 0
                and not current.took_paragraph
            ):
                current.took_paragraph = True  # a loose list's item: its first paragraph is its text
            elif element in _LEAVES:
                close()
                level = _LEVELS.get(details["level"], 0) if element == "Heading" else 0
                current = _Open(_LEAVES[element], span["start"], level)
                in_code = element == "CodeBlock"
            elif element in ("List", "BlockQuote", "Table", "FootnoteDefinition", "DefinitionList"):
                close()
        elif kind == "End":
            element = next(iter(value)) if isinstance(value, dict) else value
            if current is None:
                continue
            if element == "Paragraph" and current.kind == "item" and current.took_paragraph:
                close(span["end"])
            elif element == "Item":
                close()
            elif element in _LEAVES and _LEAVES[element] == current.kind:
                in_code = False
                close(span["end"])
        elif current is not None and kind in ("Text", "Code", "Html", "InlineHtml", "InlineMath", "DisplayMath", "FootnoteReference"):
            current.end = max(current.end, span["end"])
            if kind == "Text" and not in_code:
                current.words += count_words(value)
    close()
    return found


Pair = tuple[Block | None, Block | None]


_ANCHORS = re.compile(r"\]\(([^)\s]+)|`([^`]+)`|(\d+(?:[.,:]\d+)*)")
_BIGGEST_TABLE = 400_000  # cells of the alignment's table; past it (a page of thousands of blocks) blocks pair in order


def align(source: list[Block], translation: list[Block]) -> list[Pair]:
    """The translation's blocks beside the source's, in order: the alignment that pairs the most
    blocks of the same kind (a heading of the same level), and among those the pairs that share the
    most of what translation keeps (link targets, code, numbers). A block one side has and the other
    has not (a section added to the source, a paragraph the translation made a list item) stands
    alone. Of equal alignments, the one that pairs earlier blocks wins (a section added at the end
    of the source leaves the end of the translation short, not its start)."""
    n, m = len(source), len(translation)
    if n * m > _BIGGEST_TABLE:
        common = min(n, m)
        return [
            *zip(source[:common], translation[:common], strict=True),
            *((b, None) for b in source[common:]),
            *((None, b) for b in translation[common:]),
        ]
    hints = [_anchors(b) for b in source], [_anchors(b) for b in translation]
    # score[i][j]: the best alignment of source[:i] with translation[:j].
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, above = score[i], score[i - 1]
        for j in range(1, m + 1):
            pair = above[j - 1] + _similarity(source[i - 1], translation[j - 1], hints[0][i - 1], hints[1][j - 1])
            row[j] = max(pair, above[j], row[j - 1])
    pairs: list[Pair] = []
    i, j = n, m
    while i and j:  # from the end, a gap before a pair when they tie: pairs end up as early as they can
        if score[i][j] == score[i][j - 1]:
            pairs.append((None, translation[j - 1]))
            j -= 1
        elif score[i][j] == score[i - 1][j]:
            pairs.append((source[i - 1], None))
            i -= 1
        else:
            pairs.append((source[i - 1], translation[j - 1]))
            i, j = i - 1, j - 1
    pairs += [(source[k], None) for k in range(i - 1, -1, -1)]
    pairs += [(None, translation[k]) for k in range(j - 1, -1, -1)]
    return pairs[::-1]


def _anchors(block: Block) -> frozenset[str]:
    return frozenset(next(group for group in match.groups() if group) for match in _ANCHORS.finditer(block.text))


def _similarity(source: Block, translation: Block, source_hints: frozenset[str], translation_hints: frozenset[str]) -> float:
    if source.kind != translation.kind:
        return -1.0  # never better than leaving both alone: pairing across kinds would shift everything after
    shared = len(source_hints & translation_hints) / len(source_hints | translation_hints) if source_hints or translation_hints else 0.0
    return (2.0 if source.level == translation.level else 1.0) + shared


@dataclass(frozen=True, slots=True)
class SourceChanges:
    """What changed in the source between hand-off and now, block by block."""

    changed: frozenset[int]  # indexes of the current source's blocks that are new or changed
    removed: tuple[Block, ...]  # blocks of the hand-off text that are gone
    title_changed: bool

    def words(self, current: list[Block], title: str) -> int:
        return sum(current[i].words for i in self.changed) + (count_words(title) if self.title_changed else 0)


def source_changes(old: list[Block], current: list[Block], old_title: str, title: str) -> SourceChanges:
    matcher = SequenceMatcher(None, [b.content for b in old], [b.content for b in current], autojunk=False)
    changed: set[int] = set()
    removed: list[Block] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            changed.update(range(j1, j2))
            removed.extend(old[i1 + (j2 - j1) : i2] if tag == "replace" else old[i1:i2])
    return SourceChanges(frozenset(changed), tuple(removed), " ".join(old_title.split()) != " ".join(title.split()))


@dataclass(frozen=True, slots=True)
class DiffLine:
    kind: str  # "hunk" (a header: where the lines below are), "context", "removed" or "added"
    text: str
    old: int | None = None  # its line in the hand-off text
    new: int | None = None  # its line in the current source

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "old": self.old, "new": self.new, "text": self.text}


def text_diff(old: str, new: str, old_first_line: int, new_first_line: int, context: int = 2) -> list[DiffLine]:
    """A unified diff of two texts, numbered by their lines in their files (``*_first_line``: where
    each text starts); empty when they are equal."""
    before, after = old.splitlines(), new.splitlines()
    lines: list[DiffLine] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        old_start, old_count = old_first_line + first[1], last[2] - first[1]
        new_start, new_count = new_first_line + first[3], last[4] - first[3]
        lines.append(DiffLine("hunk", f"@@ -{old_start},{old_count} +{new_start},{new_count} @@"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [
                    DiffLine("context", before[i], old_first_line + i, new_first_line + j)
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                ]
                continue
            lines += [DiffLine("removed", before[i], old_first_line + i, None) for i in range(i1, i2)]
            lines += [DiffLine("added", after[j], None, new_first_line + j) for j in range(j1, j2)]
    return lines


@dataclass(frozen=True, slots=True)
class Workload:
    """How many source words a translation asks of a translator or reviewer now."""

    words: int
    # "page": the whole source (a page to review); "changed": the new or changed blocks since hand-off
    # (an outdated page whose hand-off text is known); "page, hand-off text unknown": an outdated page
    # whose hand-off text neither git nor a snapshot has, so all of it.
    basis: str
    changed_blocks: int | None = None
    removed_blocks: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"words": self.words, "basis": self.basis, "changed_blocks": self.changed_blocks, "removed_blocks": self.removed_blocks}
