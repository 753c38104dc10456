"""The side-by-side review page of a translation (helpsite.translation.sidebyside), as the Markdown
of a page for the team, in the locale's language (``sbs_*`` and ``review_*`` UI strings of
locales/): its front matter, then the whole page as one HTML block.

Every text from an article (the blocks of both pages, titles, paths, findings' messages, front-matter
values) is text: escaped here, with its line breaks as character references so that the HTML block
stays one line that Python-Markdown passes through whole. The build then sanitizes the page as it
does every page (nh3), so nothing an article says can run in a reviewer's browser. Quoted Markdown
is ``<code>`` and the findings' messages ``<samp>`` (a program's output, in English): the DocFX
syntax they show is meant to be seen, and ``helpsite check --site`` (DFX006) looks for it outside
those only. Text in another language than the page's (the source's blocks, its diff, helpsite's
messages) is marked with its ``lang``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape

from helpsite.content.locales import Locales
from helpsite.model import Finding
from helpsite.publishing.dates import format_day, parse_day
from helpsite.translation.compare import Block
from helpsite.translation.sidebyside import Comparison, mark_command

ReferenceUrl = Callable[[str], str | None]  # a finding code -> the URL of its reference page, relative to the page
_MESSAGES = ' lang="en" dir="ltr"'  # helpsite's findings are written in English


def text(value: str) -> str:
    """Escaped text whose line breaks survive as text (``white-space: pre-wrap`` shows them)."""
    return escape(value).replace("\r", "").replace("\n", "&#10;")


class _Ui:
    """The locale's UI strings, escaped, their ``{placeholders}`` filled with HTML made here."""

    def __init__(self, locales: Locales, locale: str) -> None:
        self.locales, self.locale = locales, locale
        found = locales.by_code.get(locale)
        self.tag = found.tag if found else locale

    def __call__(self, key: str, **fill: str) -> str:
        out = escape(self.locales.text(self.locale, key))
        for name, value in fill.items():
            out = out.replace("{" + name + "}", value)
        return out

    def raw(self, key: str, **fill: str) -> str:
        """As text, for what escapes it itself (the page's title, in its front matter)."""
        out = self.locales.text(self.locale, key)
        for name, value in fill.items():
            out = out.replace("{" + name + "}", value)
        return out

    def day(self, value: str | None) -> str:
        parsed = parse_day(value)
        return escape(format_day(parsed, self.tag, "medium")) if parsed is not None else text(value or "") or self("sbs_none")

    def language(self, folder: str) -> str:
        locale = self.locales.for_folder(folder)
        return f' lang="{escape(locale.language)}" dir="{locale.direction}"' if locale else ""

    def locale_name(self, folder: str) -> str:
        locale = self.locales.for_folder(folder)
        return f"{escape(locale.name)} ({escape(locale.code)})" if locale else escape(folder)


def side_by_side_title(locales: Locales, locale: str, title: str) -> str:
    """The page's title, in the locale's language: "Controle: <the translation's title>" (as text)."""
    return _Ui(locales, locale).raw("sbs_title", title=title)


def side_by_side_front_matter(title: str) -> str:
    """The page's front matter: out of search, without the navigation and the table of contents (the
    two columns get the width)."""
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nsearch:\n  exclude: true\nhide:\n  - navigation\n  - toc\n---\n"


def finding_items(findings: tuple[Finding, ...] | list[Finding], reference_url: ReferenceUrl, ui: _Ui) -> str:
    items = []
    for finding in findings:
        url = reference_url(finding.code)
        code = f"<code>{escape(finding.code)}</code>"
        code = f'<a class="helpsite-finding-code" href="{escape(url)}">{code}</a>' if url else code
        where = f"{ui('sbs_line', line=str(finding.line))} " if finding.line is not None else ""
        fix = f" (fix: {text(finding.fix)})" if finding.fix else ""
        items.append(
            f'<li class="helpsite-finding helpsite-finding--{escape(finding.severity.name.lower())}">{code} {where}'
            f"<samp{_MESSAGES}>[{escape(str(finding.severity))}] {text(finding.message)}{fix}</samp></li>"
        )
    return f'<ul class="helpsite-sbs-findings">{"".join(items)}</ul>' if items else ""


def _label(block: Block, ui: _Ui) -> str:
    kind = ui("sbs_heading", level=str(block.level)) if block.kind == "heading" else ui(f"sbs_{block.kind}")
    lines = (
        ui("sbs_line", line=str(block.first_line))
        if block.first_line == block.last_line
        else ui("sbs_lines", first=str(block.first_line), last=str(block.last_line))
    )
    return f"{kind} · {lines}"


def _cell(block: Block | None, language: str, ui: _Ui, note: str = "") -> str:
    if block is None:
        return f'<td class="helpsite-sbs-missing"><span class="helpsite-sbs-label">{ui("sbs_none")}</span>'
    return (
        f'<td{language}><span class="helpsite-sbs-label">{_label(block, ui)}{note}</span>'
        f'<code class="helpsite-sbs-text">{text(block.text)}</code>'
    )


def _facts(comparison: Comparison, ui: _Ui) -> str:
    entry, data = comparison.entry, comparison.handoff_data

    def value(key: str) -> str:
        return text(data[key] or "") or ui("sbs_none")

    states = {"to translate": "review_to_translate", "machine": "review_machine", "outdated": "review_outdated"}
    state = states.get(entry.state, "review_reviewed")
    source_hash, stored, now = value("source_hash"), data["source_hash"], data["current_source_hash"]
    if stored and now:
        source_hash += f" ({ui('sbs_source_same') if stored == now else ui('sbs_source_now', hash=text(now))})"
    priority = ui(f"priority_{entry.priority}") if entry.priority in ("high", "normal") else text(entry.priority)
    old = comparison.handoff
    if old is None:
        handoff_text = ui("sbs_handoff_unknown")
    elif old.origin == "git":
        handoff_text = ui("sbs_from_git", commit=f"<code>{text(old.ref)}</code>")
    else:
        handoff_text = ui("sbs_from_snapshot", path=f"<code>{text(old.ref)}</code>")
    work = comparison.work
    amount = {"changed": "sbs_work_changed", "page": "sbs_work_page"}.get(work.basis, "sbs_work_unknown")
    facts = [
        (ui("review_state"), ui(state)),
        (ui("review_source"), ui(f"staleness_{entry.staleness.state}")),
        (ui("review_type"), value("translation_type")),
        (ui("review_priority"), priority),
        (ui("review_handoff"), ui.day(data["handoff_date"])),
        (ui("sbs_source_hash"), source_hash),
        (ui("sbs_source_commit"), value("source_commit")),
        (ui("sbs_handoff_text"), handoff_text),
        (ui("review_owner"), value("owner")),
        (ui("sbs_due"), ui.day(data["due"])),
        (ui("sbs_reviewer"), value("reviewer")),
        (ui("sbs_review_date"), ui.day(data["review_date"])),
        (ui("review_risk"), f"{entry.risk:g}"),
        (ui("sbs_work"), ui(amount, words=str(work.words))),
    ]
    return '<dl class="helpsite-handoff">' + "".join(f"<dt>{label}</dt><dd>{shown}</dd>" for label, shown in facts) + "</dl>"


def side_by_side_html(
    comparison: Comparison,
    locales: Locales,
    locale: str,
    *,
    mark_path: str,
    translation_url: str,
    source_url: str | None,
    reference_url: ReferenceUrl,
) -> str:
    """The page's Markdown below its front matter: one HTML block (``*_url``: links relative to the page)."""
    ui = _Ui(locales, locale)
    translation, source = comparison.translation, comparison.source
    source_folder = source.locale if source else ""
    source_language, translation_language = ui.language(source_folder), ui.language(translation.locale)
    parts = ['<div class="helpsite-review">']
    links = [f'{ui("sbs_translation")}: <a href="{escape(translation_url)}"{translation_language}>{text(translation.display_path)}</a>']
    if source is not None and source_url is not None:
        links.append(f'{ui("sbs_source")}: <a href="{escape(source_url)}"{source_language}>{text(source.display_path)}</a>')
    parts.append(f'<p class="helpsite-review-pages">{" · ".join(links)}</p>')
    parts.append(_facts(comparison, ui))
    command = mark_command(mark_path, locales.text(locale, "sbs_your_name"))
    parts.append(
        f'<h2 id="mark-reviewed">{ui("sbs_mark_title")}</h2><p>{ui("sbs_mark_text")}</p>'
        f'<pre class="helpsite-mark"><code>{text(command)}</code></pre>'
    )
    if comparison.handoff is not None or comparison.entry.state == "outdated":
        parts.append(f'<h2 id="source-changes">{ui("sbs_changes_title")}</h2>')
        if comparison.handoff is None:
            parts.append(f"<p>{ui('sbs_handoff_unknown')}</p>")
        elif comparison.diff:
            parts.append(_diff_table(comparison, source_language))
        else:
            parts.append(f"<p>{ui('sbs_changes_none')}</p>")
    if comparison.page_findings:
        parts.append(f'<h2 id="page-findings">{ui("sbs_page_findings")}</h2>{finding_items(comparison.page_findings, reference_url, ui)}')
    head = (
        f'<thead><tr><th scope="col">{ui.locale_name(source_folder) if source else ui("sbs_no_source")}</th>'
        f'<th scope="col">{ui.locale_name(translation.locale)}</th></tr></thead>'
    )
    rows = []
    for row in comparison.rows:
        kind = " helpsite-sbs-row--changed" if row.changed else ""
        kind += " helpsite-sbs-row--findings" if row.findings else ""
        note = f" · {ui('sbs_changed')}" if row.changed else ""
        left = _cell(row.source, source_language, ui, note)
        right = _cell(row.translation, translation_language, ui)
        rows.append(f'<tr class="helpsite-sbs-row{kind}">{left}</td>{right}{finding_items(row.findings, reference_url, ui)}</td></tr>')
    parts.append(f'<h2 id="side-by-side">{ui("sbs_side_by_side")}</h2>')
    parts.append(f'<table class="helpsite-sbs">{head}<tbody>{"".join(rows)}</tbody></table>')
    if comparison.removed:
        removed = "".join(f'<code class="helpsite-sbs-text"{source_language}>{text(b.text)}</code>' for b in comparison.removed)
        parts.append(f'<h2 id="removed">{ui("sbs_removed")}</h2><div class="helpsite-sbs-removed">{removed}</div>')
    parts.append("</div>")
    return "".join(parts) + "\n"


def _diff_table(comparison: Comparison, language: str) -> str:
    marks = {"context": " ", "removed": "-", "added": "+"}
    rows = []
    for line in comparison.diff:
        if line.kind == "hunk":
            rows.append(f'<tr class="helpsite-diff--hunk"><td colspan="3"><code>{text(line.text)}</code></td></tr>')
            continue
        body = f"<code>{text(line.text)}</code>" if line.text else "&nbsp;"
        body = f"<del>{body}</del>" if line.kind == "removed" else f"<ins>{body}</ins>" if line.kind == "added" else body
        rows.append(
            f'<tr class="helpsite-diff--{line.kind}"><td class="helpsite-diff-line">{line.old or ""}</td>'
            f'<td class="helpsite-diff-line">{line.new or ""}</td><td class="helpsite-diff-text">{marks[line.kind]} {body}</td></tr>'
        )
    columns = '<colgroup><col class="helpsite-diff-number"><col class="helpsite-diff-number"><col></colgroup>'
    return f'<table class="helpsite-diff"{language}>{columns}<tbody>{"".join(rows)}</tbody></table>'
