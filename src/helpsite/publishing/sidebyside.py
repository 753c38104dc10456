"""The side-by-side review page of a translation (helpsite.translation.sidebyside), as the Markdown
of a page for the team: its front matter, then the whole page as one HTML block.

Every text from an article (the blocks of both pages, titles, paths, findings' messages, front-matter
values) is text: escaped here, with its line breaks as character references so that the HTML block
stays one line that Python-Markdown passes through whole. The build then sanitizes the page as it
does every page (nh3), so nothing an article says can run in a reviewer's browser. Quoted Markdown
is ``<code>`` and the findings' messages ``<samp>`` (a program's output): the DocFX syntax they
show is meant to be seen, and ``helpsite check --site`` (DFX006) looks for it outside those only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape

from helpsite.content.locales import Locales
from helpsite.model import Finding
from helpsite.translation.compare import Block
from helpsite.translation.sidebyside import Comparison

ReferenceUrl = Callable[[str], str | None]  # a finding code -> the URL of its reference page, relative to the page


def text(value: str) -> str:
    """Escaped text whose line breaks survive as text (``white-space: pre-wrap`` shows them)."""
    return escape(value).replace("\r", "").replace("\n", "&#10;")


def _language(locales: Locales, folder: str) -> str:
    locale = locales.for_folder(folder)
    return f' lang="{escape(locale.language)}" dir="{locale.direction}"' if locale else ""


def _locale_name(locales: Locales, folder: str) -> str:
    locale = locales.for_folder(folder)
    return f"{escape(locale.name)} ({escape(locale.code)})" if locale else escape(folder)


def finding_items(findings: tuple[Finding, ...] | list[Finding], reference_url: ReferenceUrl) -> str:
    items = []
    for finding in findings:
        url = reference_url(finding.code)
        code = f"<code>{escape(finding.code)}</code>"
        code = f'<a class="helpsite-finding-code" href="{escape(url)}">{code}</a>' if url else code
        where = f"line {finding.line} " if finding.line is not None else ""
        fix = f" <em>fix: <samp>{text(finding.fix)}</samp></em>" if finding.fix else ""
        items.append(
            f'<li class="helpsite-finding helpsite-finding--{escape(finding.severity.name.lower())}">{code} {where}'
            f"[{escape(str(finding.severity))}] <samp>{text(finding.message)}</samp>{fix}</li>"
        )
    return f'<ul class="helpsite-sbs-findings">{"".join(items)}</ul>' if items else ""


def _cell(block: Block | None, language: str, note: str = "") -> str:
    if block is None:
        return f'<td class="helpsite-sbs-missing"{language}><span class="helpsite-sbs-label">none</span></td>'
    lines = f"line {block.first_line}" if block.first_line == block.last_line else f"lines {block.first_line}-{block.last_line}"
    return (
        f'<td{language}><span class="helpsite-sbs-label">{escape(block.label)} · {lines}{note}</span>'
        f'<code class="helpsite-sbs-text">{text(block.text)}</code>'
    )


def side_by_side_front_matter(title: str) -> str:
    """The page's front matter: out of search, without the navigation and the table of contents (the
    two columns get the width)."""
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nsearch:\n  exclude: true\nhide:\n  - navigation\n  - toc\n---\n"


def side_by_side_html(
    comparison: Comparison, locales: Locales, *, translation_url: str, source_url: str | None, reference_url: ReferenceUrl
) -> str:
    """The page's Markdown below its front matter: one HTML block (``*_url``: links relative to the page)."""
    translation, source = comparison.translation, comparison.source
    source_folder = source.locale if source else ""
    parts = ['<div class="helpsite-review">']
    links = [f'<a href="{escape(translation_url)}"{_language(locales, translation.locale)}>{text(translation.display_path)}</a>']
    if source is not None and source_url is not None:
        links.append(f'the source <a href="{escape(source_url)}"{_language(locales, source_folder)}>{text(source.display_path)}</a>')
    parts.append(f'<p class="helpsite-review-pages">{" beside ".join(links)}</p>')
    facts = "".join(f"<dt>{escape(label)}</dt><dd>{text(value)}</dd>" for label, value in comparison.facts)
    work = comparison.work
    amount = f"{work.words} words " + (
        "new or changed in the source since hand-off" if work.basis == "changed" else f"({escape(work.basis)})"
    )
    parts.append(f'<dl class="helpsite-handoff">{facts}<dt>work</dt><dd>{amount}</dd></dl>')
    parts.append(
        '<h2 id="mark-reviewed">Mark reviewed</h2><p>When the translation is right, record the review (run it where mkdocs.yml is):</p>'
        f'<pre class="helpsite-mark"><code>{text(comparison.mark_command)}</code></pre>'
    )
    if comparison.handoff is not None:
        origin = f"{text(comparison.handoff.where)} ({escape(comparison.handoff.origin)})"
        parts.append(f'<h2 id="source-changes">Changes to the source since hand-off</h2><p>From {origin}.</p>')
        parts.append(_diff_table(comparison) if comparison.diff else "<p>None: the source is as it was at hand-off.</p>")
    elif comparison.entry.state == "outdated":
        parts.append(
            '<h2 id="source-changes">Changes to the source since hand-off</h2><p>Not known: git does not have the hand-off '
            "commit and .helpsite/handoff/ has no snapshot of the source's text at hand-off.</p>"
        )
    if comparison.page_findings:
        parts.append(f'<h2 id="page-findings">Findings of the page</h2>{finding_items(comparison.page_findings, reference_url)}')
    head = (
        f'<thead><tr><th scope="col">{_locale_name(locales, source_folder) if source else "no source page"}</th>'
        f'<th scope="col">{_locale_name(locales, translation.locale)}</th></tr></thead>'
    )
    rows = []
    source_language, translation_language = _language(locales, source_folder), _language(locales, translation.locale)
    for row in comparison.rows:
        kind = " helpsite-sbs-row--changed" if row.changed else ""
        kind += " helpsite-sbs-row--findings" if row.findings else ""
        note = " · new or changed since hand-off" if row.changed else ""
        left = _cell(row.source, source_language, note)
        right = _cell(row.translation, translation_language)
        rows.append(f'<tr class="helpsite-sbs-row{kind}">{left}</td>{right}{finding_items(row.findings, reference_url)}</td></tr>')
    parts.append(f'<h2 id="side-by-side">Side by side</h2><table class="helpsite-sbs">{head}<tbody>{"".join(rows)}</tbody></table>')
    if comparison.removed:
        removed = "".join(f'<code class="helpsite-sbs-text"{source_language}>{text(b.text)}</code>' for b in comparison.removed)
        parts.append(f'<h2 id="removed">Removed from the source since hand-off</h2><div class="helpsite-sbs-removed">{removed}</div>')
    parts.append("</div>")
    return "".join(parts) + "\n"


def _diff_table(comparison: Comparison) -> str:
    marks = {"context": " ", "removed": "-", "added": "+"}
    rows = []
    for line in comparison.diff:
        if line.kind == "hunk":
            rows.append(f'<tr class="helpsite-diff--hunk"><td colspan="3">{text(line.text)}</td></tr>')
            continue
        body = f"<code>{text(line.text)}</code>" if line.text else "&nbsp;"
        body = f"<del>{body}</del>" if line.kind == "removed" else f"<ins>{body}</ins>" if line.kind == "added" else body
        rows.append(
            f'<tr class="helpsite-diff--{line.kind}"><td class="helpsite-diff-line">{line.old or ""}</td>'
            f'<td class="helpsite-diff-line">{line.new or ""}</td><td class="helpsite-diff-text">{marks[line.kind]} {body}</td></tr>'
        )
    columns = '<colgroup><col class="helpsite-diff-number"><col class="helpsite-diff-number"><col></colgroup>'
    return f'<table class="helpsite-diff">{columns}<tbody>{"".join(rows)}</tbody></table>'
