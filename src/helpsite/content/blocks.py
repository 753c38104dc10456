"""An article's body as blocks of translatable text: one unit per heading, paragraph, list item or table cell.

Each block is a run of inline Markdown split into text and **codes**: the Markdown a translator
must keep but never edit (``**`` around bold text, ``[`` and ``](url)`` around a link's text, a
code span, an HTML tag, DocFX syntax such as ``[!INCLUDE ...]`` or ``:::image ...:::``). Codes
come in pairs (around text) or stand alone. What a block begins or ends with that is only codes
(``<a name="x"></a>`` before a heading's text, ``[!NOTE]`` on a note's first line, ``**`` around
a paragraph that is all bold) stays outside the block: translators see only what they translate.

Everything else of the body (list markers, ``>``, table pipes, code blocks, HTML blocks, blank
lines) is the skeleton: ``rebuild`` puts translated text into it, and ``verify`` says whether a
rebuilt body still has the source's blocks with the source's codes.

Offsets are byte offsets into the UTF-8 body, as pulldown-cmark gives them.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from helpsite.content.parse import markdown_events

# DocFX syntax inside a line: includes, alert/div/video markers, inline directives, a line that is a directive.
DOCFX_INLINE = re.compile(
    rb"\[!INCLUDE\s*\[[^\]\n]*\]\([^)\n]*\)\s*\]"
    rb"|\[![^\[\]\n]*\]"
    rb"|:::[^\n]*?:::+"
    rb"|(?m:^[ \t]*:::[^\n]*$)",
    re.IGNORECASE,
)
_INLINE_CONTAINERS = {"Strong": "bold", "Emphasis": "italic", "Strikethrough": "strike", "Link": "link", "Image": "image"}
_TEXT_BLOCKS = {"Paragraph", "Heading", "TableCell", "Item"}
_LEVELS = {"H1": 1, "H2": 2, "H3": 3, "H4": 4, "H5": 5, "H6": 6}
_LETTER = re.compile(r"[^\W\d_]")
_SPACES = re.compile(r"\s+")
ID_PREFIX = {"heading": "h", "paragraph": "p", "list-item": "li", "table-cell": "td", "quote": "q", "footnote": "fn"}


@dataclass(frozen=True, slots=True)
class Code:
    """Markdown a translator keeps as it is. ``role`` is "ph" (standing alone), "open" or "close" (of a pair, one ``id``)."""

    id: int
    role: str
    native: str
    kind: str  # bold, italic, strike, link, image (pairs); code, html, docfx, break, footnote, markup (alone)


Piece = str | Code


@dataclass(frozen=True, slots=True)
class Block:
    id: str  # stable: the same text in the same kind of block has the same id in every export
    kind: str  # heading, paragraph, list-item, table-cell, quote, footnote
    level: int  # a heading's level, else 0
    start: int  # byte range in the body of what is translated
    end: int
    line: int  # file line of the start
    pieces: tuple[Piece, ...]
    codes: tuple[str, ...]  # every code of the block's whole run (edges included), sorted: what verify compares

    @property
    def text(self) -> str:
        """The block as Markdown (codes as they are written)."""
        return render(self.pieces)

    @property
    def words(self) -> int:
        return sum(len(piece.split()) for piece in self.pieces if isinstance(piece, str))

    def code(self, number: int) -> list[Code]:
        return [piece for piece in self.pieces if isinstance(piece, Code) and piece.id == number]


def render(pieces: Iterable[Piece]) -> str:
    return "".join(piece.native if isinstance(piece, Code) else piece for piece in pieces)


@dataclass(slots=True)
class _Token:
    kind: str  # "text", "soft", "open", "close", "ph"
    start: int
    end: int
    native: bytes = b""
    what: str = ""
    pair: int = -1  # open and close of one container share it


def segment(body: str, first_line: int = 1) -> list[Block]:
    """The translatable blocks of a body, in order."""
    data = body.encode("utf-8")
    runs: list[tuple[str, int, list[tuple[str, Any, int, int]]]] = []  # (kind, level, inline events)
    stack: list[str] = []
    heading_level = 0
    run: list[tuple[str, Any, int, int]] = []

    def flush() -> None:
        nonlocal run
        if run and stack:
            runs.append((_kind_of(stack), heading_level, run))
        run = []

    value: Any  # an event's payload has the shape its kind gives it (pyromark.event)
    details: Any
    for event, span in markdown_events(body):
        kind, value = next(iter(event.items())) if isinstance(event, dict) else (event, None)
        start, end = span["start"], span["end"]
        if kind in ("Start", "End"):
            name, details = next(iter(value.items())) if isinstance(value, dict) else (value, None)
            if name in _INLINE_CONTAINERS:
                if stack and stack[-1] in _TEXT_BLOCKS:
                    run.append((kind, (name, details), start, end))
                continue
            flush()
            if kind == "Start":
                stack.append(name)
                if name == "Heading":
                    heading_level = _LEVELS[details["level"]]
            elif stack:
                stack.pop()
            continue
        if stack and stack[-1] in _TEXT_BLOCKS:
            run.append((kind, value, start, end))
    flush()

    blocks: list[Block] = []
    seen: Counter[str] = Counter()
    starts = _line_starts(data)
    for kind, level, events in runs:
        tokens = _tokens(data, events)
        if not tokens:
            continue
        all_codes = tuple(sorted(t.native.decode("utf-8", "replace") for t in tokens if t.kind in ("open", "close", "ph")))
        tokens = _trim(tokens)
        pieces = _pieces(data, tokens)
        text = "".join(p for p in pieces if isinstance(p, str))
        if not _LETTER.search(text):
            continue  # nothing to translate: numbers, symbols, only codes
        kind_level = level if kind == "heading" else 0
        digest = hashlib.sha1(f"{kind}{kind_level}\0{_SPACES.sub(' ', render(pieces)).strip()}".encode()).hexdigest()[:10]
        ident = f"{ID_PREFIX[kind]}{kind_level or ''}-{digest}"
        seen[ident] += 1
        if seen[ident] > 1:
            ident += f"-{seen[ident]}"
        line = first_line + _line_index(starts, tokens[0].start)
        blocks.append(Block(ident, kind, kind_level, tokens[0].start, tokens[-1].end, line, pieces, all_codes))
    return blocks


def _kind_of(stack: list[str]) -> str:
    top = stack[-1]
    if top == "Heading":
        return "heading"
    if top == "TableCell":
        return "table-cell"
    parent = stack[-2] if len(stack) > 1 else ""
    if top == "Item" or parent == "Item":
        return "list-item"
    if "FootnoteDefinition" in stack:
        return "footnote"
    if "BlockQuote" in stack:
        return "quote"
    return "paragraph"


def _tokens(data: bytes, events: list[tuple[str, Any, int, int]]) -> list[_Token]:
    tokens: list[_Token] = []
    frames: list[_Token] = []  # open tokens of the containers being read, innermost last
    closers: dict[int, int] = {}  # id(open) -> container's end
    position = events[0][2]
    pending_open: _Token | None = None  # an open token whose native ends where its first child starts
    after = ""  # "soft" or "hard" when the previous token was a line break
    pairs = 0

    def begin(at: int) -> None:
        """What lies between the last token and one starting at ``at``: an open's native, a line's prefix, an escape."""
        nonlocal pending_open, position
        if pending_open is not None:
            pending_open.end = at
            pending_open.native = data[pending_open.start : at]
            pending_open = None
        elif at > position:
            gap = data[position:at]
            if after == "soft":
                pass  # the next line's prefix (">", indentation): the break becomes a space
            elif after == "hard":
                tokens[-1].native += gap  # the break keeps the next line's prefix
                tokens[-1].end = at
            elif not gap.strip(b"\\ \t"):
                tokens.append(_Token("text", position, at, gap))  # the backslash of an escape, spaces before a break
            else:
                tokens.append(_Token("ph", position, at, gap, "markup"))
        position = at

    for kind, value, start, end in events:
        if kind == "Start":
            name, details = value
            begin(start)
            autolink = name == "Link" and details["link_type"] in ("Autolink", "Email")
            token = _Token("open", start, start, what="autolink" if autolink else _INLINE_CONTAINERS[name], pair=pairs)
            pairs += 1
            tokens.append(token)
            frames.append(token)
            closers[id(token)] = end
            pending_open = token
            after = ""
            continue
        if kind == "End":
            opened = frames.pop()
            stop = closers[id(opened)]
            if pending_open is opened:  # no child: the whole container is one code
                opened.kind, opened.end, opened.native = "ph", stop, data[opened.start : stop]
                pending_open = None
            else:
                begin(position)
                tokens.append(_Token("close", position, stop, data[position:stop], opened.what, opened.pair))
            position, after = stop, ""
            continue
        begin(start)
        if kind == "Text":
            tokens.append(_Token("text", start, end, data[start:end]))
        elif kind == "SoftBreak":
            tokens.append(_Token("soft", start, end, data[start:end]))
        elif kind == "HardBreak":
            tokens.append(_Token("ph", start, end, data[start:end], "break"))
        else:  # Code, InlineHtml, FootnoteReference, TaskListMarker
            what = {"Code": "code", "InlineHtml": "html", "FootnoteReference": "footnote"}.get(kind, "markup")
            tokens.append(_Token("ph", start, end, data[start:end], what))
        position = end
        after = {"SoftBreak": "soft", "HardBreak": "hard"}.get(kind, "")
    tokens = _autolinks(tokens, data)
    return _docfx(tokens, data)


def _autolinks(tokens: list[_Token], data: bytes) -> list[_Token]:
    """An autolink's text is its URL: the whole link is one code."""
    out: list[_Token] = []
    skipping = -1
    for token in tokens:
        if skipping >= 0:
            if token.kind == "close" and token.pair == skipping:
                out[-1].end, out[-1].native = token.end, data[out[-1].start : token.end]
                skipping = -1
            continue
        if token.kind == "open" and token.what == "autolink":
            out.append(_Token("ph", token.start, token.end, b"", "link"))
            skipping = token.pair
            continue
        out.append(token)
    return out


def _docfx(tokens: list[_Token], data: bytes) -> list[_Token]:
    """DocFX syntax is one code, whatever Markdown read inside it (``[!INCLUDE [x](y)]`` holds a link)."""
    if not tokens:
        return tokens
    begin, finish = tokens[0].start, tokens[-1].end
    if b"[!" not in data[begin:finish] and b":::" not in data[begin:finish]:
        return tokens
    for match in DOCFX_INLINE.finditer(data, begin, finish):
        low, high = match.start(), match.end()
        while data[low : low + 1] in (b" ", b"\t"):
            low += 1  # a directive's line starts with its indentation, which is the skeleton's
        if any(t.kind == "ph" and t.what == "code" and t.start <= low < t.end for t in tokens):
            continue  # written inside a code span: text about the syntax, not the syntax
        while True:  # take in whole any pair or code it cuts through
            grown_low, grown_high = low, high
            for token in tokens:
                if token.kind in {"text", "soft"} or token.end <= low or token.start >= high:
                    continue
                grown_low, grown_high = min(grown_low, token.start), max(grown_high, token.end)
                if token.kind in ("open", "close"):
                    partner = next(t for t in tokens if t.pair == token.pair and t is not token)
                    grown_low, grown_high = min(grown_low, partner.start), max(grown_high, partner.end)
            if (grown_low, grown_high) == (low, high):
                break
            low, high = grown_low, grown_high
        kept: list[_Token] = []
        placed = False
        for token in tokens:
            if token.end <= low or token.start >= high:
                if token.start >= high and not placed:
                    kept.append(_Token("ph", low, high, data[low:high], "docfx"))
                    placed = True
                kept.append(token)
                continue
            if token.kind == "text" and token.start < low:
                kept.append(_Token("text", token.start, low, data[token.start : low]))
            if not placed:
                kept.append(_Token("ph", low, high, data[low:high], "docfx"))
                placed = True
            if token.kind == "text" and token.end > high:
                kept.append(_Token("text", high, token.end, data[high : token.end]))
        if not placed:
            kept.append(_Token("ph", low, high, data[low:high], "docfx"))
        tokens = kept
    return tokens


def _trim(tokens: list[_Token]) -> list[_Token]:
    """Leave out what a block starts or ends with that a translator has nothing to do with."""
    while True:
        before = len(tokens)
        while tokens and (tokens[0].kind in ("ph", "soft") or (tokens[0].kind == "text" and not tokens[0].native.strip())):
            tokens = tokens[1:]
        while tokens and (tokens[-1].kind in ("ph", "soft") or (tokens[-1].kind == "text" and not tokens[-1].native.strip())):
            tokens = tokens[:-1]
        if len(tokens) >= 2 and tokens[0].kind == "open" and tokens[-1].kind == "close" and tokens[0].pair == tokens[-1].pair:
            tokens = tokens[1:-1]
        if len(tokens) == before:
            break
    # Spaces at the edges stay in the skeleton too.
    if tokens and tokens[0].kind == "text":
        head = tokens[0]
        stripped = head.native.lstrip()
        tokens[0] = _Token("text", head.end - len(stripped), head.end, stripped)
    if tokens and tokens[-1].kind == "text":
        tail = tokens[-1]
        stripped = tail.native.rstrip()
        tokens[-1] = _Token("text", tail.start, tail.start + len(stripped), stripped)
    return tokens


def _pieces(data: bytes, tokens: list[_Token]) -> tuple[Piece, ...]:
    numbers: dict[int, int] = {}
    pieces: list[Piece] = []
    count = 0
    for token in tokens:
        if token.kind in ("text", "soft"):
            text = " " if token.kind == "soft" else token.native.decode("utf-8", "replace")
            if pieces and isinstance(pieces[-1], str):
                pieces[-1] += text
            else:
                pieces.append(text)
            continue
        if token.kind == "close":
            number = numbers[token.pair]
        else:
            count += 1
            number = count
            if token.kind == "open":
                numbers[token.pair] = number
        pieces.append(Code(number, token.kind, token.native.decode("utf-8", "replace"), token.what))
    return tuple(pieces)


def _line_starts(data: bytes) -> list[int]:
    starts = [0]
    at = data.find(b"\n")
    while at != -1:
        starts.append(at + 1)
        at = data.find(b"\n", at + 1)
    return starts


def _line_index(starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return bisect_right(starts, offset) - 1


def rebuild(body: str, blocks: Sequence[Block], translations: dict[str, Sequence[Piece]]) -> str:
    """The body with each block whose id ``translations`` has replaced by its translation."""
    data = body.encode("utf-8")
    parts: list[bytes] = []
    position = 0
    for block in sorted(blocks, key=lambda b: b.start):
        if block.id not in translations:
            continue
        parts.append(data[position : block.start])
        parts.append(_as_written(translations[block.id]).encode("utf-8"))
        position = block.end
    parts.append(data[position:])
    return b"".join(parts).decode("utf-8")


def _as_written(pieces: Sequence[Piece]) -> str:
    """A translation as Markdown: its text on one line (a translator's line break could start a new block), codes as they are."""
    out = [piece.native if isinstance(piece, Code) else _SPACES.sub(" ", piece) for piece in pieces]
    if out and isinstance(pieces[0], str):
        out[0] = out[0].lstrip()
    if out and isinstance(pieces[-1], str):
        out[-1] = out[-1].rstrip()
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Mismatch:
    block: str  # the source block's id
    message: str


def verify(source: Sequence[Block], rebuilt_body: str) -> list[Mismatch]:
    """Whether a rebuilt body has the source's blocks, in order, each with the source's codes."""
    rebuilt = segment(rebuilt_body)
    problems: list[Mismatch] = []
    for index, block in enumerate(source):
        if index >= len(rebuilt):
            problems.append(Mismatch(block.id, "the translation ends before this block: a block was merged into another"))
            break
        other = rebuilt[index]
        if other.kind != block.kind or other.level != block.level:
            problems.append(Mismatch(block.id, f"the translation makes this {block.kind} a {other.kind}: its text starts a new block"))
            break
        if other.codes != block.codes:
            missing = Counter(block.codes) - Counter(other.codes)
            extra = Counter(other.codes) - Counter(block.codes)
            said = [f"missing {', '.join(map(repr, missing))}"] if missing else []
            said += [f"Markdown the source does not have: {', '.join(map(repr, extra))}"] if extra else []
            problems.append(Mismatch(block.id, "; ".join(said)))
    if not problems and len(rebuilt) > len(source):
        last = source[-1].id if source else ""
        problems.append(Mismatch(last, "the translation has more blocks than the source: its text starts a new block"))
    return problems
