"""DocFX's YAML pages (``### YamlMime:Hub``, ``Landing``, ``FAQ``, ``Architecture``) as Markdown pages.

Microsoft Learn serves ``security/index.yml`` as the page ``security/``: a title, a summary and
cards of links (hub and landing pages), questions and answers (FAQ), or Markdown content. Articles
link to these files, so the build publishes each as a page made of the same parts (the cards
become headed lists of links) and never serves the raw YAML.

The YAML is read with the safe loader and the alias limit articles' front matter gets
(``helpsite.content.parse``); text fields that Learn shows as plain text are escaped, the
Markdown fields (``summary``, ``answer``, ``content``) are kept as Markdown, and a link whose URL is
not relative, http(s) or mailto is shown as text only.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from helpsite.content.parse import load_mapping
from helpsite.content.safefile import FileTooLarge, RefusedFile, open_docs_file
from helpsite.model import Finding

PAGE_KINDS = frozenset({"Hub", "Landing", "FAQ", "Architecture"})
_YAML_MIME = re.compile(r"^#{1,3}\s*YamlMime\s*:\s*(\w+)")
# Keys that say how Learn draws a card (icons, layout, taxonomy), not what it says.
_NOT_SHOWN = frozenset({"metadata", "brand", "imageSrc", "image", "itemType", "linkListType", "layout", "thumbnailUrl", "products", "uid"})
_MARKDOWN_KEYS = ("summary", "answer", "content", "description")
_HEADING_KEYS = ("title", "name", "question")
_SAFE_URL = re.compile(r"^(?:https?://|mailto:|[^:]*$)", re.IGNORECASE)


@dataclass(slots=True)
class YamlPage:
    kind: str
    title: str
    markdown: str  # with front matter (title, description)
    problems: list[Finding] = field(default_factory=list)


DOCFX_DATA = frozenset({"toc.yml", "zone-pivot-groups.yml"})


def is_docfx_data(relpath: str) -> bool:
    """DocFX's own data (``TOC.yml`` navigation, ``zone-pivot-groups.yml``): read by the build, never
    a page of the site nor a file it serves."""
    return relpath.rsplit("/", 1)[-1].lower() in DOCFX_DATA


def find_yaml_pages(docs_dir: Path, max_bytes: int) -> dict[str, Path]:
    """The YAML pages under ``docs_dir`` (one folder per locale), by docs path (``nl/security/index.yml``).
    A page whose Markdown twin exists (``index.md`` beside ``index.yml``) is left out: the Markdown wins."""
    found: dict[str, Path] = {}
    for folder, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.endswith(".yml") or is_docfx_data(name) or name[:-4] + ".md" in files:
                continue
            path = Path(folder) / name
            try:  # only a regular file inside docs/ (a named pipe here would block the read)
                first = open_docs_file(path, docs_dir, max_bytes)[:200].split(b"\n", 1)[0].decode("utf-8", "replace")
            except (OSError, RefusedFile, FileTooLarge):
                continue
            if yaml_page_kind(first.lstrip("\ufeff")):
                found[path.relative_to(docs_dir).as_posix()] = path
    return found


def yaml_page_kind(first_line: str) -> str | None:
    """``Hub`` for a file whose first line is ``### YamlMime:Hub``; None for other YAML (TOC.yml, config)."""
    match = _YAML_MIME.match(first_line.strip())
    return match.group(1) if match and match.group(1) in PAGE_KINDS else None


def yaml_page(text: str, display_path: str, fallback_title: str) -> YamlPage | None:
    """The Markdown page of a YAML page's text; None when the text is not one. YAML that does not
    load still makes a page (its title only), with the loader's findings."""
    kind = yaml_page_kind(text.split("\n", 1)[0])
    if kind is None:
        return None
    data, _, problems = load_mapping(text, 1, display_path)
    found = data.get("metadata")
    metadata: dict[str, Any] = found if isinstance(found, dict) else {}
    title = _text(data.get("title") or data.get("name") or metadata.get("title")) or fallback_title
    description = _text(metadata.get("description") or (data.get("summary") if kind != "FAQ" else ""))
    front = {"title": title, **({"description": description} if description else {})}
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1_000_000).rstrip("\n")
    lines = ["---", header, "---", f"# {_plain(title)}", ""]
    for key, value in data.items():
        if key in _NOT_SHOWN or key in _HEADING_KEYS:
            continue
        if key in _MARKDOWN_KEYS and isinstance(value, str):
            lines.extend([value.strip(), ""])
        elif isinstance(value, dict | list):
            _render(value, 2, lines)
    return YamlPage(kind, title, "\n".join(lines).rstrip("\n") + "\n", problems)


def _render(node: Any, level: int, out: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            if _is_link(item):
                out.append(_link_item(item))
            else:
                if out and out[-1].startswith("- "):
                    out.append("")
                _render(item, level, out)
        if out and out[-1].startswith("- "):
            out.append("")
        return
    if not isinstance(node, dict):
        if isinstance(node, str | int | float) and str(node).strip():
            out.extend([_plain(str(node)), ""])
        return
    if _is_link(node):
        out.extend([_link_item(node), ""])
        return
    heading = next((node[key] for key in _HEADING_KEYS if isinstance(node.get(key), str) and node[key].strip()), None)
    if heading is not None:
        text = _plain(heading) if "question" not in node else _plain(" ".join(heading.split()))
        out.extend([f"{'#' * min(level, 6)} {text}", ""])
    for key in _MARKDOWN_KEYS:
        if isinstance(node.get(key), str) and node[key].strip():
            out.extend([node[key].strip(), ""])
    for key, value in node.items():
        if key not in _NOT_SHOWN and isinstance(value, dict | list):
            _render(value, level + 1 if heading is not None else level, out)


def _is_link(node: Any) -> bool:
    return isinstance(node, dict) and isinstance(node.get("url"), str) and any(isinstance(node.get(k), str) for k in ("text", "title"))


def _link_item(node: dict) -> str:
    text = _plain(str(node.get("text") or node.get("title")))
    url = node["url"].strip()
    summary = node["summary"] if isinstance(node.get("summary"), str) else ""
    link = f"[{text}](<{url}>)" if _SAFE_URL.match(url) and "<" not in url and ">" not in url else text
    return f"- {link}" + (f": {_plain(summary)}" if summary.strip() else "")


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, str | int | float) else ""


def _plain(text: str) -> str:
    """Plain text as Markdown that shows it as is: no HTML, no links, no emphasis."""
    escaped = html.escape(" ".join(text.split()), quote=False)
    return re.sub(r"([\\`*_\[\]#!|])", r"\\\1", escaped)
