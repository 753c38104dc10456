"""What a reader sees of a translation's state: notices, robots, the review page. HTML is built here,
escaped here; the MkDocs adapter and the site's hooks (hooks/) only place it."""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape

from helpsite.content.config import Project, ReviewSettings
from helpsite.content.locales import Locales
from helpsite.model import Article, Finding
from helpsite.publishing.titles import display_title
from helpsite.translation.review import QueueEntry
from helpsite.translation.status import LocaleStatus, status_svg

ROBOTS_KEY = "ROBOTS"
STATUS_LABELS = {"machine-translated": "mt_status", "outdated": "outdated_status"}  # Material status -> locale string
NoindexRule = Callable[[QueueEntry, ReviewSettings], bool]  # which translations crawlers are told to skip


def page_status(entry: QueueEntry | None) -> str | None:
    """Material's navigation status for the page: outdated wins over machine-translated."""
    if entry is None:
        return None
    if entry.staleness.state == "outdated":
        return "outdated"
    return "machine-translated" if entry.machine else None


def status_labels(locale: str, locales: Locales) -> dict[str, str]:
    """Material's navigation status titles (``extra.status``), in the language of ``locale``, escaped
    (MkDocs' templates do not escape)."""
    return {status: escape(locales.string(locale, key)[0] or key) for status, key in STATUS_LABELS.items()}


def machine_translation_noindex(entry: QueueEntry, settings: ReviewSettings) -> bool:
    """Whether crawlers are told to skip a translation: machine-translated, unless
    ``review.noindex_machine_translated`` is false."""
    return entry.machine and settings.noindex_machine_translated


def notices_html(entry: QueueEntry, locale: str, locales: Locales, source_url: str) -> str:
    """The notices at the top of a translated page, in the page's language, linking to the source."""
    source = locales.source
    source_lang = escape(source.language if source else "")

    def text(key: str) -> str:
        return escape(locales.string(locale, key)[0] or "")

    link = f'<a class="helpsite-source-link" href="{escape(source_url)}" hreflang="{source_lang}">{text("mt_notice_link")}</a>'
    parts = []
    if entry.machine:
        parts.append(
            f'<div class="admonition warning helpsite-notice helpsite-notice--mt" role="note">'
            f'<p class="admonition-title">{text("mt_status")}</p><p>{text("mt_notice")} {link}</p></div>'
        )
    if entry.staleness.state == "outdated":
        parts.append(
            f'<div class="admonition info helpsite-notice helpsite-notice--outdated" role="note">'
            f'<p class="admonition-title">{text("outdated_status")}</p><p>{text("outdated_notice")} {link}</p></div>'
        )
    return "".join(parts)


def fallback_notice_html(locale: str, locales: Locales, source_url: str) -> str:
    """The notice on a page served from the source locale because this locale has no translation."""
    text = escape(locales.string(locale, "fallback_notice")[0] or "")
    source = locales.source
    link = escape(locales.string(locale, "mt_notice_link")[0] or "")
    hreflang = escape(source.language if source else "")
    return (
        f'<div class="admonition note helpsite-notice helpsite-notice--fallback" role="note"><p>{text} '
        f'<a class="helpsite-source-link" href="{escape(source_url)}" hreflang="{hreflang}">{link}</a></p></div>'
    )


def robots_content(article: Article, noindex: bool = False) -> str | None:
    """The page's <meta name="robots"> value: its ROBOTS front matter, plus noindex when asked
    (by the site's hooks: :func:`machine_translation_noindex`)."""
    values: list[str] = []
    declared = article.meta.get(ROBOTS_KEY)
    if isinstance(declared, str):
        values += [v.strip().lower() for v in declared.split(",") if v.strip()]
    if noindex and "noindex" not in values:
        values.insert(0, "noindex")
    return ", ".join(dict.fromkeys(values)) or None


def _cell(value: object) -> str:
    return escape(str(value)).replace("|", "&#124;")


def _generated_page_head(title: str) -> list[str]:
    """The front matter and heading of a page for the team: never in the readers' search."""
    return ["---", f"title: {_yaml_string(title)}", "search:", "  exclude: true", "---", f"# {escape(title)}", ""]


def review_page_markdown(entries: list[QueueEntry], locale: str, locales: Locales, project: Project | None = None) -> str:
    """The review queue of one locale as a Markdown page (links relative to the locale folder); ``project``
    gives its ``max_title_chars``."""
    title = locales.string(locale, "review_title")[0] or "Review queue"
    lines = _generated_page_head(title)
    if not entries:
        lines.append("_0_")
        return "\n".join(lines) + "\n"
    lines += [
        "| risk | page | type | priority | hand-off | outdated | QA |",
        "|---:|---|---|---|---|---|---:|",
    ]
    for entry in entries:
        row = entry.as_row()
        page = f"[{_cell(display_title(row['title'], project) or row['page'])}]({escape(row['page'], quote=True).replace(' ', '%20')})"
        qa = f"{row['qa_findings']} ({_cell(row['qa_codes'])})" if row["qa_findings"] else "0"
        lines.append(
            f"| {row['risk']:g} | {page} | {_cell(row['translation_type'] or '-')} | {_cell(row['priority'])} "
            f"| {_cell(row['handoff'] or '-')} | {_cell(row['outdated'])} | {qa} |"
        )
    return "\n".join(lines) + "\n"


def _yaml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string


def findings_panel_html(findings: list[Finding]) -> str:
    """The panel `mkdocs serve` shows on a page: that page's findings, for its writer (never built)."""
    if not findings:
        return ""
    items = "".join(
        f'<li class="helpsite-finding helpsite-finding--{escape(f.severity.name.lower())}">'
        f"<code>{escape(f.code)}</code> <span>line {f.line or '-'}{f':{f.column}' if f.column else ''}</span> "
        f"{escape(f.message)}{f' <em>fix: {escape(f.fix)}</em>' if f.fix else ''}</li>"
        for f in findings
    )
    worst = max(findings, key=lambda f: f.severity).severity.name.lower()
    kind = "failure" if worst == "error" else "warning" if worst == "warning" else "info"
    return (
        f'<aside class="admonition {kind} helpsite-findings" role="note">'
        f'<p class="admonition-title">helpsite: {len(findings)} finding{"s" if len(findings) != 1 else ""} in this page</p>'
        f"<ul>{items}</ul></aside>"
    )


def status_page_markdown(rows: list[LocaleStatus], title: str = "Translation status") -> str:
    """The dashboard page: the chart, then the counts. Not indexed, not searched."""
    lines = [
        *_generated_page_head(title),
        f'<div class="helpsite-status">{status_svg(rows)}</div>',
        "",
        "| locale | pages | translated | reviewed | machine | untyped | outdated | missing | orphans | coverage |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        if row.source:
            lines.append(f"| {_cell(row.name)} ({_cell(row.locale)}), source | {row.source_pages} | | | | | | | | |")
        else:
            lines.append(
                f"| {_cell(row.name)} ({_cell(row.locale)}) | {row.source_pages} | {row.translated} | {row.reviewed} | {row.machine} "
                f"| {row.untyped} | {row.outdated} | {row.missing} | {row.orphans} | {row.coverage:.0%} |"
            )
    return "\n".join(lines) + "\n"
