"""scan_body as it was before its walk was made faster (commit 47489bf): the oracle that
tests/unit/test_fast_paths.py compares the walk with over generated Markdown. When scan_body's
results change on purpose, change this copy with it (or delete it and its test)."""

from __future__ import annotations

from typing import Any

from helpsite.content.parse import (
    _BLANK_LINE,
    _DEFAULTS,
    _HTML_ATTR,
    _HTML_TAG,
    _INLINE,
    _LEVELS,
    _PARAGRAPH,
    _REBUILT,
    _ROLES,
    INVISIBLE,
    MAX_REBUILT_BYTES,
    Body,
    _Locator,
    _marks_in_characters,
    _slug_headings,
    _Utf8Offsets,
    docfx_image_sources,
    markdown_events,
)
from helpsite.model import Anchor, HtmlFragment, InlineMarks, Link, Structure

_MARKED_INLINE = ("Link", "Image", "Strong", "Emphasis", "Strikethrough")
_MARKED_BLOCKS = ("Paragraph", "Item", "TableCell", "Heading")


def scan_body(
    body: str, first_line: int, slug_separator: str = "-", max_nesting_depth: int | None = None, *, gather_marks: bool | None = None
) -> Body:
    """What the checks need of a body, in one pass over pulldown-cmark's events. ``gather_marks``: the
    InlineMarks the text checks read (by default for a body with ``**`` or an invisible character),
    gathered here so that they need no second pass: turning the events into Python objects and
    walking them is most of the cost of parsing an article."""
    data = body.encode("utf-8")
    at = _Locator(data, first_line)
    headings: list[dict[str, Any]] = []  # slugged into Headings at the end, as Python-Markdown does
    anchors: list[Anchor] = []
    links: list[Link] = []
    fragments: list[HtmlFragment] = []
    prose: list[str] = []

    heading: dict[str, Any] | None = None
    open_links: list[dict[str, Any]] = []  # links/images being read, innermost last
    in_code_block = 0
    structure = Structure()
    code: list[str] = []
    bold: list[str] | None = None
    nesting = 0  # blocks and inline elements (_ROLES) open around the event
    max_nesting = max_nesting_depth if max_nesting_depth is not None else _DEFAULTS.max_nesting_depth
    too_deep: tuple[int, int, str] | None = None
    # What Python-Markdown scans again and copies, on the whole page: it rebuilds a paragraph's whole
    # text for each link, emphasis or code span in it (80,000 links on a line of 1 MB are 40 GB of
    # copying), and splits a block at each heading or rule in it and scans the rest again.
    rebuilt = 0
    paragraphs: list[int] = []  # the lengths of the paragraphs, headings, cells and items open
    block_start = block_end = 0  # of the headings and rules since the last blank line

    in_comment = False  # an HTML block arrives line by line, so a comment may span chunks
    # The text checks' marks, in byte offsets until the end: outside code, each paragraph-like
    # block's number, the stars shown as stars and the bold spans; with an invisible character
    # in the body also every text span and where inline elements start and end.
    spans = INVISIBLE.search(body) is not None
    gather = ("**" in body or spans) if gather_marks is None else gather_marks
    marks = InlineMarks(body, spans=spans) if gather else None
    paragraph = 0

    def html_chunk(start: int, end: int) -> None:
        # What an HTML comment holds is not on the page: no link, image or anchor in it counts.
        nonlocal in_comment
        raw = data[start:end]
        if not in_comment and b"=" not in raw and b"<!--" not in raw:
            return  # no attribute value to read (an end tag, a bare tag) and no comment opening
        chunk = raw.decode("utf-8", "replace")
        position = 0
        while position < len(chunk):
            if in_comment:
                close = chunk.find("-->", position)
                if close == -1:
                    return
                position, in_comment = close + 3, False
            opening = chunk.find("<!--", position)
            html_tags(chunk, start, position, len(chunk) if opening == -1 else opening)
            if opening == -1:
                return
            position, in_comment = opening + 4, True

    def html_tags(chunk: str, start: int, begin: int, stop: int) -> None:
        byte_offset = _Utf8Offsets(chunk)
        for tag in _HTML_TAG.finditer(chunk, begin, stop):
            name = tag.group(1).lower()
            attrs_start = tag.start(2)
            for attr in _HTML_ATTR.finditer(tag.group(2)):
                attr_name = attr.group(1).lower()
                value = next(v for v in attr.groups()[1:] if v is not None)
                line, column = at(start + byte_offset(attrs_start + attr.start(1)))
                if attr_name == "href" and name in ("a", "link", "area"):
                    links.append(Link(value, "html-href", "", line, column))
                elif attr_name == "src" and name in ("img", "source", "video", "audio", "iframe", "script", "embed"):
                    links.append(Link(value, "html-src", "", line, column))
                elif attr_name == "id" or (attr_name == "name" and name == "a"):
                    anchors.append(Anchor(value, "html", line, column))

    def docfx_images(text: str, start: int) -> None:
        # :::image source="..." is a paragraph's text to CommonMark, but an image to DocFX and to readers.
        byte_offset = _Utf8Offsets(text)
        for match in docfx_image_sources(text):
            line, column = at(start + byte_offset(match.start(1)))
            links.append(Link(match.group(1), "image", "", line, column))

    def split_block(span: Any, block_start: int, block_end: int, rebuilt: int, too_deep: tuple[int, int, str] | None):
        # A heading or rule: Python-Markdown splits its block there and scans the rest again, unless a
        # blank line came since the last one (a block of its own).
        start = span["start"]
        if block_end and not _BLANK_LINE.search(data, block_end - 1, start):
            rebuilt += start - block_start
            if rebuilt > MAX_REBUILT_BYTES and too_deep is None:
                too_deep = (*at(start), f"headings and rules without a blank line between them {_REBUILT}")
        else:
            block_start = start
        return block_start, span["end"], rebuilt, too_deep

    # An event's payload (and a Start's details) has the shape its kind gives it (pyromark.event).
    value: Any
    details: Any
    for event, span in markdown_events(body):
        if isinstance(event, dict):
            kind, value = next(iter(event.items()))
        else:
            kind, value = event, None
        if kind in ("Text", "Code"):
            if kind == "Code" and paragraphs:
                rebuilt += paragraphs[-1]
            if in_code_block:
                code.append(value)
            if bold is not None:
                bold.append(value)
            if heading is not None:
                heading["text"].append(value)
            if open_links:
                open_links[-1]["text"].append(value)
            if kind == "Text" and not in_code_block:
                if not (open_links and open_links[-1]["kind"] in ("autolink", "email")):
                    prose.append(value)
                if ":::" in value:
                    docfx_images(value, span["start"])
            if marks is not None and not in_code_block:
                start, end = span["start"], span["end"]
                if kind == "Code":
                    if spans:
                        marks.starts.add(start)
                        marks.ends.add(end)
                else:
                    if spans:
                        marks.text_spans.append((start, end))
                    if value == "*" and end - start == 1:  # a star shown as a star (an escaped one spans two)
                        stars = marks.literal_stars
                        if stars and stars[-1][1] == start and stars[-1][2] == paragraph:
                            stars[-1] = (stars[-1][0], end, paragraph)
                        else:
                            stars.append((start, end, paragraph))
        elif kind == "Start":
            block, details = next(iter(value.items())) if isinstance(value, dict) else (value, None)
            if marks is not None and not in_code_block:
                if block in _MARKED_BLOCKS:
                    paragraph += 1
                elif spans and block in _MARKED_INLINE:
                    marks.starts.add(span["start"])
            role = _ROLES.get(block)
            if role is _PARAGRAPH:
                paragraphs.append(span["end"] - span["start"])
            elif role is not None:
                nesting += 1
                if nesting > max_nesting and too_deep is None:
                    too_deep = (*at(span["start"]), f"lists, blockquotes, emphasis or links nest more than {max_nesting} deep")
                if role is _INLINE and paragraphs:
                    rebuilt += paragraphs[-1]
                    if rebuilt > MAX_REBUILT_BYTES and too_deep is None:
                        too_deep = (*at(span["start"]), f"links, emphasis and code spans in long paragraphs {_REBUILT}")
            if block == "Heading":
                block_start, block_end, rebuilt, too_deep = split_block(span, block_start, block_end, rebuilt, too_deep)
                line, column = at(span["start"])
                heading = {"level": _LEVELS[details["level"]], "id": details["id"], "text": [], "line": line, "column": column}
            elif block in ("Link", "Image"):
                link_type = details["link_type"]
                kind_name = "image" if block == "Image" else {"Autolink": "autolink", "Email": "email"}.get(link_type, "link")
                line, column = at(span["start"])
                open_links.append({"target": details["dest_url"], "kind": kind_name, "text": [], "line": line, "column": column})
            elif block == "CodeBlock":
                in_code_block += 1
                code = []
            elif block == "Item":
                structure.list_items += 1
            elif block == "Table":
                structure.tables += 1
            elif block == "Strong":
                bold = []
            elif block == "HtmlBlock":  # one fragment: the sanitizer judges a block as a whole, as a browser parses it
                line, column = at(span["start"])
                fragments.append(HtmlFragment(data[span["start"] : span["end"]].decode("utf-8", "replace"), line, column))
        elif kind == "End":
            block = next(iter(value)) if isinstance(value, dict) else value
            if marks is not None and not in_code_block and block in _MARKED_INLINE:
                if spans:
                    marks.ends.add(span["end"])
                if block == "Strong":
                    marks.strong.append((span["start"], span["end"]))
            role = _ROLES.get(block)
            if role is _PARAGRAPH:
                paragraphs.pop()
            elif role is not None:
                nesting -= 1
            if block == "Heading" and heading is not None:
                headings.append(heading)
                heading = None
                prose.append("\n")
            elif block in ("Link", "Image") and open_links:
                item = open_links.pop()
                links.append(Link(item["target"], item["kind"], "".join(item["text"]), item["line"], item["column"]))
            elif block == "CodeBlock":
                in_code_block -= 1
                structure.code_blocks.append("".join(code))
            elif block == "Strong" and bold is not None:
                structure.bold.append("".join(bold).strip())
                bold = None
            elif block in ("Paragraph", "Item", "TableCell"):
                prose.append("\n")
        elif kind in ("Html", "InlineHtml"):
            if kind == "InlineHtml" and paragraphs:
                rebuilt += paragraphs[-1]
            html_chunk(span["start"], span["end"])
            if kind == "InlineHtml":
                line, column = at(span["start"])
                fragments.append(HtmlFragment(value, line, column))
        elif kind == "Rule":
            block_start, block_end, rebuilt, too_deep = split_block(span, block_start, block_end, rebuilt, too_deep)
        elif kind in ("SoftBreak", "HardBreak"):
            if heading is not None:
                heading["text"].append(" ")
            prose.append(" ")

    marks = _marks_in_characters(marks, data) if marks is not None else None
    return Body(_slug_headings(headings, anchors, slug_separator), anchors, links, fragments, "".join(prose), structure, too_deep, marks)
