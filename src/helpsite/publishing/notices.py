"""What a reader sees of a translation's state: notices, robots, the review page. HTML is built here,
escaped here; the MkDocs adapter and the site's hooks (hooks/) only place it."""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape

from helpsite.checks.generated import SIDE_BY_SIDE_FOLDER
from helpsite.content.config import Project, ReviewSettings
from helpsite.content.locales import Locales
from helpsite.model import Article, Finding
from helpsite.publishing.dates import format_day, parse_day
from helpsite.publishing.titles import display_title
from helpsite.translation.review import QueueEntry
from helpsite.translation.status import STATES, LocaleStatus, status_legend, status_svg

ROBOTS_KEY = "ROBOTS"
STATUS_LABELS = {"machine-translated": "mt_status", "outdated": "outdated_status"}  # Material status -> locale string
FALLBACK_STATUS = "fallback"  # Material's navigation status of a fallback copy (set by the plugin, not the hooks)
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
    return {status: escape(locales.text(locale, key) or key) for status, key in STATUS_LABELS.items()}


def machine_translation_noindex(entry: QueueEntry, settings: ReviewSettings) -> bool:
    """Whether crawlers are told to skip a translation: machine-translated, unless
    ``review.noindex_machine_translated`` is false."""
    return entry.machine and settings.noindex_machine_translated


# Notices, the related articles and other frames of a page are not its text: Material's search
# skips an element with this attribute, so no notice becomes every result's snippet.
SEARCH_EXCLUDE = "data-search-exclude"


def notices_html(entry: QueueEntry, locale: str, locales: Locales, source_url: str) -> str:
    """The notice at the top of a translated page, in the page's language, linking to the source:
    one box, with a sentence for each thing a reader should know (machine-translated, outdated)."""
    source = locales.source
    source_lang = escape(source.language if source else "")

    def text(key: str) -> str:
        return escape(locales.text(locale, key))

    sentences, kinds = [], []
    if entry.machine:
        sentences.append(text("mt_notice"))
        kinds.append("mt")
    if entry.staleness.state == "outdated":
        sentences.append(text("outdated_notice"))
        kinds.append("outdated")
    if not kinds:
        return ""
    title = text("mt_status") if entry.machine else text("outdated_status")
    level = "warning" if entry.machine else "info"
    classes = " ".join(f"helpsite-notice--{kind}" for kind in kinds)
    link = f'<a class="helpsite-source-link" href="{escape(source_url)}" hreflang="{source_lang}">{text("mt_notice_link")}</a>'
    return (
        f'<div class="admonition {level} helpsite-notice {classes}" role="note" {SEARCH_EXCLUDE}>'
        f'<p class="admonition-title">{title}</p><p>{" ".join(sentences)} {link}</p></div>'
    )


def fallback_notice_html(locale: str, locales: Locales, source_url: str) -> str:
    """The notice on a page served from the source locale because this locale has no translation."""
    text = escape(locales.text(locale, "fallback_notice"))
    source = locales.source
    link = escape(locales.text(locale, "mt_notice_link"))
    hreflang = escape(source.language if source else "")
    return (
        f'<div class="admonition note helpsite-notice helpsite-notice--fallback" role="note" {SEARCH_EXCLUDE}><p>{text} '
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


def generated_front_matter(title: str) -> str:
    """The front matter of one of helpsite's own pages: its title, out of the site's search, and no
    table of contents (its tables get the width)."""
    return f"---\ntitle: {_yaml_string(title)}\nsearch:\n  exclude: true\nhide:\n  - toc\n---\n"


_QUEUE_STATES = {
    "to translate": "review_to_translate",
    "machine": "review_machine",
    "outdated": "review_outdated",
    "reviewed": "review_reviewed",
}


def review_page_markdown(entries: list[QueueEntry], locale: str, locales: Locales, project: Project | None = None) -> str:
    """The review queue of one locale as the Markdown of a page (no front matter: MkDocs has read
    that already when the queue is made again with the checks' findings; links relative to the
    locale folder), in the locale's language; ``project`` gives its ``max_title_chars``."""

    def text(key: str) -> str:
        return _cell(locales.text(locale, key))

    tag = locales.by_code[locale].tag if locale in locales.by_code else locale

    def handoff(value: str | None) -> str:  # in the reader's date format; a value that is no date as it is
        day = parse_day(value)
        return _cell(format_day(day, tag, "medium") if day is not None else value or "-")

    lines = [f"# {escape(locales.text(locale, 'review_title'))}", ""]
    if not entries:
        lines.append(text("review_empty"))
        return "\n".join(lines) + "\n"
    columns = (
        "review_risk",
        "review_page",
        "review_state",
        "review_type",
        "review_priority",
        "review_handoff",
        "review_source",
        "review_qa",
        "review_words",
        "review_owner",
    )
    lines += [
        "| " + " | ".join(text(key) for key in columns) + " |",
        "|---:|---|---|---|---|---|---|---:|---|---:|",
    ]
    for entry in entries:
        row = entry.as_row()
        page = f"[{_cell(display_title(row['title'], project) or row['page'])}]({escape(row['page'], quote=True).replace(' ', '%20')})"
        beside = escape(SIDE_BY_SIDE_FOLDER + "/" + row["page"], quote=True).replace(" ", "%20")
        page += f"<br>[{text('review_side_by_side')}]({beside})"  # the translation beside its source, for its reviewer
        qa = f"{row['qa_findings']} ({_cell(row['qa_codes'])})" if row["qa_findings"] else "0"
        state = text(_QUEUE_STATES[entry.state])
        priority = text(f"priority_{row['priority']}") if row["priority"] in ("high", "normal") else _cell(row["priority"])
        due = _cell(locales.text(locale, "review_due")).replace("{date}", handoff(row["due"])) if row["due"] else ""
        assigned = "<br>".join(part for part in (_cell(row["owner"] or ""), due) if part) or "-"
        lines.append(
            f"| {row['risk']:g} | {page} | {state} | {_cell(row['translation_type'] or '-')} | {priority} "
            f"| {handoff(row['handoff'])} | {text('staleness_' + row['outdated'])} | {qa} | {_words(entry, text)} | {assigned} |"
        )
    return "\n".join(lines) + "\n"


def _words(entry: QueueEntry, text: Callable[[str], str]) -> str:
    """The work a queued page asks for: source words (the new or changed ones of an outdated page)."""
    if entry.work is None:
        return "-"
    words = str(entry.work.words)
    return text("review_words_changed").replace("{words}", words) if entry.work.basis == "changed" else words


def _yaml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string


def findings_panel_html(findings: list[Finding], reference_url: Callable[[str], str] | None = None) -> str:
    """The panel `mkdocs serve` shows on a page: that page's findings, for its writer (never built);
    ``reference_url``: where a code's reference page is, relative to the page (its code links there)."""
    if not findings:
        return ""

    def code(finding: Finding) -> str:
        shown = f"<code>{escape(finding.code)}</code>"
        return f'<a class="helpsite-finding-code" href="{escape(reference_url(finding.code))}">{shown}</a>' if reference_url else shown

    items = "".join(
        f'<li class="helpsite-finding helpsite-finding--{escape(f.severity.name.lower())}">'
        f"{code(f)} <span>line {f.line or '-'}{f':{f.column}' if f.column else ''}</span> "
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


def status_page_markdown(rows: list[LocaleStatus], locale: str, locales: Locales) -> str:
    """The dashboard page's Markdown (no front matter: :func:`generated_front_matter`): the chart,
    then the counts, in the locale's language. Not indexed, not searched."""

    def text(key: str) -> str:
        return _cell(locales.text(locale, key))

    labels = {state: locales.text(locale, f"state_{state}") for state in STATES}
    columns = ["status_locale", "status_pages", "status_translated", *(f"state_{state}" for state in STATES)]
    columns += ["status_orphans", "status_coverage"]
    lines = [
        f"# {escape(locales.text(locale, 'status_title'))}",
        "",
        f'<div class="helpsite-status">{status_svg(rows, labels=labels, title=locales.text(locale, "status_chart_title"))}'
        f"{status_legend(labels)}</div>",
        "",
        "| " + " | ".join(text(key) for key in columns) + " |",
        "|---" + "|---:" * (len(columns) - 1) + "|",
    ]
    for row in rows:
        if row.source:
            lines.append(
                f"| {_cell(row.name)} ({_cell(row.locale)}), {text('status_source')} | {row.source_pages} |" + " |" * (len(columns) - 2)
            )
        else:
            counts = [row.translated, *(getattr(row, state) for state in STATES), row.orphans]
            lines.append(
                f"| {_cell(row.name)} ({_cell(row.locale)}) | {row.source_pages} | "
                + " | ".join(map(str, counts))
                + f" | {row.coverage:.0%} |"
            )
    return "\n".join(lines) + "\n"
