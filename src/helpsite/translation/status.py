"""Translation status per locale: counts for `helpsite status`, and the dashboard page with its chart.

For each translated locale, the source locale's pages fall into exactly one of these states,
so they add up to the number of source pages:

- ``outdated``: translated, but the source changed after hand-off (whatever the translation type);
- ``machine``: translated by machine and not reviewed since;
- ``reviewed``: translated or reviewed by a person (the configured human value, e.g. HT);
- ``untyped``: translated, with no translation type in its front matter;
- ``missing``: not translated (readers get the source page), or only a stub (``helpsite new --from``).

``orphans`` counts translations whose source page does not exist; they are not in the sum.
The chart is an SVG drawn here, at build time: no script and no chart library from a CDN.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from html import escape

from helpsite.content.config import ReviewSettings
from helpsite.content.locales import Locales
from helpsite.content.site import Site
from helpsite.model import Article
from helpsite.translation.review import GitHistory, is_stub, queue_entry

STATES = ("reviewed", "machine", "untyped", "outdated", "missing")
# Colours with a contrast of at least 3:1 against white, told apart by position and legend too.
COLOURS = {"reviewed": "#2e7d32", "machine": "#e65100", "untyped": "#6d4c41", "outdated": "#c62828", "missing": "#9e9e9e"}


@dataclass(slots=True)
class LocaleStatus:
    locale: str
    name: str
    source: bool
    source_pages: int
    reviewed: int = 0
    machine: int = 0
    untyped: int = 0
    outdated: int = 0
    missing: int = 0
    orphans: int = 0

    @property
    def translated(self) -> int:
        return self.reviewed + self.machine + self.untyped + self.outdated

    @property
    def coverage(self) -> float:
        if self.source or not self.source_pages:
            return 1.0
        return self.translated / self.source_pages

    def as_row(self) -> dict:
        return {**asdict(self), "translated": self.translated, "coverage": round(self.coverage, 4)}


def translation_status(site: Site, locales: Locales, settings: ReviewSettings, git: GitHistory | None) -> list[LocaleStatus]:
    """One row per configured locale, the source first."""
    source_folder = site.source_folder
    source_pages: dict[str, Article] = site.by_locale.get(source_folder, {}) if source_folder else {}
    rows = []
    for locale in locales:
        folder = next((f for f in site.by_locale if locale.matches_folder(f)), locale.code)
        pages: dict[str, Article] = site.by_locale.get(folder, {})
        row = LocaleStatus(locale.code, locale.name, locale.source, len(source_pages))
        if locale.source:
            rows.append(row)
            continue
        for relpath in source_pages:
            translation = pages.get(relpath)
            if translation is None or is_stub(translation, settings):
                row.missing += 1
                continue
            entry = queue_entry(translation, site, settings, git, [])
            assert entry is not None
            if entry.staleness.state == "outdated":
                row.outdated += 1
            elif entry.machine:
                row.machine += 1
            elif entry.translation_type is None:
                row.untyped += 1
            else:
                row.reviewed += 1
        row.orphans = sum(1 for relpath in pages if relpath not in source_pages)
        rows.append(row)
    return rows


def status_svg(rows: list[LocaleStatus], *, labels: dict[str, str] | None = None, title: str = "Translation status per language") -> str:
    """A stacked bar per translated locale, its name above it: where its share of the source pages
    stands (``labels``: each state's name in the reader's language, in each part's tooltip). The
    bars' positions are percentages of the page's width and the text keeps its size, so the chart
    fits a phone as a desktop without scrolling or shrinking its text (:func:`status_legend` names
    the colours)."""
    labels = {state: labels.get(state, state) if labels else state for state in STATES}
    bars = [row for row in rows if not row.source]
    label_height, bar_height, gap = 18, 20, 12
    height = len(bars) * (label_height + bar_height + gap)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="helpsite-status-chart" width="100%" height="{height}" '
        f'role="img" aria-labelledby="helpsite-status-title">',
        f'<title id="helpsite-status-title">{escape(title)}</title>',
    ]
    for index, row in enumerate(bars):
        y = index * (label_height + bar_height + gap)
        parts.append(f'<text x="0" y="{y + 13}" font-size="13" fill="currentColor">{escape(row.name)} ({escape(row.locale)})</text>')
        x = 0.0
        for state in STATES:
            count = getattr(row, state)
            if not count or not row.source_pages:
                continue
            share = 100 * count / row.source_pages
            parts.append(
                f'<rect x="{x:.2f}%" y="{y + label_height}" width="{share:.2f}%" height="{bar_height}" fill="{COLOURS[state]}">'
                f"<title>{escape(row.name)}: {count} {escape(labels[state])}</title></rect>"
            )
            x += share
    parts.append("</svg>")
    return "".join(parts)


def status_legend(labels: dict[str, str] | None = None) -> str:
    """The chart's legend as an HTML list, which wraps on a narrow screen (an SVG's text would not)."""
    items = "".join(
        f'<li><svg xmlns="http://www.w3.org/2000/svg" width="12" height="12" aria-hidden="true">'
        f'<rect width="12" height="12" fill="{COLOURS[state]}"/></svg> {escape((labels or {}).get(state, state))}</li>'
        for state in STATES
    )
    return f'<ul class="helpsite-status-legend">{items}</ul>'
