"""DocFX-flavoured Markdown, as Microsoft-style articles use it, turned into what MkDocs renders.

- ``> [!NOTE]`` (TIP, IMPORTANT, WARNING, CAUTION) blockquotes become admonitions titled in the
  page's language; ``> [!VIDEO url]`` becomes a link (no third-party player is embedded).
- ``[!INCLUDE [title](path)]`` is replaced by the file's body: the path resolves like a link and
  the file must really be inside docs/ (symbolic links included); relative links in the included
  text are rebased onto the including page; an include that includes itself, directly or not, is
  a finding, not a loop.
- ``:::image type="content" source="..." alt-text="...":::`` becomes an image (``type="complex"``
  keeps its long description, up to ``:::image-end:::``).
- Any other ``:::`` directive is a finding and is left out: never raw text on the page.

Fenced code is left alone. The build uses the Markdown; the checks use the findings.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from helpsite.content.links import SiteLayout, classify
from helpsite.content.parse import decode, split_front_matter
from helpsite.content.safefile import FileTooLarge, RefusedFile, open_docs_file
from helpsite.model import Finding, RuleSet, Severity

RULESET = RuleSet()

DOCFX_UNKNOWN = RULESET.rule(
    "DFX001",
    "docfx-unknown-block",
    Severity.ERROR,
    "A DocFX ':::' block that helpsite cannot render",
    """
    helpsite renders ``:::image ... :::`` (and ``:::image-end:::``); any other DocFX directive
    (``:::zone``, ``:::code``, ``:::row``...) would reach readers as raw text, so it is left out of
    the page and reported. Rewrite it as Markdown, or remove it.""",
)
DOCFX_INCLUDE_CYCLE = RULESET.rule(
    "DFX002",
    "docfx-include-cycle",
    Severity.ERROR,
    "An include includes itself, directly or through others",
    """
    ``[!INCLUDE [title](path)]`` is replaced by the file's text; when that text includes the page
    again (or an include further down does), the chain never ends. The include that closes the
    cycle is left out and the finding shows the chain.""",
)
DOCFX_IMAGE = RULESET.rule(
    "DFX003",
    "docfx-image-source",
    Severity.ERROR,
    "A ':::image' block without a source",
    """
    ``:::image type="content" source="media/x.png" alt-text="...":::`` needs ``source``; without it
    there is no picture to show, so the block is left out of the page.""",
)
DOCFX_INCLUDE_REFUSED = RULESET.rule(
    "DFX004",
    "docfx-include-refused",
    Severity.ERROR,
    "An include that resolves outside docs/ or cannot be read",
    """
    The include's path stays inside docs/ as written, but the file is a symbolic link that leads
    out of docs/, is not a regular file (a folder, a named pipe, a device, a loop of links), or is
    larger than the article size limit. Nothing is read from it. (A missing include, or one whose path leaves docs/, is reported as a link:
    LNK001 or LNK005.)""",
)

ALERTS = {"NOTE": "note", "TIP": "tip", "IMPORTANT": "info", "WARNING": "warning", "CAUTION": "danger"}
# Admonition and link titles when no locale file has them: DocFX's own English words.
DEFAULT_TITLES = {
    "note": "Note",
    "tip": "Tip",
    "important": "Important",
    "warning": "Warning",
    "caution": "Caution",
    "video": "Watch the video",
}
_ALERT = re.compile(r"^(\s*)>\s?\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*(.*)$", re.IGNORECASE)
_VIDEO = re.compile(r"^(\s*)>\s?\[!VIDEO\s+(\S+?)\]\s*$", re.IGNORECASE)
_INCLUDE = re.compile(r"\[!INCLUDE\s*\[([^\]]*)\]\(\s*<?([^)>\s]+)>?\s*\)\s*\]", re.IGNORECASE)
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_DIRECTIVE = re.compile(r"^\s*:::\s*([A-Za-z][\w-]*)(.*?)(:::)?\s*$")
_IMAGE_END = re.compile(r"^\s*:::\s*image-end\s*:::\s*$", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"')
# Relative targets in included text: ](x), src="x", source="x" (not URLs, not #fragments, not /rooted).
_RELATIVE_TARGET = re.compile(r'(\]\(\s*<?|\b(?:src|source)\s*=\s*")(?![a-zA-Z][\w+.-]*:|#|/)([^)\s">]+)')


@dataclass(frozen=True, slots=True)
class Included:
    text: str  # the body, front matter removed
    locale: str
    relpath: str  # of the included file, within its locale folder


# (path as written, locale, relpath of the including file) -> the file, or None when the link
# checks already report it (missing, or the path leaves docs/), or a reason it was refused.
IncludeReader = Callable[[str, str, str], "Included | str | None"]


@dataclass(slots=True)
class Transformed:
    markdown: str
    findings: list[Finding] = field(default_factory=list)


def uses_docfx(body: str) -> bool:
    """A cheap test that lets the many pages without DocFX syntax skip the transform."""
    return "[!" in body or ":::" in body


def docs_include_reader(docs_root: Path, layout: SiteLayout, max_bytes: int, observe: Callable[[str], None] | None = None) -> IncludeReader:
    """Reads includes from ``docs_root``: only regular files inside it, of at most ``max_bytes``
    (content.safefile). ``observe`` is told the docs path of every include asked for, found or not."""

    def read(written: str, locale: str, relpath: str) -> Included | str | None:
        target = classify(written, locale, relpath, layout)
        if target.kind != "internal" or target.docs_path is None:
            return None
        if observe is not None:
            observe(target.docs_path)
        try:
            data = open_docs_file(docs_root / target.docs_path, docs_root, max_bytes)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except RefusedFile as exc:
            return f"'{written}' is {exc.reason}" if exc.outside else f"'{written}' is not a file: {exc.reason}"
        except FileTooLarge:
            return f"'{written}' is larger than {max_bytes} bytes"
        except IsADirectoryError:
            return f"'{written}' is not a file (a folder)"
        except OSError as exc:
            return f"'{written}' cannot be read: {exc.strerror or exc}"
        text = decode(data, "")[0]
        body = split_front_matter(text)[1]
        included_locale, _, included_relpath = target.docs_path.partition("/")
        return Included(body, included_locale, included_relpath)

    return read


def transform(
    body: str,
    *,
    display_path: str,
    first_line: int,
    locale: str,
    relpath: str,
    titles: Callable[[str], str],
    read_include: IncludeReader | None = None,
    _stack: tuple[str, ...] = (),
) -> Transformed:
    """``titles(key)`` names the admonitions (note, tip, important, warning, caution) and video links."""
    out: list[str] = []
    findings: list[Finding] = []
    lines = body.split("\n")
    fence: str | None = None
    index = 0
    stack = _stack or (f"{locale}/{relpath}",)
    while index < len(lines):
        line = lines[index]
        number = first_line + index
        fence_match = _FENCE.match(line)
        if fence is not None:
            if fence_match and fence_match.group(1)[0] == fence[0] and len(fence_match.group(1)) >= len(fence):
                fence = None
            out.append(line)
            index += 1
            continue
        if fence_match:
            fence = fence_match.group(1)
            out.append(line)
            index += 1
            continue
        alert = _ALERT.match(line)
        if alert:
            indent, kind, rest = alert.groups()
            block = [rest] if rest else []
            index += 1
            quoted = re.compile(rf"^{re.escape(indent)}>\s?")
            while index < len(lines) and quoted.match(lines[index]):
                block.append(quoted.sub("", lines[index], count=1))
                index += 1
            title = titles(kind.lower()).replace('"', "'")
            out.append(f'{indent}!!! {ALERTS[kind.upper()]} "{title}"')
            out.append("")
            out.extend(f"{indent}    {text}" if text.strip() else "" for text in block)
            out.append("")
            continue
        video = _VIDEO.match(line)
        if video:
            indent, url = video.groups()
            out.append(f"{indent}[{titles('video')}]({url})")
            index += 1
            continue
        directive = _DIRECTIVE.match(line)
        if directive:
            name, attributes, closed = directive.group(1).lower(), directive.group(2), directive.group(3)
            column = line.index(":::") + 1
            if name == "image" and closed:
                index = _image(lines, index, attributes, out, findings, display_path, number, column)
                continue
            if name != "image-end":
                findings.append(
                    DOCFX_UNKNOWN.finding(display_path, number, column, f"DocFX block ':::{name}' is not supported; left out of the page")
                )
            index += 1
            continue
        if read_include is not None and "[!INCLUDE" in line.upper():
            out.append(_includes(line, number, stack, findings, display_path, relpath, titles, read_include))
            index += 1
            continue
        out.append(line)
        index += 1
    return Transformed("\n".join(out), findings)


def _image(
    lines: list[str], index: int, attributes: str, out: list[str], findings: list[Finding], shown: str, number: int, column: int
) -> int:
    attrs = {key.lower(): value for key, value in _ATTRIBUTE.findall(attributes)}
    source, alt = attrs.get("source"), attrs.get("alt-text", "")
    if not source:
        findings.append(DOCFX_IMAGE.finding(shown, number, column, ":::image has no source; left out of the page"))
    else:
        alt = re.sub(r"([\\\[\]])", r"\\\1", alt)  # brackets in the text must not end the image
        out.append(f"![{alt}](<{source}>)")
    index += 1
    if attrs.get("type") == "complex":
        description = []
        while index < len(lines) and not _IMAGE_END.match(lines[index]):
            description.append(lines[index])
            index += 1
        index += 1  # the :::image-end::: line
        out.extend(["", *description])
    return index


def _includes(
    line: str, number: int, stack: tuple[str, ...], findings: list[Finding], shown: str, relpath: str, titles, read_include: IncludeReader
) -> str:
    def replace_include(match: re.Match) -> str:
        column = match.start() + 1
        read = read_include(match.group(2), stack[-1].partition("/")[0], relpath)
        if read is None:
            return ""  # missing, or a path out of docs/: the link checks report it (LNK001, LNK005)
        if isinstance(read, str):
            findings.append(DOCFX_INCLUDE_REFUSED.finding(shown, number, column, f"include not read: {read}"))
            return ""
        key = f"{read.locale}/{read.relpath}"
        if key in stack:
            chain = " -> ".join((*stack, key))
            findings.append(DOCFX_INCLUDE_CYCLE.finding(shown, number, column, f"include cycle: {chain}; not included again"))
            return ""
        inner = transform(
            read.text,
            display_path=shown,
            first_line=number,
            locale=read.locale,
            relpath=read.relpath,
            titles=titles,
            read_include=read_include,
            _stack=(*stack, key),
        )
        # What goes wrong inside an include is reported where the page includes it.
        findings.extend(replace(f, line=number, column=column, message=f"in {key}: {f.message}") for f in inner.findings)
        return rebase(inner.markdown, read.relpath, relpath)

    return _INCLUDE.sub(replace_include, line)


def rebase(markdown: str, from_relpath: str, to_relpath: str) -> str:
    """Relative link targets written in ``from_relpath``'s folder, rewritten for ``to_relpath``'s."""
    source_dir, target_dir = posixpath.dirname(from_relpath), posixpath.dirname(to_relpath)
    if source_dir == target_dir:
        return markdown

    def rewrite(match: re.Match) -> str:
        resolved = posixpath.normpath(posixpath.join(source_dir, match.group(2)))
        return match.group(1) + posixpath.relpath(resolved, target_dir or ".")

    return _RELATIVE_TARGET.sub(rewrite, markdown)
