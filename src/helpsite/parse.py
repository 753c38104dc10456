"""File -> Article: front matter with key positions, headings and anchors, links and images.

Everything here is positional: a finding must point at the line and column a writer sees in
their editor. CRLF files keep their line numbers (the parser normalises newlines but never adds or
removes lines), a BOM is not counted as a column.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyromark
import yaml
from markdown.extensions.toc import slugify as toc_slugify
from markdown.extensions.toc import unique as toc_unique

from . import registry as R
from .model import Anchor, Article, Finding, Heading, Link, MetaKey, Structure

DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024
# A front matter block of a help article has a few dozen values; even generous hand-written YAML
# stays far below this. Anything above is an alias expansion attack or a mistake.
MAX_YAML_NODES = 10_000

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# MkDocs' own rule (mkdocs.utils.meta.YAML_RE): the block must open on the very first line.
_OPENING = re.compile(r"-{3}[ \t]*\n")
_CLOSING = re.compile(r"^(?:-{3}|\.{3})[ \t]*\n", re.MULTILINE)

_MD_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_HEADING_ATTRIBUTES
)
_HTML_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)\b([^<>]*)>", re.DOTALL)
_HTML_ATTR = re.compile(r"""([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_DOCFX_IMAGE_SOURCE = re.compile(r':::\s*image\b[^\n]*?\bsource\s*=\s*"([^"]*)"', re.IGNORECASE)
_LEVELS = {"H1": 1, "H2": 2, "H3": 3, "H4": 4, "H5": 5, "H6": 6}


@dataclass(slots=True)
class ParseOptions:
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    slug_separator: str = "-"


# ---------------------------------------------------------------------------------------------
# Reading bytes into text


def decode(data: bytes, display_path: str) -> tuple[str, bool, str, list[Finding]]:
    """Bytes -> (text with LF newlines, had BOM, original newline, findings)."""
    problems: list[Finding] = []
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
        problems.append(R.BOM.finding(display_path, 1, 1, "file starts with a UTF-8 byte-order mark"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        problems.append(
            R.INVALID_UTF8.finding(
                display_path, line, column, f"invalid UTF-8 byte 0x{data[exc.start]:02x}; read with U+FFFD in its place"
            )
        )
        text = data.decode("utf-8", "replace")
    newline = "\n"
    if "\r" in text:
        if "\r\n" in text:
            newline = "\r\n"
            first = text.index("\r\n")
            line = text.count("\n", 0, first) + 1
            problems.append(R.CRLF.finding(display_path, line, None, "Windows (CRLF) line endings"))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, bom, newline, problems


# ---------------------------------------------------------------------------------------------
# Front matter


@dataclass(slots=True)
class FrontMatter:
    present: bool
    data: dict[str, Any]
    keys: dict[str, MetaKey]
    lines: tuple[int, int] | None  # first and last file line of the block, delimiters included
    body: str
    body_line: int
    problems: list[Finding]


def split_front_matter(text: str) -> tuple[str | None, str, int, int]:
    """-> (YAML text or None, body, line of the closing delimiter, line the body starts on).

    The YAML text is None when there is no block; the closing line is 0 when the block is not closed.
    """
    opening = _OPENING.match(text)
    if not opening:
        return None, text, 0, 1
    closing = _CLOSING.search(text, opening.end())
    if not closing:
        return text[opening.end() :], "", 0, text.count("\n") + 2
    closing_line = text.count("\n", 0, closing.start()) + 1
    return text[opening.end() : closing.start()], text[closing.end() :], closing_line, closing_line + 1


def load_front_matter(text: str, display_path: str) -> FrontMatter:
    yaml_text, body, closing_line, body_line = split_front_matter(text)
    if yaml_text is None:
        return FrontMatter(False, {}, {}, None, body, body_line, [])
    if not closing_line:
        problem = R.UNCLOSED.finding(
            display_path, 1, 1, "front matter opened with '---' on line 1 is never closed by a '---' line"
        )
        return FrontMatter(True, {}, {}, (1, 1), "", body_line, [problem])
    data, keys, problems = _load_yaml(yaml_text, first_line=2, display_path=display_path)
    return FrontMatter(True, data, keys, (1, closing_line), body, body_line, problems)


def _mark_position(mark: Any, first_line: int) -> tuple[int, int]:
    if mark is None:
        return first_line, 1
    return first_line + mark.line, mark.column + 1


def _load_yaml(source: str, first_line: int, display_path: str) -> tuple[dict, dict[str, MetaKey], list[Finding]]:
    loader = _SafeLoader(source)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}, []
        # Only an alias (*name) can make the graph expand; most front matter has none.
        if "*" in source and _expanded_size(node) > MAX_YAML_NODES:
            line, column = _mark_position(node.start_mark, first_line)
            return {}, {}, [
                R.ALIAS_BOMB.finding(
                    display_path, line, column,
                    f"front matter expands to more than {MAX_YAML_NODES:,} values through aliases; rejected",
                )
            ]
        if not isinstance(node, yaml.MappingNode):
            line, column = _mark_position(node.start_mark, first_line)
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
            return {}, {}, [R.NOT_MAPPING.finding(display_path, line, column, f"front matter is {kind}, not key: value pairs")]
        data = loader.construct_document(node)
    except yaml.constructor.ConstructorError as exc:
        line, column = _mark_position(exc.problem_mark, first_line)
        tag = _tag_in(exc)
        if tag:
            return {}, {}, [R.YAML_TAG.finding(display_path, line, column, f"YAML tag {tag} is not allowed in front matter")]
        return {}, {}, [R.YAML_SYNTAX.finding(display_path, line, column, f"front matter: {exc.problem}")]
    except yaml.YAMLError as exc:
        line, column = _mark_position(getattr(exc, "problem_mark", None), first_line)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return {}, {}, [R.YAML_SYNTAX.finding(display_path, line, column, f"front matter is not valid YAML: {problem}")]
    except (RecursionError, MemoryError):
        return {}, {}, [R.YAML_SYNTAX.finding(display_path, first_line, 1, "front matter is nested too deeply to read")]
    finally:
        loader.dispose()
    keys: dict[str, MetaKey] = {}
    meta: dict[str, Any] = {}
    duplicates: list[Finding] = []
    for key_node, _ in node.value:
        name = str(key_node.value)
        line, column = _mark_position(key_node.start_mark, first_line)
        if name in keys:
            duplicates.append(
                R.DUPLICATE_KEY.finding(
                    display_path, line, column,
                    f"key '{name}' appears again (first on line {keys[name].line}); only this last value counts",
                )
            )
        keys[name] = MetaKey(name, None, line, column)
    for key, value in data.items():
        meta[str(key)] = value
    keys = {name: MetaKey(name, meta.get(name), k.line, k.column) for name, k in keys.items()}
    return meta, keys, duplicates


def _tag_in(exc: yaml.constructor.ConstructorError) -> str | None:
    match = re.search(r"tag '([^']+)'", str(exc.problem or ""))
    return match.group(1) if match else None


def _expanded_size(root: yaml.Node) -> int:
    """How many values the node graph stands for once every alias is expanded (capped).

    Aliases make the graph a DAG whose expansion can be exponential; sizes are memoised per node
    so this walk is linear in the graph, and a node reached again while being sized (a recursive
    alias) counts as unbounded.
    """
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children = _children(node)
        if children_done:
            total = 1
            for child in children:
                total += sizes.get(id(child), MAX_YAML_NODES + 1)
                if total > MAX_YAML_NODES:
                    break
            sizes[key] = min(total, MAX_YAML_NODES + 1)
            in_progress.discard(key)
            continue
        if key in in_progress:
            return MAX_YAML_NODES + 1
        in_progress.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in in_progress:
                return MAX_YAML_NODES + 1
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


# ---------------------------------------------------------------------------------------------
# Markdown body


class _Locator:
    """Byte offsets in the body -> 1-based (line, column) in the file."""

    def __init__(self, data: bytes, first_line: int) -> None:
        self.data = data
        self.first_line = first_line
        self.starts = [0]
        find = data.find
        position = find(b"\n")
        while position != -1:
            self.starts.append(position + 1)
            position = find(b"\n", position + 1)

    def __call__(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.starts, offset) - 1
        start = self.starts[index]
        column = len(self.data[start:offset].decode("utf-8", "replace")) + 1
        return self.first_line + index, column


@dataclass(slots=True)
class Body:
    headings: list[Heading]
    anchors: list[Anchor]
    links: list[Link]
    prose: str
    structure: Structure


def scan_body(body: str, first_line: int, slug_separator: str = "-") -> Body:
    data = body.encode("utf-8")
    at = _Locator(data, first_line)
    headings: list[Heading] = []
    anchors: list[Anchor] = []
    links: list[Link] = []
    prose: list[str] = []

    heading: dict[str, Any] | None = None
    open_links: list[dict[str, Any]] = []  # links/images being read, innermost last
    in_code_block = 0
    structure = Structure()
    code: list[str] = []
    bold: list[str] | None = None

    def html_chunk(start: int, end: int) -> None:
        chunk = data[start:end].decode("utf-8", "replace")
        for tag in _HTML_TAG.finditer(chunk):
            name = tag.group(1).lower()
            attrs_start = tag.start(2)
            for attr in _HTML_ATTR.finditer(tag.group(2)):
                attr_name = attr.group(1).lower()
                value = next(v for v in attr.groups()[1:] if v is not None)
                offset = start + len(chunk[: attrs_start + attr.start()].encode("utf-8"))
                line, column = at(offset)
                if attr_name == "href" and name in ("a", "link", "area"):
                    links.append(Link(value, "html-href", "", line, column))
                elif attr_name == "src" and name in ("img", "source", "video", "audio", "iframe", "script", "embed"):
                    links.append(Link(value, "html-src", "", line, column))
                elif attr_name == "id" or (attr_name == "name" and name == "a"):
                    anchors.append(Anchor(value, "html", line, column))

    def docfx_images(text: str, start: int) -> None:
        # :::image source="..." is a paragraph's text to CommonMark, but an image to DocFX and to readers.
        for match in _DOCFX_IMAGE_SOURCE.finditer(text):
            line, column = at(start + len(text[: match.start(1)].encode("utf-8")))
            links.append(Link(match.group(1), "image", "", line, column))

    for event, span in pyromark.events_with_range(body, options=_MD_OPTIONS):
        if isinstance(event, dict):
            kind, value = next(iter(event.items()))
        else:
            kind, value = event, None
        if kind == "Text" or kind == "Code":
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
        elif kind == "Start":
            block, details = next(iter(value.items())) if isinstance(value, dict) else (value, None)
            if block == "Heading":
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
        elif kind == "End":
            block = next(iter(value)) if isinstance(value, dict) else value
            if block == "Heading" and heading is not None:
                headings.append(heading)  # type: ignore[arg-type]
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
            html_chunk(span["start"], span["end"])
        elif kind in ("SoftBreak", "HardBreak"):
            if heading is not None:
                heading["text"].append(" ")
            prose.append(" ")

    return Body(_slug_headings(headings, anchors, slug_separator), anchors, links, "".join(prose), structure)


def _slug_headings(raw: list[dict[str, Any]], anchors: list[Anchor], separator: str) -> list[Heading]:
    """Give each heading the id Python-Markdown's toc extension gives it, in the same order."""
    used = {h["id"] for h in raw if h["id"]}
    result = []
    for h in raw:
        text = "".join(h["text"]).strip()
        if h["id"]:
            slug = h["id"]
            anchors.append(Anchor(slug, "attr", h["line"], h["column"]))
        else:
            slug = toc_unique(toc_slugify(text, separator), used)
            anchors.append(Anchor(slug, "heading", h["line"], h["column"]))
        result.append(Heading(h["level"], text, slug, h["line"], h["column"]))
    return result


# ---------------------------------------------------------------------------------------------
# The whole article


def parse_article(
    path: Path,
    *,
    locale: str,
    relpath: str,
    display_path: str | None = None,
    options: ParseOptions | None = None,
) -> Article:
    options = options or ParseOptions()
    shown = display_path or str(path)
    article = Article(path=path, display_path=shown, locale=locale, relpath=relpath)
    try:
        if path.is_dir():
            article.problems.append(R.UNREADABLE.finding(shown, 1, 1, "a folder named like an article; its contents are checked, not it"))
            return article
        size = path.stat().st_size
        article.size = size
        if size > options.max_file_bytes:
            article.problems.append(
                R.TOO_LARGE.finding(
                    shown, 1, 1, f"file is {size / 1048576:.1f} MB, over the {options.max_file_bytes / 1048576:.1f} MB limit; not parsed"
                )
            )
            return article
        data = path.read_bytes()
    except OSError as exc:
        article.problems.append(R.UNREADABLE.finding(shown, 1, 1, f"cannot read file: {exc.strerror or exc}"))
        return article
    return parse_bytes(data, article, options)


def parse_bytes(data: bytes, article: Article, options: ParseOptions | None = None) -> Article:
    options = options or ParseOptions()
    shown = article.display_path
    article.size = len(data)
    text, article.bom, article.newline, problems = decode(data, shown)
    article.problems.extend(problems)
    front = load_front_matter(text, shown)
    article.problems.extend(front.problems)
    article.has_front_matter = front.present
    article.front_matter_lines = front.lines
    article.meta = front.data
    article.meta_keys = front.keys
    article.body = front.body
    article.body_line = front.body_line
    body = scan_body(front.body, front.body_line, options.slug_separator)
    article.headings = body.headings
    article.anchors = body.anchors
    article.links = body.links
    article.prose = body.prose
    article.structure = body.structure
    return article
