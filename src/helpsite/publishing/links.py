"""Links written the Learn way, made to work in the built site as the checks resolve them.

MkDocs leaves a root-relative link (``/microsoft-365/x``) as it is, which on a helpsite site is
the source locale's page (or nothing), and it cannot resolve a path written with backslashes. So
before MkDocs reads a page, each Markdown link target that the checks resolve differently is
rewritten to what they resolved: a page or file of this site as a relative path in the page's own
locale folder (MkDocs and mkdocs-static-i18n then link it, to the fallback copy when the page is
not translated), a root link under ``other_sites`` as that site's URL in the reader's locale.
Fenced code is left alone; a target that resolves to nothing is left as written (LNK001 says so).
"""

from __future__ import annotations

import posixpath
import re

from helpsite.content.links import FileIndex, SiteLayout, classify, forward_slashes
from helpsite.content.redirects import existing_page

# ](target) of a Markdown link or image, up to the closing ")" or a title.
_TARGET = re.compile(r"(\]\(\s*<?)([^)\s>]+)")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def needs_rewriting(markdown: str) -> bool:
    """A cheap test that lets pages without root links or backslashes skip the rewrite."""
    return "](/" in markdown or "](</" in markdown or "\\" in markdown


def rewrite_links(markdown: str, locale: str, relpath: str, layout: SiteLayout, files: FileIndex) -> str:
    out = []
    fence: str | None = None
    for line in markdown.split("\n"):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if opening:
            fence = opening.group(1)
            out.append(line)
            continue
        rewrite = "](" in line
        out.append(_TARGET.sub(lambda m: m.group(1) + _rewritten(m.group(2), locale, relpath, layout, files), line) if rewrite else line)
    return "\n".join(out)


def _rewritten(written: str, locale: str, relpath: str, layout: SiteLayout, files: FileIndex) -> str:
    locale_root = not written.startswith("/") or written.startswith("//") or written.split("/", 2)[1] in layout.locale_folders
    if locale_root and "\\" not in written:
        return written  # relative, or naming its locale: MkDocs resolves it as the checks do
    target = classify(written, locale, relpath, layout)
    if target.resolved:
        return target.resolved
    if target.kind != "internal":
        return written
    found = existing_page(target.candidates, files, layout, any_case=target.any_case)
    if found is None or found.endswith(".yml"):  # a DocFX YAML page (a hub), which the build does not render
        return forward_slashes(written) if target.backslash else written
    # In the page's own locale folder: the build serves the source's page there when it has none.
    path = posixpath.relpath(f"{locale}/{found.partition('/')[2]}", posixpath.dirname(f"{locale}/{relpath}"))
    return path + (f"#{target.fragment}" if target.fragment else "")
